from .membership import (
    Application,
    ApplicationDecision,
    Charter,
    College,
    DelegateMandate,
    FacilitatorRole,
    Membership,
)

__all__ = [
    "Application",
    "ApplicationDecision",
    "Charter",
    "College",
    "DelegateMandate",
    "FacilitatorRole",
    "Membership",
]

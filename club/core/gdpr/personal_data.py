"""Consents are personal data too (see club/core/gdpr/registry.py)."""

from django.utils.translation import gettext_lazy as _

from club.core.gdpr.models import ConsentRecord
from club.core.gdpr.registry import register


def export(user) -> list:
    return [
        {
            "document": consent.get_document_display(),
            "reference": consent.reference,
            "version": consent.version,
            "donne_le": consent.given_at.isoformat(),
        }
        for consent in ConsentRecord.objects.filter(user=user).order_by("given_at", "pk")
    ]


def erase(user) -> None:
    # The proof of consent is only worth something while the account lives.
    ConsentRecord.objects.filter(user=user).delete()


register("gdpr", label=_("Consentements"), exporter=export, eraser=erase, order=900)

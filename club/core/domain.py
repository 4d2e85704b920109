"""The one way business rules refuse something: with a message meant for a person."""

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule refused an act. `message` is shown as is to the person who tried."""

    def __init__(self, message: str | Promise, *, code: str = "refused") -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


def ensure(condition: object, message: str | Promise, *, code: str = "refused") -> None:
    """Raise a `DomainError` carrying `message` unless `condition` holds."""
    if not condition:
        raise DomainError(message, code=code)

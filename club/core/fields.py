"""Form fields the club's apps share."""

from django import forms
from django.core.exceptions import ValidationError

# The largest primary key a database bigint holds; beyond it SQLite raises OverflowError.
MAX_ID = 2**63 - 1


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of objects by id that refuses ids no database could hold.

    Django guards single-object lookups against out-of-range integers but not `__in`, so a
    forged `items=99999999999999999999` would otherwise be a server error instead of a
    "not one of the choices" message.
    """

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            digits = text.removeprefix("-")
            # isdigit() alone also accepts "²" and other digits int() refuses.
            if digits.isascii() and digits.isdigit() and not -MAX_ID <= int(text) <= MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)

"""Input checks shared with the site: the API validates with the web forms themselves.

An endpoint builds the app's Django form from the JSON body and calls `validated(form)`; the
form's French messages come back as a 422 problem, one entry per field.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.api.errors import ApiProblem, describe
from club.core.api.models import AccessToken
from club.core.forms import DsfrBaseForm


def validated(form, *, names: dict[str, str] | None = None) -> dict:
    """The form's cleaned data, or a 422 problem listing its errors under the API's field names."""
    if form.is_valid():
        return form.cleaned_data
    names = names or {}
    errors = []
    for field, messages in form.errors.items():
        loc = ["body"] if field == "__all__" else ["body", names.get(field, field)]
        errors.extend({"loc": loc, "message": str(message)} for message in messages)
    raise ApiProblem(422, describe(errors), errors=errors)


class TokenForm(DsfrBaseForm):
    name = forms.CharField(
        label=gettext_lazy("Nom du jeton"),
        max_length=100,
        help_text=gettext_lazy(
            "Par exemple le logiciel qui l'utilisera : « Mon ERP, production »."
        ),
        error_messages={"required": gettext_lazy("Donnez un nom au jeton.")},
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Portée"),
        choices=AccessToken.Scope.choices,
        initial=AccessToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "« Lecture seule » suffit pour consulter ; « Lecture et écriture » permet de déposer, "
            "soutenir ou voter en votre nom."
        ),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expire le (facultatif)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Laissez vide pour un jeton sans date d'expiration."),
    )

    def clean_expires_on(self):
        value = self.cleaned_data.get("expires_on")
        # A token may expire today, at the end of the day (the view makes it 23:59:59).
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Choisissez aujourd'hui ou une date à venir."))
        return value

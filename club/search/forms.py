"""The search form: words and filters, checked with messages a person understands."""

from django import forms
from django.utils.translation import gettext_lazy as _

from club.core.forms import DsfrBaseForm
from club.search.selectors import KINDS, QUERY_MAX, Criteria
from colleges.models import College


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
BAD_DATE = _("Saisissez une date valide, par exemple 31/01/2026.")


class SearchForm(DsfrBaseForm):
    q = forms.CharField(
        label=_("Rechercher"),
        max_length=QUERY_MAX,
        required=False,
        error_messages={
            "max_length": _("Votre recherche est trop longue : %(limit_value)d caractères au plus.")
        },
    )
    kind = forms.ChoiceField(label=_("Type de contenu"), required=False)
    college = forms.ModelChoiceField(
        label=_("Collège"),
        queryset=College.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Tous les collèges"),
        error_messages={"invalid_choice": _("Ce collège n'existe pas.")},
    )
    date_from = forms.DateField(
        label=_("Depuis le"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": BAD_DATE},
    )
    date_to = forms.DateField(
        label=_("Jusqu'au"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": BAD_DATE},
    )
    tag = forms.CharField(label=_("Mot-clé"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Tous les contenus"))] + [
            (key, kind.plural) for key, kind in KINDS.items()
        ]
        self.fields["kind"].error_messages["invalid_choice"] = _("Ce type de contenu n'existe pas.")

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("La date de fin doit suivre la date de début."))
        return data

    def criteria(self) -> Criteria | None:
        """The search to run, or None when the form is invalid or has no words."""
        if not self.is_valid() or not self.cleaned_data["q"]:
            return None
        data = self.cleaned_data
        return Criteria(
            q=data["q"],
            kind=data["kind"] or "",
            college=data["college"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            tag=(data["tag"] or "").strip(),
        )

from django import forms
from django.utils.translation import gettext_lazy as _

from club.core.forms import DsfrBaseForm


class AuditSearchForm(DsfrBaseForm):
    action = forms.CharField(
        label=_("Action"),
        required=False,
        help_text=_("Par exemple : candidature acceptée, ou son code application.approved"),
    )
    actor = forms.CharField(
        label=_("Auteur"), required=False, help_text=_("Nom ou adresse électronique")
    )
    target = forms.CharField(
        label=_("Objet"),
        required=False,
        help_text=_("Libellé, type (application, user…) ou identifiant"),
    )
    date_from = forms.DateField(
        label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("La date de fin précède la date de début."))
        return cleaned

from django import forms
from django.utils.translation import gettext_lazy as _

from club.core.forms import DsfrBaseForm


class EraseAccountForm(DsfrBaseForm):
    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

from django import forms
from django.utils.translation import gettext_lazy as _

from club.core.forms import DsfrBaseForm


class CommentForm(DsfrBaseForm):
    body = forms.CharField(
        label=_("Votre commentaire"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Il sera relu par l'équipe du club avant d'être visible des autres membres."),
    )

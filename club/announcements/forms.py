from django import forms
from django.utils.translation import gettext_lazy as _

from club.core.forms import DsfrBaseForm


class AnnouncementForm(DsfrBaseForm):
    audience = forms.ChoiceField(
        label=_("Destinataires"),
        error_messages={
            "required": _("Choisissez à qui s'adresse l'annonce."),
            "invalid_choice": _("Vous ne pouvez pas écrire à ce public."),
        },
    )
    title = forms.CharField(
        label=_("Titre"),
        max_length=200,
        error_messages={"required": _("Donnez un titre à l'annonce.")},
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Une annonce ne reçoit pas de réponse : les discussions ont lieu dans les fils."
        ),
        error_messages={"required": _("Écrivez le message de l'annonce.")},
    )

    def __init__(self, *args, audiences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = list(audiences)


class NewsletterForm(DsfrBaseForm):
    title = forms.CharField(
        label=_("Titre"),
        max_length=200,
        error_messages={"required": _("Donnez un titre à la lettre.")},
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

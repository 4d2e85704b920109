from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.utils import dsfr_input_class_attr

from club.core.forms import DsfrBaseForm
from colleges.threads.markdown import MAX_BODY_LENGTH
from colleges.threads.models import Theme

BODY_HELP = _(
    "Markdown accepté : **gras**, *italique*, listes, > citation, `code`, liens. "
    "Les images distantes ne sont pas affichées : joignez vos captures d'écran."
)
ATTACHMENT_HELP = _("Capture d'écran PNG, JPEG ou WebP, 5 Mo au plus.")


class ThemeForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre du thème"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ce qui est en discussion, ce que le collège cherche à obtenir."),
    )


class ThreadForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre du fil"), max_length=200)
    tags = forms.CharField(
        label=_("Étiquettes"),
        required=False,
        max_length=300,
        help_text=_("Séparées par des virgules, par exemple : rejet, code service, API."),
    )
    body = forms.CharField(
        label=_("Premier message"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )
    attachment = forms.FileField(
        label=_("Capture d'écran"), required=False, help_text=ATTACHMENT_HELP
    )

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        tags = [tag.strip()[:100] for tag in raw.split(",") if tag.strip()]
        if len(tags) > 10:
            raise forms.ValidationError(_("Dix étiquettes au plus."))
        return tags


class PostForm(DsfrBaseForm):
    body = forms.CharField(
        label=_("Votre message"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=BODY_HELP,
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    attachment = forms.FileField(
        label=_("Capture d'écran"), required=False, help_text=ATTACHMENT_HELP
    )


class PostEditForm(DsfrBaseForm):
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
    )


class ReasonForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Motif"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, label=None, help_text=None, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        if help_text:
            self.fields["reason"].help_text = help_text
        self.fields["reason"].required = required
        # DsfrBaseForm built the bound fields already; rebuild them with this label and help.
        self._bound_fields_cache.clear()
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)


class MoveThreadForm(DsfrBaseForm):
    theme = forms.ModelChoiceField(label=_("Thème de destination"), queryset=Theme.objects.none())
    reason = forms.CharField(
        label=_("Motif"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, thread, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(college_id=thread.college_id).exclude(
            pk=thread.theme_id
        )

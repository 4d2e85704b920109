from django import forms
from django.utils.translation import gettext_lazy as _

from club.core.forms import DsfrBaseForm
from club.core.notifications.kinds import KINDS, Mode


class PreferencesForm(DsfrBaseForm):
    """One choice per kind of event; kinds that cannot be turned off are shown, not offered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, kind in KINDS.items():
            if not kind.can_disable:
                continue
            self.fields[key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=Mode.choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choisissez une des fréquences proposées.")},
            )

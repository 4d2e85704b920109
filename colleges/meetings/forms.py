"""Input of the meeting pages; the rules themselves live in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from club.core.forms import DsfrBaseForm
from colleges.meetings.models import Meeting


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


def _when(label, *, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        widget=DateTimeInput,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text=help_text,
    )


class MeetingForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(
        label=_("Ordre du jour et description"),
        widget=forms.Textarea,
        required=False,
        max_length=10000,
    )
    starts_at = _when(_("Début (heure de Paris)"))
    ends_at = _when(_("Fin (heure de Paris)"))
    mode = forms.ChoiceField(label=_("Format"), choices=Meeting.Mode.choices)
    address = forms.CharField(
        label=_("Adresse"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        help_text=_("Obligatoire en présentiel."),
    )
    accessibility = forms.CharField(
        label=_("Informations d'accessibilité"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_(
            "Obligatoire en présentiel : accès de plain-pied ou ascenseur, boucle magnétique, "
            "transports proches, personne à contacter."
        ),
    )
    online_url = forms.URLField(
        label=_("Lien de connexion"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Obligatoire en ligne ; montré aux seuls inscrits."),
    )
    capacity = forms.IntegerField(label=_("Nombre de places"), min_value=1, max_value=10000)
    registration_opens_at = _when(
        _("Ouverture des inscriptions"),
        required=False,
        help_text=_("Laisser vide : dès maintenant."),
    )
    registration_closes_at = _when(
        _("Clôture des inscriptions"),
        required=False,
        help_text=_("Laisser vide : jusqu'au début de la réunion."),
    )
    open_to_other_colleges = forms.BooleanField(
        label=_("Ouverte aux membres des autres collèges"), required=False
    )

    # Which field a service refusal belongs to, by its code.
    FIELD_OF = {
        "meeting_dates": "starts_at",
        "meeting_address": "address",
        "meeting_accessibility": "accessibility",
        "meeting_link": "online_url",
        "meeting_capacity": "capacity",
        "meeting_window": "registration_closes_at",
    }

    @classmethod
    def field_of(cls, error):
        return cls.FIELD_OF.get(error.code)


class ScheduleForm(MeetingForm):
    open_now = forms.BooleanField(
        label=_("Ouvrir les inscriptions dès maintenant"),
        required=False,
        initial=True,
        help_text=_(
            "Sinon, la réunion reste programmée ; vous ouvrirez les inscriptions plus tard."
        ),
    )


class ReasonForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Motif (transmis aux inscrits)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class MinutesForm(DsfrBaseForm):
    minutes = forms.CharField(
        label=_("Compte rendu (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=50000,
        help_text=_("Décisions, prochaines étapes ; publié à tout le collège."),
    )


class AttendanceForm(DsfrBaseForm):
    present = forms.TypedMultipleChoiceField(
        label=_("Présents"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (r.user_id, r.user.get_full_name() or r.user.email) for r in registrations
        ]
        if not self.is_bound:
            self.initial["present"] = [r.user_id for r in registrations if r.attended]

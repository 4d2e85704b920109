"""Input checks for the IPM pages. Business rules stay in the services."""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from club.core.fields import IdsMultipleChoiceField
from club.core.forms import DsfrBaseForm
from proposals.ipm.lifecycle import CYCLES
from proposals.ipm.models import (
    Cycle,
    Effort,
    Feasibility,
    InvoicingChannel,
    IpmParticipant,
    Outcome,
    Phase,
    PilotFeedback,
    Priority,
    WorkingGroupMember,
)
from proposals.ipm.validators import check_document

TEXT_MAX = 4000


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


class CycleForm(DsfrBaseForm):
    number = forms.IntegerField(label=_("Numéro du cycle"), min_value=1, max_value=999)
    collection_starts_on = forms.DateField(
        label=_("Début de la collecte des demandes"), widget=DateInput
    )
    description = forms.CharField(
        label=_("Présentation"), required=False, max_length=TEXT_MAX, widget=forms.Textarea
    )


class MoveCycleForm(DsfrBaseForm):
    to_phase = forms.ChoiceField(label=_("Nouvelle phase"))
    reason = forms.CharField(
        label=_("Motif"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = [
            (t.target, Phase(t.target).label)
            for t in CYCLES.transitions.values()
            if cycle.phase in t.sources
        ]
        self._bound_fields_cache = {}


class EscalateForm(DsfrBaseForm):
    position = forms.ModelChoiceField(
        label=_("Position adoptée à porter"),
        queryset=None,
        empty_label=_("Choisir la position"),
        error_messages={"required": _("Choisissez la position à porter.")},
    )
    reason = forms.CharField(
        label=_("Argumentaire du collège"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        help_text=_("Ce que vous défendrez à l'IPM au nom des membres."),
    )

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions
        self.fields["position"].label_from_instance = lambda p: (
            f"{p.college.short_name or p.college.name} — {p.title}"
        )
        self._bound_fields_cache = {}


class AnalysisForm(DsfrBaseForm):
    feasibility = forms.ChoiceField(label=_("Faisabilité"), choices=Feasibility.choices)
    effort = forms.ChoiceField(label=_("Charge estimée"), choices=Effort.choices)
    impact = forms.CharField(label=_("Impact"), max_length=TEXT_MAX, widget=forms.Textarea)
    portal_opinion = forms.CharField(
        label=_("Avis de l'équipe du portail"), max_length=TEXT_MAX, widget=forms.Textarea
    )


class ArgumentForm(DsfrBaseForm):
    body = forms.CharField(
        label=_("Argument des membres"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SessionForm(DsfrBaseForm):
    held_at = forms.DateTimeField(label=_("Date et heure de la séance"), widget=DateTimeInput)
    location = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    items = IdsMultipleChoiceField(
        label=_("Ordre du jour"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = cycle.items.select_related("college").order_by("pk")
        self._bound_fields_cache = {}


class MinutesForm(DsfrBaseForm):
    minutes = forms.CharField(label=_("Compte rendu"), max_length=20000, widget=forms.Textarea)


class DecisionForm(DsfrBaseForm):
    outcome = forms.ChoiceField(label=_("Décision"), choices=Outcome.choices)
    reasons = forms.CharField(
        label=_("Motifs"),
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        help_text=_("Communiqués à l'auteur, aux soutiens et aux votants."),
    )
    priority = forms.ChoiceField(
        label=_("Priorité (si acceptée)"), choices=[("", "—"), *Priority.choices], required=False
    )
    target_release = forms.CharField(
        label=_("Version cible (si acceptée)"), max_length=60, required=False
    )
    postponed_to = forms.ModelChoiceField(
        label=_("Reporté au cycle (si reportée)"),
        queryset=None,
        required=False,
        empty_label="—",
    )

    def __init__(self, *args, cycle: Cycle, back_to: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # An item is postponed to a later cycle: an earlier one has already passed its collection.
        later = Cycle.objects.filter(number__gt=cycle.number).exclude(phase=Phase.CLOSED)
        self.fields["postponed_to"].queryset = later.order_by("number")
        if back_to and not later.exists():
            self.fields["postponed_to"].help_text = format_html(
                '{} <a href="{}?{}">{}</a>',
                _("Aucun cycle suivant n'est ouvert."),
                reverse("proposals:cycle_new"),
                urlencode({"next": back_to}),
                _("Ouvrir le cycle %(number)s") % {"number": cycle.number + 1},
            )
        self._bound_fields_cache = {}

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome in (Outcome.ACCEPTED, Outcome.PILOT) and not data.get("priority"):
            self.add_error("priority", _("Indiquez la priorité de l'évolution acceptée."))
        if outcome == Outcome.PILOT and not data.get("target_release"):
            self.add_error("target_release", _("Indiquez la version qui portera le pilote."))
        if outcome == Outcome.POSTPONED and not data.get("postponed_to"):
            self.add_error("postponed_to", _("Indiquez le cycle auquel le point est reporté."))
        return data


class GroupForm(DsfrBaseForm):
    topic = forms.CharField(label=_("Sujet du groupe de travail"), max_length=200)
    description = forms.CharField(
        label=_("Mandat"), required=False, max_length=TEXT_MAX, widget=forms.Textarea
    )
    items = IdsMultipleChoiceField(
        label=_("Points étudiés"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = cycle.items.select_related("college").order_by("pk")
        self._bound_fields_cache = {}


class GroupMemberForm(DsfrBaseForm):
    email = forms.EmailField(label=_("Adresse électronique du membre"))
    role = forms.ChoiceField(label=_("Rôle"), choices=WorkingGroupMember.Role.choices)


class MeetingForm(DsfrBaseForm):
    held_at = forms.DateTimeField(label=_("Date et heure de la réunion"), widget=DateTimeInput)
    agenda = forms.CharField(label=_("Ordre du jour"), max_length=TEXT_MAX, widget=forms.Textarea)


class DocumentForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, OpenDocument, Word, Excel, PNG, JPEG ou texte ; 10 Mo au plus."),
    )

    def clean_file(self):
        return check_document(self.cleaned_data["file"])


class ParticipantForm(DsfrBaseForm):
    email = forms.EmailField(label=_("Adresse électronique de la personne"))
    organisation = forms.CharField(
        label=_("Organisation représentée"),
        max_length=120,
        help_text=_("Par exemple : MEDEF, AMF, U2P."),
    )
    role = forms.ChoiceField(label=_("Rôle à l'IPM"), choices=IpmParticipant.Role.choices)


class PilotCallForm(DsfrBaseForm):
    description = forms.CharField(
        label=_("Ce que les pilotes testeront"), max_length=TEXT_MAX, widget=forms.Textarea
    )
    seats = forms.IntegerField(label=_("Nombre de pilotes recherchés"), min_value=1, max_value=100)


class VolunteerForm(DsfrBaseForm):
    college = forms.ModelChoiceField(label=_("Collège"), queryset=None, empty_label=_("Choisir"))
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    channel = forms.ChoiceField(label=_("Canal de facturation"), choices=InvoicingChannel.choices)

    def __init__(self, *args, colleges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = colleges
        self._bound_fields_cache = {}


class FeedbackForm(DsfrBaseForm):
    rating = forms.TypedChoiceField(
        label=_("Appréciation"), choices=PilotFeedback.Rating.choices, coerce=int
    )
    worked = forms.CharField(
        label=_("Ce qui fonctionne"), max_length=TEXT_MAX, widget=forms.Textarea
    )
    issues = forms.CharField(
        label=_("Ce qui pose problème"), max_length=TEXT_MAX, widget=forms.Textarea, required=False
    )
    ready_for_release = forms.BooleanField(
        label=_("Prêt pour la mise en production"), required=False
    )

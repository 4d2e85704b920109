from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from dsfr.utils import dsfr_input_class_attr

from club.core.forms import DsfrBaseForm
from votes.models import Ballot
from votes.services import MAX_REASON_LENGTH


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"]


# Every field of BallotForm, as services.create_ballot names it.
BALLOT_FIELDS = (
    "college",
    "question",
    "subject_label",
    "description",
    "kind",
    "options",
    "max_choices",
    "opens_at",
    "closes_at",
    "candidacy_opens_at",
    "candidacy_closes_at",
    "secret",
    "allow_change",
    "quorum_percent",
    "majority",
    "abstentions_count",
)


class BallotForm(DsfrBaseForm):
    college = forms.ModelChoiceField(label=_("Collège"), queryset=None, empty_label=None)
    question = forms.CharField(label=_("Question posée"), max_length=300)
    subject_label = forms.CharField(
        label=_("Objet"),
        max_length=300,
        required=False,
        help_text=_("Par exemple la position ou la demande d'évolution mise au vote."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label=_("Type de scrutin"), choices=Ballot.Kind.choices)
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Une option par ligne (choix unique ou approbation)."),
    )
    max_choices = forms.IntegerField(
        label=_("Nombre maximal de choix (K)"),
        min_value=1,
        max_value=20,
        required=False,
        help_text=_("Approbation et élection ; 2 pour l'élection des délégués à l'IPM."),
    )
    candidacy_opens_at = forms.DateTimeField(
        label=_("Début des candidatures"),
        widget=DateTimeInput(),
        input_formats=DATETIME_FORMATS,
        required=False,
        help_text=_("Élection uniquement."),
    )
    candidacy_closes_at = forms.DateTimeField(
        label=_("Fin des candidatures"),
        widget=DateTimeInput(),
        input_formats=DATETIME_FORMATS,
        required=False,
        help_text=_("Élection uniquement ; au plus tard à l'ouverture du vote."),
    )
    opens_at = forms.DateTimeField(
        label=_("Ouverture du vote"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )
    closes_at = forms.DateTimeField(
        label=_("Clôture du vote"), widget=DateTimeInput(), input_formats=DATETIME_FORMATS
    )
    secret = forms.BooleanField(label=_("Vote secret"), required=False, initial=True)
    allow_change = forms.BooleanField(
        label=_("Chacun peut modifier son vote jusqu'à la clôture"), required=False, initial=True
    )
    quorum_percent = forms.IntegerField(
        label=_("Quorum (% du corps électoral qui doit participer)"),
        min_value=0,
        max_value=100,
        initial=0,
    )
    majority = forms.ChoiceField(label=_("Majorité requise"), choices=Ballot.Majority.choices)
    abstentions_count = forms.BooleanField(
        label=_("Les abstentions et votes blancs comptent dans la base de la majorité"),
        required=False,
    )

    def __init__(self, *args, colleges=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["college"].queryset = colleges
        if not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("opens_at", now)
            self.initial.setdefault("closes_at", now + timezone.timedelta(days=7))

    def clean_options(self):
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]

    def ballot_fields(self) -> dict:
        """The ballot as `services.create_ballot` takes it: the one input schema of opening a
        ballot, read by the page and by the API (which fills this form from JSON)."""
        return {name: self.cleaned_data[name] for name in BALLOT_FIELDS}


class VoteForm(DsfrBaseForm):
    """Built from the ballot: radios for one answer, checkboxes for up to K."""

    receipt_code = forms.CharField(
        label=_("Votre code de récépissé"),
        required=False,
        max_length=32,
        help_text=_("Seulement pour modifier un vote déjà enregistré."),
    )

    def __init__(self, *args, ballot: Ballot, options, show_receipt: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(option.pk, option.label) for option in options]
        if ballot.is_multi_choice:
            field = forms.MultipleChoiceField(
                label=_("Vos choix (au plus %(k)s)") % {"k": ballot.max_choices},
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Ne rien cocher revient à voter blanc."),
            )
        else:
            field = forms.ChoiceField(
                label=_("Votre réponse"), choices=choices, widget=forms.RadioSelect
            )
            field.error_messages["required"] = _("Choisissez une réponse avant de voter.")
        self.fields = {"choices": field, **self.fields}
        if not show_receipt:
            del self.fields["receipt_code"]
        if not ballot.secret:
            # Public ballots only: a secret ballot has no field for it, and the service refuses it.
            self.fields["reason"] = forms.CharField(
                label=_("Votre raison (facultatif)"),
                required=False,
                max_length=MAX_REASON_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_(
                    "Scrutin public : elle sera publiée à côté de votre vote à la clôture "
                    "(%(n)s caractères au plus)."
                )
                % {"n": MAX_REASON_LENGTH},
            )
        # The generic "not a valid choice" would hide our clearer message.
        self.fields["choices"].valid_value = lambda value: True
        dsfr_input_class_attr(self["choices"])

    def clean_choices(self):
        # A radio group sends one value; a tampered form sending several would otherwise be
        # reduced to the last one without a word.
        value = self.cleaned_data.get("choices")
        getlist = getattr(self.data, "getlist", None)
        if not isinstance(value, list) and getlist and len(getlist(self.add_prefix("choices"))) > 1:
            raise forms.ValidationError(
                _("Vous ne pouvez choisir qu'une seule réponse."), code="too_many"
            )
        return value

    def option_ids(self) -> list:
        value = self.cleaned_data.get("choices")
        if value in (None, ""):
            return []
        return value if isinstance(value, list) else [value]


class ReceiptCheckForm(DsfrBaseForm):
    code = forms.CharField(label=_("Code de récépissé"), max_length=32)


class CandidacyForm(DsfrBaseForm):
    statement = forms.CharField(
        label=_("Profession de foi"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=3000,
        help_text=_("Ce que vous défendrez à l'IPM au nom du collège (3 000 caractères au plus)."),
    )

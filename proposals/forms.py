"""Input checks for change requests and positions. Business rules stay in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from club.core.fields import IdsMultipleChoiceField
from club.core.forms import DsfrBaseForm
from colleges.models import College, Membership
from colleges.threads.models import Thread
from colleges.threads.rules import can_read_thread
from proposals.models import ChangeRequest, Frequency, PortalArea, Status
from proposals.validators import SCREENSHOT_MAX_COUNT, check_screenshot, check_tag
from votes.forms import BallotForm as VoteBallotForm

TEXT_MAX = 4000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [single(f, initial) for f in files if f]
        if len(files) > SCREENSHOT_MAX_COUNT:
            raise ValidationError(
                _("Joignez au plus %(max)s captures d'écran.") % {"max": SCREENSHOT_MAX_COUNT}
            )
        errors = []
        for upload in files:
            try:
                check_screenshot(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files


THREAD_NOT_READABLE = _("Ce fil de discussion n'existe pas ou ne vous est pas accessible.")


def readable_thread(user, thread_id):
    """The thread with this id if `user` may read it (colleges threads rules), else None."""
    if not thread_id:
        return None
    thread = Thread.objects.select_related("college", "theme").filter(pk=thread_id).first()
    if thread is None or user is None or not can_read_thread(user, thread):
        return None
    return thread


def _clean_thread(form):
    thread_id = form.cleaned_data.get("source_thread_id")
    if not thread_id:
        return None
    thread = readable_thread(form.user, thread_id)
    if thread is None:
        raise ValidationError(THREAD_NOT_READABLE)
    return thread


def colleges_for_filing(user):
    """The colleges a member may file in: theirs, and the plenary once they belong to one."""
    active = Membership.objects.active().filter(user=user)
    mine = Q(pk__in=active.filter(college__is_plenary=False).values("college_id"))
    if active.filter(college__is_plenary=False).exists():
        mine |= Q(is_plenary=True)
    return College.objects.filter(mine)


# The fields of a change request a person fills, as services.create_request names them.
REQUEST_FIELDS = (
    "college",
    "area",
    "title",
    "current_behaviour",
    "expected_behaviour",
    "screen",
    "field_label",
    "affected_who",
    "frequency",
    "tags",
    "source_url",
)


class ChangeRequestForm(DsfrBaseForm):
    title = forms.CharField(
        label=_("Titre de la demande"),
        max_length=200,
        help_text=_(
            "En une phrase : « Agrandir le champ « Numéro d'engagement » à 30 caractères »."
        ),
    )
    college = forms.ModelChoiceField(
        label=_("Collège"),
        queryset=College.objects.none(),
        empty_label=_("Choisir un collège"),
        help_text=_("La plénière accueille les sujets qui concernent tous les collèges."),
        error_messages={"required": _("Choisissez le collège qui portera la demande.")},
    )
    area = forms.ModelChoiceField(
        label=_("Espace du portail Chorus Pro"),
        queryset=PortalArea.objects.filter(is_active=True),
        empty_label=_("Choisir un espace"),
        error_messages={"required": _("Indiquez l'espace du portail concerné.")},
    )
    screen = forms.CharField(
        label=_("Écran"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : « Saisir une facture », « Rechercher une facture reçue »."),
    )
    field_label = forms.CharField(
        label=_("Champ ou libellé"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : « Numéro d'engagement », « Service exécutant »."),
    )
    current_behaviour = forms.CharField(
        label=_("Ce qui se passe aujourd'hui"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Décrivez ce qui se passe aujourd'hui.")},
    )
    expected_behaviour = forms.CharField(
        label=_("Ce qui est attendu"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Décrivez ce que vous attendez.")},
    )
    affected_who = forms.CharField(
        label=_("Qui est concerné"),
        max_length=300,
        required=False,
        help_text=_("Par exemple : « les PME qui saisissent leurs factures de travaux »."),
    )
    frequency = forms.ChoiceField(
        label=_("À quelle fréquence"),
        choices=[("", _("Non précisé")), *list(Frequency.choices)],
        required=False,
    )
    tags = TagField(
        label=_("Mots-clés"),
        required=False,
        help_text=_("Séparés par des virgules : « rejet, travaux, A19 »."),
    )
    screenshots = ScreenshotsField(
        label=_("Captures d'écran"),
        required=False,
        help_text=_(
            "PNG, JPEG ou WebP, 3 Mo au plus chacune, 5 au plus. Masquez les données de vos clients."
        ),
    )
    source_thread_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    source_url = forms.URLField(
        label=_("Lien vers la discussion d'origine"),
        required=False,
        max_length=200,
        assume_scheme="https",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["college"].queryset = colleges_for_filing(user)
        self.fields["screenshots"].widget.attrs.update(
            {"class": "fr-upload", "accept": "image/png,image/jpeg,image/webp"}
        )
        self.fields["screenshots"].widget.group_class = "fr-upload-group"

    def clean_source_thread_id(self):
        """Returns the Thread itself, after checking the person may read it."""
        return _clean_thread(self)

    def clean_tags(self):
        tags = self.cleaned_data.get("tags") or []
        errors = []
        for tag in tags:
            try:
                check_tag(tag)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return tags

    def request_fields(self) -> dict:
        """The request's fields as `services.create_request` takes them: the one input schema
        of filing a request, read by the page and by the API (which fills this form from JSON)."""
        data = self.cleaned_data
        fields = {name: data[name] for name in REQUEST_FIELDS}
        fields["source_thread"] = data["source_thread_id"]
        fields["screenshots"] = data.get("screenshots") or []
        return fields


class ReasonForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StepForm(ReasonForm):
    """A facilitator's or delegate's step; some steps ask for a cycle or a release."""

    cycle_label = forms.CharField(label=_("Cycle IPM"), max_length=60, required=False)
    target_release = forms.CharField(label=_("Version"), max_length=60, required=False)

    field_order = ["cycle_label", "target_release", "reason"]

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        if step != "escalate":
            del self.fields["cycle_label"]
        else:
            self.fields["cycle_label"].required = True
            self.fields["cycle_label"].help_text = _("Par exemple : « Cycle 12 (2027) ».")
        if step not in ("plan", "accept"):
            del self.fields["target_release"]
        elif step == "plan":
            self.fields["target_release"].required = True
        if step in ("reject", "postpone"):
            self.fields["reason"].required = True
            self.fields["reason"].label = _("Motif donné par l'IPM")
        # DsfrBaseForm built the bound fields already: rebuild them with the labels set above.
        self._bound_fields_cache = {}


class MergeForm(DsfrBaseForm):
    into = forms.ModelChoiceField(
        label=_("Demande qui subsiste"),
        queryset=ChangeRequest.objects.none(),
        empty_label=_("Choisir la demande"),
        error_messages={"required": _("Choisissez la demande dans laquelle fusionner ce doublon.")},
    )
    reason = forms.CharField(
        label=_("Motif"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, duplicate: ChangeRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            ChangeRequest.objects.filter(
                Q(college=duplicate.college) | Q(college__is_plenary=True),
                status__in=[
                    Status.SUBMITTED,
                    Status.UNDER_DISCUSSION,
                    Status.IN_VOTE,
                    Status.ADOPTED,
                    Status.ESCALATED,
                    Status.UNDER_INSTRUCTION,
                ],
            )
            .exclude(pk=duplicate.pk)
            .order_by("-support_count", "-pk")
        )
        self.fields["into"].label_from_instance = lambda r: f"{r.reference} — {r.title}"


class PositionForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre de la position"), max_length=200)
    body = forms.CharField(
        label=_("Texte de la position"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Ce que le collège demande à l'IPM, tel qu'il sera soumis au vote."),
    )
    thread_conclusions = forms.CharField(
        label=_("Conclusions de la discussion"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    requests = IdsMultipleChoiceField(
        label=_("Demandes consolidées"),
        queryset=ChangeRequest.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins une demande.")},
    )
    source_thread_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, college: College, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["requests"].queryset = ChangeRequest.objects.filter(
            college=college, status__in=[Status.SUBMITTED, Status.UNDER_DISCUSSION]
        ).order_by("-support_count", "-pk")
        self.fields["requests"].label_from_instance = lambda r: (
            f"{r.reference} — {r.title} ({r.support_count} soutiens)"
        )

    def clean_source_thread_id(self):
        """Returns the Thread itself, after checking the person may read it."""
        return _clean_thread(self)


class PositionBallotForm(VoteBallotForm):
    """votes' ballot form, reduced to what a « position » ballot lets the facilitator choose:
    the question is the position's title, the answers are pour / contre / abstention."""

    ONLY_FOR_OTHER_KINDS = (
        "college",
        "question",
        "subject_label",
        "kind",
        "options",
        "max_choices",
        "candidacy_opens_at",
        "candidacy_closes_at",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, colleges=College.objects.none(), **kwargs)
        for name in self.ONLY_FOR_OTHER_KINDS:
            del self.fields[name]


class BoardFilterForm(DsfrBaseForm):
    SORTS = [("support", _("Les plus soutenues")), ("recent", _("Les plus récentes"))]

    college = forms.ModelChoiceField(
        label=_("Collège"),
        queryset=College.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Tous les collèges"),
    )
    area = forms.ModelChoiceField(
        label=_("Espace du portail"),
        queryset=PortalArea.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("Tous les espaces"),
    )
    status = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[("", _("Tous les états en cours")), *list(Status.choices[1:])],
    )
    tag = forms.CharField(label=_("Mot-clé"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORTS)

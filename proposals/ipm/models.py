"""IPM arbitration cycles: phases, agenda items, instruction, working groups, plenary sessions,
decisions and pilots.

A cycle is numbered and yearly (« nous en sommes au douzième cycle ») and goes through
collection → instruction → arbitration → closed (the table in `proposals.ipm.lifecycle`);
every move leaves a `CycleTransition`. Only one
cycle at a time collects escalations (a database constraint). An adopted college `Position` is
escalated to the collecting cycle as an `AgendaItem`; a `Decision` per item (at most one, by the
database) moves the position's change requests through `proposals.services`.

An app of its own (label `ipm`) since its models left the proposals app; the tables kept their
`proposals_*` names (`Meta.db_table`), so the move renamed nothing in the database.

Personal data (GDPR): `IpmParticipant.user`, `Argument.author` and text, `WorkingGroupMember.user`,
`MeetingDocument` files, `PilotVolunteer.user` and their feedback, the `*_by` actor columns.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from colleges.models import College


class Phase(models.TextChoices):
    COLLECTION = "collection", _("Collecte des demandes")
    INSTRUCTION = "instruction", _("Instruction")
    ARBITRATION = "arbitration", _("Arbitrage")
    CLOSED = "closed", _("Clos")


PHASE_BADGES = {
    Phase.COLLECTION: "fr-badge--new",
    Phase.INSTRUCTION: "fr-badge--info",
    Phase.ARBITRATION: "fr-badge--warning",
    Phase.CLOSED: "",
}


class Cycle(models.Model):
    number = models.PositiveSmallIntegerField(_("numéro"), unique=True)
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.COLLECTION
    )
    collection_starts_on = models.DateField(_("début de la collecte"))
    instruction_starts_on = models.DateField(_("début de l'instruction"), null=True, blank=True)
    arbitration_starts_on = models.DateField(_("début de l'arbitrage"), null=True, blank=True)
    closes_on = models.DateField(_("clôture"), null=True, blank=True)
    description = models.TextField(_("présentation"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    phase_changed_at = models.DateTimeField(_("phase modifiée le"), default=timezone.now)

    class Meta:
        db_table = "proposals_cycle"
        verbose_name = _("cycle IPM")
        verbose_name_plural = _("cycles IPM")
        ordering = ["-number"]
        constraints = [
            # One cycle at a time accepts escalations.
            models.UniqueConstraint(
                fields=["phase"],
                condition=Q(phase="collection"),
                name="ipm_one_cycle_in_collection",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="ipm_cycle_number_positive"),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("proposals:cycle", args=[self.number])

    @property
    def label(self) -> str:
        return str(_("Cycle %(number)s")) % {"number": self.number}

    @property
    def is_open(self) -> bool:
        return self.phase == Phase.COLLECTION

    @property
    def phase_badge_class(self) -> str:
        return PHASE_BADGES.get(self.phase, "")


class CycleTransition(models.Model):
    """One move of a cycle from a phase to the next: who, when, why."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="transitions")
    from_phase = models.CharField(_("de"), max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(_("vers"), max_length=20, choices=Phase.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("motif"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        db_table = "proposals_cycletransition"
        verbose_name = _("changement de phase")
        verbose_name_plural = _("changements de phase")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.from_phase} → {self.to_phase}"


class IpmParticipant(models.Model):
    """A member of the IPM who is not a club delegate: a federation's or public body's representative."""

    class Role(models.TextChoices):
        BUSINESS = "business", _("Représentant des entreprises")
        PUBLIC = "public", _("Représentant du secteur public")
        EXPERT = "expert", _("Expert associé")
        SECRETARIAT = "secretariat", _("Secrétariat de l'IPM")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ipm_participant"
    )
    organisation = models.CharField(_("organisation"), max_length=120)
    role = models.CharField(_("rôle à l'IPM"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("siège actuellement"), default=True)
    registered_at = models.DateTimeField(_("inscrit le"), default=timezone.now)

    class Meta:
        db_table = "proposals_ipmparticipant"
        verbose_name = _("participant à l'IPM")
        verbose_name_plural = _("participants à l'IPM")
        ordering = ["organisation", "pk"]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class AgendaItem(models.Model):
    """An adopted position carried to a cycle, with its change requests."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="items")
    position = models.ForeignKey(
        "proposals.Position", on_delete=models.PROTECT, related_name="agenda_items"
    )
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("intitulé"), max_length=200)
    vote_result = models.CharField(_("résultat du vote"), max_length=300, blank=True)
    support_total = models.PositiveIntegerField(_("soutiens"), default=0)
    postponed_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_over",
        verbose_name=_("reporté depuis"),
    )
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    escalated_at = models.DateTimeField(_("porté le"), default=timezone.now)
    reason = models.TextField(_("argumentaire du collège"), blank=True, max_length=4000)

    class Meta:
        db_table = "proposals_agendaitem"
        verbose_name = _("point à l'ordre du jour IPM")
        verbose_name_plural = _("points à l'ordre du jour IPM")
        ordering = ["escalated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "position"], name="ipm_position_once_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("proposals:ipm_item", args=[self.pk])


class Feasibility(models.TextChoices):
    EASY = "easy", _("Simple")
    MODERATE = "moderate", _("Moyenne")
    HARD = "hard", _("Complexe")
    UNKNOWN = "unknown", _("À évaluer")


class Effort(models.TextChoices):
    SMALL = "s", _("Faible (moins de 10 jours)")
    MEDIUM = "m", _("Moyen (10 à 50 jours)")
    LARGE = "l", _("Important (plus de 50 jours)")


class Analysis(models.Model):
    """The instruction of an item: what the portal team and the IPM found."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="analysis")
    feasibility = models.CharField(_("faisabilité"), max_length=20, choices=Feasibility.choices)
    effort = models.CharField(_("charge estimée"), max_length=2, choices=Effort.choices)
    impact = models.TextField(_("impact"), max_length=4000)
    portal_opinion = models.TextField(_("avis de l'équipe du portail"), max_length=4000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("mise à jour le"), default=timezone.now)

    class Meta:
        db_table = "proposals_analysis"
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")

    def __str__(self) -> str:
        return f"{self.item}"


class Argument(models.Model):
    """The members' arguments a delegate adds to an item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="arguments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("argument"), max_length=4000)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        db_table = "proposals_argument"
        verbose_name = _("argument des membres")
        verbose_name_plural = _("arguments des membres")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class WorkingGroup(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="working_groups")
    topic = models.CharField(_("sujet"), max_length=200)
    description = models.TextField(_("mandat"), blank=True, max_length=4000)
    items = models.ManyToManyField(
        AgendaItem, blank=True, related_name="working_groups", verbose_name=_("points étudiés")
    )
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("réuni le"), default=timezone.now)

    class Meta:
        db_table = "proposals_workinggroup"
        verbose_name = _("groupe de travail IPM")
        verbose_name_plural = _("groupes de travail IPM")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("proposals:ipm_group", args=[self.pk])


class WorkingGroupMember(models.Model):
    class Role(models.TextChoices):
        DELEGATE = "delegate", _("Délégué du club")
        VOLUNTEER = "volunteer", _("Membre volontaire")
        PARTICIPANT = "participant", _("Participant à l'IPM")
        STAFF = "staff", _("Équipe")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)

    class Meta:
        db_table = "proposals_workinggroupmember"
        verbose_name = _("membre du groupe de travail")
        verbose_name_plural = _("membres des groupes de travail")
        ordering = ["group", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="ipm_one_group_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.group}"


class Meeting(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings")
    held_at = models.DateTimeField(_("date de la réunion"))
    agenda = models.TextField(_("ordre du jour"), max_length=4000)
    minutes = models.TextField(_("compte rendu"), blank=True, max_length=20000)

    class Meta:
        db_table = "proposals_meeting"
        verbose_name = _("réunion de groupe de travail")
        verbose_name_plural = _("réunions de groupe de travail")
        ordering = ["held_at", "pk"]

    def __str__(self) -> str:
        return f"{self.group} — {self.held_at:%d/%m/%Y}"


def document_path(instance, filename: str) -> str:
    """A random name: the uploader's file name is kept only as data, never on disk."""
    return f"proposals/ipm/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("fichier"), upload_to=document_path)
    content_type = models.CharField(_("type"), max_length=80)
    original_name = models.CharField(_("nom d'origine"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("taille"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        db_table = "proposals_meetingdocument"
        verbose_name = _("document de réunion")
        verbose_name_plural = _("documents de réunion")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name or Path(self.file.name).name

    def get_absolute_url(self) -> str:
        return reverse("proposals:ipm_document", args=[self.pk])


class PlenarySession(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="sessions")
    held_at = models.DateTimeField(_("date de la séance"))
    location = models.CharField(_("lieu"), max_length=200, blank=True)
    items = models.ManyToManyField(
        AgendaItem, blank=True, related_name="sessions", verbose_name=_("ordre du jour")
    )
    minutes = models.TextField(_("compte rendu"), blank=True, max_length=20000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        db_table = "proposals_plenarysession"
        verbose_name = _("séance plénière IPM")
        verbose_name_plural = _("séances plénières IPM")
        ordering = ["held_at", "pk"]

    def __str__(self) -> str:
        return str(_("Séance plénière du %(date)s")) % {
            "date": timezone.localtime(self.held_at).strftime("%d/%m/%Y")
        }

    def get_absolute_url(self) -> str:
        return reverse("proposals:ipm_session", args=[self.pk])


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Acceptée")
    REJECTED = "rejected", _("Rejetée")
    POSTPONED = "postponed", _("Reportée")
    PILOT = "pilot", _("Envoyée en pilote")


class Priority(models.TextChoices):
    HIGH = "high", _("Haute")
    NORMAL = "normal", _("Normale")
    LOW = "low", _("Basse")


class Decision(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    session = models.ForeignKey(PlenarySession, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("décision"), max_length=20, choices=Outcome.choices)
    priority = models.CharField(_("priorité"), max_length=10, choices=Priority.choices, blank=True)
    target_release = models.CharField(_("version cible"), max_length=60, blank=True)
    reasons = models.TextField(_("motifs"), max_length=4000)
    postponed_to = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postponed_in",
        verbose_name=_("reporté au cycle"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("enregistrée le"), default=timezone.now)

    class Meta:
        db_table = "proposals_decision"
        verbose_name = _("décision de l'IPM")
        verbose_name_plural = _("décisions de l'IPM")
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item"], name="ipm_one_decision_per_item"),
            models.CheckConstraint(
                condition=Q(outcome="postponed", postponed_to__isnull=False)
                | (~Q(outcome="postponed") & Q(postponed_to__isnull=True)),
                name="ipm_postponed_names_its_cycle",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.outcome}"


class PilotCall(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Appel à pilotes ouvert")
        RUNNING = "running", _("Pilote en cours")
        CLOSED = "closed", _("Pilote terminé")

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="pilot_call")
    description = models.TextField(_("ce que les pilotes testeront"), max_length=4000)
    seats = models.PositiveSmallIntegerField(_("nombre de pilotes recherchés"), default=5)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("ouvert le"), default=timezone.now)

    class Meta:
        db_table = "proposals_pilotcall"
        verbose_name = _("appel à pilotes")
        verbose_name_plural = _("appels à pilotes")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return str(self.item)

    def get_absolute_url(self) -> str:
        return reverse("proposals:ipm_pilot", args=[self.pk])


class InvoicingChannel(models.TextChoices):
    PORTAL = "portal", _("Saisie sur le portail")
    UPLOAD = "upload", _("Dépôt de fichier PDF")
    API = "api", _("API")
    EDI = "edi", _("EDI")


class PilotVolunteer(models.Model):
    call = models.ForeignKey(PilotCall, on_delete=models.CASCADE, related_name="volunteers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+")
    organisation = models.CharField(_("organisation"), max_length=200)
    channel = models.CharField(
        _("canal de facturation"), max_length=20, choices=InvoicingChannel.choices
    )
    selected = models.BooleanField(_("retenu"), default=False)
    volunteered_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        db_table = "proposals_pilotvolunteer"
        verbose_name = _("volontaire pilote")
        verbose_name_plural = _("volontaires pilotes")
        ordering = ["volunteered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="ipm_volunteer_once_per_call")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.call}"


class PilotFeedback(models.Model):
    class Rating(models.IntegerChoices):
        POOR = 1, _("1 — Insuffisant")
        FAIR = 2, _("2 — Passable")
        GOOD = 3, _("3 — Satisfaisant")
        VERY_GOOD = 4, _("4 — Très satisfaisant")

    volunteer = models.OneToOneField(
        PilotVolunteer, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("appréciation"), choices=Rating.choices)
    worked = models.TextField(_("ce qui fonctionne"), max_length=4000)
    issues = models.TextField(_("ce qui pose problème"), blank=True, max_length=4000)
    ready_for_release = models.BooleanField(_("prêt pour la mise en production"), default=False)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        db_table = "proposals_pilotfeedback"
        verbose_name = _("retour de pilote")
        verbose_name_plural = _("retours de pilotes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.volunteer}"

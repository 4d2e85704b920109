"""Ballots, their electorate, who took part and what was cast, and the frozen results.

Secrecy against the database itself (docs/ballot-secrecy.md): `Participation` says *who* voted,
in the voter's transaction, together with a `SealedVote`, the choice encrypted with a key that is
not in the database. The scheduled job reseals the dropped choices in shuffled batches; the close
opens them all at once and writes the bulletin board, `CastBallot`, in a random order, in its own
transaction, with random keys and no time. No column, transaction, position or order of the
board can tie a line to a voter. Receipt codes are kept only as keyed hashes (`votes.receipts`).
"""

import uuid
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from colleges.models import College, Membership


class BallotManager(models.Manager):
    def get_queryset(self):
        # Every ballot read carries its turnout, summed from its counter shards.
        shards = (
            TurnoutShard.objects.filter(ballot=OuterRef("pk"))
            .order_by()
            .values("ballot")
            .annotate(total=Sum("participants"))
            .values("total")
        )
        return super().get_queryset().annotate(participants_total=Coalesce(Subquery(shards), 0))


class Ballot(models.Model):
    class Kind(models.TextChoices):
        POSITION = "position", _("Position (pour, contre, abstention)")
        SINGLE = "single", _("Choix unique parmi des options")
        APPROVAL = "approval", _("Approbation (jusqu'à K choix)")
        ELECTION = "election", _("Élection des délégués à l'IPM")

    class Majority(models.TextChoices):
        SIMPLE = "simple", _("Majorité simple (plus de la moitié)")
        THREE_FIFTHS = "three_fifths", _("Majorité qualifiée des trois cinquièmes")
        TWO_THIRDS = "two_thirds", _("Majorité qualifiée des deux tiers")

    class Status(models.TextChoices):
        CANDIDACY = "candidacy", _("Candidatures ouvertes")
        UPCOMING = "upcoming", _("À venir")
        OPEN = "open", _("Ouvert")
        CLOSED = "closed", _("Clos")

    college = models.ForeignKey(
        College, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("collège")
    )
    # What the ballot is about, as plain text: the position work links its own objects to a
    # ballot through `votes.services.on_ballot_closed`, so this app imports no other app.
    subject_label = models.CharField(_("objet"), max_length=300, blank=True)
    question = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("type de scrutin"), max_length=20, choices=Kind.choices)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(_("clôture"))
    candidacy_opens_at = models.DateTimeField(_("début des candidatures"), null=True, blank=True)
    candidacy_closes_at = models.DateTimeField(_("fin des candidatures"), null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("nombre maximal de choix"), default=1)
    secret = models.BooleanField(_("vote secret"), default=True)
    allow_change = models.BooleanField(_("vote modifiable jusqu'à la clôture"), default=True)
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (% du corps électoral)"), default=0)
    majority = models.CharField(
        _("majorité requise"), max_length=20, choices=Majority.choices, default=Majority.SIMPLE
    )
    abstentions_count = models.BooleanField(
        _("les abstentions comptent dans la base de la majorité"), default=False
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    electorate_frozen_at = models.DateTimeField(
        _("corps électoral arrêté le"), null=True, blank=True
    )
    # Denormalised for lists: set once, when the electorate is frozen. The number of
    # participants is kept in `TurnoutShard` rows, updated in the casting transaction.
    elector_count = models.PositiveIntegerField(default=0)

    objects = BallotManager()

    class Meta:
        verbose_name = _("scrutin")
        verbose_name_plural = _("scrutins")
        ordering = ["-opens_at", "-pk"]
        indexes = [models.Index(fields=["closes_at"]), models.Index(fields=["opens_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="ballot_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(quorum_percent__lte=100), name="ballot_quorum_is_a_share"
            ),
            models.CheckConstraint(
                condition=Q(max_choices__gte=1), name="ballot_at_least_one_choice"
            ),
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def participant_count(self) -> int:
        """How many electors voted: read with the ballot, or summed now if it was not."""
        if "participants_total" not in self.__dict__:
            total = self.turnout_shards.aggregate(total=Sum("participants"))["total"]
            self.participants_total = total or 0
        return self.participants_total

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("participants_total", None)
        super().refresh_from_db(*args, **kwargs)

    MAJORITY_SHARES = {
        Majority.SIMPLE: Fraction(1, 2),
        Majority.THREE_FIFTHS: Fraction(3, 5),
        Majority.TWO_THIRDS: Fraction(2, 3),
    }

    @property
    def majority_share(self) -> Fraction:
        return self.MAJORITY_SHARES[self.majority]

    def electorate_memberships(self):
        """Active memberships of the college (of any college for the plenary) held at opening.

        On the model, not in selectors: the rules ask it too, and selectors ask the rules."""
        memberships = Membership.objects.active().filter(joined_at__lte=self.opens_at)
        # Someone who became active again after the opening (reinstated, back) joined late.
        memberships = memberships.filter(
            Q(status_changed_at__isnull=True) | Q(status_changed_at__lte=self.opens_at)
        )
        if self.college.is_plenary:
            return memberships.filter(college__is_plenary=False)
        return memberships.filter(college=self.college)

    def status_at(self, now) -> str:
        """The status follows the clock: nobody presses a button to open or close."""
        if now >= self.closes_at:
            return self.Status.CLOSED
        if now >= self.opens_at:
            return self.Status.OPEN
        if (
            self.kind == self.Kind.ELECTION
            and self.candidacy_opens_at
            and self.candidacy_opens_at <= now < (self.candidacy_closes_at or self.opens_at)
        ):
            return self.Status.CANDIDACY
        return self.Status.UPCOMING

    @property
    def has_closed(self) -> bool:
        """Past its close, counted or not yet (the scheduled close writes the tally)."""
        return timezone.now() >= self.closes_at

    def is_open_at(self, now) -> bool:
        return self.opens_at <= now < self.closes_at

    def candidacy_open_at(self, now) -> bool:
        return bool(
            self.kind == self.Kind.ELECTION
            and self.candidacy_opens_at
            and self.candidacy_opens_at <= now < (self.candidacy_closes_at or self.opens_at)
        )

    @property
    def is_multi_choice(self) -> bool:
        return self.kind in (self.Kind.APPROVAL, self.Kind.ELECTION)


class TurnoutShard(models.Model):
    """A slice of a ballot's participant count.

    With one counter row, every vote waited for the previous voter's commit to update it
    (make bench: 69 votes per second with 200 voters). Each vote now adds one to the row of
    its elector's shard, in its own transaction: voters queue only behind the few sharing
    their shard, and the sum of the rows is exact in every committed state.
    """

    SHARDS = 16

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="turnout_shards")
    shard = models.PositiveSmallIntegerField()
    participants = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("part du compteur de participation")
        verbose_name_plural = _("parts du compteur de participation")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "shard"], name="one_row_per_turnout_shard"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}/{self.shard}: {self.participants}"


class Option(models.Model):
    class Role(models.TextChoices):
        FOR = "for", _("Pour")
        AGAINST = "against", _("Contre")
        ABSTAIN = "abstain", _("Abstention")
        CHOICE = "choice", _("Option")
        CANDIDATE = "candidate", _("Candidat")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("libellé"), max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CHOICE)
    position = models.PositiveSmallIntegerField(default=0)
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["ballot", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "label"], name="one_label_per_ballot"),
        ]

    def __str__(self) -> str:
        return self.label


class Candidacy(models.Model):
    """A member standing for election, with a statement, during the candidacy period.

    Personal data (GDPR): the statement is written by the candidate.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="candidacies")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="candidacies"
    )
    statement = models.TextField(_("profession de foi"), max_length=3000)
    declared_at = models.DateTimeField(_("déclarée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidature à une élection")
        verbose_name_plural = _("candidatures à une élection")
        ordering = ["ballot", "declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "candidate"], name="one_candidacy_per_ballot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} — {self.ballot}"


class Elector(models.Model):
    """One person of the electorate, frozen when the ballot opens."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="electors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ballot_electors"
    )

    class Meta:
        verbose_name = _("électeur")
        verbose_name_plural = _("électeurs")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "user"], name="one_elector_per_ballot"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.ballot}"


class Participation(models.Model):
    """Who took part: never what they chose, except on public ballots (`public_choices` and the
    reason the voter may give, `public_reason`).

    Personal data (GDPR): the fact that a person voted.
    """

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="participations")
    elector = models.ForeignKey(Elector, on_delete=models.CASCADE, related_name="participations")
    voted_at = models.DateTimeField(_("a voté le"))
    # Keyed, salted hash of the receipt code (votes.receipts): proves ownership, joins nothing.
    receipt_hash = models.CharField(max_length=200)
    # Raised by each change of vote: of two sealed choices of one receipt, the close counts the
    # one with the higher version.
    version = models.PositiveIntegerField(default=0, db_default=0)
    # Public ballots only: the option ids chosen, shown after the close. Empty when secret.
    public_choices = models.JSONField(default=list, blank=True)
    # Public ballots only: the reason the voter chose to give, shown beside their vote. Never
    # stored for a secret ballot (services.cast_vote refuses it). Personal data (GDPR).
    public_reason = models.TextField(_("raison donnée"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            # One vote per elector and ballot, whatever the race: the database says no.
            models.UniqueConstraint(
                fields=["ballot", "elector"], name="one_participation_per_elector"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.elector.user} — {self.ballot}"


class SealedVote(models.Model):
    """A choice as cast, sealed (`votes.sealing`) until the close: what a database reader who can
    tie this row to its voter's transaction cannot read.

    Written in the voter's transaction (`mixed` false); the scheduled job reseals these in
    shuffled batches (`mixed` true, new random keys, its own transaction); the close opens them
    all, keeps each receipt's latest version, writes the board and deletes them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()
    mixed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("bulletin scellé")
        verbose_name_plural = _("bulletins scellés")
        indexes = [models.Index(fields=["ballot", "mixed"])]

    def __str__(self) -> str:
        return str(self.id)


class CastBallot(models.Model):
    """A line of the bulletin board published at the close: the keyed hash of a receipt code
    and the choices counted for it; nothing about who or when.

    Written only by the close, all lines of a ballot in one transaction, in a random order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="cast_ballots")
    # votes.receipts.tag: only the server computes it from a code, so the board names no code.
    receipt_tag = models.CharField(_("empreinte du récépissé"), max_length=64)
    choices = models.JSONField(_("options choisies"), default=list, blank=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        # By the keyed hash: the order says nothing about when, nor who.
        ordering = ["ballot", "receipt_tag"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "receipt_tag"], name="one_line_per_receipt"),
        ]

    def __str__(self) -> str:
        return self.receipt_tag


class Tally(models.Model):
    """Results frozen at the close. Recomputing from the stored ballots gives the same numbers."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adoptée")
        REJECTED = "rejected", _("Rejetée")
        CHOSEN = "chosen", _("Option retenue")
        NO_MAJORITY = "no_majority", _("Aucune option n'atteint la majorité requise")
        ELECTED = "elected", _("Délégués élus")
        QUORUM_MISSED = "quorum_missed", _("Quorum non atteint")

    ballot = models.OneToOneField(Ballot, on_delete=models.CASCADE, related_name="tally")
    computed_at = models.DateTimeField(_("dépouillé le"))
    electorate = models.PositiveIntegerField(_("inscrits"))
    participants = models.PositiveIntegerField(_("votants"))
    expressed = models.PositiveIntegerField(_("suffrages exprimés"))
    abstentions = models.PositiveIntegerField(_("abstentions et votes blancs"))
    quorum_reached = models.BooleanField(_("quorum atteint"))
    outcome = models.CharField(_("résultat"), max_length=20, choices=Outcome.choices)
    tie_break_seed = models.CharField(_("graine du tirage au sort"), max_length=64)
    draw_used = models.BooleanField(_("tirage au sort utilisé"), default=False)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("dépouillement")
        verbose_name_plural = _("dépouillements")

    def __str__(self) -> str:
        return f"{self.ballot} — {self.get_outcome_display()}"

    @property
    def turnout_percent(self) -> float:
        return round(100 * self.participants / self.electorate, 1) if self.electorate else 0.0


class TallyLine(models.Model):
    tally = models.ForeignKey(Tally, on_delete=models.CASCADE, related_name="lines")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(_("voix"))
    share_percent = models.DecimalField(_("part (%)"), max_digits=5, decimal_places=1)
    rank = models.PositiveSmallIntegerField(_("rang"))
    winner = models.BooleanField(_("retenu"), default=False)

    class Meta:
        ordering = ["tally", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["tally", "option"], name="one_line_per_option"),
        ]

    def __str__(self) -> str:
        return f"{self.option} : {self.count}"

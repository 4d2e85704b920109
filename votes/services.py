"""Every act on ballots: open, stand, freeze the electorate, cast, close. One transaction each.

A ballot's status follows the clock (`Ballot.status_at`): it opens at `opens_at` and closes at
`closes_at` without anyone pressing a button. What the clock makes due is written by scheduled
services, never by a page: `open_due_ballots` freezes the electorate of the ballots that opened
(and tells the electors), `close_due_ballots` publishes the board of those that closed and
freezes their results, and `mix_open_ballot_boxes` hands the worker the sealed choices to mix
(docs/ballot-secrecy.md). All three run every minute in the task worker (votes.tasks, enqueued
by `manage.py run_scheduler`); until they have, pages compute the state from the clock (a closed
ballot shows « counting »). A vote, being a write, may freeze the electorate it needs itself.

Extension point: `register_ballot_closed(callback)` adds a callback that
`on_ballot_closed(ballot, tally)` calls inside the closing transaction, e.g. to record the
outcome on the position the ballot was about. This app imports no other app's models but the
colleges'.
"""

import logging
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, models, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from club.core.audit.services import record
from club.core.domain import DomainError, ensure
from club.core.notifications.services import notify
from colleges import services as college_services
from colleges.models import College, DelegateMandate, Membership
from votes import counting, receipts, sealing
from votes import rules as vote_rules
from votes.models import (
    Ballot,
    Candidacy,
    CastBallot,
    Elector,
    Option,
    Participation,
    SealedVote,
    Tally,
    TallyLine,
    TurnoutShard,
)
from votes.notifications import BALLOT_OPENED, BALLOT_RESULTS

logger = logging.getLogger(__name__)
Kind = Ballot.Kind

# --- Extension point: what happens when a ballot's results are frozen ------------------------

BallotClosedCallback = Callable[[Ballot, Tally], None]
_closed_callbacks: list[BallotClosedCallback] = []


def register_ballot_closed(callback: BallotClosedCallback) -> BallotClosedCallback:
    """Call `callback(ballot, tally)` whenever a ballot closes (usable as a decorator).

    Callbacks run inside the closing transaction: an exception rolls the close back.
    """
    if callback not in _closed_callbacks:
        _closed_callbacks.append(callback)
    return callback


def unregister_ballot_closed(callback: BallotClosedCallback) -> None:
    if callback in _closed_callbacks:
        _closed_callbacks.remove(callback)


def on_ballot_closed(ballot: Ballot, tally: Tally) -> None:
    for callback in list(_closed_callbacks):
        callback(ballot, tally)


# --- Helpers ---------------------------------------------------------------------------------


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _when(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _hold_open(ballot_id: int) -> None:
    """Keep the ballot from closing until this vote commits. Voters share this lock (they
    do not wait for each other); `close_ballot`'s FOR UPDATE waits for them, and they for
    it, so a vote is either in the tally or refused as late. SQLite runs one writer at a
    time already."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {Ballot._meta.db_table} WHERE id = %s FOR KEY SHARE", [ballot_id]
        )


def _count_participant(ballot_id: int, elector_id: int) -> None:
    """Add one to the turnout shard of this elector (see `TurnoutShard`), creating it if new."""
    table = TurnoutShard._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (ballot_id, shard, participants) VALUES (%s, %s, 1) "
            f"ON CONFLICT (ballot_id, shard) DO UPDATE SET participants = {table}.participants + 1",
            [ballot_id, elector_id % TurnoutShard.SHARDS],
        )


def _notify_electorate(ballot: Ballot, kind: str, subject: str, body: str) -> None:
    """Tell every elector (and only them), through the club's notifications."""
    notify(
        ballot.electors.values_list("user_id", flat=True),
        kind,
        subject=subject,
        body=body,
        url=_ballot_path(ballot),
    )


def _ballot_path(ballot: Ballot) -> str:
    return reverse("votes:detail", args=[ballot.pk])


# --- Opening a ballot ------------------------------------------------------------------------

POSITION_OPTIONS = [
    (Option.Role.FOR, gettext_lazy("Pour")),
    (Option.Role.AGAINST, gettext_lazy("Contre")),
    (Option.Role.ABSTAIN, gettext_lazy("Abstention")),
]


@transaction.atomic
def create_ballot(
    *,
    college: College,
    author,
    question: str,
    kind: str,
    opens_at: datetime,
    closes_at: datetime,
    description: str = "",
    subject_label: str = "",
    options: Sequence[str] = (),
    max_choices: int | None = None,
    secret: bool = True,
    allow_change: bool = True,
    quorum_percent: int = 0,
    majority: str = Ballot.Majority.SIMPLE,
    abstentions_count: bool = False,
    candidacy_opens_at: datetime | None = None,
    candidacy_closes_at: datetime | None = None,
    at: datetime | None = None,
) -> Ballot:
    """Open a ballot in `college`. Position ballots get pour / contre / abstention."""
    now = _now(at)
    ensure(
        vote_rules.can_open_ballot_in(author, college),
        _(
            "Seuls les animateurs du collège (l'équipe du club pour la plénière) ouvrent un scrutin."
        ),
        code="forbidden",
    )
    ensure(question.strip(), _("Indiquez la question posée."))
    # A ballot never opens in the past: its electorate is the membership at the opening, which
    # must not be picked after the fact. An opening time already passed means "now".
    opens_at = max(opens_at, now)
    ensure(closes_at > opens_at, _("La clôture doit suivre l'ouverture du scrutin."))
    ensure(
        0 <= quorum_percent <= 100, _("Le quorum est une part du corps électoral, de 0 à 100 %.")
    )
    labels = [label.strip() for label in options if label and label.strip()]
    ensure(
        len(set(labels)) == len(labels), _("Deux options portent le même libellé : distinguez-les.")
    )
    if kind == Kind.POSITION:
        max_choices = 1
    elif kind == Kind.SINGLE:
        ensure(len(labels) >= 2, _("Proposez au moins deux options."))
        max_choices = 1
    elif kind == Kind.APPROVAL:
        ensure(len(labels) >= 2, _("Proposez au moins deux options."))
        max_choices = max_choices or 1
        ensure(
            1 <= max_choices <= len(labels),
            _("Le nombre de choix permis doit aller de 1 au nombre d'options (%(n)s).")
            % {"n": len(labels)},
        )
    elif kind == Kind.ELECTION:
        ensure(not college.is_plenary, _("La plénière n'élit pas de délégués à l'IPM."))
        max_choices = max_choices or college.delegate_seats
        ensure(
            1 <= max_choices <= college.delegate_seats,
            _(
                "Le collège compte %(seats)s sièges de délégués : on élit au plus %(seats)s personnes."
            )
            % {"seats": college.delegate_seats},
        )
        ensure(
            candidacy_opens_at is not None and candidacy_closes_at is not None,
            _("Indiquez la période de dépôt des candidatures."),
        )
        ensure(
            candidacy_opens_at < candidacy_closes_at <= opens_at,
            _("La période des candidatures doit se terminer avant l'ouverture du vote."),
        )
    else:
        raise DomainError(_("Type de scrutin inconnu."))

    ballot = Ballot(
        college=college,
        subject_label=subject_label.strip(),
        question=question.strip(),
        description=description.strip(),
        kind=kind,
        opens_at=opens_at,
        closes_at=closes_at,
        candidacy_opens_at=candidacy_opens_at if kind == Kind.ELECTION else None,
        candidacy_closes_at=candidacy_closes_at if kind == Kind.ELECTION else None,
        max_choices=max_choices,
        secret=secret,
        allow_change=allow_change,
        quorum_percent=quorum_percent,
        majority=majority,
        abstentions_count=abstentions_count,
        opened_by=author,
    )
    ballot.full_clean()
    ballot.save()
    if kind == Kind.POSITION:
        Option.objects.bulk_create(
            Option(ballot=ballot, label=str(label), role=role, position=index)
            for index, (role, label) in enumerate(POSITION_OPTIONS)
        )
    elif kind in (Kind.SINGLE, Kind.APPROVAL):
        Option.objects.bulk_create(
            Option(ballot=ballot, label=label, position=index) for index, label in enumerate(labels)
        )
    record(
        actor=author,
        action="ballot.opened",
        target=ballot,
        after={
            "college": college.pk,
            "kind": kind,
            "opens_at": ballot.opens_at.isoformat(),
            "closes_at": ballot.closes_at.isoformat(),
            "secret": secret,
            "quorum_percent": quorum_percent,
            "majority": majority,
        },
    )
    if ballot.is_open_at(now):
        # Writing an electorate of 32,000 took the request 17 s: the worker does it at once
        # after the commit (the page shows its progress), else the minute's scheduled run.
        ballot_id = ballot.pk
        transaction.on_commit(lambda: _enqueue_opening(ballot_id), robust=True)
    return ballot


def _enqueue_opening(ballot_id: int) -> None:
    open_ballot.enqueue(ballot_id)


@task()
def open_ballot(ballot_id: int) -> int:
    """Freeze one ballot's electorate right after it was created open (run by the worker)."""
    ballot = Ballot.objects.filter(pk=ballot_id, electorate_frozen_at__isnull=True).first()
    if ballot is None or timezone.now() < ballot.opens_at:
        return 0
    return freeze_electorate(ballot=ballot)


@transaction.atomic
def declare_candidacy(
    *, ballot: Ballot, user, statement: str, at: datetime | None = None
) -> Candidacy:
    """Stand for election with a statement, during the candidacy period."""
    now = _now(at)
    ensure(ballot.kind == Kind.ELECTION, _("Ce scrutin n'est pas une élection."))
    ensure(
        vote_rules.can_stand_for_election(user, ballot),
        _("Seuls les membres actifs du collège peuvent se porter candidats."),
        code="forbidden",
    )
    ensure(
        ballot.candidacy_open_at(now),
        _("Les candidatures sont ouvertes du %(start)s au %(end)s.")
        % {"start": _when(ballot.candidacy_opens_at), "end": _when(ballot.candidacy_closes_at)},
        code="candidacy_closed",
    )
    ensure(statement.strip(), _("Rédigez votre profession de foi."))
    candidacy, created = Candidacy.objects.get_or_create(
        ballot=ballot, candidate=user, defaults={"statement": statement.strip()}
    )
    if not created:
        candidacy.statement = statement.strip()
        candidacy.save(update_fields=["statement"])
    return candidacy


# --- Freezing the electorate -----------------------------------------------------------------


ELECTORS_PER_STEP = 2000


def freeze_electorate(*, ballot: Ballot, at: datetime | None = None) -> int:
    """Fill the electorate once the ballot is open; later calls change nothing.

    The electors are written in steps of `ELECTORS_PER_STEP`, each its own transaction when
    called outside one (the worker's task), so the ballot's page shows the progress of an
    electorate of 32,000 while it is written; the last step freezes the ballot and tells the
    electors. Inside a transaction (a vote that needs its electorate), it all commits together.
    Two freezes at once write the same rows (conflicts ignored) and only one completes it.
    """
    now = _now(at)
    ensure(now >= ballot.opens_at, _("Le corps électoral est arrêté à l'ouverture du scrutin."))
    current = Ballot.objects.select_related("college").get(pk=ballot.pk)
    if current.electorate_frozen_at is None:
        user_ids = sorted(set(current.electorate_memberships().values_list("user_id", flat=True)))
        for first in range(0, len(user_ids), ELECTORS_PER_STEP):
            with transaction.atomic():
                Elector.objects.bulk_create(
                    [
                        Elector(ballot_id=current.pk, user_id=user_id)
                        for user_id in user_ids[first : first + ELECTORS_PER_STEP]
                    ],
                    ignore_conflicts=True,
                )
    frozen = _complete_freeze(current.pk, now)
    ballot.electorate_frozen_at = frozen.electorate_frozen_at
    ballot.elector_count = frozen.elector_count
    return frozen.elector_count


@transaction.atomic
def _complete_freeze(ballot_id: int, now: datetime) -> Ballot:
    locked = (
        Ballot.objects.select_for_update(of=("self",)).select_related("college").get(pk=ballot_id)
    )
    if locked.electorate_frozen_at is not None:
        return locked
    locked.elector_count = Elector.objects.filter(ballot=locked).count()
    locked.electorate_frozen_at = now
    locked.save(update_fields=["elector_count", "electorate_frozen_at"])
    if locked.kind == Kind.ELECTION and not locked.options.exists():
        candidacies = locked.candidacies.select_related("candidate").order_by(
            "candidate__last_name", "candidate__first_name", "pk"
        )
        Option.objects.bulk_create(
            Option(
                ballot=locked,
                label=candidacy.candidate.get_full_name() or candidacy.candidate.email,
                role=Option.Role.CANDIDATE,
                candidate=candidacy.candidate,
                position=index,
            )
            for index, candidacy in enumerate(candidacies)
        )
    if timezone.now() < locked.closes_at:
        _notify_electorate(
            locked,
            BALLOT_OPENED,
            _("Un scrutin est ouvert : %(question)s") % {"question": locked.question},
            _(
                "Bonjour,\n\nUn scrutin du collège « %(college)s » est ouvert jusqu'au %(end)s :\n"
                "%(question)s\n\nVotez depuis la page du scrutin."
            )
            % {
                "college": locked.college,
                "end": _when(locked.closes_at),
                "question": locked.question,
            },
        )
    return locked


def open_due_ballots(*, at: datetime | None = None) -> int:
    """Freeze the electorate of every ballot the clock opened (run every minute by the worker).

    Each ballot in its own transaction: one that fails is logged and retried next minute,
    without holding back the others.
    """
    now = _now(at)
    due = Ballot.objects.filter(
        opens_at__lte=now, closes_at__gt=now, electorate_frozen_at__isnull=True
    ).order_by("opens_at", "pk")
    count = 0
    for ballot in due:
        try:
            freeze_electorate(ballot=ballot, at=now)
        except Exception:
            logger.exception("Corps électoral du scrutin %s non arrêté", ballot.pk)
        else:
            count += 1
    return count


# --- Casting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    code: str
    changed: bool = False


def _clean_choices(ballot: Ballot, option_ids: Iterable) -> list[int]:
    try:
        given = [int(option_id) for option_id in option_ids]
    except (TypeError, ValueError):
        raise DomainError(
            _("Cette option ne fait pas partie du scrutin."), code="unknown_option"
        ) from None
    # A repeated option is a tampered or broken client: refused, never silently merged.
    ensure(
        len(set(given)) == len(given),
        _("Chaque option ne peut être choisie qu'une fois : votre vote en répète une."),
        code="duplicate_option",
    )
    wanted = sorted(given)
    known = set(Option.objects.filter(ballot_id=ballot.pk).order_by().values_list("pk", flat=True))
    ensure(
        set(wanted) <= known,
        _("Cette option ne fait pas partie du scrutin."),
        code="unknown_option",
    )
    if ballot.kind in (Kind.POSITION, Kind.SINGLE):
        ensure(wanted, _("Choisissez une réponse avant de voter."), code="no_choice")
        ensure(len(wanted) == 1, _("Vous ne pouvez choisir qu'une seule réponse."), code="too_many")
    else:
        ensure(
            len(wanted) <= ballot.max_choices,
            _("Vous pouvez choisir au plus %(k)s options : vous en avez coché %(n)s.")
            % {"k": ballot.max_choices, "n": len(wanted)},
            code="too_many",
        )
    return wanted


MAX_REASON_LENGTH = 500


@transaction.atomic
def cast_vote(
    *,
    ballot: Ballot,
    voter,
    option_ids: Iterable,
    receipt_code: str = "",
    at: datetime | None = None,
    reason: str = "",
) -> Receipt:
    """Record one member's vote, or change it with its receipt code. The database refuses a
    second participation; any refusal records nothing. `reason`: what the voter says of their
    choice, public ballots only (a secret ballot never stores one)."""
    reason = (reason or "").strip()
    ensure(
        len(reason) <= MAX_REASON_LENGTH,
        _("Votre raison dépasse %(n)s caractères.") % {"n": MAX_REASON_LENGTH},
        code="reason",
    )
    _hold_open(ballot.pk)
    now = _now(at)  # after the lock: a close that held the ballot has passed closes_at
    # The elector and its ballot in one query: this is the path 200 voters take at once.
    elector = (
        Elector.objects.select_related("ballot").filter(ballot_id=ballot.pk, user=voter).first()
    )
    ballot = elector.ballot if elector else Ballot.objects.get(pk=ballot.pk)
    if now >= ballot.closes_at:
        raise DomainError(
            _("Ce scrutin est clos depuis le %(date)s : votre vote n'a pas été enregistré.")
            % {"date": _when(ballot.closes_at)},
            code="closed",
        )
    if now < ballot.opens_at:
        raise DomainError(
            _("Ce scrutin n'est pas encore ouvert : il ouvrira le %(date)s.")
            % {"date": _when(ballot.opens_at)},
            code="not_open",
        )
    if elector is None and ballot.electorate_frozen_at is None:
        elector = _elector_before_the_freeze(ballot, voter, now)
    ensure(
        elector is not None,
        _(
            "Vous ne faites pas partie du corps électoral de ce scrutin : il est arrêté à "
            "l'ouverture, parmi les membres actifs du collège."
        ),
        code="not_elector",
    )
    choices = _clean_choices(ballot, option_ids)
    ensure(
        not (reason and ballot.secret),
        _("Ce scrutin est secret : aucune raison n'accompagne le vote."),
        code="reason",
    )

    code = receipts.new_code()
    try:
        with transaction.atomic():
            Participation.objects.create(
                ballot=ballot,
                elector=elector,
                voted_at=now,
                receipt_hash=receipts.hash_code(ballot.pk, code),
                public_choices=[] if ballot.secret else choices,
                public_reason="" if ballot.secret else reason,
            )
    except IntegrityError:
        # Voted already, or another request of the same voter won the race and the
        # constraint kept only one: both cases are a change of vote, which needs the receipt.
        existing = (
            Participation.objects.select_for_update().filter(ballot=ballot, elector=elector).first()
        )
        if existing is None:
            raise DomainError(
                _("Votre vote a déjà été enregistré."), code="already_voted"
            ) from None
        return _change_vote(ballot, existing, choices, receipt_code, now, reason)
    # The choice commits with the participation, sealed: this transaction is the voter's.
    _drop_sealed(ballot.pk, code, 0, choices)
    # No message per vote: the ballot's readers are told by votes.consumers.TurnoutWatch.
    _count_participant(ballot.pk, elector.pk)
    return Receipt(code=code)


def _drop_sealed(ballot_id: int, code: str, version: int, choices: list[int]) -> None:
    content = {"t": receipts.tag(ballot_id, code), "v": version, "c": choices}
    SealedVote.objects.create(ballot_id=ballot_id, sealed=sealing.seal(ballot_id, content))


def _elector_before_the_freeze(ballot: Ballot, voter, now: datetime) -> Elector | None:
    """A vote that comes before the worker froze the electorate: the voter's own row, if the
    memberships at the opening make them an elector (the freeze will keep it, conflicts
    ignored). An election's candidates become its options at the freeze: it is done now."""
    if ballot.kind == Kind.ELECTION:
        freeze_electorate(ballot=ballot, at=now)
        return Elector.objects.filter(ballot=ballot, user=voter).first()
    if not ballot.electorate_memberships().filter(user=voter).exists():
        return None
    Elector.objects.bulk_create([Elector(ballot=ballot, user=voter)], ignore_conflicts=True)
    return Elector.objects.get(ballot=ballot, user=voter)


def _change_vote(ballot, participation, choices, receipt_code, now, reason="") -> Receipt:
    ensure(
        ballot.allow_change,
        _("Vous avez déjà voté : ce scrutin ne permet pas de modifier son vote."),
        code="already_voted",
    )
    ensure(
        receipt_code,
        _("Vous avez déjà voté. Pour modifier votre vote, saisissez votre code de récépissé."),
        code="already_voted",
    )
    code = receipts.normalise(receipt_code)
    ensure(
        receipts.check_code(ballot.pk, code, participation.receipt_hash),
        _("Ce code de récépissé ne correspond pas à votre vote : vérifiez-le et réessayez."),
        code="bad_receipt",
    )
    # The previous choice stays sealed where it is (nobody can find it without opening every
    # sealed choice): the close counts, for this receipt, the choice with the highest version.
    participation.version += 1
    participation.voted_at = now
    participation.public_choices = [] if ballot.secret else choices
    participation.public_reason = "" if ballot.secret else reason
    participation.save(update_fields=["version", "voted_at", "public_choices", "public_reason"])
    _drop_sealed(ballot.pk, code, participation.version, choices)
    return Receipt(code=code, changed=True)


# --- Mixing ----------------------------------------------------------------------------------

# The scheduled job reseals the choices dropped since its last run once at least this many
# wait: each batch is one transaction whose rows come in a random order, so a reader who later
# learned the key could tie a voter to no fewer than this many choices (the close opens
# whatever remains).
MIX_BATCH = 10
_shuffle = random.SystemRandom().shuffle


def _lock_ballot_box(ballot_id: int) -> None:
    """Mixing and closing take turns on a ballot box; voters do not wait for either to start,
    since FOR NO KEY UPDATE lets their FOR KEY SHARE through (`_hold_open`)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {Ballot._meta.db_table} WHERE id = %s FOR NO KEY UPDATE", [ballot_id]
        )


@transaction.atomic
def mix_ballot_box(*, ballot_id: int, at_least: int = MIX_BATCH) -> int:
    """Reseal the choices dropped in voters' transactions, shuffled, with new random keys, in
    this one transaction. Returns how many were mixed (none while fewer than `at_least` wait)."""
    _lock_ballot_box(ballot_id)
    if Tally.objects.filter(ballot_id=ballot_id).exists():
        return 0
    dropped = list(
        SealedVote.objects.select_for_update()
        .filter(ballot_id=ballot_id, mixed=False)
        .values_list("id", "sealed")
    )
    if not dropped or len(dropped) < at_least:
        return 0
    contents = [sealing.unseal(ballot_id, sealed) for _, sealed in dropped]
    _shuffle(contents)
    SealedVote.objects.filter(pk__in=[pk for pk, _ in dropped]).delete()
    SealedVote.objects.bulk_create(
        SealedVote(ballot_id=ballot_id, sealed=sealing.seal(ballot_id, content), mixed=True)
        for content in contents
    )
    return len(contents)


def mix_open_ballot_boxes(*, at: datetime | None = None) -> int:
    """Hand the task worker each open ballot whose box holds a batch to mix (every minute)."""
    now = _now(at)
    due = (
        SealedVote.objects.filter(mixed=False, ballot__opens_at__lte=now, ballot__closes_at__gt=now)
        .order_by()
        .values("ballot_id")
        .annotate(waiting=models.Count("id"))
        .filter(waiting__gte=MIX_BATCH)
        .values_list("ballot_id", flat=True)
    )
    ballot_ids = list(due)
    for ballot_id in ballot_ids:
        mix_ballot_box_task.enqueue(ballot_id)
    return len(ballot_ids)


class BallotBoxMismatch(Exception):
    """The sealed choices do not give one ballot per participation: never count such a box."""


def _publish_board(ballot: Ballot) -> None:
    """Open every sealed choice of the ballot, keep each receipt's latest, and write the board
    in a random order, in the closing transaction; then forget the sealed choices."""
    latest: dict[str, tuple[int, list[int]]] = {}
    for sealed in SealedVote.objects.filter(ballot_id=ballot.pk).values_list("sealed", flat=True):
        content = sealing.unseal(ballot.pk, sealed)
        known = latest.get(content["t"])
        if known is None or content["v"] > known[0]:
            latest[content["t"]] = (content["v"], content["c"])
    participants = Participation.objects.filter(ballot=ballot).count()
    if len(latest) != participants:
        raise BallotBoxMismatch(
            f"ballot {ballot.pk}: {len(latest)} sealed ballots for {participants} participations"
        )
    lines = [
        CastBallot(ballot=ballot, receipt_tag=tag, choices=choices)
        for tag, (_version, choices) in latest.items()
    ]
    _shuffle(lines)
    CastBallot.objects.bulk_create(lines, batch_size=500)
    SealedVote.objects.filter(ballot_id=ballot.pk).delete()


# --- Closing ---------------------------------------------------------------------------------


@transaction.atomic
def close_ballot(*, ballot: Ballot, at: datetime | None = None) -> Tally:
    """Freeze the results of a ballot whose closing time has passed (idempotent)."""
    now = _now(at)
    ballot = (
        Ballot.objects.select_for_update(of=("self",))
        .select_related("college", "opened_by")
        .get(pk=ballot.pk)
    )
    ensure(now >= ballot.closes_at, _("Ce scrutin n'est pas encore clos."), code="not_closed")
    existing = Tally.objects.filter(ballot=ballot).first()
    if existing is not None:
        return existing
    if ballot.electorate_frozen_at is None:
        freeze_electorate(ballot=ballot, at=now)
        ballot.refresh_from_db()
    _publish_board(ballot)
    result = counting.recount(ballot)
    tally = Tally.objects.create(
        ballot=ballot,
        computed_at=now,
        electorate=result.electorate,
        participants=result.participants,
        expressed=result.expressed,
        abstentions=result.abstentions,
        quorum_reached=result.quorum_reached,
        outcome=result.outcome,
        tie_break_seed=result.seed,
        draw_used=result.draw_used,
    )
    TallyLine.objects.bulk_create(
        TallyLine(
            tally=tally,
            option_id=line.option_id,
            count=line.count,
            share_percent=line.share_percent,
            rank=line.rank,
            winner=line.winner,
        )
        for line in result.lines
    )
    # Closed by the clock: no one pressed a button, so the entry has no actor.
    record(
        actor=None,
        action="ballot.closed",
        target=ballot,
        after={
            "outcome": tally.outcome,
            "electorate": tally.electorate,
            "participants": tally.participants,
            "quorum_reached": tally.quorum_reached,
        },
    )
    if ballot.kind == Kind.ELECTION and result.winners:
        _seat_elected_delegates(ballot, tally, result.winners)
    on_ballot_closed(ballot, tally)
    _notify_electorate(
        ballot,
        BALLOT_RESULTS,
        _("Résultats du scrutin : %(question)s") % {"question": ballot.question},
        _(
            "Bonjour,\n\nLe scrutin « %(question)s » du collège « %(college)s » est clos.\n"
            "Résultat : %(outcome)s (participation : %(participants)s sur %(electorate)s).\n\n"
            "Les résultats détaillés sont sur la page du scrutin."
        )
        % {
            "question": ballot.question,
            "college": ballot.college,
            "outcome": tally.get_outcome_display(),
            "participants": tally.participants,
            "electorate": tally.electorate,
        },
    )
    return tally


def _seat_elected_delegates(ballot: Ballot, tally: Tally, winner_ids: list[int]) -> None:
    """The winners become the college's IPM delegates; the previous mandates end."""
    options = {option.pk: option for option in ballot.options.select_related("candidate")}
    winners = [options[pk].candidate for pk in winner_ids if options[pk].candidate_id]
    active = set(
        Membership.objects.active()
        .filter(college=ballot.college, user__in=winners)
        .values_list("user_id", flat=True)
    )
    seated = [user for user in winners if user.pk in active]
    if len(seated) < len(winners):
        tally.note = _(
            "Un élu n'était plus membre actif du collège à la clôture : il n'a pas été installé."
        )
        tally.save(update_fields=["note"])
    college_services.replace_delegates(
        college=ballot.college,
        users=seated,
        actor=ballot.opened_by,
        term_ends_on=None,
        source=DelegateMandate.Source.ELECTION,
    )
    record(
        actor=None,
        action="election.results_applied",
        target=ballot,
        after={"seated": [user.pk for user in seated], "elected": [u.pk for u in winners]},
        reason=tally.note,
    )


def close_due_ballots(*, at: datetime | None = None) -> list[Tally]:
    """Freeze the results of every ballot the clock closed (run every minute by the worker).

    Each ballot in its own transaction (`close_ballot`): one that fails is logged and retried
    next minute, without holding back the others.
    """
    now = _now(at)
    tallies = []
    due = Ballot.objects.filter(closes_at__lte=now, tally__isnull=True).order_by("closes_at", "pk")
    for ballot in due:
        try:
            tallies.append(close_ballot(ballot=ballot, at=now))
        except Exception:
            logger.exception("Scrutin %s non dépouillé", ballot.pk)
    return tallies


@task()
def mix_ballot_box_task(ballot_id: int) -> int:
    """Reseal a ballot's waiting choices in a shuffled batch (see `mix_ballot_box`)."""
    return mix_ballot_box(ballot_id=ballot_id)

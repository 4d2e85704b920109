"""Reads shared by the pages, the consumer and the demo: ballots visible to a person, results."""

from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from club.core import charts
from club.core.accounts.powers import is_staff
from club.core.domain import DomainError, access
from colleges.models import College, Membership
from votes import receipts, rules
from votes.models import Ballot, CastBallot, Elector, Participation, Tally


def colleges_of(user) -> QuerySet:
    """The colleges whose ballots `user` sees: its own, plus the plenary if it has any."""
    if is_staff(user):
        return College.objects.all()
    own = Membership.objects.active().filter(user=user).values("college_id")
    in_any = Membership.objects.active().filter(user=user, college__is_plenary=False).exists()
    query = Q(pk__in=own) | Q(facilitators__user=user, facilitators__ended_at__isnull=True)
    if in_any:
        query |= Q(is_plenary=True)
    return College.objects.filter(query).distinct()


def access_ballot(user, pk: int) -> Ballot:
    """The ballot if `user` may see it (`can_view_ballot`), else NotVisible (404): the one
    fetch-and-authorise of pages, API and the turnout consumer, after Zulip's access_*."""
    return access(
        Ballot.objects.select_related("college", "opened_by"), user, rules.can_view_ballot, pk=pk
    )


def electorate_progress(ballot: Ballot) -> tuple[int, int]:
    """(electors written so far, electors to write) while the worker freezes the electorate."""
    done = Elector.objects.filter(ballot=ballot).count()
    return done, max(ballot.electorate_memberships().count(), done)


def _in_electorate_to_come(user) -> Q:
    """`rules.is_or_will_be_elector` for a ballot not frozen yet, as a condition on the ballot
    (for lists)."""
    at_opening = (
        Membership.objects.active()
        .filter(user=user, joined_at__lte=OuterRef("opens_at"))
        .filter(Q(status_changed_at__isnull=True) | Q(status_changed_at__lte=OuterRef("opens_at")))
    )
    own = at_opening.filter(college_id=OuterRef("college_id"))
    anywhere = at_opening.filter(college__is_plenary=False)
    return Q(electorate_frozen_at__isnull=True) & (
        Q(Exists(own), college__is_plenary=False) | Q(Exists(anywhere), college__is_plenary=True)
    )


def ballots_visible_to(user) -> QuerySet:
    """Ballots of my colleges, with `i_am_elector` and `i_voted`, in a constant number of queries."""
    frozen_in = Exists(Elector.objects.filter(ballot=OuterRef("pk"), user=user))
    return (
        Ballot.objects.filter(college__in=colleges_of(user))
        .select_related("college", "tally")
        .annotate(
            i_am_elector=ExpressionWrapper(
                Q(frozen_in) | _in_electorate_to_come(user), output_field=BooleanField()
            ),
            i_voted=Exists(Participation.objects.filter(ballot=OuterRef("pk"), elector__user=user)),
        )
        .order_by("closes_at", "pk")
    )


@dataclass
class BallotGroups:
    open: list
    upcoming: list
    closed: list


def grouped_ballots(user, *, now=None) -> BallotGroups:
    now = now or timezone.now()
    groups = BallotGroups([], [], [])
    for ballot in ballots_visible_to(user):
        status = ballot.status_at(now)
        ballot.current_status = status
        if status == Ballot.Status.OPEN:
            groups.open.append(ballot)
        elif status == Ballot.Status.CLOSED:
            groups.closed.append(ballot)
        else:
            groups.upcoming.append(ballot)
    groups.closed.reverse()
    return groups


def tally_of(ballot: Ballot) -> Tally | None:
    return Tally.objects.filter(ballot=ballot).prefetch_related("lines__option__candidate").first()


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    share: float
    y: int
    width: float
    winner: bool

    @property
    def text_x(self) -> float:
        return round(self.width + 6, 1)


CHART_WIDTH = 300  # longest bar, in SVG user units (the chart is 400 wide)
ROW_HEIGHT = 48


def chart_bars(tally: Tally) -> list[Bar]:
    """Geometry of the server-rendered SVG bar chart: widths proportional to the top count."""
    lines = list(tally.lines.all())
    top = max((line.count for line in lines), default=0) or 1
    return [
        Bar(
            label=line.option.label,
            count=line.count,
            share=float(line.share_percent),
            y=index * ROW_HEIGHT,
            width=charts.scaled(line.count, top, CHART_WIDTH),
            winner=line.winner,
        )
        for index, line in enumerate(lines)
    ]


def public_votes(ballot: Ballot) -> list[tuple[str, list[str], str]]:
    """Who voted what and the reason they gave (if any), for public ballots only, once closed."""
    if ballot.secret:
        return []
    labels = dict(ballot.options.values_list("pk", "label"))
    rows = Participation.objects.filter(ballot=ballot).select_related("elector__user")
    rows = sorted(rows, key=lambda p: (p.elector.user.last_name, p.elector.user.first_name))
    return [
        (
            p.elector.user.get_full_name() or p.elector.user.email,
            [str(labels[pk]) for pk in p.public_choices if pk in labels],
            p.public_reason,
        )
        for p in rows
    ]


@dataclass(frozen=True)
class BoardLine:
    """A line of the bulletin board: a receipt's keyed hash and the choices counted for it."""

    tag: str
    choices: list[int]
    labels: list[str]

    @property
    def shown(self) -> str:
        return receipts.shown(self.tag)


def bulletin_board(ballot: Ballot) -> list[BoardLine]:
    """The board published at the close, in the order of the hashes (which says nothing)."""
    labels = dict(ballot.options.values_list("pk", "label"))
    return [
        BoardLine(tag, choices, [str(labels[pk]) for pk in choices if pk in labels])
        for tag, choices in CastBallot.objects.filter(ballot=ballot)
        .order_by("receipt_tag")
        .values_list("receipt_tag", "choices")
    ]


def check_receipt(ballot: Ballot, user, code: str) -> BoardLine | None:
    """The board line of `user`'s own receipt `code`, or None if the board lacks it.

    Only the code's owner gets an answer: a code handed to someone else tells them nothing, so
    a voter cannot prove to anyone how it voted."""
    participation = Participation.objects.filter(ballot=ballot, elector__user=user).first()
    if participation is None:
        raise DomainError(_("Vous n'avez pas voté à ce scrutin : aucun récépissé à vérifier."))
    if not receipts.check_code(ballot.pk, code, participation.receipt_hash):
        raise DomainError(
            _("Ce code ne correspond pas à votre vote : vérifiez-le et réessayez."),
            code="bad_receipt",
        )
    tag = receipts.tag(ballot.pk, code)
    line = CastBallot.objects.filter(ballot=ballot, receipt_tag=tag).first()
    if line is None:
        return None
    labels = dict(ballot.options.values_list("pk", "label"))
    return BoardLine(tag, line.choices, [str(labels[pk]) for pk in line.choices if pk in labels])

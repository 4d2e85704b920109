"""Figures of the dashboards, each computed by aggregation in one or two queries.

No loop over rows in Python: the database counts, we only shape its answer into tables.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, Count, Exists, F, Min, OuterRef, Q, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from club.core.notifications.models import EmailDelivery
from colleges.models import Application, College
from colleges.selectors import colleges_with_headcounts, overall_headcounts
from colleges.threads.models import ModerationAction, Post, Report
from proposals.ipm.models import AgendaItem, Cycle, Decision, Outcome
from proposals.models import ChangeRequest, Position, Status, Support
from votes.models import Ballot

# ---- public ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CollegeHeadcount:
    name: str
    members: int


def headcounts() -> tuple[list[CollegeHeadcount], object]:
    """Active memberships per college, and distinct people across colleges (two queries)."""
    per_college = [
        CollegeHeadcount(c.name, c.member_count)
        for c in sorted(colleges_with_headcounts(), key=lambda c: (c.position, c.name))
    ]
    return per_college, overall_headcounts()


def requests_by_status() -> list[tuple[str, str, int]]:
    """(status, label, count) of every request filed (drafts are nobody's business but the author's)."""
    counts = dict(
        ChangeRequest.objects.public()
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices[1:]]


OUTCOME_KEYS = [*Outcome.values, ""]


def cycle_outcomes() -> list[tuple[Cycle, dict]]:
    """Each cycle with its agenda items counted by decision ("" for not decided yet)."""
    annotations = {
        f"n_{o}": Count("items", filter=Q(items__decisions__outcome=o)) for o in Outcome.values
    }
    annotations["n_"] = Count("items", filter=Q(items__decisions__isnull=True))
    cycles = Cycle.objects.annotate(**annotations).order_by("number")
    return [(c, {key: getattr(c, f"n_{key}") for key in OUTCOME_KEYS}) for c in cycles]


# ---- staff ----------------------------------------------------------------------------------

AGE_BUCKETS = [(0, 7), (7, 14), (14, 30), (30, None)]  # days waiting: [from, to)


@dataclass(frozen=True)
class QueueLine:
    college: str
    buckets: list[int]
    oldest: datetime | None

    @property
    def total(self) -> int:
        return sum(self.buckets)


def validation_queue_age(*, now=None) -> list[QueueLine]:
    """Open applications per college by how long they have waited, and the oldest (one query)."""
    now = now or timezone.now()
    annotations = {"oldest": Min("submitted_at")}
    for index, (low, high) in enumerate(AGE_BUCKETS):
        window = Q(submitted_at__lte=now - timedelta(days=low))
        if high is not None:
            window &= Q(submitted_at__gt=now - timedelta(days=high))
        annotations[f"b{index}"] = Count("pk", filter=window)
    rows = (
        Application.objects.open()
        .order_by()
        .values("college__name", "college__position")
        .annotate(**annotations)
        .order_by("college__position", "college__name")
    )
    return [
        QueueLine(r["college__name"], [r[f"b{i}"] for i in range(len(AGE_BUCKETS))], r["oldest"])
        for r in rows
    ]


def _months(count: int, now) -> list[datetime]:
    """The first instant of the last `count` months, oldest first, in the current time zone."""
    local = timezone.localtime(now)
    year, month = local.year, local.month
    months = []
    for _index in range(count):
        months.append(timezone.make_aware(datetime(year, month, 1)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


MONTHS = 12


def activity_by_month(*, months: int = MONTHS, now=None) -> tuple[list, list[str], dict]:
    """Posts written and requests filed per college and month, over the last months (two queries).

    Returns (months, college names, {(month, college): (posts, requests)}).
    """
    now = now or timezone.now()
    span = _months(months, now)
    since = span[0]
    posts = (
        Post.objects.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month", "thread__college__name")
        .annotate(n=Count("pk"))
    )
    requests = (
        ChangeRequest.objects.public()
        .filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month", "college__name")
        .annotate(n=Count("pk"))
    )
    cells: dict = {}
    for month, college, n in posts:
        key = (timezone.localtime(month).date().replace(day=1), college)
        cells[key] = (cells.get(key, (0, 0))[0] + n, cells.get(key, (0, 0))[1])
    for month, college, n in requests:
        key = (timezone.localtime(month).date().replace(day=1), college)
        cells[key] = (cells.get(key, (0, 0))[0], cells.get(key, (0, 0))[1] + n)
    names = list(College.objects.order_by("position", "name").values_list("name", flat=True))
    return [m.date() for m in span], names, cells


def turnout_per_ballot(*, now=None) -> list[Ballot]:
    """Ballots that have opened, newest first, with their turnout (counters kept by casting)."""
    now = now or timezone.now()
    return list(
        Ballot.objects.filter(opens_at__lte=now)
        .select_related("college")
        .only(
            "pk",
            "question",
            "opens_at",
            "closes_at",
            "elector_count",
            "college__name",
        )
        .order_by("-opens_at", "-pk")
    )


FUNNEL_STEPS = ["filed", "supported", "position", "adopted", "escalated", "decided"]


def request_funnel() -> dict[str, int]:
    """How many filed requests reached each step on the road to an IPM decision (one query)."""
    in_position = Position.objects.filter(requests=OuterRef("pk"))
    in_item = AgendaItem.objects.filter(position__requests=OuterRef("pk"))
    qs = ChangeRequest.objects.public().annotate(
        s_supported=Exists(Support.objects.filter(request=OuterRef("pk"))),
        s_position=Exists(in_position),
        s_adopted=Exists(in_position.filter(status=Position.Status.ADOPTED)),
        s_escalated=Exists(in_item),
        s_decided=Exists(
            Decision.objects.filter(item__position__requests=OuterRef("pk")),
        ),
    )
    return qs.aggregate(
        filed=Count("pk"),
        supported=Count("pk", filter=Q(s_supported=True)),
        position=Count("pk", filter=Q(s_position=True)),
        adopted=Count("pk", filter=Q(s_adopted=True)),
        escalated=Count("pk", filter=Q(s_escalated=True)),
        decided=Count("pk", filter=Q(s_decided=True)),
    )


def reports_per_college() -> list[dict]:
    """Reports still open and already handled, per college (one query)."""
    return list(
        Report.objects.order_by()
        .values("post__thread__college__name", "post__thread__college__position")
        .annotate(
            open=Count("pk", filter=Q(resolved_at__isnull=True)),
            handled=Count("pk", filter=Q(resolved_at__isnull=False)),
        )
        .order_by("post__thread__college__position", "post__thread__college__name")
    )


def moderation_actions_by_month(*, months: int = MONTHS, now=None) -> tuple[list, dict]:
    """Moderation actions per month and kind of action, over the last months (one query)."""
    now = now or timezone.now()
    span = _months(months, now)
    rows = (
        ModerationAction.objects.filter(created_at__gte=span[0])
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month", "action")
        .annotate(n=Count("pk"))
    )
    cells: dict = {}
    for month, action, n in rows:
        key = (timezone.localtime(month).date().replace(day=1), action)
        cells[key] = cells.get(key, 0) + n
    return [m.date() for m in span], cells


@dataclass(frozen=True)
class BackgroundLine:
    key: str
    count: int
    oldest: datetime | None  # since when the oldest of them waits (None: not a wait)


def background_queues(*, now=None) -> list[BackgroundLine]:
    """E-mails and background tasks waiting for the worker, and since when the oldest waits: a
    worker that stopped shows as an age that keeps growing (two queries)."""
    now = now or timezone.now()
    due = Q(status=EmailDelivery.Status.PENDING, next_attempt_at__lte=now)
    later = Q(status=EmailDelivery.Status.PENDING, next_attempt_at__gt=now)
    mails = EmailDelivery.objects.aggregate(
        due=Count("pk", filter=due),
        due_since=Min("next_attempt_at", filter=due),
        later=Count("pk", filter=later),
    )
    # A task without `run_after` waits from its queueing, a deferred one from its time.
    never = get_date_max()
    ready = Q(status=TaskResultStatus.READY) & (Q(run_after=never) | Q(run_after__lte=now))
    running = Q(status=TaskResultStatus.RUNNING)
    waits_since = Case(When(run_after=never, then=F("enqueued_at")), default=F("run_after"))
    tasks = DBTaskResult.objects.aggregate(
        ready=Count("pk", filter=ready),
        ready_since=Min(waits_since, filter=ready),
        running=Count("pk", filter=running),
        running_since=Min("started_at", filter=running),
    )
    return [
        BackgroundLine("mails_due", mails["due"], mails["due_since"]),
        BackgroundLine("mails_later", mails["later"], None),
        BackgroundLine("tasks_ready", tasks["ready"], tasks["ready_since"]),
        BackgroundLine("tasks_running", tasks["running"], tasks["running_since"]),
    ]

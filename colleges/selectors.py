"""Reads shared by pages, the API and the seed: colleges, headcounts, members."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q

from club.core.domain import access
from colleges import rules
from colleges.models import (
    Application,
    ApplicationDecision,
    College,
    DelegateMandate,
    FacilitatorRole,
    Membership,
)


def access_college(user, slug: str) -> College:
    """The college whose inner pages (themes, threads, moderation) `user` may read, else
    NotVisible (404): fetch-and-authorise, as the `access_*` of the other apps."""
    return access(College.objects.all(), user, rules.can_read_college, slug=slug)


ACTIVE = Q(memberships__status=Membership.Status.ACTIVE)


@dataclass(frozen=True)
class Headcounts:
    people: int  # distinct people with at least one active membership
    memberships: int  # active memberships, one per person and college


# Counting 100,000 memberships on every home page cost ~100 ms (make bench): the counts are
# cached, dropped whenever a membership or a college is saved or deleted (colleges.signals),
# and expire anyway after HEADCOUNTS_TTL for bulk updates that send no signal.
HEADCOUNTS_KEYS = ("colleges:headcounts:colleges", "colleges:headcounts:overall")
HEADCOUNTS_TTL = 300


def forget_headcounts() -> None:
    cache.delete_many(HEADCOUNTS_KEYS)


def colleges_with_headcounts() -> list[College]:
    """Colleges (plenary last) annotated with `member_count`, in one query or none."""
    return cache.get_or_set(
        HEADCOUNTS_KEYS[0],
        lambda: list(
            College.objects.colleges().annotate(member_count=Count("memberships", filter=ACTIVE))
        ),
        HEADCOUNTS_TTL,
    )


def overall_headcounts() -> Headcounts:
    def count() -> Headcounts:
        active = Membership.objects.active().filter(college__is_plenary=False)
        totals = active.aggregate(people=Count("user", distinct=True), memberships=Count("pk"))
        return Headcounts(people=totals["people"], memberships=totals["memberships"])

    return cache.get_or_set(HEADCOUNTS_KEYS[1], count, HEADCOUNTS_TTL)


def plenary() -> College | None:
    return College.objects.plenary().first()


def current_facilitators(college: College):
    return FacilitatorRole.objects.current().filter(college=college).select_related("user")


def current_delegates(college: College):
    return DelegateMandate.objects.current().filter(college=college).select_related("user")


def applications_of(user):
    """A person's applications, newest first, with their whole decision history."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("college", "charter")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=ApplicationDecision.objects.select_related("actor", "from_college"),
            )
        )
        .order_by("-submitted_at")
    )


def memberships_of(user):
    return (
        Membership.objects.filter(user=user)
        .exclude(status=Membership.Status.LEFT)
        .select_related("college")
        .order_by("college__position", "college__name")
    )


def validation_queue(*, college: College | None = None):
    """Open applications, oldest first: the staff work through them in order of waiting."""
    applications = (
        Application.objects.open()
        .select_related("applicant", "college")
        .order_by("submitted_at", "pk")
    )
    if college is not None:
        applications = applications.filter(college=college)
    return applications


def application_for_review(pk: int) -> Application:
    return (
        Application.objects.select_related("applicant", "college", "charter")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=ApplicationDecision.objects.select_related("actor", "from_college"),
            )
        )
        .get(pk=pk)
    )


def college_memberships(college: College):
    return (
        Membership.objects.filter(college=college)
        .exclude(status=Membership.Status.LEFT)
        .select_related("user")
        .order_by("status", "user__last_name", "user__first_name", "pk")
    )


def directory(college: College):
    """The members of a college who chose to appear in its directory."""
    return (
        Membership.objects.active()
        .filter(college=college, in_directory=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def shares_a_college(viewer, person) -> bool:
    """Whether `viewer` is an active member of a college where `person` is listed."""
    viewer_colleges = Membership.objects.active().filter(user=viewer).values("college")
    return (
        Membership.objects.active()
        .filter(user=person, in_directory=True, college__in=viewer_colleges)
        .exists()
    )


def public_profile(person):
    """What the directory shows of a person: their listed colleges and current roles."""
    memberships = (
        Membership.objects.active()
        .filter(user=person, in_directory=True)
        .select_related("college")
        .order_by("college__position")
    )
    facilitating = FacilitatorRole.objects.current().filter(user=person).select_related("college")
    mandates = DelegateMandate.objects.current().filter(user=person).select_related("college")
    return {"memberships": memberships, "facilitating": facilitating, "mandates": mandates}


def queue_counts():
    """Colleges annotated with `open_count`, their applications waiting for the staff."""
    return College.objects.colleges().annotate(
        open_count=Count(
            "applications", filter=Q(applications__status__in=Application.OPEN_STATUSES)
        )
    )


def current_charters() -> list:
    """The latest version of each college's charter, in the colleges' order (one query)."""
    from colleges.models import Charter

    latest = {}
    charters = Charter.objects.select_related("college").order_by(
        "college__position", "college__name", "-version"
    )
    for charter in charters:
        latest.setdefault(charter.college_id, charter)
    return list(latest.values())


def charter_versions(college: College) -> list:
    """Every version of a college's charter, the newest first."""
    return list(college.charters.order_by("-version"))


def readers_of(college: College, *, staff: bool = True):
    """Everyone `can_read_college` lets in, as one query: the audience of its threads' notices.

    Mirrors `colleges.rules.is_member | is_staff`: active members of the college (of any college
    for the plenary) and, unless `staff=False`, the club's staff.
    """
    from django.contrib.auth import get_user_model

    memberships = Membership.objects.active()
    if college.is_plenary:
        memberships = memberships.filter(college__is_plenary=False)
    else:
        memberships = memberships.filter(college=college)
    audience = Q(pk__in=memberships.values("user_id"))
    if staff:
        audience |= Q(is_staff=True)
    return get_user_model().objects.filter(Q(is_active=True) & audience)


def members_of_any_college():
    """Active members of at least one college (the plenary's audience), staff not included."""
    from django.contrib.auth import get_user_model

    memberships = Membership.objects.active().filter(college__is_plenary=False)
    return get_user_model().objects.filter(is_active=True, pk__in=memberships.values("user_id"))

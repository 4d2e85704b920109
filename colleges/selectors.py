"""Reads shared by pages, the API and the seed: colleges, headcounts, members."""

from dataclasses import dataclass

from django.db.models import Count, Q

from colleges.models import College, Membership

ACTIVE = Q(memberships__status=Membership.Status.ACTIVE)


@dataclass(frozen=True)
class Headcounts:
    people: int  # distinct people with at least one active membership
    memberships: int  # active memberships, one per person and college


def colleges_with_headcounts():
    """Colleges (plenary last) annotated with `member_count`, in one query."""
    return College.objects.colleges().annotate(member_count=Count("memberships", filter=ACTIVE))


def overall_headcounts() -> Headcounts:
    active = Membership.objects.active().filter(college__is_plenary=False)
    totals = active.aggregate(people=Count("user", distinct=True), memberships=Count("pk"))
    return Headcounts(people=totals["people"], memberships=totals["memberships"])

"""Ballots made through the services, at a chosen time, as the demo does."""

from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from colleges import services as college_services
from votes import services
from votes.models import Ballot


def facilitator_of(college, staff):
    from tests.factories import make_member

    membership = make_member(college, staff=staff)
    college_services.appoint_facilitator(college=college, user=membership.user, actor=staff)
    return membership.user


def make_ballot(college, author, *, kind=Ballot.Kind.POSITION, start=None, minutes=60, **kwargs):
    """A ballot opening at `start` (default: now) for `minutes`."""
    start = start or timezone.now()
    kwargs.setdefault("question", "Faut-il afficher le motif de rejet dans la liste des factures ?")
    if kind in (Ballot.Kind.SINGLE, Ballot.Kind.APPROVAL):
        kwargs.setdefault("options", ["PDF", "Factur-X", "UBL"])
    if kind == Ballot.Kind.ELECTION:
        kwargs.setdefault("candidacy_opens_at", start - timedelta(days=7))
        kwargs.setdefault("candidacy_closes_at", start - timedelta(minutes=1))
    # As in production: once the ballot commits, the worker's opening task runs (tests run
    # tasks at once), and an open ballot has its electorate.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.create_ballot(
            college=college,
            author=author,
            kind=kind,
            opens_at=start,
            closes_at=start + timedelta(minutes=minutes),
            at=kwargs.pop("at", None) or min(start, timezone.now()),
            **kwargs,
        )


def option(ballot, label_or_role):
    options = ballot.options.all()
    return next(o for o in options if o.role == label_or_role or o.label == label_or_role)


def board_at_close(ballot) -> dict[str, list[int]]:
    """Close `ballot` at its closing time and read the published board: receipt hash → choices."""
    from votes.models import CastBallot

    services.close_ballot(ballot=ballot, at=ballot.closes_at)
    return dict(CastBallot.objects.filter(ballot=ballot).values_list("receipt_tag", "choices"))

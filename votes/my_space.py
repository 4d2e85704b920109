"""« Mon espace »: the ballots waiting for my vote, with their close time (registered by
`VotesConfig.ready`)."""

from django.utils import timezone

from colleges.my_space import LIMIT, Section, register_section
from votes.selectors import ballots_visible_to


def _awaiting_my_vote(user) -> dict | None:
    now = timezone.now()
    ballots = list(
        ballots_visible_to(user)
        # Open by the clock, as `Ballot.status_at` says.
        .filter(opens_at__lte=now, closes_at__gt=now, i_am_elector=True, i_voted=False)[:LIMIT]
    )
    return {"ballots": ballots} if ballots else None


def register() -> None:
    register_section(Section("ballots", 20, "votes/my_space.html", _awaiting_my_vote))

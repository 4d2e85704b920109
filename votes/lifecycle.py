"""The lifecycle of ballots, as a table (`club.core.lifecycle`).

A ballot's state follows the clock: nobody presses a button to open or close it.

    upcoming | candidacy ──open (the clock)──▶ open ──close (the clock)──▶ closed
    candidacy: members stand for election;  open: electors vote;
    closed: results are read, once the scheduled close has counted them.

`effective_state(ballot, at)` computes the state from the clock and never writes: every read
(pages, API, consumers) asks it. The two clock transitions are *recorded* by scheduled services
(`open_due_ballots` freezes the electorate and tells the electors, `close_due_ballots` freezes
the tally and applies its outcome); `due_transition(ballot, at)` says which one a ballot still
waits for, so the worker finds them and reads never have to. Their history rows are the frozen
electorate (`electorate_frozen_at`) and the `Tally`, with their audit entries.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from club.core.lifecycle import Lifecycle, register, step
from votes import rules
from votes.models import Ballot

State = Ballot.Status


def effective_state(ballot: Ballot, at: datetime | None = None) -> str:
    """The state the clock gives the ballot now (or `at`), without writing anything."""
    return ballot.status_at(at or timezone.now())


def due_transition(ballot: Ballot, at: datetime | None = None) -> str | None:
    """The clock transition the scheduled services still have to record for this ballot."""
    state = effective_state(ballot, at)
    if state == State.CLOSED and not hasattr(ballot, "tally"):
        return "close"
    if state == State.OPEN and ballot.electorate_frozen_at is None:
        return "open"
    return None


BALLOTS = register(
    Lifecycle(
        "ballot",
        model=Ballot,
        state_field=None,
        state_of=effective_state,
        state_label=lambda ballot: State(effective_state(ballot)).label,
        transitions=(
            step(
                "open",
                {State.UPCOMING, State.CANDIDACY},
                State.OPEN,
                None,
                _("ouvrir"),
                by_system=True,
            ),
            step("close", {State.OPEN}, State.CLOSED, None, _("clore"), by_system=True),
            step(
                "stand",
                {State.CANDIDACY},
                None,
                rules.can_stand_for_election,
                _("se porter candidat"),
            ),
            step("vote", {State.OPEN}, None, rules.is_or_will_be_elector, _("voter")),
            # Once counted: between the close and the worker's count, nobody reads results yet.
            step(
                "read_results",
                {State.CLOSED},
                None,
                rules.can_view_ballot & rules.is_counted,
                _("lire les résultats"),
            ),
        ),
        refusal=_("Ce scrutin est « %(status)s » : impossible de %(action)s."),
    )
)

"""Builders for IPM tests; everything with rules goes through the real services."""

import datetime

from django.utils import timezone

from proposals import services as proposal_services
from proposals.ipm import services
from proposals.ipm.models import Phase
from tests.proposals.factories import facilitator_of, make_request, member_of


def adopted_position(college, staff, *, author=None, supporters=1, title=None, facilitator=None):
    """A request filed and supported, consolidated in a position the college adopted by vote."""
    author = author or member_of(college, staff=staff)
    request = make_request(author, college, **({"title": title} if title else {}))
    for _index in range(supporters):
        proposal_services.support_request(request=request, member=member_of(college, staff=staff))
    facilitator = facilitator or facilitator_of(college, staff=staff)
    position = proposal_services.build_position(
        college=college,
        title=title or "Le numéro d'engagement à 30 caractères",
        body="Le collège demande à l'IPM d'agrandir le champ.",
        requests=[request],
        actor=facilitator,
    )
    proposal_services.put_position_to_vote(position, facilitator)
    proposal_services.record_vote_outcome(position, True, facilitator, ballot_label="Scrutin n° 4")
    position.refresh_from_db()
    return position


def open_cycle(staff, number=12):
    return services.create_cycle(
        number=number, collection_starts_on=datetime.date(2026, 1, 5), actor=staff
    )


def to_phase(cycle, phase, staff):
    order = [Phase.COLLECTION, Phase.INSTRUCTION, Phase.ARBITRATION, Phase.CLOSED]
    while order.index(cycle.phase) < order.index(phase):
        services.move_cycle(cycle=cycle, to_phase=order[order.index(cycle.phase) + 1], actor=staff)
    return cycle


def session_for(cycle, staff, items=()):
    return services.schedule_session(
        cycle=cycle, held_at=timezone.now(), actor=staff, location="Noisiel", items=items
    )

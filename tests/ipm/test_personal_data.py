import pytest

from club.core.gdpr.registry import sections
from proposals.ipm import services
from proposals.ipm.models import IpmParticipant, PilotVolunteer
from proposals.ipm.personal_data import erase, export

pytestmark = pytest.mark.django_db


def test_ipm_section_exports_and_erases(participant):
    assert "ipm" in [s.name for s in sections()]
    data = export(participant)
    assert data["participation_ipm"]["organisation"] == "MEDEF"
    erase(participant)
    assert not IpmParticipant.objects.filter(user=participant).exists()
    assert export(participant)["participation_ipm"] is None


def test_pilot_volunteer_organisation_is_erased(staff, college, member, delegate, position, cycle):
    from proposals.ipm.models import Outcome, Phase
    from tests.ipm.factories import session_for, to_phase

    item = services.escalate_position(position=position, cycle=cycle, actor=delegate)
    to_phase(cycle, Phase.ARBITRATION, staff)
    services.record_decision(
        item=item,
        session=session_for(cycle, staff, [item]),
        outcome=Outcome.ACCEPTED,
        reasons="Oui.",
        priority="low",
        actor=staff,
    )
    call = services.open_pilot_call(item=item, description="Test", actor=staff)
    services.volunteer_for_pilot(
        call=call, user=member, college=college, organisation="SARL X", channel="edi"
    )
    assert export(member)["pilotes"][0]["organisation"] == "SARL X"
    erase(member)
    assert PilotVolunteer.objects.get().organisation == ""

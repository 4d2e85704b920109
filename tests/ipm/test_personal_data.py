import pytest

from club.core.domain import DomainError
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


def _pilot_call(staff, delegate, position, cycle):
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
    return services.open_pilot_call(item=item, description="Test", actor=staff)


def test_an_erased_volunteer_leaves_an_open_call(staff, college, member, delegate, position, cycle):
    call = _pilot_call(staff, delegate, position, cycle)
    volunteer = services.volunteer_for_pilot(
        call=call, user=member, college=college, organisation="SARL X", channel="edi"
    )
    assert export(member)["pilotes"][0]["organisation"] == "SARL X"
    erase(member)
    # Nobody can select a "Membre supprimé" any more: the person is off the list.
    assert not PilotVolunteer.objects.filter(pk=volunteer.pk).exists()


def test_a_running_pilot_keeps_its_erased_volunteer_anonymised(
    staff, college, member, delegate, position, cycle
):
    call = _pilot_call(staff, delegate, position, cycle)
    volunteer = services.volunteer_for_pilot(
        call=call, user=member, college=college, organisation="SARL X", channel="edi"
    )
    services.select_volunteer(volunteer=volunteer, actor=staff)
    services.start_pilot(call=call, actor=staff)
    erase(member)
    assert PilotVolunteer.objects.get().organisation == ""


def test_an_inactive_account_cannot_be_selected(staff, college, member, delegate, position, cycle):
    call = _pilot_call(staff, delegate, position, cycle)
    volunteer = services.volunteer_for_pilot(
        call=call, user=member, college=college, organisation="SARL X", channel="edi"
    )
    member.is_active = False
    member.save(update_fields=["is_active"])
    with pytest.raises(DomainError, match="supprimé"):
        services.select_volunteer(volunteer=volunteer, actor=staff)

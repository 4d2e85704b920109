"""Privileged acts on requests leave an entry in the club's audit log, in their transaction."""

import pytest

from club.core.audit.models import AuditEntry
from club.core.domain import DomainError
from proposals import services
from proposals.models import Status
from tests.proposals.factories import make_request


def test_a_merge_is_audited(college, member, second_member, facilitator):
    survivor = make_request(member, college)
    duplicate = make_request(second_member, college, title="Même besoin")
    services.merge_request(duplicate=duplicate, into=survivor, actor=facilitator, reason="Doublon")
    entry = AuditEntry.objects.get(action="request.merged")
    assert entry.actor == facilitator and entry.target_id == str(duplicate.pk)
    assert entry.after["into"] == survivor.pk and entry.reason == "Doublon"


def test_ipm_steps_are_audited_and_a_refused_step_is_not(college, member, facilitator, delegate):
    request = make_request(member, college)
    position = services.build_position(
        college=college, title="P", body="…", requests=[request], actor=facilitator
    )
    services.put_position_to_vote(position, facilitator)
    services.record_vote_outcome(position, True, facilitator)
    request.refresh_from_db()
    with pytest.raises(DomainError):
        services.escalate(request, "Cycle 12", member)
    assert not AuditEntry.objects.filter(action="request.escalated").exists()
    services.escalate(request, "Cycle 12", delegate)
    services.start_instruction(request, delegate)
    services.accept(request, delegate, target_release="2027.1")
    actions = list(
        AuditEntry.objects.filter(target_id=str(request.pk), action__startswith="request.")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "request.escalated",
        "request.instruction_started",
        "request.arbitrated_accept",
    ]
    escalated = AuditEntry.objects.get(action="request.escalated")
    assert escalated.before == {"status": Status.ADOPTED}
    assert escalated.after["cycle"] == "Cycle 12" and escalated.actor == delegate
    assert AuditEntry.objects.filter(action="position.put_to_vote").count() == 1
    assert AuditEntry.objects.filter(action="position.adopted").count() == 1

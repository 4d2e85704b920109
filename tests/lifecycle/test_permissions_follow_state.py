"""Permissions follow the lifecycle: what the page and the API offer depends on the state.

The two defects of issue 19 point 3 (and issue 23 point 3), each with its test:
- the API said `viewer.can_withdraw: true` for a withdrawn request (withdrawing then answered
  409), because the predicate was blind to the state;
- the IPM decision form opened by its URL while the cycle was still in instruction.
"""

import pytest
from django.urls import reverse

from proposals import services
from proposals.ipm import services as ipm_services
from proposals.ipm.models import Decision, Phase
from tests.api.conftest import API, token_client
from tests.ipm.factories import adopted_position, open_cycle, session_for, to_phase
from tests.proposals.factories import delegate_of, make_request, with_totp

pytestmark = pytest.mark.django_db


def test_a_withdrawn_request_offers_no_withdrawal_on_the_api_nor_on_the_page(
    client, college, member
):
    change_request = make_request(member, college)
    api = token_client(member)
    viewer = api.get(f"{API}/requests/{change_request.pk}").json()["viewer"]
    assert viewer["can_withdraw"] is True

    services.withdraw_request(request=change_request, actor=member, reason="Doublon")
    viewer = api.get(f"{API}/requests/{change_request.pk}").json()["viewer"]
    assert viewer["can_withdraw"] is False
    response = api.post(f"{API}/requests/{change_request.pk}/withdraw", {"reason": "Encore"})
    assert response.status_code == 409

    client.force_login(member)
    page = client.get(change_request.get_absolute_url()).content.decode()
    assert reverse("proposals:withdraw", args=[change_request.pk]) not in page
    # The form itself sends the author back with the reason, instead of offering to withdraw.
    response = client.get(reverse("proposals:withdraw", args=[change_request.pk]))
    assert response.status_code == 302 and response["Location"] == change_request.get_absolute_url()


def test_someone_else_cannot_withdraw_and_is_told_so_not_that_it_is_too_late(
    college, member, staff
):
    from tests.proposals.factories import member_of

    change_request = make_request(member, college)
    stranger = member_of(college, staff=staff)
    response = token_client(stranger).post(f"{API}/requests/{change_request.pk}/withdraw", {})
    assert response.status_code == 403


def test_the_decision_form_stays_closed_while_the_cycle_is_in_instruction(client, college, staff):
    position = adopted_position(college, staff)
    cycle = open_cycle(staff)
    item = ipm_services.escalate_position(
        position=position, cycle=cycle, actor=delegate_of(college, staff=staff)
    )
    to_phase(cycle, Phase.INSTRUCTION, staff)
    session = session_for(cycle, staff, [item])
    with_totp(staff)
    client.force_login(staff)
    url = reverse("proposals:ipm_decide", args=[session.pk, item.pk])

    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == session.get_absolute_url()
    response = client.post(url, {"outcome": "rejected", "reasons": "Trop tôt."})
    assert response.status_code == 302
    assert not Decision.objects.exists()
    assert url not in client.get(session.get_absolute_url()).content.decode()

    to_phase(cycle, Phase.ARBITRATION, staff)
    assert client.get(url).status_code == 200
    assert url in client.get(session.get_absolute_url()).content.decode()

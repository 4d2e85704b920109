"""IPM cycles through the API: public reads, escalation by delegates, decisions by staff."""

import pytest
from django.test import Client

from proposals.ipm import services
from proposals.ipm.models import AgendaItem, Decision, Phase
from tests.api.conftest import API, problem, token_client
from tests.api.parity import request_effects
from tests.ipm.factories import adopted_position, open_cycle, session_for, to_phase
from tests.proposals.factories import delegate_of, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def ipm_delegate(college, staff):
    user = delegate_of(college, staff=staff)
    with_totp(user)
    return user


def test_cycles_and_items_are_public(
    college, staff, ipm_delegate, anon, django_assert_max_num_queries
):
    cycle = open_cycle(staff)
    for index in range(3):
        position = adopted_position(college, staff, title=f"Position {index}")
        services.escalate_position(position=position, cycle=cycle, actor=ipm_delegate)
    with django_assert_max_num_queries(3):
        cycles = anon.get(f"{API}/ipm/cycles").json()
    assert cycles[0]["number"] == 12 and cycles[0]["item_count"] == 3
    with django_assert_max_num_queries(6):
        detail = anon.get(f"{API}/ipm/cycles/12").json()
    assert len(detail["items"]) == 3
    item = anon.get(f"{API}/ipm/items/{detail['items'][0]['id']}").json()
    assert item["requests"] and item["decisions"] == []
    problem(anon.get(f"{API}/ipm/cycles/99"), 404)
    problem(anon.get(f"{API}/ipm/items/999999"), 404)


def test_escalating_through_the_api_is_escalating_on_the_page(college, staff, ipm_delegate, member):
    cycle = open_cycle(staff)
    by_api, by_web = (
        adopted_position(college, staff),
        adopted_position(college, staff),
    )
    payload = {"position": by_api.pk, "reason": "Prioritaire"}
    problem(token_client(member).post(f"{API}/ipm/escalations", payload), 403)
    response = token_client(ipm_delegate).post(f"{API}/ipm/escalations", payload)
    assert response.status_code == 201, response.content
    web = Client()
    web.force_login(ipm_delegate)
    assert (
        web.post(
            "/demandes/ipm/porter/", {"position": by_web.pk, "reason": "Prioritaire"}
        ).status_code
        == 302
    )
    api_item, web_item = (
        AgendaItem.objects.get(position=by_api),
        AgendaItem.objects.get(position=by_web),
    )
    assert api_item.cycle == web_item.cycle == cycle
    people = {"delegate": ipm_delegate}
    api_request, web_request = by_api.requests.get(), by_web.requests.get()
    people_api = {**people, "author": api_request.author}
    people_web = {**people, "author": web_request.author}
    effects_api = request_effects(api_request, people=people_api)
    effects_web = request_effects(web_request, people=people_web)
    for effects in (effects_api, effects_web):
        effects.pop("supporters"), effects.pop("followers"), effects.pop("notices")
    assert effects_api == effects_web
    assert api_request.status == "escalated"
    # Already on the agenda: the form refuses it as the page does.
    problem(token_client(ipm_delegate).post(f"{API}/ipm/escalations", payload), 422)


def test_arguments_and_decisions(college, staff, ipm_delegate, member):
    cycle = open_cycle(staff)
    item = services.escalate_position(
        position=adopted_position(college, staff), cycle=cycle, actor=ipm_delegate
    )
    problem(token_client(member).post(f"{API}/ipm/items/{item.pk}/arguments", {"body": "Oui"}), 403)
    response = token_client(ipm_delegate).post(
        f"{API}/ipm/items/{item.pk}/arguments", {"body": "Oui"}
    )
    assert response.status_code == 201 and response.json()["body"] == "Oui"

    to_phase(cycle, Phase.ARBITRATION, staff)
    session = session_for(cycle, staff, [item])
    url = f"{API}/ipm/sessions/{session.pk}/decisions/{item.pk}"
    problem(token_client(ipm_delegate).post(url, {"outcome": "rejected", "reasons": "Non"}), 403)
    body = problem(token_client(staff).post(url, {"outcome": "rejected", "reasons": "Non"}), 403)
    assert "double authentification" in body["detail"]
    with_totp(staff)
    body = problem(token_client(staff).post(url, {"outcome": "accepted", "reasons": "Utile"}), 422)
    assert "priorité" in body["detail"]
    response = token_client(staff).post(
        url,
        {"outcome": "accepted", "reasons": "Utile", "priority": "high", "target_release": "2027.1"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["decisions"][0]["outcome"] == "accepted"
    assert item.position.requests.get().status == "accepted"
    from club.core.audit.models import AuditEntry

    assert (
        AuditEntry.objects.filter(action__startswith="ipm.").exists()
        or AuditEntry.objects.filter(action__contains="decision").exists()
    )
    problem(token_client(staff).post(url, {"outcome": "rejected", "reasons": "Non"}), 409)
    assert Decision.objects.count() == 1

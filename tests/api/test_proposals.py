"""Change requests and positions through the API: same rules and same effects as the web."""

import pytest
from django.test import Client
from django.utils import timezone

from proposals.models import ChangeRequest, Position
from tests.api.conftest import API, ApiClient, problem, token_client
from tests.api.parity import request_effects
from tests.proposals.factories import area, make_request, member_of, with_totp

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Afficher le motif de rejet en clair",
    "screen": "Rechercher une facture émise",
    "field_label": "Motif",
    "current_behaviour": "Le code de rejet seul s'affiche.",
    "expected_behaviour": "Le libellé du motif de rejet s'affiche à côté du code.",
    "affected_who": "Éditeurs",
    "frequency": "daily",
}


def api_body(college, **overrides):
    return {
        **FORM,
        "college": college.slug,
        "area": area().slug,
        "tags": ["rejet", "A19"],
    } | overrides


def web_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_filing_through_the_api_is_filing_through_the_form(college, member, staff):
    other = member_of(college, staff=staff)
    response = token_client(member).post(f"{API}/requests", api_body(college))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["reference"].startswith("DE-")
    assert body["tags"] == ["A19", "rejet"]
    assert [h["transition"] for h in body["history"]] == ["create", "submit"]
    by_api = ChangeRequest.objects.get(pk=body["id"])

    web = web_client(other).post(
        "/demandes/nouvelle/",
        {**FORM, "college": college.pk, "area": area().pk, "tags": "rejet, A19"},
    )
    assert web.status_code == 302
    by_web = ChangeRequest.objects.exclude(pk=by_api.pk).get()
    assert request_effects(by_api, people={"author": member}) == request_effects(
        by_web, people={"author": other}
    )


def test_filing_needs_membership_and_valid_input(college, other_college, member, user):
    problem(token_client(user).post(f"{API}/requests", api_body(college)), 403)
    body = problem(token_client(member).post(f"{API}/requests", api_body(other_college)), 422)
    assert body["errors"][0]["loc"] == ["body", "college"]
    body = problem(
        token_client(member).post(f"{API}/requests", api_body(college, tags=["<script>"])), 422
    )
    assert body["errors"][0]["loc"] == ["body", "tags"]
    body = problem(token_client(member).post(f"{API}/requests", {"college": college.slug}), 422)
    assert {tuple(e["loc"][-1:]) for e in body["errors"]} >= {("title",), ("area",)}
    assert not ChangeRequest.objects.exists()


def test_drafts_are_hidden_from_others(college, member, second_member):
    draft = make_request(member, college, submit=False)
    problem(token_client(second_member).get(f"{API}/requests/{draft.pk}"), 404)
    problem(ApiClient().get(f"{API}/requests/{draft.pk}"), 404)
    assert token_client(member).get(f"{API}/requests/{draft.pk}").status_code == 200
    response = token_client(member).post(f"{API}/requests/{draft.pk}/submit")
    assert response.json()["status"] == "submitted"


def test_supporting_through_the_api_is_supporting_on_the_site(college, member, staff):
    supporter_api, supporter_web = member_of(college, staff=staff), member_of(college, staff=staff)
    first, second = make_request(member, college), make_request(member, college)

    response = token_client(supporter_api).post(f"{API}/requests/{first.pk}/support")
    assert response.status_code == 201
    assert response.json()["support_count"] == 1
    web_client(supporter_web).post(f"/demandes/{second.pk}/soutenir/")

    assert request_effects(first, people={"author": member, "supporter": supporter_api}) == (
        request_effects(second, people={"author": member, "supporter": supporter_web})
    )
    # Same refusal, same words as the site's message.
    body = problem(token_client(supporter_api).post(f"{API}/requests/{first.pk}/support"), 409)
    assert "un soutien par membre" in body["detail"]
    body = problem(token_client(member).post(f"{API}/requests/{first.pk}/support"), 403)
    assert "auteur" in body["detail"]


def test_only_college_members_support(change_request, other_college, staff):
    outsider = member_of(other_college, staff=staff)
    problem(token_client(outsider).post(f"{API}/requests/{change_request.pk}/support"), 403)
    problem(ApiClient().post(f"{API}/requests/{change_request.pk}/support"), 401)
    assert change_request.supports.count() == 0


def test_follow_and_withdraw(change_request, member, second_member):
    client = token_client(second_member)
    assert client.post(f"{API}/requests/{change_request.pk}/follow").json()["follows"] is True
    assert change_request.follows.filter(user=second_member).exists()
    assert client.delete(f"{API}/requests/{change_request.pk}/follow").json()["follows"] is False
    problem(client.post(f"{API}/requests/{change_request.pk}/withdraw", {"reason": "x"}), 403)
    response = token_client(member).post(
        f"{API}/requests/{change_request.pk}/withdraw", {"reason": "Doublon"}
    )
    assert response.json()["status"] == "withdrawn"
    assert response.json()["history"][-1]["reason"] == "Doublon"
    problem(
        token_client(member).post(f"{API}/requests/{change_request.pk}/withdraw", {"reason": ""}),
        409,
    )


def test_facilitator_steps_need_the_rule_and_two_factor(college, member, staff, facilitator):
    cr = make_request(member, college)
    url = f"{API}/requests/{cr.pk}/steps/open_discussion"
    problem(token_client(member).post(url, {}), 403)
    plain = member_of(college, staff=staff)
    from colleges import services as college_services

    college_services.appoint_facilitator(college=college, user=plain, actor=staff)
    body = problem(token_client(plain).post(url, {}), 403)
    assert "double authentification" in body["detail"]
    problem(token_client(facilitator).post(f"{API}/requests/{cr.pk}/steps/nimporte", {}), 422)

    twin = make_request(member, college)
    response = token_client(facilitator).post(url, {"reason": "On en parle"})
    assert response.status_code == 200 and response.json()["status"] == "under_discussion"
    web_client(facilitator).post(
        f"/demandes/{twin.pk}/etape/open_discussion/", {"reason": "On en parle"}
    )
    people = {"author": member, "facilitator": facilitator}
    assert request_effects(cr, people=people) == request_effects(twin, people=people)


def test_escalate_needs_a_cycle(college, member, delegate, facilitator):
    cr = make_request(member, college)
    token_client(facilitator).post(f"{API}/requests/{cr.pk}/steps/open_discussion", {})
    body = problem(token_client(delegate).post(f"{API}/requests/{cr.pk}/steps/escalate", {}), 422)
    assert body["errors"][0]["loc"] == ["body", "cycle_label"]


def test_merge_carries_supports_like_the_site(college, member, staff, facilitator):
    supporter = member_of(college, staff=staff)
    duplicate, survivor = make_request(member, college), make_request(supporter, college)
    problem(
        token_client(member).post(f"{API}/requests/{duplicate.pk}/merge", {"into": survivor.pk}),
        403,
    )
    response = token_client(facilitator).post(
        f"{API}/requests/{duplicate.pk}/merge", {"into": survivor.pk, "reason": "Même besoin"}
    )
    assert response.status_code == 200
    assert response.json()["id"] == survivor.pk and response.json()["support_count"] == 1
    assert response.json()["merged_duplicates"] == [duplicate.pk]
    duplicate.refresh_from_db()
    assert duplicate.status == "merged"
    from club.core.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="request.merged", target_id=str(duplicate.pk)).exists()


def test_board_lists_filters_orders_and_pages(college, other_college, member, staff, anon):
    other = member_of(other_college, staff=staff)
    first = make_request(member, college, title="Alpha")
    make_request(member, college, title="Bêta")
    make_request(other, other_college, title="Gamma")
    make_request(member, college, submit=False, title="Brouillon")
    token_client(member)  # a token exists: the public list is still public
    body = anon.get(f"{API}/requests", {"limit": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert body["next"].endswith("limit=2&offset=2") or "offset=2" in body["next"]
    assert body["previous"] is None
    page2 = anon.get(f"{API}/requests", {"limit": 2, "offset": 2}).json()
    assert len(page2["results"]) == 1 and page2["previous"]
    titles = [
        r["title"] for r in anon.get(f"{API}/requests", {"ordering": "title"}).json()["results"]
    ]
    assert titles == ["Alpha", "Bêta", "Gamma"]
    body = anon.get(f"{API}/requests", {"college": college.slug, "ordering": "-title"}).json()
    assert [r["title"] for r in body["results"]] == ["Bêta", "Alpha"]
    problem(anon.get(f"{API}/requests", {"ordering": "author__email"}), 422)
    problem(anon.get(f"{API}/requests", {"college": "inconnu"}), 422)
    problem(anon.get(f"{API}/requests", {"limit": 1000}), 422)
    assert anon.get(f"{API}/requests", {"status": "submitted"}).json()["count"] == 3
    detail = anon.get(f"{API}/requests/{first.pk}").json()
    assert detail["viewer"]["can_support"] is False and detail["author"]["name"]


def test_board_query_count_is_constant(college, member, staff, anon, django_assert_max_num_queries):
    for i in range(3):
        make_request(member, college, title=f"Demande {i}", tags=["rejet", f"t{i}"])
    with django_assert_max_num_queries(4):
        assert anon.get(f"{API}/requests").status_code == 200
    for i in range(10):
        make_request(member, college, title=f"Autre {i}", tags=["rejet", f"u{i}"])
    with django_assert_max_num_queries(4):
        assert len(anon.get(f"{API}/requests").json()["results"]) == 13
    with django_assert_max_num_queries(4):
        assert anon.get(f"{API}/positions").status_code == 200


def test_my_requests_query_count_is_constant(college, member, django_assert_max_num_queries):
    client = token_client(member, scope="read")
    for i in range(5):
        make_request(member, college, title=f"Demande {i}")
    # token lookup, last_used_at, count, page, tags
    with django_assert_max_num_queries(6):
        assert client.get(f"{API}/requests/mine").json()["count"] == 5


def test_positions_are_built_and_put_to_vote_by_facilitators(college, member, facilitator):
    cr = make_request(member, college)
    payload = {"college": college.slug, "title": "Position", "body": "Texte", "requests": [cr.pk]}
    problem(token_client(member).post(f"{API}/positions", payload), 403)
    response = token_client(facilitator).post(f"{API}/positions", payload)
    assert response.status_code == 201, response.content
    position = response.json()
    assert position["requests"] == [cr.pk] and position["status"] == "draft"
    # In preparation, the position is its college's: outsiders do not see it, not even listed.
    problem(ApiClient().get(f"{API}/positions/{position['id']}"), 404)
    assert position["id"] not in [
        p["id"] for p in ApiClient().get(f"{API}/positions").json()["results"]
    ]
    assert (
        token_client(member, scope="read").get(f"{API}/positions/{position['id']}").status_code
        == 200
    )

    now = timezone.now()
    ballot = {
        "opens_at": now.isoformat(),
        "closes_at": (now + timezone.timedelta(days=7)).isoformat(),
    }
    problem(token_client(member).post(f"{API}/positions/{position['id']}/ballot", ballot), 403)
    response = token_client(facilitator).post(f"{API}/positions/{position['id']}/ballot", ballot)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "in_vote" and response.json()["ballot"]
    assert Position.objects.get().ballot is not None
    problem(token_client(facilitator).post(f"{API}/positions/{position['id']}/ballot", ballot), 409)
    listing = ApiClient().get(f"{API}/positions", {"college": college.slug, "status": "in_vote"})
    assert listing.json()["count"] == 1


def test_positions_refused_for_unknown_college(facilitator):
    payload = {"college": "inconnu", "title": "P", "body": "T", "requests": [1]}
    problem(token_client(facilitator).post(f"{API}/positions", payload), 404)


_ = with_totp

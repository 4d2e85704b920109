"""Safe retries (issue 23.10): the same `Idempotency-Key` and request within 24 hours return the
first answer and create nothing; another request under the same key is refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from club.core.api.idempotency import forget_expired
from club.core.api.models import IdempotentRequest
from proposals.models import ChangeRequest, Support
from tests.api.conftest import API, problem, token_client
from tests.proposals.factories import area, make_request

pytestmark = pytest.mark.django_db

KEY = {"Idempotency-Key": "ba1f0c2e-erp-42"}


def body(college, **overrides):
    return {
        "college": college.slug,
        "area": area().slug,
        "title": "Afficher le motif de rejet en clair",
        "current_behaviour": "Le code de rejet seul s'affiche.",
        "expected_behaviour": "Le libellé du motif de rejet s'affiche à côté du code.",
    } | overrides


def test_a_retried_post_returns_the_first_answer_and_files_once(college, member):
    client = token_client(member)
    first = client.post(f"{API}/requests", body(college), headers=KEY)
    assert first.status_code == 201
    again = client.post(f"{API}/requests", body(college), headers=KEY)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json() and again["Location"] == first["Location"]
    assert ChangeRequest.objects.count() == 1
    # Without a key, a retry is a new request (as before).
    assert client.post(f"{API}/requests", body(college, title="Autre")).status_code == 201
    assert ChangeRequest.objects.count() == 2


def test_the_same_key_for_another_request_is_422(college, member):
    client = token_client(member)
    assert client.post(f"{API}/requests", body(college), headers=KEY).status_code == 201
    found = problem(client.post(f"{API}/requests", body(college, title="Autre"), headers=KEY), 422)
    assert found["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert ChangeRequest.objects.count() == 1


def test_keys_belong_to_their_holder_and_refusals_are_replayed(college, member, second_member):
    change_request = make_request(member, college)
    url = f"{API}/requests/{change_request.pk}/support"
    # The author may not support: the refusal is the answer, replayed as it was.
    assert token_client(member).post(url, headers=KEY).status_code == 403
    assert token_client(member).post(url, headers=KEY).status_code == 403
    # Another person's same key is theirs alone.
    assert token_client(second_member).post(url, headers=KEY).status_code == 201
    assert token_client(second_member).post(url, headers=KEY).status_code == 201
    assert Support.objects.count() == 1


def test_a_key_is_kept_a_day(college, member):
    client = token_client(member)
    assert client.post(f"{API}/requests", body(college), headers=KEY).status_code == 201
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    assert forget_expired() == 1
    assert client.post(f"{API}/requests", body(college), headers=KEY).status_code == 201
    assert ChangeRequest.objects.count() == 2


def test_a_malformed_key_is_422_and_the_document_says_so(college, member):
    found = problem(
        token_client(member).post(
            f"{API}/requests", body(college), headers={"Idempotency-Key": "é" * 3}
        ),
        422,
    )
    assert found["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    from club.api.main import api

    for path, item in api.get_openapi_schema()["paths"].items():
        if "post" in item:
            names = {p["name"] for p in item["post"].get("parameters", [])}
            assert "Idempotency-Key" in names, path

"""The caller's notifications through the API: the same notices and read state as the site."""

import pytest

from club.core.notifications.models import Notification
from club.core.notifications.services import mark_read, notify, unread_count
from tests.api.conftest import API, ApiClient, problem, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_earlier_notices(member, second_member):
    """Joining a college already told these members; start each test from an empty list."""
    Notification.objects.all().delete()


def notices_for(user, count, kind="announcement"):
    notify([user], kind, subject="Annonce", body="Texte", url="/")
    for index in range(count - 1):
        notify([user], kind, subject=f"Annonce {index}", body="Texte", url="/")
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def test_anonymous_callers_get_401(anon):
    problem(anon.get(f"{API}/notifications"), 401)
    problem(anon.post(f"{API}/notifications/read-all"), 401)


def test_a_member_lists_only_its_own_notices_unread_first(member, second_member):
    mine = notices_for(member, 3)
    notices_for(second_member, 2)
    mark_read(member, [mine[0].pk])
    client = token_client(member, scope="read")

    body = client.get(f"{API}/notifications").json()

    assert body["count"] == 3
    ids = [item["id"] for item in body["results"]]
    assert set(ids) == {n.pk for n in mine}
    assert ids[-1] == mine[0].pk  # the read one comes last
    assert body["results"][-1]["read_at"] is not None


def test_unread_filter_and_kind_filter(member):
    notices_for(member, 2)
    notify([member], "ballot_opened", subject="Scrutin", body="", url="/")
    client = token_client(member, scope="read")

    assert client.get(f"{API}/notifications", {"kind": "ballot_opened"}).json()["count"] == 1
    assert client.get(f"{API}/notifications", {"unread": "true"}).json()["count"] == 3
    assert client.get(f"{API}/notifications", {"unread": "false"}).json()["count"] == 0


def test_marking_read_changes_only_the_callers_notices(member, second_member):
    mine = notices_for(member, 2)
    theirs = notices_for(second_member, 1)
    client = token_client(member)

    response = client.post(f"{API}/notifications/read", {"ids": [mine[0].pk, theirs[0].pk]})

    assert response.status_code == 200
    assert response.json() == {"marked": 1, "unread": 1}
    assert unread_count(second_member) == 1
    assert client.post(f"{API}/notifications/read-all").json() == {"marked": 1, "unread": 0}


def test_a_read_only_token_cannot_mark(member):
    notices_for(member, 1)
    body = problem(token_client(member, scope="read").post(f"{API}/notifications/read-all"), 403)
    assert "lecture seule" in body["detail"]
    assert unread_count(member) == 1


def test_out_of_range_ids_are_a_clear_422(member):
    body = problem(token_client(member).post(f"{API}/notifications/read", {"ids": [10**21]}), 422)
    assert body["errors"]


def test_the_list_costs_the_same_queries_for_more_notices(member, django_assert_max_num_queries):
    client = token_client(member, scope="read")
    notices_for(member, 3)
    with django_assert_max_num_queries(8) as few:
        client.get(f"{API}/notifications")
    notices_for(member, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"{API}/notifications")


def test_session_reads_work_without_a_token(member):
    notices_for(member, 1)
    client = ApiClient()
    client.force_login(member)
    assert client.get(f"{API}/notifications").json()["count"] == 1

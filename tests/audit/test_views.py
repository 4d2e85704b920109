import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from club.core.audit.services import record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("audit:index")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_members_are_refused(client, member):
    client.force_login(member)
    assert client.get(URL).status_code == 403


def test_staff_without_second_factor_are_sent_to_set_it_up(client, staff):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_see_the_log(client, staff_with_mfa, college):
    record(actor=staff_with_mfa, action="application.approved", target=college, reason="OK")
    client.force_login(staff_with_mfa)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Journal d&#x27;audit</h1>" in html or "<h1>Journal d'audit</h1>" in html
    assert "Candidature acceptée" in html  # what people read
    assert "application.approved" in html  # the stable code, for scripts and the integrity check
    assert "Collège n° " in html  # the kind of object, not the model's English name
    assert "Aude Itrice" in html
    assert "Fournisseurs" in html


@pytest.fixture
def entries(staff_with_mfa, college, other_college):
    alice = UserFactory(first_name="Alice", last_name="Zola", email="alice@exemple.fr")
    record(actor=staff_with_mfa, action="application.approved", target=college)
    record(actor=alice, action="personal_data.exported", target=alice)
    record(actor=staff_with_mfa, action="application.rejected", target=other_college)
    # Recorded a month ago: the table refuses back-dating (append-only in the database).
    with time_machine.travel(timezone.now() - datetime.timedelta(days=30)):
        record(actor=None, action="cycle.opened", reason="Tâche planifiée")
    return alice


def _actions(response):
    return [entry.action for entry in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "application."}, ["application.rejected", "application.approved"]),
        ({"actor": "alice@exemple"}, ["personal_data.exported"]),
        ({"actor": "Zola"}, ["personal_data.exported"]),
        ({"target": "Éditeurs"}, ["application.rejected"]),
        ({"target": "user"}, ["personal_data.exported"]),
        (
            {"date_from": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()},
            ["application.rejected", "personal_data.exported", "application.approved"],
        ),
        (
            {"date_to": (timezone.localdate() - datetime.timedelta(days=1)).isoformat()},
            ["cycle.opened"],
        ),
        ({"action": "application.approved", "actor": "Zola"}, []),
        ({"action": "candidature refusée"}, ["application.rejected"]),
    ],
)
def test_search(client, staff_with_mfa, entries, query, expected):
    client.force_login(staff_with_mfa)
    response = client.get(URL, query)
    assert response.status_code == 200
    assert _actions(response) == expected


def test_invalid_dates_show_an_error_and_no_entries(client, staff_with_mfa, entries):
    client.force_login(staff_with_mfa)
    response = client.get(URL, {"date_from": "2026-11-25", "date_to": "2026-11-01"})
    assert response.status_code == 200
    assert "La date de fin précède la date de début." in response.content.decode()
    assert _actions(response) == []


def test_pagination_keeps_the_criteria(client, staff_with_mfa):
    for number in range(60):
        record(actor=staff_with_mfa, action="test.paged", reason=str(number))
    client.force_login(staff_with_mfa)
    response = client.get(URL, {"action": "test.paged"})
    assert len(_actions(response)) == 50
    assert "?action=test.paged&amp;page=2" in response.content.decode()
    response = client.get(URL, {"action": "test.paged", "page": 2})
    assert len(_actions(response)) == 10


def test_query_count_is_constant(client, staff_with_mfa, college, django_assert_max_num_queries):
    client.force_login(staff_with_mfa)

    def add(count):
        for number in range(count):
            person = UserFactory()
            record(actor=person, action="application.approved", target=college, after={"n": number})
            record(actor=person, action="personal_data.exported", target=person)

    add(5)
    with django_assert_max_num_queries(8):
        assert client.get(URL).status_code == 200
    add(15)
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"actor": "exemple"})
    assert len(_actions(response)) == 40

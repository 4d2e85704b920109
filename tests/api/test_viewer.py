"""`viewer.can_*` (issue 23, defect 3): what the API says the caller may do is what the site's
buttons say (one selector over the lifecycle table) and what the act then does."""

import pytest
from django.db import transaction
from django.test import Client

from proposals import services
from tests.api.conftest import API, token_client
from tests.proposals.factories import make_request, member_of

pytestmark = pytest.mark.django_db

ACTS = {"can_support": "support", "can_submit": "submit", "can_withdraw": "withdraw"}


class Rollback(Exception):
    pass


def attempt(client, url, body=None):
    """The act's status, its effects undone."""
    status = None
    try:
        with transaction.atomic():
            status = client.post(url, body or {}).status_code
            raise Rollback
    except Rollback:
        pass
    return status


def requests_in_every_state(college, author, other):
    draft = make_request(author, college, submit=False, title="Brouillon")
    submitted = make_request(author, college, title="Déposée")
    withdrawn = make_request(author, college, title="Retirée")
    services.withdraw_request(request=withdrawn, actor=author, reason="Plus utile")
    survivor = make_request(other, college, title="Survivante")
    return [draft, submitted, withdrawn, survivor]


def test_viewer_says_what_the_site_shows_and_what_the_act_does(
    college, other_college, member, second_member, staff
):
    outsider = member_of(other_college, staff=staff)
    people = [member, second_member, outsider]
    for change_request in requests_in_every_state(college, member, second_member):
        for person in people:
            api = token_client(person)
            response = api.get(f"{API}/requests/{change_request.pk}")
            if response.status_code == 404:
                continue
            viewer = response.json()["viewer"]
            site = Client()
            site.force_login(person)
            page = site.get(change_request.get_absolute_url())
            assert page.status_code == 200
            for key, value in viewer.items():
                if key == "steps":
                    assert value == [s.name for s in page.context["steps"]]
                else:
                    assert value == bool(page.context[key]), (change_request.status, key)
            for flag, act in ACTS.items():
                status = attempt(api, f"{API}/requests/{change_request.pk}/{act}")
                assert (status in (200, 201)) == viewer[flag], (
                    change_request.status,
                    person,
                    act,
                    status,
                )


def test_a_withdrawn_request_cannot_be_withdrawn_again(college, member):
    change_request = make_request(member, college)
    client = token_client(member)
    assert client.get(f"{API}/requests/{change_request.pk}").json()["viewer"]["can_withdraw"]
    assert client.post(f"{API}/requests/{change_request.pk}/withdraw", {}).status_code == 200
    viewer = client.get(f"{API}/requests/{change_request.pk}").json()["viewer"]
    assert viewer["can_withdraw"] is False and viewer["can_submit"] is False
    assert client.post(f"{API}/requests/{change_request.pk}/withdraw", {}).status_code == 409

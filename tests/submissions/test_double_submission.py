"""Every form survives double submission: the same POST twice acts once.

The one-time token comes from the page itself, so a template that forgets
`{% submission_token %}` fails here too.
"""

import uuid

import pytest

from club.core.submissions.models import Submission
from tests.form_targets import BY_NAME, TARGETS, counts, sign_in, token_in

pytestmark = pytest.mark.django_db

CREATING = sorted(target.name for target in TARGETS if target.creates)


def _form(client, world, target):
    sign_in(client, world, target.role)
    url = target.url(world)
    page = client.get(target.page(world) if target.page else url)
    assert page.status_code == 200, (target.name, page.status_code)
    token = token_in(page.content.decode(), url)
    assert token, f"{target.name}: the form has no one-time token"
    return url, {**target.data(world), "submission_token": token}


@pytest.mark.parametrize("name", CREATING)
def test_the_same_form_sent_twice_creates_one_object(client, world, name):
    target = BY_NAME[name]
    url, data = _form(client, world, target)
    before = counts(target)
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code < 400, (name, first.status_code)
    assert counts(target)[0] == before[0] + 1, name
    assert second.status_code < 500
    if first.status_code in (301, 302, 303):
        # The replay is answered like the first send, with a word of explanation.
        assert second.status_code == 302 and second["Location"] == first["Location"]
        followed = client.get(second["Location"])
        assert "n&#x27;a été pris en compte qu&#x27;une fois" in followed.content.decode()


def test_a_refused_form_can_be_corrected_and_sent_with_the_same_token(client, world):
    target = BY_NAME["post_create"]
    url, data = _form(client, world, target)
    before = counts(target)
    refused = client.post(url, {**data, "body": ""})
    assert refused.status_code in (200, 400)
    assert counts(target) == before and not Submission.objects.exists()
    accepted = client.post(url, data)
    assert accepted.status_code == 302
    assert counts(target)[0] == before[0] + 1
    assert Submission.objects.get().location == accepted["Location"]


def test_a_token_replayed_by_someone_else_does_nothing(client, world):
    target = BY_NAME["post_create"]
    url, data = _form(client, world, target)
    client.post(url, data)
    before = counts(target)
    client.force_login(world.people["supporter"])
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Formulaire déjà envoyé" in response.content.decode()
    assert counts(target) == before


def test_forms_without_a_token_work_as_before(client, world):
    target = BY_NAME["post_create"]
    sign_in(client, world, target.role)
    before = counts(target)
    client.post(target.url(world), target.data(world))
    client.post(target.url(world), target.data(world))
    assert counts(target)[0] == before[0] + 2
    assert not Submission.objects.exists()


def test_an_error_page_rolls_back_the_token_and_the_work(client, world, monkeypatch):
    from colleges.threads import services

    def broken(**kwargs):
        from colleges.threads.models import Post

        Post.objects.create(thread=world.thread, author=world.people["member"], body="x")
        raise RuntimeError("panne")

    monkeypatch.setattr(services, "create_post", broken)
    client.raise_request_exception = False
    target = BY_NAME["post_create"]
    url, data = _form(client, world, target)
    before = counts(target)
    assert client.post(url, data).status_code == 500
    assert counts(target) == before and not Submission.objects.exists()


def test_the_page_script_stops_a_second_click(client, world):
    client.force_login(world.people["member"])
    page = client.get(BY_NAME["post_create"].page(world)).content.decode()
    assert "club/js/submit-once.js" in page
    assert uuid.UUID(token_in(page, BY_NAME["post_create"].url(world)))


def test_tokens_are_personal_data_and_purged_after_a_week(client, world):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from club.core.gdpr import services as gdpr_services

    target = BY_NAME["post_create"]
    url, data = _form(client, world, target)
    client.post(url, data)
    member = world.people["member"]
    exported = gdpr_services.export_personal_data(user=member)
    assert [row["page"] for row in exported["sections"]["submissions"]] == [url]
    Submission.objects.update(created_at=timezone.now() - timedelta(days=8))
    call_command("purge_submissions")
    assert not Submission.objects.exists()

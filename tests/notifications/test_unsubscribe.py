"""The link in every e-mail turns its kinds off without signing in; a forged link changes nothing."""

import pytest
from django.test import Client

from club.core.notifications import emails
from club.core.notifications import services as notifications
from club.core.notifications.models import NotificationPreference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return UserFactory()


def link_path(person, kind_keys) -> str:
    return emails.unsubscribe_url(person.pk, kind_keys).removeprefix("http://127.0.0.1:8000")


def test_get_shows_one_confirmation_button_and_changes_nothing(person):
    response = Client().get(link_path(person, ["thread_post"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Confirmer le désabonnement" in page
    assert "Nouveau message dans un fil suivi" in page
    assert not NotificationPreference.objects.exists()


def test_post_from_a_mail_client_unsubscribes_without_login_or_csrf(person):
    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", with no cookie and no token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        link_path(person, ["thread_post", "announcement"]),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Désabonnement confirmé" in page
    assert "réabonner" in page
    assert notifications.preferences_of(person)["thread_post"] == "never"
    assert notifications.preferences_of(person)["announcement"] == "never"
    assert notifications.preferences_of(person)["request_status"] == "immediate"
    # Clicking twice is harmless.
    assert client.post(link_path(person, ["thread_post"])).status_code == 200


def test_a_forged_token_fails_with_a_clear_message(person):
    path = link_path(person, ["thread_post"])
    token = path.rstrip("/").rsplit("/", 1)[-1]
    forged = path.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))
    for method in ("get", "post"):
        response = getattr(Client(), method)(forged)
        assert response.status_code == 400
        assert "Ce lien n'est pas valide" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_token_for_another_purpose_is_refused(person):
    from django.core import signing

    token = signing.dumps({"u": person.pk, "k": ["thread_post"]}, salt="another.purpose")
    response = Client().post(f"/notifications/desabonnement/{token}/")
    assert response.status_code == 400
    assert not NotificationPreference.objects.exists()


def test_kinds_that_cannot_be_turned_off_are_ignored_by_links(person):
    assert emails.read_unsubscribe_token(
        emails.unsubscribe_token(person.pk, ["application_decided", "thread_post"])
    ) == (person.pk, ["thread_post"])

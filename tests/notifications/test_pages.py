"""The list, the preferences and the header badge."""

import re

import pytest
from django.urls import reverse

from club.core.notifications import kinds
from club.core.notifications import services as notifications
from club.core.notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return UserFactory()


def tell(person, count=1, **extra):
    for index in range(count):
        notifications.notify(
            [person], "announcement", subject=f"Annonce {index}", url="/votes/", **extra
        )


def test_the_list_shows_unread_first_in_constant_queries(
    client, person, django_assert_max_num_queries
):
    tell(person, 3)
    oldest = Notification.objects.filter(recipient=person).order_by("pk").first()
    notifications.mark_all_read(person)
    tell(person, 30)
    Notification.objects.filter(pk=oldest.pk).update(read_at=None)  # an old one still unread
    client.force_login(person)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    notices = list(response.context["notices"])
    assert len(notices) == 20
    assert all(n.read_at is None for n in notices)
    assert "31 notifications non lues" in response.content.decode()
    with django_assert_max_num_queries(8):
        last = client.get(reverse("notifications:list") + "?page=2")
    assert [n.read_at is None for n in last.context["notices"]][-2:] == [False, False]


def test_marking_read_touches_only_ones_own_notices(client, person):
    other = UserFactory()
    tell(person, 2)
    tell(other)
    mine = list(Notification.objects.filter(recipient=person).values_list("pk", flat=True))
    theirs = Notification.objects.get(recipient=other).pk
    client.force_login(person)
    response = client.post(
        reverse("notifications:mark_read"), {"ids": [mine[0], theirs]}, follow=True
    )
    assert "1 notification(s) marquée(s) comme lue(s)." in response.content.decode()
    assert Notification.objects.get(pk=theirs).read_at is None
    assert Notification.objects.unread().filter(recipient=person).count() == 1
    client.post(reverse("notifications:mark_read"), {"all": "1"})
    assert not Notification.objects.unread().filter(recipient=person).exists()
    response = client.post(reverse("notifications:mark_read"), {"ids": ["x"]}, follow=True)
    assert "Aucune notification non lue à marquer." in response.content.decode()


def test_opening_a_notice_marks_it_read_and_goes_there_within_the_site(client, person):
    tell(person)
    notices = Notification.objects.filter(recipient=person)
    notice = notices.get()
    client.force_login(person)
    response = client.post(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/votes/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    notices.update(url="https://evil.example/")
    response = client.post(reverse("notifications:open", args=[notice.pk]))
    assert response["Location"] == reverse("notifications:list")
    other = UserFactory()
    client.force_login(other)
    assert client.post(reverse("notifications:open", args=[notice.pk])).status_code == 404


def test_the_badge_says_how_many_are_unread(client, person):
    client.force_login(person)
    page = client.get(reverse("notifications:preferences")).content.decode()
    # The link's name says the count once: « Notifications (0 non lue) » (issue 22.4).
    assert "(0 non lue)" in page
    # On commit, notify() refreshes the cached count; this test's transaction never commits.
    tell(person, 3)
    from django.core.cache import cache

    cache.clear()
    page = client.get(reverse("notifications:preferences")).content.decode()
    link = re.search(r"<a[^>]*data-notifications-badge.*?</a>", page, re.S).group(0)
    # Read « Notifications (3 non lues) »: the badge is hidden from screen readers, and no live
    # region inside the link (the DSFR copies it into the mobile menu) says it a second time.
    assert "data-notifications-text>(3 non lues)</span>" in link
    assert 'aria-hidden="true"' in link and "aria-live" not in link
    # Under WSGI (this client, Django's live server) there is no socket to open.
    assert "club/js/notifications.js" not in page


@pytest.mark.django_db(transaction=True)
async def test_the_live_badge_script_is_loaded_under_asgi(async_client):
    from asgiref.sync import sync_to_async

    person = await sync_to_async(UserFactory)()
    await sync_to_async(async_client.force_login)(person)
    response = await async_client.get(reverse("notifications:preferences"))
    page = response.content.decode()
    assert "club/js/notifications.js" in page and "nonce=" in page


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/compte/" in response["Location"]


def test_preferences_are_chosen_per_kind_and_errors_keep_the_input(client, person):
    client.force_login(person)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Nouveau message dans un fil suivi" in page
    assert "Décision sur ma candidature" in page  # listed as always sent
    data = {key: kind.default_mode for key, kind in kinds.KINDS.items() if kind.can_disable}
    data["thread_post"] = "weekly"
    data["newsletter"] = "immediate"
    response = client.post(reverse("notifications:preferences"), data, follow=True)
    assert "Vos choix de courriels sont enregistrés." in response.content.decode()
    chosen = notifications.preferences_of(person)
    assert chosen["thread_post"] == "weekly" and chosen["newsletter"] == "immediate"

    data["thread_post"] = "every-minute"
    data["announcement"] = "daily"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choisissez une des fréquences proposées." in page
    assert response.context["form"].data["announcement"] == "daily"
    assert notifications.preferences_of(person)["thread_post"] == "weekly"

"""The unread badge's count reaches the person's open pages over the channel layer.

Runs on the configured layer: in-memory by default, Redis in the PostgreSQL+Redis pass.
"""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from club.asgi import application
from club.core.notifications import services as notifications
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost")


def signed_in():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    return user, client.cookies[settings.SESSION_COOKIE_NAME].value


async def connect(session):
    communicator = WebsocketCommunicator(
        application,
        "/ws/me/",
        headers=[ORIGIN, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={session}".encode())],
    )
    connected, _code = await communicator.connect()
    assert connected
    return communicator


async def test_a_new_notice_and_reading_it_update_the_badge_live():
    user, session = await sync_to_async(signed_in)()
    _other, other_session = await sync_to_async(signed_in)()
    mine = await connect(session)
    theirs = await connect(other_session)
    assert (await mine.receive_json_from())["unread"] == 0
    await theirs.receive_json_from()

    # Committed (transactional test): the push happens on commit.
    notices = await sync_to_async(notifications.notify)(
        [user], "announcement", subject="Réunion jeudi"
    )
    assert await mine.receive_json_from(timeout=3) == {"type": "notifications.unread", "count": 1}
    await sync_to_async(notifications.notify)([user], "announcement", subject="Encore")
    assert (await mine.receive_json_from(timeout=3))["count"] == 2
    assert await theirs.receive_nothing(timeout=0.3), "nobody else hears of it"

    await sync_to_async(notifications.mark_read)(user, [notices[0].pk])
    assert (await mine.receive_json_from(timeout=3))["count"] == 1
    await sync_to_async(notifications.mark_all_read)(user)
    assert (await mine.receive_json_from(timeout=3))["count"] == 0

    # A page that reconnects gets the current count in the greeting.
    await sync_to_async(notifications.notify)([user], "announcement", subject="Après")
    await mine.receive_json_from(timeout=3)
    again = await connect(session)
    assert (await again.receive_json_from())["unread"] == 1
    for communicator in (mine, theirs, again):
        await communicator.disconnect()

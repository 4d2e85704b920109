"""The live thread socket: who may subscribe, what readers see live, and catch-up.

Runs on the configured channel layer: in-memory by default, Redis in the second CI pass.
"""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from club.asgi import application
from club.core.notifications.consumers import CLOSE_UNAUTHENTICATED
from colleges.threads import services
from colleges.threads.consumers import CLOSE_FORBIDDEN
from tests.factories import UserFactory, make_member
from tests.threads.factories import with_totp

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost")


def _cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()


async def _connect(thread_id: int, user=None) -> tuple[WebsocketCommunicator, bool, int | None]:
    headers = [ORIGIN]
    if user is not None:
        headers.append((b"cookie", await sync_to_async(_cookie)(user)))
    communicator = WebsocketCommunicator(application, f"/ws/fils/{thread_id}/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


async def _join(thread_id: int, user, since: int) -> tuple[WebsocketCommunicator, dict]:
    communicator, connected, _ = await _connect(thread_id, user)
    assert connected
    presence = await communicator.receive_json_from()
    assert presence["type"] == "presence"
    await communicator.send_json_to({"type": "catch_up", "since": since})
    return communicator, await communicator.receive_json_from()


async def test_anonymous_and_outsiders_are_refused(thread, outsider):
    _, connected, code = await _connect(thread.pk)
    assert (connected, code) == (False, CLOSE_UNAUTHENTICATED)
    _, connected, code = await _connect(thread.pk, outsider)
    assert (connected, code) == (False, CLOSE_FORBIDDEN)
    stranger = await sync_to_async(UserFactory)()
    _, connected, code = await _connect(thread.pk, stranger)
    assert (connected, code) == (False, CLOSE_FORBIDDEN)
    _, connected, code = await _connect(999_999, stranger)
    assert connected is False


async def test_members_facilitators_and_staff_are_accepted(thread, member, facilitator, staff):
    await sync_to_async(with_totp)(staff)  # staff read every college's threads: a power
    for person in (member, facilitator, staff):
        communicator, connected, _ = await _connect(thread.pk, person)
        assert connected, person
        await communicator.disconnect()


async def test_readers_see_new_posts_live_and_presence(thread, member, facilitator):
    reader, _ = await _join(thread.pk, member, since=thread.revision)
    writer, _ = await _join(thread.pk, facilitator, since=thread.revision)
    # The first reader hears that a second one arrived.
    assert await reader.receive_json_from() == {"type": "presence", "count": 2}

    post = await sync_to_async(services.create_post)(
        thread=thread, author=facilitator, body="Le motif **« code service absent »** revient."
    )
    event = await reader.receive_json_from()
    assert event["type"] == "post" and event["id"] == post.pk
    assert event["revision"] == post.revision
    assert "<strong>« code service absent »</strong>" in event["html"]
    assert f'id="message-{post.pk}"' in event["html"]
    # The author's own copy carries the edit link; the other reader's does not.
    mine = await writer.receive_json_from()
    assert "Modifier" in mine["html"] and "Modifier" not in event["html"]

    await writer.disconnect()
    assert await reader.receive_json_from() == {"type": "presence", "count": 1}
    await reader.disconnect()


async def test_hidden_post_disappears_live_and_only_its_author_sees_why(
    thread, member, facilitator, staff, college
):
    colleague = (await sync_to_async(make_member)(college, staff=staff)).user
    post = await sync_to_async(services.create_post)(
        thread=thread, author=member, body="Voici le numéro d'engagement 1300012345 du client."
    )
    author, _ = await _join(thread.pk, member, since=post.revision)
    other, _ = await _join(thread.pk, colleague, since=post.revision)
    await author.receive_json_from()  # presence 2

    await sync_to_async(services.hide_post)(
        post=post, actor=facilitator, reason="Numéro d'engagement d'un client public"
    )
    seen_by_author = await author.receive_json_from()
    seen_by_other = await other.receive_json_from()
    for event in (seen_by_author, seen_by_other):
        assert event["id"] == post.pk and "Message masqué" in event["html"]
    assert "Numéro d&#x27;engagement d&#x27;un client public" in seen_by_author["html"]
    assert "1300012345" not in seen_by_author["html"]
    assert "Motif" not in seen_by_other["html"] and "1300012345" not in seen_by_other["html"]
    await author.disconnect()
    await other.disconnect()


async def test_catch_up_after_reconnect_returns_exactly_what_was_missed(
    thread, member, facilitator
):
    first = await sync_to_async(thread.posts.get)()
    communicator, hello = await _join(thread.pk, member, since=0)
    assert [p["id"] for p in hello["posts"]] == [first.pk]
    last_seen = hello["revision"]
    await communicator.disconnect()

    def happen_while_away():
        kept = services.create_post(thread=thread, author=facilitator, body="Vu avant ?")
        edited = services.create_post(thread=thread, author=member, body="Brouillon")
        services.edit_post(post=edited, actor=member, body="Version corrigée")
        hidden = services.create_post(thread=thread, author=member, body="Hors sujet")
        services.hide_post(post=hidden, actor=facilitator, reason="Hors sujet")
        return kept, edited, hidden

    kept, edited, hidden = await sync_to_async(happen_while_away)()
    communicator, caught_up = await _join(thread.pk, member, since=last_seen)
    assert [p["id"] for p in caught_up["posts"]] == [kept.pk, edited.pk, hidden.pk]
    by_id = {p["id"]: p for p in caught_up["posts"]}
    assert "Version corrigée" in by_id[edited.pk]["html"]
    assert "Message masqué" in by_id[hidden.pk]["html"]
    assert caught_up["revision"] == max(p["revision"] for p in caught_up["posts"])

    # Asking again from the latest revision returns nothing: no duplicates.
    await communicator.send_json_to({"type": "catch_up", "since": caught_up["revision"]})
    assert (await communicator.receive_json_from())["posts"] == []
    await communicator.disconnect()


async def test_a_reader_who_lost_membership_is_cut_off(thread, member, staff, college):
    from colleges import services as college_services
    from colleges.models import Membership

    communicator, _ = await _join(thread.pk, member, since=thread.revision)
    membership = await sync_to_async(Membership.objects.get)(user=member, college=college)
    await sync_to_async(college_services.suspend_membership)(
        membership=membership, actor=staff, reason="Test"
    )
    await communicator.send_json_to({"type": "catch_up", "since": 0})
    assert (await communicator.receive_output())["type"] == "websocket.close"


async def test_a_pong_says_the_revision_so_a_reader_can_see_what_it_missed(
    thread, member, facilitator
):
    reader, caught_up = await _join(thread.pk, member, since=thread.revision)
    start = caught_up["revision"]
    await reader.send_json_to({"type": "ping"})
    assert await reader.receive_json_from() == {
        "type": "pong",
        "revision": start,
        "locked": False,
        "archived": False,
    }

    # A post the reader was not pushed (made here without the live broadcast, as when the
    # channel layer is down): the next pong says the thread moved on, and a catch-up has it.
    post = await sync_to_async(services.create_post)(
        thread=thread, author=facilitator, body="Écrit pendant une panne."
    )
    await reader.receive_json_from()  # the live push, which a real outage would have lost
    await reader.send_json_to({"type": "ping"})
    pong = await reader.receive_json_from()
    assert pong["revision"] == post.revision and post.revision > start
    await reader.send_json_to({"type": "catch_up", "since": start})
    missed = await reader.receive_json_from()
    assert [p["id"] for p in missed["posts"]] == [post.pk]

    # A lock the reader missed shows in the next pong too.
    await sync_to_async(services.set_thread_flag)(thread=thread, actor=facilitator, action="lock")
    await reader.receive_json_from()  # the live state push, which an outage would have lost
    await reader.send_json_to({"type": "ping"})
    pong = await reader.receive_json_from()
    assert pong["locked"] is True and pong["archived"] is False
    await reader.disconnect()


async def test_a_member_who_leaves_gets_no_more_live_posts(
    thread, member, facilitator, monkeypatch
):
    from colleges import services as college_services
    from colleges.models import Membership
    from colleges.threads import consumers

    # Rights are checked again before a live post once the (jittered) interval is over: here
    # the interval is zero, so before every post.
    monkeypatch.setattr(consumers, "LIVE_RECHECK_SECONDS", 0)
    reader, _ = await _join(thread.pk, member, since=thread.revision)
    first = await sync_to_async(services.create_post)(
        thread=thread, author=facilitator, body="Pour les membres."
    )
    assert (await reader.receive_json_from())["id"] == first.pk

    def leave():
        membership = Membership.objects.active().get(user=member, college=thread.college)
        college_services.leave_college(membership=membership)

    await sync_to_async(leave)()
    await sync_to_async(services.create_post)(
        thread=thread, author=facilitator, body="Réservé aux membres."
    )
    closed = await reader.receive_output(timeout=3)
    assert closed == {"type": "websocket.close", "code": CLOSE_FORBIDDEN}

"""Live readers of a thread: new, edited and hidden posts appear, and how many are reading.

Protocol (JSON): the client sends {"type": "catch_up", "since": <revision>} on every
(re)connection and gets {"type": "catch_up", "posts": [...], "revision": n} with every post
created, edited or hidden after that revision, each rendered for this reader. Then the server
pushes {"type": "post", ...}, {"type": "presence", "count": n} and {"type": "state", ...}.
The client's {"type": "ping"} gets {"type": "pong", "revision": n, "locked": …, "archived": …}:
a client behind that revision missed a push and asks for a catch-up; a state it does not show
yet is shown.
"""

import asyncio
import copy
import json
import random
import time
from collections import OrderedDict

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.cache import cache
from django.utils import translation

from club.core.domain import NotVisible
from club.core.live import watch as layer_watch
from club.core.notifications.consumers import CLOSE_UNAUTHENTICATED
from colleges.threads import rules, selectors, services
from colleges.threads.models import Thread
from colleges.threads.presenters import decorate_posts, reader_flags, render_post

CLOSE_FORBIDDEN = 4403
PRESENCE_TTL = 60 * 60 * 6
# A reader's right to read is checked again before a live post at most this often; a catch-up
# always checks. Checking on every post cost a query per socket and post (make bench).
LIVE_RECHECK_SECONDS = 30


def _presence_key(thread_id: int) -> str:
    return f"thread-presence:{thread_id}"


def presence_change(thread_id: int, delta: int) -> int:
    """Open sockets on the thread; the cache is shared by every server when Redis is set."""
    key = _presence_key(thread_id)
    cache.add(key, 0, PRESENCE_TTL)
    try:
        count = cache.incr(key, delta)
    except ValueError:
        cache.set(key, max(delta, 0), PRESENCE_TTL)
        count = max(delta, 0)
    if count < 0:
        cache.set(key, 0, PRESENCE_TTL)
        count = 0
    return count


# Every arrival or departure tells every reader: n readers arriving cost n² messages. Small
# rooms hear each change at once; past PRESENCE_EXACT_UP_TO readers, one announcement per
# thread and PRESENCE_INTERVAL seconds, across all servers, carries the latest count.
PRESENCE_EXACT_UP_TO = 20
PRESENCE_INTERVAL = 2
_presence_pending: set[int] = set()


def _in_cache(function):
    """Cache calls touch Redis only: they run beside, not behind, the database thread."""
    return sync_to_async(function, thread_sensitive=False)


async def announce_presence(layer, thread_id: int, count: int) -> None:
    if count <= PRESENCE_EXACT_UP_TO:
        await layer.group_send(
            services.thread_group(thread_id), {"type": "thread.presence", "count": count}
        )
        return
    if await _presence_turn(thread_id):
        await layer.group_send(
            services.thread_group(thread_id), {"type": "thread.presence", "count": count}
        )
    elif thread_id not in _presence_pending:
        # Someone announced within the interval: say the latest count once it is over.
        _presence_pending.add(thread_id)
        asyncio.get_running_loop().call_later(
            PRESENCE_INTERVAL + 0.1,
            lambda: asyncio.ensure_future(_announce_later(layer, thread_id)),
        )


async def _presence_turn(thread_id: int) -> bool:
    add = _in_cache(cache.add)
    return await add(f"thread-presence-sent:{thread_id}", 1, PRESENCE_INTERVAL)


async def _announce_later(layer, thread_id: int) -> None:
    _presence_pending.discard(thread_id)
    # If another server announced since, its count already includes this change.
    if await _presence_turn(thread_id):
        count = await _in_cache(cache.get)(_presence_key(thread_id), 0)
        await layer.group_send(
            services.thread_group(thread_id), {"type": "thread.presence", "count": count}
        )


def _fetch_live_post(thread_id: int, post_id: int, revision: int):
    thread = Thread.objects.select_related("college", "theme").filter(pk=thread_id).first()
    if thread is None:
        return None
    post = selectors.posts_of(thread, since_revision=revision - 1).filter(pk=post_id).first()
    return None if post is None else (thread, post)


class LivePosts:
    """The posts a server process is pushing, fetched once and rendered once per kind of reader.

    A thousand sockets on one thread used to fetch and render each new post a thousand times;
    readers differ only by a few flags (own post, editable, reportable, moderator), so each
    process fetches the post once and renders it once per combination of those flags.
    """

    def __init__(self, size: int = 64):
        self.size = size
        self.fetches: OrderedDict[tuple[int, int], asyncio.Future] = OrderedDict()
        self.rendered: OrderedDict[tuple, str] = OrderedDict()

    async def get(self, thread_id: int, post_id: int, revision: int):
        key = (post_id, revision)
        future = self.fetches.get(key)
        if future is None or (future.done() and future.exception() is not None):
            fetch = database_sync_to_async(_fetch_live_post)
            future = asyncio.ensure_future(fetch(thread_id, post_id, revision))
            self.fetches[key] = future
            while len(self.fetches) > self.size:
                self.fetches.popitem(last=False)
        return await asyncio.shield(future)

    def message(self, post, thread, *, user, can_moderate: bool) -> str:
        """The push for this reader, as JSON text: built once per kind of reader, then the
        same string goes to every socket of that kind."""
        flags = reader_flags(post, user=user, thread=thread, can_moderate=can_moderate)
        key = (post.pk, post.revision, translation.get_language(), *flags)
        text = self.rendered.get(key)
        if text is None:
            mine = copy.copy(post)
            decorate_posts([mine], user=user, thread=thread, can_moderate=can_moderate)
            text = self.rendered[key] = json.dumps(
                {
                    "type": "post",
                    "id": post.pk,
                    "revision": post.revision,
                    "html": render_post(mine),
                }
            )
            while len(self.rendered) > self.size * 4:
                self.rendered.popitem(last=False)
        return text


live_posts = LivePosts()


class ThreadConsumer(AsyncJsonWebsocketConsumer):
    group: str | None = None
    last_seen_post_id = 0

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        may_read, self.can_moderate = await self._rights()
        if not may_read:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self._checked()
        self.group = services.thread_group(self.thread_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        # Told when the channel layer dropped pushes (Redis down): resync() below.
        layer_watch.add(self)
        count = await _in_cache(presence_change)(self.thread_id, 1)
        if count > PRESENCE_EXACT_UP_TO:
            # The announcement may wait: the newcomer hears the count at once.
            await self.send_json({"type": "presence", "count": count})
        await announce_presence(self.channel_layer, self.thread_id, count)

    async def disconnect(self, code: int) -> None:
        if self.group is None:
            return
        layer_watch.discard(self)
        await self.channel_layer.group_discard(self.group, self.channel_name)
        if self.last_seen_post_id:
            # Posts pushed live are marked read once, when the reader leaves.
            await database_sync_to_async(self._mark_read)(self.last_seen_post_id)
        count = await _in_cache(presence_change)(self.thread_id, -1)
        await announce_presence(self.channel_layer, self.thread_id, count)

    async def receive_json(self, content, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            # The revision and state let the reader notice a post or a lock it was never
            # pushed (the channel layer delivers at most once, not at all while Redis is down).
            await self.send_json({"type": "pong", **await self._current()})
        elif kind == "catch_up":
            try:
                since = max(int(content.get("since", 0)), 0)
            except (TypeError, ValueError):
                since = 0
            result = await self._render_since(since)
            if result is None:
                await self.close(code=CLOSE_FORBIDDEN)
                return
            await self.send_json({"type": "catch_up", **result})

    async def resync(self) -> None:
        """The channel layer was down (club/core/live.py): pushes may be lost. The revision, as
        a pong, makes the page catch up on whatever it missed."""
        await self.send_json({"type": "pong", **await self._current()})

    # --- Events from the services (after commit) and from other consumers ------------------

    async def thread_post(self, event) -> None:
        if time.monotonic() >= self.recheck_at:
            may_read, self.can_moderate = await self._rights()
            if not may_read:
                await self.close(code=CLOSE_FORBIDDEN)
                return
            self._checked()
        fetched = await live_posts.get(self.thread_id, event["post_id"], event["revision"])
        if fetched is None:
            return
        thread, post = fetched
        user = self.scope["user"]
        text = live_posts.message(post, thread, user=user, can_moderate=self.can_moderate)
        if not post.is_hidden:
            self.last_seen_post_id = max(self.last_seen_post_id, post.pk)
        await self.send(text_data=text)

    async def thread_presence(self, event) -> None:
        await self.send_json({"type": "presence", "count": event["count"]})

    async def thread_state(self, event) -> None:
        await self.send_json(
            {k: event[k] for k in ("locked", "archived", "pinned")} | {"type": "state"}
        )

    # --- Database work, in a thread -------------------------------------------------------

    def _checked(self) -> None:
        # Spread over up to half an interval more: a thousand readers who arrived together
        # must not all query the database before the same post (make bench).
        self.recheck_at = time.monotonic() + LIVE_RECHECK_SECONDS * (1 + random.random() / 2)

    @database_sync_to_async
    def _rights(self) -> tuple[bool, bool]:
        """May this reader still read the thread, and moderate it? One trip to the database."""
        user = self.scope["user"]
        try:
            thread = selectors.access_thread(user, self.thread_id)
        except NotVisible:
            return False, False
        return True, rules.can_moderate_thread(user, thread)

    def _mark_read(self, post_id: int) -> None:
        thread = Thread.objects.filter(pk=self.thread_id).first()
        if thread is not None:
            services.mark_read(thread=thread, user=self.scope["user"], up_to_post_id=post_id)

    @database_sync_to_async
    def _current(self) -> dict:
        row = (
            Thread.objects.filter(pk=self.thread_id)
            .values("revision", "is_locked", "is_archived")
            .first()
        ) or {"revision": 0, "is_locked": False, "is_archived": False}
        return {
            "revision": row["revision"],
            "locked": row["is_locked"],
            "archived": row["is_archived"],
        }

    @database_sync_to_async
    def _render_since(self, since: int, only: int | None = None) -> dict | None:
        """Posts changed after `since`, rendered for this reader; None once they may not read."""
        user = self.scope["user"]
        try:
            thread = selectors.access_thread(user, self.thread_id)
        except NotVisible:
            return None
        posts = selectors.posts_of(thread, since_revision=since).order_by("revision")
        if only is not None:
            posts = posts.filter(pk=only)
        posts = decorate_posts(
            posts, user=user, thread=thread, can_moderate=rules.can_moderate_thread(user, thread)
        )
        visible = [post.pk for post in posts if not post.is_hidden]
        if visible:
            services.mark_read(thread=thread, user=user, up_to_post_id=max(visible))
        return {
            "revision": thread.revision,
            "posts": [
                {"id": post.pk, "revision": post.revision, "html": render_post(post)}
                for post in posts
            ],
        }

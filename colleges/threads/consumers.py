"""Live readers of a thread: new, edited and hidden posts appear, and how many are reading.

Protocol (JSON): the client sends {"type": "catch_up", "since": <revision>} on every
(re)connection and gets {"type": "catch_up", "posts": [...], "revision": n} with every post
created, edited or hidden after that revision, each rendered for this reader. Then the server
pushes {"type": "post", ...}, {"type": "presence", "count": n} and {"type": "state", ...}.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.cache import cache

from club.consumers import CLOSE_UNAUTHENTICATED
from colleges.models import Thread
from colleges.threads import rules, selectors, services
from colleges.threads.presenters import decorate_posts, render_post

CLOSE_FORBIDDEN = 4403
PRESENCE_TTL = 60 * 60 * 6


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


class ThreadConsumer(AsyncJsonWebsocketConsumer):
    group: str | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.thread_id = int(self.scope["url_route"]["kwargs"]["thread_id"])
        if not await self._may_read():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group = services.thread_group(self.thread_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        count = await database_sync_to_async(presence_change)(self.thread_id, 1)
        await self.channel_layer.group_send(self.group, {"type": "thread.presence", "count": count})

    async def disconnect(self, code: int) -> None:
        if self.group is None:
            return
        await self.channel_layer.group_discard(self.group, self.channel_name)
        count = await database_sync_to_async(presence_change)(self.thread_id, -1)
        await self.channel_layer.group_send(self.group, {"type": "thread.presence", "count": count})

    async def receive_json(self, content, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            await self.send_json({"type": "pong"})
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

    # --- Events from the services (after commit) and from other consumers ------------------

    async def thread_post(self, event) -> None:
        result = await self._render_since(event["revision"] - 1, only=event["post_id"])
        if result is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        for post in result["posts"]:
            await self.send_json({"type": "post", **post})

    async def thread_presence(self, event) -> None:
        await self.send_json({"type": "presence", "count": event["count"]})

    async def thread_state(self, event) -> None:
        await self.send_json(
            {k: event[k] for k in ("locked", "archived", "pinned")} | {"type": "state"}
        )

    # --- Database work, in a thread -------------------------------------------------------

    @database_sync_to_async
    def _may_read(self) -> bool:
        thread = Thread.objects.select_related("college").filter(pk=self.thread_id).first()
        return thread is not None and rules.can_read_thread(self.scope["user"], thread)

    @database_sync_to_async
    def _render_since(self, since: int, only: int | None = None) -> dict | None:
        """Posts changed after `since`, rendered for this reader; None once they may not read."""
        user = self.scope["user"]
        thread = Thread.objects.select_related("college", "theme").filter(pk=self.thread_id).first()
        if thread is None or not rules.can_read_thread(user, thread):
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

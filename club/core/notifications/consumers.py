"""The signed-in person's own socket: the base of live, personal updates (unread badge...)."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from club.core.notifications.selectors import unread_count

# Application close codes (4000-4999): the client tells "sign in again" from "network down".
CLOSE_UNAUTHENTICATED = 4401


def user_group(user_id: int) -> str:
    """Channel-layer group that reaches every open socket of one person."""
    return f"user.{user_id}"


class MeConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        # The unread count in the greeting: a page reconnecting catches up what it missed.
        unread = await database_sync_to_async(unread_count)(user)
        await self.send_json({"type": "hello", "user": user.pk, "unread": unread})

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def user_event(self, event) -> None:
        """Relay an event sent to the person's group, e.g. by a service after commit."""
        await self.send_json(event["payload"])

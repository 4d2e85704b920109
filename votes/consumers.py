"""Live turnout on a ballot's page: only the number of participants, never partial results."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from club.consumers import CLOSE_UNAUTHENTICATED
from votes import rules
from votes.models import Ballot
from votes.services import turnout_group

CLOSE_FORBIDDEN = 4403


@database_sync_to_async
def _ballot_if_allowed(user, ballot_id: int):
    ballot = Ballot.objects.select_related("college").filter(pk=ballot_id).first()
    if ballot is None or not rules.can_view_ballot(user, ballot):
        return None
    return {"participants": ballot.participant_count, "electorate": ballot.elector_count}


class TurnoutConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        ballot_id = int(self.scope["url_route"]["kwargs"]["ballot_id"])
        counts = await _ballot_if_allowed(user, ballot_id)
        if counts is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group = turnout_group(ballot_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "turnout", **counts})

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def turnout_update(self, event) -> None:
        await self.send_json(
            {
                "type": "turnout",
                "participants": event["participants"],
                "electorate": event["electorate"],
            }
        )

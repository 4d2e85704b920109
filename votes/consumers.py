"""Live turnout on a ballot's page: only the number of participants, never partial results.

Votes send no message. Each server process reads the turnout of the ballots its readers
watch once per `TURNOUT_REFRESH_SECONDS` and tells its own readers when it changed: a
thousand votes a second cost the channel layer nothing, the database one query per watched
ballot and process per interval, and the count keeps coming while Redis is down.
"""

import asyncio
import logging
import weakref

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from club.core.domain import NotVisible
from club.core.notifications.consumers import CLOSE_UNAUTHENTICATED
from votes import selectors
from votes.models import Ballot

CLOSE_FORBIDDEN = 4403
TURNOUT_REFRESH_SECONDS = 1.0

logger = logging.getLogger(__name__)


@database_sync_to_async
def _ballot_if_allowed(user, ballot_id: int):
    try:
        ballot = selectors.access_ballot(user, ballot_id)
    except NotVisible:
        return None
    return {"participants": ballot.participant_count, "electorate": ballot.elector_count}


@database_sync_to_async
def _turnout(ballot_id: int):
    row = Ballot.objects.filter(pk=ballot_id).values("participants_total", "elector_count").first()
    if row is None:
        return None
    return {"participants": row["participants_total"], "electorate": row["elector_count"]}


class TurnoutWatch:
    """The ballots watched in this process (per event loop), each polled by one task."""

    def __init__(self):
        self._by_loop: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _watches(self) -> dict:
        return self._by_loop.setdefault(asyncio.get_running_loop(), {})

    def join(self, ballot_id: int, reader, counts: dict) -> None:
        watches = self._watches()
        watch = watches.get(ballot_id)
        if watch is None or watch[1].done():
            readers: set = watch[0] if watch else set()
            task = asyncio.create_task(self._poll(ballot_id, readers, counts))
            watch = watches[ballot_id] = (readers, task)
        watch[0].add(reader)

    def leave(self, ballot_id: int, reader) -> None:
        watches = self._watches()
        watch = watches.get(ballot_id)
        if watch is None:
            return
        readers, task = watch
        readers.discard(reader)
        if not readers:
            task.cancel()
            del watches[ballot_id]

    async def _poll(self, ballot_id: int, readers: set, last: dict) -> None:
        while True:
            await asyncio.sleep(TURNOUT_REFRESH_SECONDS)
            try:
                counts = await _turnout(ballot_id)
            except Exception:
                # A database hiccup skips one refresh; the next one says the right count.
                logger.warning("Participation du scrutin %s illisible", ballot_id, exc_info=True)
                continue
            if counts is None or counts == last:
                continue
            last = counts
            for reader in list(readers):
                try:
                    await reader.send_json({"type": "turnout", **counts})
                except Exception:
                    # A socket closing right now: the others still get the count.
                    logger.info("Lecteur du scrutin %s injoignable", ballot_id, exc_info=True)


turnout_watch = TurnoutWatch()


class TurnoutConsumer(AsyncJsonWebsocketConsumer):
    ballot_id: int | None = None

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
        await self.accept()
        await self.send_json({"type": "turnout", **counts})
        self.ballot_id = ballot_id
        turnout_watch.join(ballot_id, self, counts)

    async def disconnect(self, code: int) -> None:
        if self.ballot_id is not None:
            turnout_watch.leave(self.ballot_id, self)

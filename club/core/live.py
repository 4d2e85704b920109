"""Live sockets learn when the channel layer dropped their messages, and catch up.

Redis pub/sub delivers at most once: a message published while Redis is down, or while a
server process's subscription is cut, reaches nobody. Group memberships themselves survive a
Redis restart (redis-py subscribes the process's connection to every channel again when it
reconnects, tests/reliability/test_redis_outage.py), but nothing told the pages that posts
had been made meanwhile: readers waited for their next ping (25 s) to notice.

One watch per server process sends a message to itself through the layer every
PROBE_EVERY seconds. While the round trip fails, its listeners (the live consumers of this
process) are asked to resynchronise every POLL_WHILE_DOWN seconds, so pages still learn of
new posts; the first round trip that succeeds again means the process's subscriptions are back
and every listener resynchronises at once. A listener is any object with `async def
resync(self)`; a thread consumer answers it with the thread's revision, as a pong, and the
page fetches what it missed.

Not run on the in-memory layer, which loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
import random

from channels.layers import InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)

PROBE_EVERY = 1.0
PROBE_TIMEOUT = 2.0
POLL_WHILE_DOWN = 5.0
# Listeners resynchronise over this many seconds, not all in the same instant (each may ask
# the database for its revision).
SPREAD = 0.5


class LayerWatch:
    def __init__(self) -> None:
        self.listeners: set = set()
        self.task: asyncio.Task | None = None
        self.down = False
        self._receiver: asyncio.Future | None = None
        self._telling: set[asyncio.Task] = set()

    def add(self, listener) -> None:
        layer = get_channel_layer()
        if layer is None or isinstance(layer, InMemoryChannelLayer):
            return
        self.listeners.add(listener)
        loop = asyncio.get_running_loop()
        if self.task is None or self.task.done() or self.task.get_loop() is not loop:
            self.down = False
            self.task = loop.create_task(self._run(layer))

    def discard(self, listener) -> None:
        self.listeners.discard(listener)
        if not self.listeners and self.task is not None:
            self.task.cancel()
            self.task = None

    async def _run(self, layer) -> None:
        channel, probe, since_poll = None, 0, 0.0
        try:
            while True:
                probe += 1
                try:
                    if channel is None:
                        channel = await asyncio.wait_for(layer.new_channel("watch."), PROBE_TIMEOUT)
                    ok = await self._round_trip(layer, channel, probe)
                except Exception:
                    ok = False
                if ok and self.down:
                    logger.warning("channel layer back: live readers catch up")
                    self.down = False
                    self._tell_all()
                elif not ok:
                    if not self.down:
                        logger.warning("channel layer unreachable: live readers poll")
                        self.down, since_poll = True, 0.0
                    since_poll += PROBE_EVERY
                    if since_poll >= POLL_WHILE_DOWN:
                        since_poll = 0.0
                        self._tell_all()
                await asyncio.sleep(PROBE_EVERY)
        finally:
            if self._receiver is not None:
                self._receiver.cancel()
                self._receiver = None

    async def _round_trip(self, layer, channel: str, probe: int) -> bool:
        await asyncio.wait_for(
            layer.send(channel, {"type": "watch.probe", "n": probe}), PROBE_TIMEOUT
        )
        loop = asyncio.get_running_loop()
        deadline = loop.time() + PROBE_TIMEOUT
        while (remaining := deadline - loop.time()) > 0:
            # One receive kept across probes: cancelling a pub/sub receive unsubscribes.
            if self._receiver is None:
                self._receiver = asyncio.ensure_future(layer.receive(channel))
            done, _ = await asyncio.wait({self._receiver}, timeout=remaining)
            if not done:
                return False
            receiver, self._receiver = self._receiver, None
            if receiver.result().get("n") == probe:  # an older probe may arrive late
                return True
        return False

    def _tell_all(self) -> None:
        for listener in list(self.listeners):
            task = asyncio.ensure_future(self._tell(listener))
            self._telling.add(task)
            task.add_done_callback(self._telling.discard)

    async def _tell(self, listener) -> None:
        await asyncio.sleep(random.random() * SPREAD)
        if listener in self.listeners:
            try:
                await listener.resync()
            except Exception:  # a socket closing meanwhile
                logger.debug("resync failed", exc_info=True)


watch = LayerWatch()

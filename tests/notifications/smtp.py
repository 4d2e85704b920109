"""A real SMTP server on loopback (aiosmtpd) that counts what it receives, optionally slowly.

    sink = SmtpSink(delay=5).start()        # every DATA exchange takes 5 s to be answered
    settings.EMAIL_PORT = sink.port         # Django's SMTP backend (or a worker) sends to it
    sink.received                           # [{"to": [...], "message_id": "<...>"}], in order
    sink.stop()

`on_rcpt(number)` runs when the server is told the recipient of message `number` (1, 2...),
before the message itself is sent: a client killed there never completes that message.
`during_data(number)` runs once message `number` has fully arrived, before the server answers
"250": what it does happens while the client waits for that answer (a client killed there
cannot know whether the message was taken; this server, as a real one would, keeps it).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from collections.abc import Callable
from email import message_from_bytes

from aiosmtpd.controller import Controller

from tests.reliability.servers import free_port


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        if self.sink.on_rcpt is not None:
            number = self.sink.next_number()
            await asyncio.get_running_loop().run_in_executor(None, self.sink.on_rcpt, number)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        number = self.sink.keep(
            {"to": list(envelope.rcpt_tos), "message_id": message["Message-ID"]}
        )
        if self.sink.during_data is not None:
            # In a thread of its own: what it does (Django, HTTP) is synchronous.
            await asyncio.get_running_loop().run_in_executor(None, self.sink.during_data, number)
        if self.sink.delay:
            await asyncio.sleep(self.sink.delay)
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(
        self,
        *,
        delay: float = 0.0,
        on_rcpt: Callable[[int], object] | None = None,
        during_data: Callable[[int], object] | None = None,
    ):
        self.delay, self.on_rcpt, self.during_data = delay, on_rcpt, during_data
        self.port = free_port()
        self.received: list[dict] = []
        self.lock = threading.Lock()
        self._rcpts = 0
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def next_number(self) -> int:
        with self.lock:
            self._rcpts += 1
            return self._rcpts

    def keep(self, item: dict) -> int:
        with self.lock:
            self.received.append(item)
            return len(self.received)

    def message_ids(self) -> list[str]:
        with self.lock:
            return [item["message_id"] for item in self.received]

    def copies(self) -> Counter:
        """How many copies each recipient got of each message: {(address, Message-ID): n}."""
        with self.lock:
            return Counter(
                (address, item["message_id"]) for item in self.received for address in item["to"]
            )

    def wait_for(self, count: int, seconds: float = 60) -> None:
        """Until `count` messages arrived (a timeout to give up, not a measure)."""
        deadline = time.monotonic() + seconds
        while len(self.message_ids()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.message_ids())} messages of {count} received")
            time.sleep(0.1)

"""WebSocket clients for the live fan-out benchmark, in their own process.

Reads a JSON config line on stdin ({"urls": [...], "cookies": [...], "origin": ...}), opens
one connection per url, prints "ready <connected> <failed>", then for each "expect <id>" line
waits until every client got the message carrying that id and prints their arrival times.
"""

import asyncio
import contextlib
import json
import sys
import time

from websockets.asyncio.client import connect

from bench.common import raise_open_files


class Client:
    def __init__(self, url: str, cookie: str, origin: str):
        self.url, self.cookie, self.origin = url, cookie, origin
        self.arrivals: dict[int, float] = {}
        self.waiters: dict[int, asyncio.Event] = {}
        self.ready = asyncio.Event()
        self.failed = False

    async def run(self, stop: asyncio.Event) -> None:
        headers = {"Origin": self.origin}
        if self.cookie:
            headers["Cookie"] = self.cookie
        try:
            async with connect(
                self.url, additional_headers=headers, open_timeout=120, max_queue=None,
                ping_interval=None,
            ) as socket:  # fmt: skip
                self.ready.set()
                reader = asyncio.create_task(self.read(socket))
                await stop.wait()
                reader.cancel()
        except Exception:
            self.failed = True
            self.ready.set()

    async def read(self, socket) -> None:
        async for raw in socket:
            message = json.loads(raw)
            if message.get("type") in ("post", "relay"):
                self.arrivals[message["id"]] = time.time()
                event = self.waiters.get(message["id"])
                if event:
                    event.set()


async def main() -> None:
    raise_open_files()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**24)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    config = json.loads(await reader.readline())
    stop = asyncio.Event()
    clients = [
        Client(url, cookie, config["origin"])
        for url, cookie in zip(config["urls"], config["cookies"], strict=True)
    ]
    tasks = []
    # Connect in waves, as people arrive, rather than 1,000 handshakes in the same instant.
    for start in range(0, len(clients), 50):
        wave = clients[start : start + 50]
        tasks += [asyncio.create_task(client.run(stop)) for client in wave]
        await asyncio.gather(*(client.ready.wait() for client in wave))
    connected = [client for client in clients if not client.failed]
    print(f"ready {len(connected)} {len(clients) - len(connected)}", flush=True)
    while line := (await reader.readline()).decode().strip():
        if line == "quit":
            break
        message_id = int(line.split()[1])
        for client in connected:
            client.waiters[message_id] = asyncio.Event()
            if message_id in client.arrivals:
                client.waiters[message_id].set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(*(c.waiters[message_id].wait() for c in connected)), timeout=20
            )
        arrivals = [c.arrivals[message_id] for c in connected if message_id in c.arrivals]
        print(json.dumps({"id": message_id, "arrivals": arrivals}), flush=True)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())

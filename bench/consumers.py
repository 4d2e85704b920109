"""The live fan-out's baseline: a bare group broadcast, served by the bench ASGI app only."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer


class BenchRelayConsumer(AsyncJsonWebsocketConsumer):
    """`make bench` only (BENCH_BASELINE): a bare group broadcast, the live fan-out's baseline."""

    group = "bench.relay"

    async def connect(self) -> None:
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.group, self.channel_name)

    async def bench_relay(self, event) -> None:
        await self.send_json(event["payload"])

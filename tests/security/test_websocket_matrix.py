"""Every WebSocket route, opened by each of the eight roles, accepts or refuses as declared."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from club.asgi import application
from tests.security import expectations
from tests.security.conftest import CHECKS
from tests.security.matrix import ROLES, websocket_routes
from tests.security.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost")


def test_every_websocket_route_is_declared():
    missing = set(websocket_routes()) - set(expectations.WEBSOCKETS)
    assert not missing, (
        "WebSocket routes without declared permissions: add them to WEBSOCKETS in "
        f"tests/security/expectations.py: {sorted(missing)}"
    )


def session_cookies(world) -> dict:
    cookies = {}
    for role, user in world.users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


async def answer(path: str, cookie: str | None) -> str:
    headers = [ORIGIN]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect()
    await communicator.disconnect()
    return "accept" if connected else str(code)


async def test_websocket_routes_answer_each_role_as_declared():
    world = await sync_to_async(build_world)()
    cookies = await sync_to_async(session_cookies)(world)
    problems = []
    for pattern, (path_of, declared) in expectations.WEBSOCKETS.items():
        path = path_of(world)
        for role, expected in zip(ROLES, declared.split(), strict=True):
            got = await answer(path, cookies.get(role))
            CHECKS["websocket"] += 1
            if got != expected:
                problems.append(f"{pattern} ({path}) as {role}: got {got}, declared {expected}")
    assert not problems, "\n".join(problems)


async def test_live_connections_withhold_powers_without_a_second_factor():
    """A role's power over a live feed (staff reading a college's thread) needs a second factor."""
    from allauth.mfa.models import Authenticator

    from tests.security.test_permission_matrix import BASELINE

    world = await sync_to_async(build_world)()

    def without_second_factor(user):
        Authenticator.objects.filter(user=user).delete()
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    problems = []
    for role, base in BASELINE.items():
        cookie = await sync_to_async(without_second_factor)(world.users[role])
        for pattern, (path_of, declared) in expectations.WEBSOCKETS.items():
            answers = dict(zip(ROLES, declared.split(), strict=True))
            own, baseline = answers[role], answers[base]
            wanted = "4403" if own == "accept" and baseline != "accept" else own
            got = await answer(path_of(world), cookie)
            CHECKS["websocket"] += 1
            if got != wanted:
                problems.append(
                    f"{pattern} as {role} without a second factor: got {got}, wanted {wanted}"
                )
    assert not problems, "\n".join(problems)

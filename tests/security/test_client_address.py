"""Client addresses come from our own proxies only: a forged X-Forwarded-For changes no limit.

The requests below arrive as they do behind the shipped nginx (from 127.0.0.1, a trusted
proxy) with the header a client can forge on the left of the hop nginx wrote.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from club.core.client_address import client_address
from club.core.throttle import identity
from tests.accounts.factories import signup_data

pytestmark = pytest.mark.django_db

BASE = Path(settings.BASE_DIR)
CLIENT = "198.51.100.7"


def _request(remote="127.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def forged(n: int) -> dict:
    """Headers of the n-th forged request: a new fake address left of the real hop."""
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": f"203.0.113.{n}, {CLIENT}"}


@pytest.fixture
def behind_nginx(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    cache.clear()
    yield
    cache.clear()


def test_without_trusted_proxies_the_connection_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


def test_the_right_most_hop_after_trusted_proxies_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    # nginx appended the client; a balancer in 10/8 appended nginx's view of itself.
    assert client_address(_request("127.0.0.1", f"203.0.113.9, {CLIENT}, 10.1.2.3")) == CLIENT
    # A header from a connection that is no proxy of ours is not read at all.
    assert client_address(_request("192.0.2.1", "203.0.113.9")) == "192.0.2.1"
    # Nothing usable where our proxy should have written: the proxy is what we know.
    assert client_address(_request("127.0.0.1", "pas-une-adresse")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1")) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", f"[2001:db8::1]:443, {CLIENT}:1234")) == CLIENT
    assert client_address(_request("::ffff:192.0.2.1")) == "192.0.2.1"


def test_nginx_writes_the_connection_address_and_daphne_does_not_read_the_header():
    nginx = (BASE / "deploy" / "nginx.conf").read_text()
    assert "$proxy_add_x_forwarded_for" not in nginx
    assert nginx.count("proxy_set_header X-Forwarded-For $remote_addr;") == 2
    prod_local = (BASE / "scripts" / "prod-local").read_text()
    assert "--proxy-headers" not in prod_local
    assert "TRUSTED_PROXIES" in prod_local


def test_throttled_acts_of_visitors_count_the_real_address(behind_nginx):
    factory = RequestFactory()
    identities = set()
    for n in range(5):
        request = factory.post("/", **forged(n))
        request.user = None
        identities.add(identity(request))
    assert identities == {f"ip:{CLIENT}"}


def test_anonymous_api_limit_ignores_forged_addresses(behind_nginx, client, settings):
    settings.API_RATE_LIMITS = {"token": "3/m", "user": "3/m", "anonymous": "2/m"}
    statuses = [client.get("/api/v1/areas", **forged(n)).status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    # Another real address has its own budget.
    other = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.44"}
    assert client.get("/api/v1/areas", **other).status_code == 200


def test_signup_limit_ignores_forged_addresses(behind_nginx, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    statuses = [
        client.post(
            reverse("account_signup"), signup_data(email=f"p{n}@exemple.fr"), **forged(n)
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_captcha_challenge_limit_ignores_forged_addresses(behind_nginx, client, settings):
    settings.THROTTLE_RATES = {"captcha_challenge": "2/m"}
    statuses = [client.get("/altcha/challenge/", **forged(n)).status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    other = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.44"}
    assert client.get("/altcha/challenge/", **other).status_code == 200

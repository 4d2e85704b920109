"""Throttling: posting, supporting, voting and filing requests, sign-up and login.

The counters are checked on the local-memory cache and, when REDIS_URL is set (CI's second
pass), on Redis; the views answer the French 429 page with Retry-After and store nothing.
"""

import os

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from club.core.throttle import Rate, hit
from colleges.threads.models import Post
from proposals.models import ChangeRequest, Support
from tests.api.conftest import ApiClient, token_client
from tests.factories import PASSWORD, UserFactory
from votes.models import Participation

pytestmark = pytest.mark.django_db

RATES = {"post": "2/m", "support": "1/h", "vote": "2/m", "change_request": "1/h"}


@pytest.fixture(autouse=True)
def _rates(settings):
    settings.THROTTLE_RATES = RATES
    cache.clear()
    yield
    cache.clear()


def test_rates_read_as_count_per_period():
    assert Rate.parse("10/m") == Rate(10, 60)
    assert Rate.parse("5/15m") == Rate(5, 900)
    assert Rate.parse("30/h") == Rate(30, 3600)
    assert Rate.parse("100/3600") == Rate(100, 3600)
    assert Rate.parse("20/10m") == Rate(20, 600)
    with pytest.raises(ValueError):
        Rate.parse("dix par minute")


BACKENDS = {
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", ""),
        "KEY_PREFIX": "club-throttle-test",
    },
}


@pytest.mark.parametrize("backend", BACKENDS)
def test_counter_refuses_beyond_the_rate_and_resets_with_the_window(backend):
    if backend == "redis" and not os.environ.get("REDIS_URL"):
        pytest.skip("Redis runs in CI's second pass (REDIS_URL)")
    with override_settings(CACHES={"default": BACKENDS[backend]}):
        cache.clear()
        rate = Rate(3, 60)
        at = 1_800_000_000.0  # start of a window
        verdicts = [hit("test", "user:1", rate, now=at + second) for second in range(4)]
        assert [v.allowed for v in verdicts] == [True, True, True, False]
        assert verdicts[3].retry_after == 57
        assert hit("test", "user:2", rate, now=at + 5).allowed, "each person has a counter"
        assert hit("test", "user:1", rate, now=at + 61).allowed, "a new window starts afresh"
        cache.clear()


def assert_french_429(response, act: str):
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert '<html lang="fr"' in html and "Trop de tentatives" in html
    assert act in html and "Réessayez dans" in html
    assert "fr-alert" in html


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_posting_replies_is_throttled_and_the_refused_post_is_not_stored(world):
    client = signed_in(world.users["member"])
    url = reverse("colleges:post_create", args=[world.thread.pk])
    before = Post.objects.count()
    for n in range(2):
        assert client.post(url, {"body": f"Réponse {n}"}).status_code == 302
    response = client.post(url, {"body": "Une de trop"})
    assert_french_429(response, "beaucoup de messages")
    assert Post.objects.count() == before + 2
    # Someone else still posts.
    other = signed_in(world.users["facilitator"])
    assert other.post(url, {"body": "Réponse de l'animatrice"}).status_code == 302


def test_opening_threads_counts_as_posting(world):
    client = signed_in(world.users["facilitator"])
    url = reverse("colleges:thread_create", args=[world.theme.pk])
    for _n in range(2):
        client.post(url, {})
    assert_french_429(client.post(url, {"title": "Fil", "body": "Texte"}), "messages")


def test_supporting_is_throttled(world):
    client = signed_in(world.users["facilitator"])
    url = reverse("proposals:support", args=[world.request.pk])
    client.post(url)
    supports = Support.objects.count()
    assert_french_429(client.post(url), "soutenu beaucoup de demandes")
    assert Support.objects.count() == supports


def test_filing_requests_is_throttled(world):
    client = signed_in(world.users["member"])
    url = reverse("proposals:create")
    client.post(url, {})
    requests = ChangeRequest.objects.count()
    assert_french_429(client.post(url, {"title": "Encore une"}), "demandes d'évolution")
    assert ChangeRequest.objects.count() == requests
    assert client.get(url).status_code == 200, "reading the form is never throttled"


def test_voting_is_throttled(world):
    client = signed_in(world.users["member"])
    url = reverse("votes:detail", args=[world.ballot.pk])
    for _n in range(2):
        client.post(url, {})
    participations = Participation.objects.count()
    assert_french_429(client.post(url, {}), "bulletins")
    assert Participation.objects.count() == participations


def test_sign_up_is_limited_per_address(client, settings):
    assert settings.ACCOUNT_RATE_LIMITS["signup"] == "20/h/ip"
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    url = reverse("account_signup")
    statuses = [client.post(url, {"email": f"x{n}@exemple.fr"}).status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    assert "Trop de tentatives" in client.post(url, {}).content.decode()


def test_failed_logins_block_that_account_from_that_address_with_a_french_message(client, settings):
    """The login guard (club/core/accounts/guard.py): a block names what it blocks."""
    user = UserFactory()
    url = reverse("account_login")
    statuses = [
        client.post(url, {"login": user.email, "password": "mauvais"}).status_code
        for _attempt in range(settings.LOGIN_GUARD["pair_block"])
    ]
    assert statuses == [200] * settings.LOGIN_GUARD["pair_block"]
    response = client.post(url, {"login": user.email, "password": PASSWORD})
    html = response.content.decode()
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "les connexions à ce compte sont bloquées depuis votre adresse" in html


# --- One grammar and one budget per act, whichever door (site or API) ----------------------


def test_api_limits_read_the_site_grammar(settings):
    settings.API_RATE_LIMITS = {"token": "2/10m", "user": "2/10m", "anonymous": "2/10m"}
    anon = ApiClient()
    statuses = [anon.get("/api/v1/colleges").status_code for _n in range(3)]
    assert statuses == [200, 200, 429]


def test_posting_through_the_api_shares_the_site_limit(world):
    member = world.users["member"]
    web, api = signed_in(member), token_client(member)
    web_url = reverse("colleges:post_create", args=[world.thread.pk])
    api_url = f"/api/v1/threads/{world.thread.pk}/posts"
    before = Post.objects.count()
    assert web.post(web_url, {"body": "Réponse sur le site"}).status_code == 302
    assert api.post(api_url, {"body": "Réponse par l'API"}).status_code == 201
    refused = api.post(api_url, {"body": "Une de trop"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert_french_429(web.post(web_url, {"body": "Et une autre"}), "beaucoup de messages")
    assert Post.objects.count() == before + 2


def test_opening_a_thread_through_the_api_counts_as_posting(world):
    facilitator = world.users["facilitator"]
    web = signed_in(facilitator)
    for _n in range(2):
        web.post(reverse("colleges:thread_create", args=[world.theme.pk]), {})
    response = token_client(facilitator).post(
        f"/api/v1/themes/{world.theme.pk}/threads", {"title": "Fil", "body": "Texte"}
    )
    assert response.status_code == 429


def test_supporting_through_the_api_shares_the_site_limit(world):
    client = signed_in(world.users["facilitator"])
    client.post(reverse("proposals:support", args=[world.request.pk]))
    supports = Support.objects.count()
    response = token_client(world.users["facilitator"]).post(
        f"/api/v1/requests/{world.request.pk}/support"
    )
    assert response.status_code == 429
    assert Support.objects.count() == supports


def test_filing_requests_through_the_api_shares_the_site_limit(world):
    member = world.users["member"]
    signed_in(member).post(reverse("proposals:create"), {})
    requests = ChangeRequest.objects.count()
    response = token_client(member).post("/api/v1/requests", {"title": "Encore une"})
    assert response.status_code == 429
    assert ChangeRequest.objects.count() == requests


def test_voting_through_the_api_shares_the_site_limit(world):
    member = world.users["member"]
    api = token_client(member)
    for _n in range(2):
        api.post(f"/api/v1/ballots/{world.ballot.pk}/vote", {})
    participations = Participation.objects.count()
    assert api.post(f"/api/v1/ballots/{world.ballot.pk}/vote", {}).status_code == 429
    web = signed_in(member)
    assert_french_429(web.post(reverse("votes:detail", args=[world.ballot.pk]), {}), "bulletins")
    assert Participation.objects.count() == participations

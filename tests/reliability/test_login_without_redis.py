"""Redis stopped: members still sign in, with their password and their second factor.

A private redis-server that the test stops and starts again is the site's cache. allauth's
rate-limit lock and the TOTP replay claim both use `cache.add`; the tolerant cache answers it
as a lock that is free (club/core/cache.py), so they fail open instead of refusing everyone.
Login failures are counted in the database, so guessing stays limited during the outage.
"""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.accounts.conftest import enable_totp, totp_code
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(redis_server):
    caches = {
        "default": {
            "BACKEND": "club.core.cache.TolerantRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "club",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        cache.clear()
        yield redis_server


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_correct_passwords_sign_in_while_redis_is_down_and_after(client, redis_cache):
    people = [UserFactory() for _ in range(5)]
    redis_cache.stop()
    for person in people:
        client.logout()
        response = _login(client, person.email, PASSWORD)
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert client.session["_auth_user_id"] == str(person.pk)
    redis_cache.start()
    client.logout()
    response = _login(client, people[0].email, PASSWORD)
    assert response.status_code == 302


def test_failed_logins_are_still_counted_while_redis_is_down(client, redis_cache, settings):
    person = UserFactory()
    redis_cache.stop()
    for _ in range(settings.LOGIN_GUARD["pair_block"]):
        response = _login(client, person.email, "pas-le-bon-mot")
        assert response.status_code == 200
    response = _login(client, person.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "bloquées depuis votre adresse" in response.content.decode()


def test_second_factor_is_accepted_while_redis_is_down(client, redis_cache):
    person = UserFactory()
    secret = enable_totp(person)
    redis_cache.stop()
    response = _login(client, person.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert client.session["_auth_user_id"] == str(person.pk)


def test_password_reset_and_sign_up_are_not_refused_while_redis_is_down(client, redis_cache):
    from tests.accounts.factories import signup_data

    person = UserFactory()
    redis_cache.stop()
    response = client.post(reverse("account_reset_password"), {"email": person.email})
    assert response.status_code == 302
    response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302

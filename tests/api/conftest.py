import pytest
from django.core.cache import cache
from django.test import Client

from club.core.api import services as token_services
from tests.proposals.factories import (
    delegate_of,
    facilitator_of,
    make_request,
    member_of,
    with_totp,
)

API = "/api/v1"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache."""
    cache.clear()


class ApiClient(Client):
    """A test client that sends a bearer token and JSON bodies."""

    def __init__(self, secret: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.secret = secret

    def _headers(self, extra):
        headers = dict(extra.pop("headers", None) or {})
        if self.secret:
            headers["Authorization"] = f"Bearer {self.secret}"
        return headers

    def get(self, path, data=None, **extra):
        return super().get(path, data, headers=self._headers(extra), **extra)

    def post(self, path, data=None, **extra):
        return super().post(
            path, data or {}, content_type="application/json", headers=self._headers(extra), **extra
        )

    def delete(self, path, data=None, **extra):
        return super().delete(path, headers=self._headers(extra), **extra)


def token_client(user, scope="write") -> ApiClient:
    _token, secret = token_services.create_token(user=user, name="Test", scope=scope)
    return ApiClient(secret)


@pytest.fixture
def anon():
    return ApiClient()


@pytest.fixture
def second_member(college, staff):
    return member_of(college, staff=staff)


@pytest.fixture
def facilitator(college, staff):
    user = facilitator_of(college, staff=staff)
    with_totp(user)
    return user


@pytest.fixture
def delegate(college, staff):
    user = delegate_of(college, staff=staff)
    with_totp(user)
    return user


@pytest.fixture
def change_request(member, college):
    return make_request(member, college)


@pytest.fixture
def member_api(member):
    return token_client(member)


@pytest.fixture
def second_api(second_member):
    return token_client(second_member)


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"].startswith("https://")
    return body

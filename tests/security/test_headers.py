"""Security headers on every page type: CSP with nonces, frames, referrer, permissions, HSTS."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

# One page of each kind, as the role that sees it.
PAGES = {
    "home": ("anonymous", lambda w: "/"),
    "whitepaper (Wagtail page)": ("anonymous", lambda w: "/livres-blancs/choisir-son-format/"),
    "login": ("anonymous", lambda w: reverse("account_login")),
    "sign-up": ("anonymous", lambda w: reverse("account_signup")),
    "not found": ("anonymous", lambda w: "/nulle-part/"),
    "colleges": ("member", lambda w: reverse("colleges:index")),
    "college": ("member", lambda w: reverse("colleges:detail", args=[w.college.slug])),
    "thread": ("member", lambda w: reverse("colleges:thread_detail", args=[w.thread.pk])),
    "forbidden": ("other_member", lambda w: reverse("colleges:thread_detail", args=[w.thread.pk])),
    "requests board": ("member", lambda w: reverse("proposals:board")),
    "request": ("member", lambda w: reverse("proposals:detail", args=[w.request.pk])),
    "request form": ("member", lambda w: reverse("proposals:create")),
    "IPM cycle": ("delegate", lambda w: reverse("proposals:cycle", args=[w.cycle.number])),
    "ballot": ("member", lambda w: reverse("votes:detail", args=[w.ballot.pk])),
    "my data": ("member", lambda w: reverse("gdpr:index")),
    "2FA set-up": ("member", lambda w: reverse("mfa_index")),
    "application queue": ("staff", lambda w: reverse("colleges:queue")),
    "audit log": ("staff", lambda w: reverse("audit:index")),
}


def get_as(world, role, url):
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client.get(url)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_type_has_a_strict_nonce_policy(world, page):
    role, url_of = PAGES[page]
    response = get_as(world, role, url_of(world))
    assert response.status_code in (200, 403, 404)
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    html = response.content.decode()
    # Every inline or external script and every style element carries this response's nonce.
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        assert f'nonce="{nonce}"' in tag, f"{page}: {tag} without the nonce"
    # A style attribute would be blocked by style-src 'self' (and break the page).
    assert not re.search(r"<[^>]+\sstyle=", html), f"{page}: inline style attribute"
    assert not re.search(r"<[^>]+\son[a-z]+=", html), f"{page}: inline event handler"


def test_frame_referrer_permissions_and_sniffing_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    # Security keys (WebAuthn) are a second factor of the site itself.
    assert "publickey-credentials-get=(self)" in policy


def test_hsts_on_https(client):
    response = client.get("/", secure=True)
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts


def test_session_cookie_is_http_only_and_same_site(client, settings):
    from tests.factories import UserFactory

    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["samesite"] == "Lax"


def test_production_cookies_are_secure():
    """The test settings turn Secure off for the plain-HTTP test client; production keeps it."""
    from tests.club.test_settings import run_with

    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, s.SECURE_SSL_REDIRECT)"
    )
    import sys

    result = run_with({"SECRET_KEY": "k" * 50}, sys.executable, "-c", probe)
    assert result.stdout.split() == ["True", "True", "True", "Lax", "Lax", "True"], result.stderr


# --- Staff sessions end when idle ---------------------------------------------------------


def test_staff_session_expires_after_thirty_idle_minutes(client, settings):
    from tests.colleges.factories import MfaStaffFactory

    assert settings.STAFF_SESSION_IDLE_SECONDS == 30 * 60
    staff = MfaStaffFactory()
    queue = reverse("colleges:queue")
    with time_machine.travel("2026-11-25 09:00 +0000", tick=False) as clock:
        client.force_login(staff)
        assert client.get(queue).status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get(queue).status_code == 200  # activity restarts the clock
        clock.shift(timedelta(minutes=29))
        assert client.get(queue).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(queue)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"])
        assert "expiré après 30 minutes" in page.content.decode()


def test_members_keep_their_session_and_the_delay_is_configurable(client, settings):
    from tests.colleges.factories import MfaStaffFactory
    from tests.factories import UserFactory

    member = UserFactory()
    with time_machine.travel("2026-11-25 09:00 +0000", tick=False) as clock:
        client.force_login(member)
        clock.shift(timedelta(hours=3))
        assert client.get(reverse("colleges:my_space")).status_code == 200

    settings.STAFF_SESSION_IDLE_SECONDS = 5 * 60
    staff = MfaStaffFactory()
    with time_machine.travel("2026-11-25 09:00 +0000", tick=False) as clock:
        client.force_login(staff)
        clock.shift(timedelta(minutes=6))
        assert client.get(reverse("colleges:queue")).status_code == 302

"""Two members read one thread in two browsers: a post appears live for the other, then a
facilitator signed in with TOTP hides it and it disappears live, its author seeing why.

Django's `live_server` speaks WSGI only, so this journey runs the real ASGI application
(HTTP and WebSockets) under Daphne in a thread of the test process, sharing the test
database connection the way `live_server` does.
"""

import asyncio
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import expect

from colleges.models import Charter
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, CollegeFactory, StaffFactory, UserFactory, make_member
from tests.threads.factories import make_facilitator, make_theme, make_thread, totp_now, with_totp

_server: dict = {}


def _start_daphne() -> int:
    """Daphne on a free port, once per process: Twisted's reactor cannot be restarted."""
    if "port" in _server:
        return _server["port"]
    ready = threading.Event()

    def run() -> None:
        from twisted.internet import asyncioreactor

        sys.modules.pop("twisted.internet.reactor", None)
        sys.modules.pop("daphne.server", None)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        asyncioreactor.install(loop)
        from daphne.server import Server
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
        from twisted.internet import reactor

        from club.asgi import application

        server = Server(
            # Static files as the WSGI live server serves them; everything else untouched.
            application=ASGIStaticFilesHandler(application),
            endpoints=["tcp:port=0:interface=127.0.0.1"],
            signal_handlers=False,
        )

        def find_port() -> None:
            if server.listening_addresses:
                _server["port"] = server.listening_addresses[0][1]
                ready.set()
            else:
                reactor.callLater(0.05, find_port)

        reactor.callLater(0.05, find_port)
        server.run()

    threading.Thread(target=run, daemon=True, name="daphne-e2e").start()
    assert ready.wait(20), "Daphne did not start"
    return _server["port"]


@pytest.fixture
def asgi_server(transactional_db, monkeypatch):
    # With in-memory SQLite, every thread Daphne uses gets the test's own connection (the
    # database lives in it), as Django's live server does for its threads.
    # PostgreSQL needs nothing: each thread opens its own connection to the test database.
    connection = connections["default"]
    shared = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if shared:
        connection.inc_thread_sharing()
        monkeypatch.setattr(connections, "create_connection", lambda alias: connection)
    yield f"http://localhost:{_start_daphne()}"
    if shared:
        connection.dec_thread_sharing()


def _signed_in_context(browser, base_url, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="fr-FR", base_url=base_url)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return context


def _off_the_loop(function):
    """Playwright keeps an event loop running in the test thread, where the services' live
    events (async_to_sync) cannot be sent: set the scene from another thread."""
    result = {}
    worker = threading.Thread(target=lambda: result.update(value=function()))
    worker.start()
    worker.join()
    assert "value" in result, "setting the scene failed"
    return result["value"]


def _scene():
    staff = StaffFactory(email="equipe-e2e@club.example")
    college = CollegeFactory(name="Fournisseurs", slug="fournisseurs")
    Charter.objects.create(college=college, version=1, title="Charte", body="Courtoisie.")
    alice = make_member(
        college, user=UserFactory(first_name="Alice", last_name="Martin"), staff=staff
    ).user
    bruno = make_member(
        college, user=UserFactory(first_name="Bruno", last_name="Petit"), staff=staff
    ).user
    facilitator = make_facilitator(
        college, user=UserFactory(first_name="Sophie", last_name="Leroy"), staff=staff, mfa=False
    )
    secret = with_totp(facilitator)
    theme = make_theme(college, facilitator)
    thread = make_thread(theme, facilitator, body="Partagez vos rejets « code service absent ».")
    return alice, bruno, facilitator, secret, thread


def test_post_appears_live_then_disappears_live_when_hidden(browser, asgi_server, axe):
    alice, bruno, facilitator, secret, thread = _off_the_loop(_scene)
    thread_theme_title = "Gestion des rejets de factures"
    url = f"/colleges/fils/{thread.pk}/"

    context_a = _signed_in_context(browser, asgi_server, alice)
    context_b = _signed_in_context(browser, asgi_server, bruno)
    page_a, page_b = context_a.new_page(), context_b.new_page()
    for page in (page_a, page_b):
        page.set_default_timeout(15_000)
        page.goto(url)
    # Both sockets are open once the presence count says two readers (polled by Playwright
    # itself: the page's CSP forbids the eval that wait_for_function would need).
    expect(page_b.locator("#presence-count")).to_have_text(
        "2 lecteurs en ce moment", timeout=15_000
    )
    page_b.evaluate("window.__sameDocument = true")
    assert_accessible(axe, page_b)

    # Alice posts with the plain form (her page reloads); Bruno's page updates by itself.
    page_a.get_by_label("Votre message").fill(
        "Rejet reçu ce matin, SIRET 12345678900011 du client."
    )
    page_a.get_by_role("button", name="Publier").click()
    page_a.wait_for_url(f"**{url}?message=*#message-*")
    post_b = page_b.locator("#thread-posts article").filter(has_text="Rejet reçu ce matin")
    post_b.wait_for()
    assert page_b.evaluate("window.__sameDocument") is True
    post_id = post_b.get_attribute("data-post-id")
    page_a.locator(f"#message-{post_id}").wait_for()

    # The facilitator signs in with password and TOTP, then hides the post.
    context_f = browser.new_context(locale="fr-FR", base_url=asgi_server)
    page_f = context_f.new_page()
    page_f.set_default_timeout(15_000)
    page_f.goto("/compte/login/")
    page_f.locator("input[name=login]").fill(facilitator.email)
    page_f.locator("input[name=password]").fill(PASSWORD)
    page_f.locator("input[name=password]").press("Enter")
    page_f.locator("input[name=code]").fill(totp_now(secret))
    page_f.locator("input[name=code]").press("Enter")
    page_f.wait_for_load_state()
    page_f.goto(url)
    page_f.locator(f"#message-{post_id}").get_by_role("link", name="Masquer").click()
    page_f.get_by_label("Motif du masquage").fill("SIRET d'un client : la charte l'interdit.")
    page_f.get_by_role("button", name="Masquer le message").click()
    page_f.wait_for_url(f"**{url}?message={post_id}#message-{post_id}")

    # Bruno sees it masked without reloading, and not why; Alice, its author, sees why.
    hidden_b = page_b.locator(f"#message-{post_id}")
    hidden_b.filter(has_text="Message masqué").wait_for()
    assert "12345678900011" not in hidden_b.inner_text()
    assert "la charte l" not in hidden_b.inner_text()
    assert page_b.evaluate("window.__sameDocument") is True
    hidden_a = page_a.locator(f"#message-{post_id}")
    hidden_a.filter(has_text="Motif : SIRET d'un client").wait_for()
    assert "12345678900011" not in hidden_a.inner_text()
    assert_accessible(axe, page_a)

    # The theme and the college's themes are accessible too, on a phone-sized screen.
    page_b.set_viewport_size({"width": 375, "height": 740})
    page_b.goto(f"/colleges/themes/{thread.theme_id}/")
    page_b.get_by_role("heading", level=1, name=thread_theme_title).wait_for()
    assert_accessible(axe, page_b)
    page_b.goto("/colleges/fournisseurs/themes/")
    page_b.get_by_role("heading", level=1).filter(has_text="Thèmes de travail").wait_for()
    assert_accessible(axe, page_b)

    for context in (context_a, context_b, context_f):
        context.close()
    time.sleep(1)  # let the server see the sockets close while the database is still open


def test_a_push_that_never_came_is_fetched_when_the_next_one_arrives(browser, asgi_server):
    """Redis down for one post: the database holds it, its push is lost. The next push
    carries a revision two ahead, and the page fetches what lies between at once instead
    of waiting for its next ping (every 25 s)."""
    alice, bruno, _facilitator, _secret, thread = _off_the_loop(_scene)
    context = _signed_in_context(browser, asgi_server, bruno)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"/colleges/fils/{thread.pk}/")
    expect(page.locator("#presence-count")).to_have_text("1 lecteur en ce moment")

    def lost_then_pushed():
        from colleges.threads import services
        from colleges.threads.models import Post

        # What an outage leaves behind: the post saved, its revision taken, nothing pushed.
        Post.objects.create(
            thread=thread,
            author=alice,
            body="Pendant la panne",
            body_html="<p>Pendant la panne</p>",
            revision=services._bump(thread),
        )
        services.create_post(thread=thread, author=alice, body="Après la panne")
        return True

    _off_the_loop(lost_then_pushed)
    posts = page.locator("#thread-posts article")
    posts.filter(has_text="Après la panne").wait_for()
    posts.filter(has_text="Pendant la panne").wait_for(timeout=5_000)
    context.close()
    time.sleep(1)

"""Browser journeys in Debian's headless Chromium, driven by Playwright.

Without a browser these tests are skipped with the reason; CI sets E2E_REQUIRED=1, which turns
that skip into a failure so the journeys always run there.
"""

import os
import shutil
import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures
# in that same thread are safe because nothing else runs on that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time when it shares the test's connection.

    On the in-memory SQLite test database, every thread of the live server uses the test's only
    connection. A page that fires a request of its own while a form is being saved (Wagtail's
    editor checks and previews as one types) then runs two transactions on one connection, and
    SQLite refuses: "cannot start a transaction within a transaction". The browser still opens as
    many sockets as it likes; only the application runs one request at a time, body included.
    On PostgreSQL each thread has its own connection and nothing is serialised.
    """

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()

        return super().set_app(one_at_a_time)


LiveServerThread.server_class = OneRequestAtATimeServer

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and shutil.which(candidate):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
    # Playwright's sync API leaves an event loop running in the test thread, after which
    # async tests (consumers) cannot run in that process: browser journeys go last.
    items.sort(key=lambda item: "tests/e2e/" in str(item.fspath))


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium introuvable : installez le paquet Debian « chromium » ou indiquez CHROMIUM_PATH."
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


PHONE = {"width": 375, "height": 812}


def assert_accessible(axe, page, phone: bool = True) -> None:
    """axe's WCAG 2.1 AA rules pass on the page as shown, then at a phone's width (375 px),
    where tables scroll in their wrappers and the header folds into its menu."""
    results = axe.run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()
    if not phone or (page.viewport_size or {}).get("width") == PHONE["width"]:
        return
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        results = axe.run(page, options=WCAG_AA)
        assert results.violations_count == 0, "375 px: " + results.generate_report()
    finally:
        page.set_viewport_size(size)

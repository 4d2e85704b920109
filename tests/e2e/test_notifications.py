"""A member's unread badge updates live when a facilitator replies to her post.

Two browser contexts on the real ASGI application under Daphne (see test_threads.py): the
member keeps a page open, the facilitator signs in with TOTP and replies in the thread.
"""

import time

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible
from tests.e2e.test_threads import (  # noqa: F401  (asgi_server is a fixture)
    _off_the_loop,
    _scene,
    _signed_in_context,
    asgi_server,
)
from tests.factories import PASSWORD
from tests.threads.factories import totp_now


def _alice_posts(thread, alice):
    from club.core.notifications.services import mark_all_read
    from colleges.threads import services

    mark_all_read(alice)  # her welcome to the college is read: she starts at zero
    return services.create_post(thread=thread, author=alice, body="Même rejet chez nous.")


def test_the_badge_counts_a_reply_live(browser, asgi_server, axe):  # noqa: F811
    alice, _bruno, facilitator, secret, thread = _off_the_loop(_scene)
    post = _off_the_loop(lambda: _alice_posts(thread, alice))

    context_a = _signed_in_context(browser, asgi_server, alice)
    page_a = context_a.new_page()
    page_a.set_default_timeout(15_000)
    page_a.goto("/notifications/")
    # The first badge is the header's; the DSFR copies it into the (hidden) mobile menu.
    badge = page_a.locator("[data-notifications-badge]").first
    expect(badge).to_have_attribute("data-live", "1")
    expect(badge.locator("[data-notifications-count]")).to_be_hidden()
    page_a.evaluate("window.__sameDocument = true")
    assert_accessible(axe, page_a)

    # The facilitator signs in with password and TOTP, and replies to Alice's post.
    context_f = _signed_in_context(browser, asgi_server, facilitator)
    context_f.clear_cookies()
    page_f = context_f.new_page()
    page_f.set_default_timeout(15_000)
    page_f.goto("/compte/login/")
    page_f.locator("input[name=login]").fill(facilitator.email)
    page_f.locator("input[name=password]").fill(PASSWORD)
    page_f.locator("input[name=password]").press("Enter")
    page_f.locator("input[name=code]").fill(totp_now(secret))
    page_f.locator("input[name=code]").press("Enter")
    page_f.wait_for_load_state()
    page_f.goto(f"/colleges/fils/{thread.pk}/?reponse={post.pk}#reponse")
    page_f.get_by_label("Votre message").fill("Merci Alice, nous remontons le cas à l'IPM.")
    page_f.get_by_role("button", name="Publier").click()
    page_f.wait_for_url("**#message-*")

    # Alice's badge shows the reply without reloading, for sight and for screen readers.
    count = badge.locator("[data-notifications-count]")
    expect(count).to_have_text("1")
    expect(count).to_be_visible()
    expect(badge.locator("[data-notifications-text]")).to_have_text("(1 non lue)")
    # Announced once, by the page's one live region (not one per copy of the link).
    expect(page_a.locator("[data-notifications-live]")).to_have_text("1 notification non lue")
    assert page_a.evaluate("window.__sameDocument") is True

    # The list shows the reply first; opening it marks it read and leads to the post.
    page_a.reload()
    page_a.get_by_role("heading", name="Sophie Leroy vous répond ou vous mentionne").wait_for()
    assert_accessible(axe, page_a)
    page_a.get_by_role("button", name="Voir : Sophie Leroy vous répond").click()
    page_a.wait_for_url(f"**/colleges/fils/{thread.pk}/?message=*#message-*")
    expect(page_a.locator("[data-notifications-count]").first).to_be_hidden()

    for context in (context_a, context_f):
        context.close()
    time.sleep(1)  # let the server see the sockets close while the database is still open

"""A double click on « Publier » publishes one message: the page's script holds the second
click, and the server would refuse it anyway (tests/submissions)."""

import pytest
from django.conf import settings
from django.urls import reverse

from colleges.threads.models import Post
from tests.factories import make_member
from tests.reliability.servers import session_cookie_for
from tests.threads.factories import make_facilitator, make_theme, make_thread

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_double_click_publishes_once(page, live_server, college, staff):
    facilitator = make_facilitator(college, staff=staff)
    thread = make_thread(make_theme(college, facilitator), facilitator)
    member = make_member(college, staff=staff).user
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie_for(member),
                "url": live_server.url,
            }
        ]
    )
    held = []
    post_url = reverse("colleges:post_create", kwargs={"pk": thread.pk})
    page.goto(reverse("colleges:thread_detail", kwargs={"pk": thread.pk}))
    # The server is slow to answer: the first send is held while the member clicks again.
    page.route(f"**{post_url}", lambda route: held.append(route))
    page.locator("#reponse textarea[name=body]").fill("Un seul message, même cliqué deux fois.")
    # Two clicks 300 ms apart while the first send is still waiting for its answer.
    page.evaluate(
        """() => {
            const button = document.querySelector("#reponse form button[type=submit]");
            setTimeout(() => button.click(), 0);
            setTimeout(() => button.click(), 300);
        }"""
    )
    page.wait_for_timeout(1000)
    assert len(held) == 1, "the second click sent the form again"
    with page.expect_navigation():
        held[0].continue_()
    assert Post.objects.filter(body="Un seul message, même cliqué deux fois.").count() == 1

"""Every form sent with mistakes guides the person the same way (issue 22.2): the focus lands on
the error summary at the top of the form, the title starts with « Erreur », each link of the
summary puts the focus in its field; a reply at the bottom of a long thread opens there. The
pages pass axe at desktop and phone widths (assert_accessible checks both)."""

import pytest
from django.urls import reverse

from colleges.threads import services as thread_services
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, CollegeFactory, StaffFactory
from tests.proposals.factories import area, member_of
from tests.threads.factories import make_theme, make_thread

SHOTS = "/tmp/forms"


@pytest.fixture
def world(db):
    staff = StaffFactory(email="equipe@club.example")
    college = CollegeFactory(name="Fournisseurs", slug="fournisseurs", short_name="Fournisseurs")
    area()
    member = member_of(college, staff=staff, first_name="Lucas", last_name="Michel")
    thread = make_thread(make_theme(college, staff), staff)
    for number in range(25):
        thread_services.create_post(
            thread=thread, author=member, body=f"Message numéro {number} du fil.\n\n" * 3
        )
    return {"member": member, "thread": thread}


def focused(page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, name: document.activeElement.name || ''})"
    )


def log_in(page, user) -> None:
    page.goto("/compte/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/compte/login/" not in url)


def test_empty_sign_up_puts_the_focus_on_the_summary(page, axe):
    page.goto("/compte/signup/")
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_selector("[data-error-summary]")

    assert page.title().startswith("Erreur : ")
    assert focused(page)["id"] == "erreurs"
    # No browser bubble stopped the submission: the server's errors are on the page.
    assert page.locator(".fr-input-group--error").count() >= 3
    # Each link of the summary takes the focus into its field.
    page.locator("[data-error-summary] a", has_text="Prénom").click()
    assert focused(page)["id"] == "id_first_name"
    assert_accessible(axe, page)


def test_empty_change_request_then_long_thread_reply(page, axe, world):
    log_in(page, world["member"])
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/demandes/nouvelle/")
        page.get_by_role("button", name="Déposer la demande").click()
        page.wait_for_selector("[data-error-summary]")
        assert page.title().startswith("Erreur : ")
        assert focused(page)["id"] == "erreurs"
        page.screenshot(path=f"{SHOTS}/change-request-errors-{width}.png", full_page=True)
    assert_accessible(axe, page)

    page.set_viewport_size({"width": 1280, "height": 900})
    thread = world["thread"]
    page.goto(reverse("colleges:thread_detail", args=[thread.pk]))
    # The « Répondre » skip link leads into the reply box.
    skip = page.get_by_role("link", name="Répondre", exact=True).first
    skip.focus()
    page.keyboard.press("Enter")
    assert focused(page)["name"] == "body"

    # « Répondre » on a post opens the page with the box focused.
    page.goto(reverse("colleges:thread_detail", args=[thread.pk]))
    page.locator("#thread-posts a", has_text="Répondre").last.click()
    page.wait_for_url("**reponse=*")
    page.wait_for_load_state()
    assert focused(page)["name"] == "body"

    # An empty reply: the answer opens at the reply form, focus on its summary.
    page.get_by_role("button", name="Publier").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Erreur : ")
    assert focused(page)["id"] == "erreurs"
    assert page.evaluate("() => window.scrollY") > 1000
    page.screenshot(path=f"{SHOTS}/reply-errors-1280.png")
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=f"{SHOTS}/reply-errors-375.png")

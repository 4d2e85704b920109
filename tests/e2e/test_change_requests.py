"""Journey of a change request: filed from a thread with a screenshot, supported, merged, positioned."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from proposals.models import ChangeRequest, Position, Status, Support
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, CollegeFactory, StaffFactory
from tests.proposals.factories import (
    PNG_BYTES,
    area,
    facilitator_of,
    make_request,
    member_of,
    with_totp,
)


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(browser, live_server, user, secret=None):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/compte/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").first.click()
    if secret:
        page.wait_for_url(re.compile(r"/compte/2fa/authenticate/"))
        for _attempt in range(3):
            # A code typed at the end of its 30-second window may reach the server too late.
            if int(time.time()) % 30 > 25:
                time.sleep(31 - int(time.time()) % 30)
            page.fill("input[name=code]", totp_now(secret))
            page.locator("form:has(input[name=code]) button[type=submit]").first.click()
            try:
                page.wait_for_url(lambda url: "/2fa/" not in url, timeout=5_000)
                break
            except PlaywrightTimeoutError:
                time.sleep(31 - int(time.time()) % 30)
    page.wait_for_url(lambda url: "/compte/login/" not in url and "/2fa/" not in url)
    return context, page


@pytest.fixture
def world(db):
    staff = StaffFactory(email="equipe@club.example")
    college = CollegeFactory(name="Fournisseurs", slug="fournisseurs", short_name="Fournisseurs")
    area()
    area("factures-travaux", "Factures de travaux")
    author = member_of(college, staff=staff, first_name="Lucas", last_name="Michel")
    supporter = member_of(college, staff=staff, first_name="Chloé", last_name="David")
    other = member_of(college, staff=staff, first_name="Mathis", last_name="Lefèvre")
    facilitator = facilitator_of(college, staff=staff, first_name="Sophie", last_name="Leroy")
    secret = with_totp(facilitator)
    from tests.threads.factories import make_theme, make_thread

    thread = make_thread(make_theme(college, facilitator), facilitator)
    duplicate = make_request(
        other,
        college,
        title="Numéro d'engagement tronqué à la saisie",
        area=area("factures-travaux", "Factures de travaux"),
    )
    return {
        "college": college,
        "author": author,
        "supporter": supporter,
        "other": other,
        "facilitator": facilitator,
        "secret": secret,
        "duplicate": duplicate,
        "thread": thread,
    }


def test_file_support_merge_and_position(browser, live_server, axe, world, tmp_path):
    screenshot = tmp_path / "ecran-saisie.png"
    screenshot.write_bytes(PNG_BYTES)

    # A member files a request from a thread of its college, with a screenshot.
    thread_id = str(world["thread"].pk)
    context, page = log_in(browser, live_server, world["author"])
    page.goto(f"/demandes/nouvelle/?thread={thread_id}")
    assert page.locator("input[name=source_thread_id]").input_value() == thread_id
    assert_accessible(axe, page)
    # Sent empty, the form comes back with errors tied to their fields, still accessible.
    page.get_by_label("Titre de la demande").fill("Champ engagement")
    page.get_by_role("button", name="Déposer la demande").click()
    # Under the field, and in the summary at the top of the form.
    assert page.get_by_text("Indiquez l'espace du portail concerné.", exact=True).is_visible()
    assert page.locator("[data-error-summary] a[href='#id_area']").is_visible()
    assert page.get_by_label("Titre de la demande").input_value() == "Champ engagement"
    assert page.locator("input[name=source_thread_id]").input_value() == thread_id
    assert_accessible(axe, page)
    page.get_by_label("Titre de la demande").fill(
        "Agrandir le champ « Numéro d'engagement » à 30 caractères"
    )
    page.get_by_label("Collège").select_option(label="Fournisseurs")
    page.get_by_label("Espace du portail Chorus Pro").select_option(label="Factures émises")
    page.locator("#id_screen").fill("Saisir une facture")
    page.locator("#id_field_label").fill("Numéro d'engagement")
    page.get_by_label("Ce qui se passe aujourd'hui").fill("Le champ n'accepte que 10 caractères.")
    page.get_by_label("Ce qui est attendu").fill("Accepter 30 caractères.")
    page.locator("#id_tags").fill("engagement, rejet")
    page.get_by_label("Captures d'écran").set_input_files(str(screenshot))
    page.get_by_role("button", name="Déposer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    assert page.get_by_text("Votre demande est déposée.").is_visible()
    request = ChangeRequest.objects.get(title__startswith="Agrandir")
    assert request.source_thread == world["thread"]
    assert request.screenshots.count() == 1
    image = page.locator(".cr-screenshots img")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 1
    context.close()

    # A second member supports it.
    context, page = log_in(browser, live_server, world["supporter"])
    page.goto(request.get_absolute_url())
    page.get_by_role("button", name="Soutenir cette demande").click()
    assert page.get_by_text("Votre soutien est enregistré.").is_visible()
    assert page.get_by_role("heading", name="1 soutien").is_visible()
    context.close()

    # A facilitator with two-factor authentication merges a duplicate into it, then builds a position.
    context, page = log_in(browser, live_server, world["facilitator"], secret=world["secret"])
    page.goto(world["duplicate"].get_absolute_url())
    page.get_by_role("link", name="Fusionner comme doublon").click()
    page.get_by_label("Demande qui subsiste").select_option(
        label=f"{request.reference} — {request.title}"
    )
    page.get_by_label("Motif").fill("Même champ, même besoin.")
    page.get_by_role("button", name="Fusionner").click()
    page.wait_for_url(f"**{request.get_absolute_url()}")
    assert page.get_by_role("heading", name="2 soutiens").is_visible()
    world["duplicate"].refresh_from_db()
    assert world["duplicate"].status == Status.MERGED
    assert Support.objects.filter(request=request).count() == 2

    page.get_by_role("link", name="Consolider dans une position").click()
    page.get_by_label("Titre de la position").fill("Le numéro d'engagement à 30 caractères")
    page.get_by_label("Texte de la position").fill("Le collège des fournisseurs demande à l'IPM…")
    page.get_by_role("button", name="Enregistrer la position").click()
    page.get_by_role("link", name="Soumettre la position au vote du collège").click()
    page.get_by_role("button", name="Ouvrir le scrutin").click()
    assert page.get_by_text("La position est soumise au vote du collège").is_visible()
    position = Position.objects.get()
    assert list(position.requests.all()) == [request]
    request.refresh_from_db()
    assert request.status == Status.IN_VOTE
    page.goto(request.get_absolute_url())
    # Created, submitted, a duplicate merged in, put to vote.
    assert page.locator(".cr-timeline__item").count() == 4
    assert (
        page.locator(".cr-timeline")
        .get_by_text("Dans une position soumise au vote", exact=True)
        .is_visible()
    )
    assert_accessible(axe, page)
    context.close()


def test_board_is_accessible_on_desktop_and_phone(browser, live_server, axe, world):
    for viewport in ({"width": 1280, "height": 900}, {"width": 375, "height": 740}):
        context = browser.new_context(locale="fr-FR", base_url=live_server.url, viewport=viewport)
        page = context.new_page()
        page.goto("/demandes/")
        assert page.get_by_role(
            "heading", name="Numéro d'engagement tronqué à la saisie"
        ).is_visible()
        assert_accessible(axe, page)
        page.goto(world["duplicate"].get_absolute_url())
        assert_accessible(axe, page)
        context.close()


def test_typing_a_title_shows_the_closest_filed_requests(browser, live_server, world, axe):
    """Support instead of duplicating: the hint appears as the member types (issue 21)."""
    existing = make_request(
        world["author"],
        world["college"],
        title="Agrandir le champ « Numéro d'engagement » à 30 caractères",
    )
    context, page = log_in(browser, live_server, world["supporter"])
    page.goto("/demandes/nouvelle/")
    page.get_by_label("Titre").first.press_sequentially("Numéro d'engagement trop court", delay=20)
    hint = page.locator("#similar-requests")
    hint.get_by_text("Des demandes proches existent déjà").wait_for()
    assert hint.get_by_role("link", name=re.compile(existing.reference)).is_visible()
    assert_accessible(axe, page)
    context.close()

"""A whitepaper's journey: consultation of the contributing college, moderation, publication,
then an anonymous visitor reads it and downloads its PDF."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from pypdf import PdfReader

from tests.e2e.conftest import assert_accessible
from tests.factories import make_member
from tests.proposals.factories import with_totp
from tests.whitepapers.factories import draft_whitepaper, index_page, open_consultation
from whitepapers import services

DRAFT_TEXT = "Le profil EN 16931 est le choix sûr pour Factur-X."


def _context_for(browser, live_server, user=None):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


@pytest.fixture(autouse=True)
def _fresh_cache():
    """PDFs are cached by revision id, and ids repeat from one test's database to the next."""
    cache.clear()
    yield
    cache.clear()


def test_consultation_then_publication_then_public_reading(
    page, browser, axe, live_server, staff, college, other_college
):
    index_page()
    whitepaper = draft_whitepaper(
        title="Choisir son format de facture électronique",
        colleges=[college],
        tags=["Factur-X"],
        body=[
            {"type": "heading", "value": {"text": "Les profils", "level": "h2"}},
            {"type": "paragraph", "value": f"<p>{DRAFT_TEXT}</p>"},
        ],
    )
    consultation = open_consultation(whitepaper, staff)
    consultation_url = f"/livres-blancs/consultations/{consultation.pk}/"
    member = make_member(college, staff=staff).user
    outsider = make_member(other_college, staff=staff).user

    # A member of the contributing college reads the draft and comments.
    context, member_page = _context_for(browser, live_server, member)
    member_page.goto("/livres-blancs/")
    assert_accessible(axe, member_page)
    member_page.get_by_role("link", name=whitepaper.title).click()
    member_page.wait_for_url(f"**{consultation_url}")
    assert member_page.get_by_role("heading", level=1).inner_text() == whitepaper.title
    assert member_page.get_by_text(DRAFT_TEXT).is_visible()
    assert_accessible(axe, member_page)
    member_page.get_by_label("Votre commentaire").fill("Ajoutez un exemple de profil BASIC.")
    member_page.get_by_role("button", name="Envoyer mon commentaire").click()
    assert member_page.get_by_text("votre commentaire sera visible après relecture").is_visible()
    assert member_page.get_by_text("en attente de modération").is_visible()
    context.close()

    # A member of another college cannot see the draft.
    context, outsider_page = _context_for(browser, live_server, outsider)
    response = outsider_page.goto(consultation_url)
    assert response.status == 403
    assert DRAFT_TEXT not in outsider_page.content()
    context.close()

    # Staff moderates the comment (a power: they sign in with their second factor), then
    # publishes.
    with_totp(staff)
    context, staff_page = _context_for(browser, live_server, staff)
    staff_page.goto(consultation_url)
    staff_page.get_by_role("button", name="Publier le commentaire").click()
    assert staff_page.get_by_text("Commentaire modéré.").is_visible()
    context.close()
    assert page.goto(f"/livres-blancs/{whitepaper.pk}/pdf/").status == 404
    services.publish_whitepaper(page=whitepaper, actor=staff)

    # An anonymous visitor finds it in the index, reads it and downloads its PDF.
    page.goto("/")
    page.get_by_role("link", name="Livres blancs").first.click()
    page.wait_for_url("**/livres-blancs/")
    assert_accessible(axe, page)
    page.get_by_role("link", name=whitepaper.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == whitepaper.title
    assert page.get_by_text(DRAFT_TEXT).is_visible()
    assert page.locator("#wp-version").text_content().strip() == "Version 1.0"
    assert_accessible(axe, page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger la version 1.0 en PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(download.path())
    assert "Choisir son format de facture électronique" in reader.pages[0].extract_text()

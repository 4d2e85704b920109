"""The whole whitepaper journey through the screens people use: staff drafts the paper in the
Wagtail admin and opens a consultation there; a member of the contributing college comments
on the site; a member of another college cannot see the draft; staff publishes in the admin;
an anonymous visitor reads it and downloads its PDF."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from club.core.audit.models import AuditEntry
from tests.accounts.conftest import enable_totp
from tests.e2e.conftest import assert_accessible
from tests.factories import StaffFactory, make_member
from tests.whitepapers.factories import index_page
from whitepapers.models import Consultation, WhitepaperPage

TITLE = "Choisir son format de facture électronique"
SUMMARY = "UBL, CII, Factur-X ou saisie sur le portail : quel format pour quelle entreprise ?"
HEADING = "Les profils Factur-X"
TEXT = "Le profil EN 16931 est le choix sûr pour Factur-X."
DATETIME = "%Y-%m-%d %H:%M"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """PDFs are cached by revision id, and ids repeat from one test's database to the next."""
    cache.clear()
    yield
    cache.clear()


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


def test_staff_drafts_and_publishes_in_wagtail_members_review_on_the_site(
    page, browser, axe, live_server, staff, college, other_college
):
    index = index_page()
    admin = StaffFactory(is_superuser=True, email="redaction@club.example")
    enable_totp(admin)  # the back office requires a second factor
    member = make_member(college, staff=staff).user
    outsider = make_member(other_college, staff=staff).user

    # Staff drafts the whitepaper in the Wagtail admin: title, summary, body blocks, college.
    context, admin_page = _context_for(browser, live_server, admin)
    admin_page.goto(f"/cms/pages/add/whitepapers/whitepaperpage/{index.pk}/")
    admin_page.locator("#id_title").fill(TITLE)
    admin_page.locator("#id_summary").fill(SUMMARY)
    admin_page.locator(".c-sf-add-button").first.click()
    admin_page.get_by_role("option", name="Titre").click()
    admin_page.locator("#body-0-value-text").fill(HEADING)
    admin_page.locator(".c-sf-add-button").last.click()
    admin_page.get_by_role("option", name="Texte").click()
    admin_page.locator(".public-DraftEditor-content").last.click()
    admin_page.keyboard.type(TEXT)
    # The rich text editor writes its hidden field a moment after typing: wait for it.
    expect(admin_page.locator("input[name='body-1-value']")).to_have_value(re.compile("EN 16931"))
    admin_page.locator("#id_colleges").select_option(label=college.name)
    admin_page.get_by_role("button", name="Enregistrer le brouillon").click()
    admin_page.wait_for_url("**/edit/")
    whitepaper = WhitepaperPage.objects.get(title=TITLE)
    assert not whitepaper.live

    # Staff opens a consultation of the draft, still in the admin.
    admin_page.goto("/cms/snippets/whitepapers/consultation/add/")
    admin_page.get_by_role("button", name="Choisissez une page (Livre blanc)").click()
    admin_page.get_by_role("dialog").get_by_role("link", name=TITLE).click()
    now = timezone.localtime()
    admin_page.locator("#id_opens_at").fill((now - timedelta(hours=1)).strftime(DATETIME))
    admin_page.locator("#id_closes_at").fill((now + timedelta(days=14)).strftime(DATETIME))
    # Wagtail's date picker may still cover the button while it fades: leave the field, then
    # press the button itself rather than whatever lies on top of it.
    admin_page.locator("#id_closes_at").press("Tab")
    admin_page.get_by_role("button", name="Enregistrer").dispatch_event("click")
    admin_page.wait_for_url("**/snippets/whitepapers/consultation/")
    consultation = Consultation.objects.get(page=whitepaper)
    assert consultation.is_open() and consultation.created_by == admin
    consultation_url = f"/livres-blancs/consultations/{consultation.pk}/"

    # The draft is not public.
    assert page.goto(whitepaper.url).status == 404
    page.goto("/livres-blancs/")
    assert page.get_by_role("link", name=TITLE).count() == 0

    # A member of the contributing college finds the draft from the index and comments.
    member_context, member_page = _context_for(browser, live_server, member)
    member_page.goto("/livres-blancs/")
    member_page.get_by_role("link", name=TITLE).click()
    member_page.wait_for_url(f"**{consultation_url}")
    assert member_page.get_by_role("heading", name=HEADING).is_visible()
    assert member_page.get_by_text(TEXT).is_visible()
    member_page.get_by_label("Votre commentaire").fill("Ajoutez un exemple de profil BASIC.")
    member_page.get_by_role("button", name="Envoyer mon commentaire").click()
    assert member_page.get_by_text("votre commentaire sera visible après relecture").is_visible()
    member_context.close()

    # A member of another college cannot see the draft.
    outsider_context, outsider_page = _context_for(browser, live_server, outsider)
    assert outsider_page.goto(consultation_url).status == 403
    assert TEXT not in outsider_page.content()
    outsider_context.close()

    # Staff reads the comment in the consultation, then publishes in the admin.
    admin_page.goto(consultation_url)
    assert admin_page.get_by_text("Ajoutez un exemple de profil BASIC.").is_visible()
    admin_page.goto(f"/cms/pages/{whitepaper.pk}/edit/")
    admin_page.get_by_role("button", name="Plus d'actions").click()
    admin_page.get_by_role("button", name="Publier").click()
    admin_page.wait_for_url(f"**/cms/pages/{index.pk}/")
    context.close()
    whitepaper.refresh_from_db()
    assert whitepaper.live
    published = AuditEntry.objects.get(action="whitepaper.published")
    assert published.actor == admin and published.after["version"] == "1.0"

    # An anonymous visitor reads it and downloads its PDF.
    page.goto("/livres-blancs/")
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert page.get_by_text(TEXT).is_visible()
    assert_accessible(axe, page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger la version 1.0 en PDF").click()
    reader = PdfReader(download_info.value.path())
    assert TITLE in reader.pages[0].extract_text()

"""The membership journey from start to end, in real browsers, for several people at once.

A visitor signs up (solving the real ALTCHA proof of work), confirms the address and logs in;
applies to two colleges; the staff, signed in with a second factor, reject one application
with a reason and approve the other; the new member sees both outcomes, reaches the college
and the plenary but not the other college; the staff appoint the member facilitator, who is
asked to set up a second factor before moderating, does so in the browser, then moderates.
"""

import re
import threading
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connections
from django.urls import reverse
from playwright.sync_api import expect

from colleges.models import FacilitatorRole
from colleges.threads import services as thread_services
from tests.colleges.factories import CharterFactory, MfaStaffFactory, totp_code
from tests.e2e.conftest import assert_accessible
from tests.factories import (
    PASSWORD,
    CollegeFactory,
    PlenaryFactory,
    UserFactory,
    make_member,
    valid_siret,
)
from tests.threads.factories import make_thread

NEW_PASSWORD = "Une-phrase-de-passe-2026"
EMAIL = "camille.durand@exemple.fr"
REJECTION = "Votre activité principale relève des fournisseurs."


def _off_the_loop(function):
    """Playwright keeps an event loop running in the test thread, where the services' live
    events (async_to_sync) cannot be sent: set the scene from another thread."""
    result = {}

    def run():
        try:
            result["value"] = function()
        finally:
            if not connections["default"].allow_thread_sharing:
                connections.close_all()  # PostgreSQL: this thread's own connection

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert "value" in result, "setting the scene failed"
    return result["value"]


@pytest.fixture
def world(transactional_db, live_server, settings, monkeypatch):
    settings.CAPTCHA_ENABLED = True
    # Used captcha challenges and used TOTP codes live in the cache.
    cache.clear()
    # With in-memory SQLite the scene's thread must use the test's own connection (the
    # database lives in it), as the live server's threads do; PostgreSQL needs nothing.
    connection = connections["default"]
    shared = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if shared:
        connection.inc_thread_sharing()
        monkeypatch.setattr(connections, "create_connection", lambda alias: connection)

    def scene():
        staff = MfaStaffFactory(
            email="equipe@club.example", first_name="Camille", last_name="Équipe"
        )
        suppliers = CollegeFactory(
            name="Fournisseurs", short_name="Fournisseurs", slug="fournisseurs", position=1
        )
        CharterFactory(college=suppliers, version=1, title="Charte d'usage des fournisseurs")
        vendors = CollegeFactory(
            name="Éditeurs et opérateurs",
            short_name="Éditeurs",
            slug="editeurs",
            qualification="vendor",
            position=2,
        )
        CharterFactory(college=vendors, version=1, title="Charte d'usage des éditeurs")
        plenary = PlenaryFactory(name="Plénière – sujets transverses", position=4)
        # A thread in the suppliers' college, with a post the future facilitator will hide.
        author = make_member(
            suppliers, user=UserFactory(first_name="Alice", last_name="Martin"), staff=staff
        ).user
        theme = thread_services.open_theme(
            college=suppliers, actor=staff, title="Gestion des rejets de factures"
        )
        thread = make_thread(theme, staff, body="Partagez vos rejets « code service absent ».")
        post = thread_services.create_post(
            thread=thread,
            author=author,
            body="Rejet reçu ce matin, SIRET 12345678900011 du client.",
        )
        return {
            "staff": staff,
            "suppliers": suppliers,
            "vendors": vendors,
            "plenary": plenary,
            "thread": thread,
            "post": post,
        }

    result = _off_the_loop(scene)
    if shared:
        connection.dec_thread_sharing()
        monkeypatch.undo()
    yield result
    cache.clear()


def fresh_totp(secret: str) -> str:
    """A code with time left in its 30-second period (codes are checked without tolerance)."""
    while 30 - time.time() % 30 < 3:
        time.sleep(0.2)
    return totp_code(secret)


def new_page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def log_in(page, email, password, secret=None):
    page.goto("/compte/login/")
    page.get_by_label("Adresse électronique").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    if secret is not None:
        page.wait_for_url("**/compte/2fa/authenticate/**")
        page.locator("input[name=code]").fill(fresh_totp(secret))
        page.locator("input[name=code]").press("Enter")
    page.get_by_role("banner").get_by_role("button", name="Se déconnecter").wait_for()


def fill_application(page, organisation, siret):
    page.get_by_label("Nom de votre organisation").fill(organisation)
    page.get_by_label("Numéro SIRET").fill(siret)
    page.get_by_label("Type d'organisation").select_option("company")
    page.get_by_label("Votre fonction").fill("Gérante")
    page.get_by_label("Votre motivation").fill("Nos factures de travaux sont souvent rejetées.")
    # DSFR draws the box on the label.
    page.get_by_label(re.compile("J'ai lu et j'accepte la charte")).check(force=True)


def test_membership_journey(browser, live_server, axe, world, django_user_model):
    staff, suppliers, vendors = world["staff"], world["suppliers"], world["vendors"]
    console_errors = []

    # 1. A visitor signs up, solving the real captcha, confirms the address and logs in.
    person_context, page = new_page(browser, live_server)
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    page.goto("/")
    page.get_by_role("link", name="Adhérer au club").first.click()
    page.wait_for_url("**/compte/signup/")
    page.wait_for_selector("altcha-widget input[type=checkbox]")
    assert_accessible(axe, page)
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Adresse électronique").fill(EMAIL)
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(NEW_PASSWORD)
    page.locator("label[for=id_accept_privacy_notice]").click(position={"x": 5, "y": 5})
    page.locator("altcha-widget label", has_text="Je ne suis pas un robot").click()
    page.wait_for_function(
        "() => (document.querySelector('input[name=captcha]') || {}).value", timeout=60_000
    )
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/compte/confirm-email/")

    [verification] = [message for message in mail.outbox if EMAIL in message.to]
    confirm_path = re.search(r"https?://[^/\s]+(/compte/confirm-email/\S+)", verification.body)[1]
    page.goto(confirm_path)
    page.get_by_role("button", name="Confirmer").click()
    # Signed in by the confirmation itself, and on to choosing a college.
    page.wait_for_url("**/colleges/candidater/")
    person = django_user_model.objects.get(email=EMAIL)
    assert person.emailaddress_set.get(email=EMAIL).verified

    # 2. The new account applies to the suppliers' and the vendors' colleges.
    page.goto("/colleges/candidater/")
    page.get_by_role("link", name=re.compile("Candidater au collège Fournisseurs")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fournisseurs")
    assert_accessible(axe, page)
    fill_application(page, "Menuiserie Durand", valid_siret(41001))
    page.get_by_role("checkbox", name="API", exact=True).check(force=True)
    page.get_by_role("button", name="Déposer ma candidature").click()
    page.wait_for_url("**/colleges/mon-espace/")
    expect(page.get_by_text("est déposée")).to_be_visible()

    page.goto("/colleges/candidater/")
    page.get_by_role("link", name=re.compile("Candidater au collège Éditeurs")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Éditeurs")
    fill_application(page, "Durand Logiciels", valid_siret(41002))
    page.get_by_label("Logiciel ou service que vous proposez").fill("Devis et factures")
    page.get_by_role("button", name="Déposer ma candidature").click()
    page.wait_for_url("**/colleges/mon-espace/")
    expect(page.get_by_text("En attente de validation")).to_have_count(2)
    assert_accessible(axe, page)

    # 3. The staff sign in with their second factor, reject one application, approve the other.
    staff_context, staff_page = new_page(browser, live_server)
    log_in(staff_page, staff.email, PASSWORD, secret=staff.totp_secret)
    staff_page.goto("/colleges/equipe/candidatures/")
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Candidatures à valider")
    rows = staff_page.locator("tbody tr")
    expect(rows).to_have_count(2)
    rows.filter(has_text="Éditeurs").get_by_role("link").click()
    staff_page.get_by_label("Motif").fill(REJECTION)
    staff_page.get_by_role("button", name="Refuser la candidature").click()
    staff_page.wait_for_url("**/equipe/candidatures/")
    expect(staff_page.get_by_text("refusée")).to_be_visible()
    staff_page.locator("tbody tr").filter(has_text="Fournisseurs").get_by_role("link").click()
    staff_page.get_by_role("button", name="Accepter la candidature").click()
    staff_page.wait_for_url("**/equipe/candidatures/")
    expect(staff_page.get_by_text("Aucune candidature en attente.")).to_be_visible()

    # 4. The member sees both outcomes, reaches the college and the plenary, not the other.
    page.goto("/colleges/mon-espace/")
    applications = page.locator("section[aria-labelledby=applications-title]")
    rejected = applications.locator("li.fr-card").filter(has_text="Éditeurs et opérateurs")
    expect(rejected.get_by_text("Refusée").first).to_be_visible()
    expect(rejected.get_by_text(REJECTION)).to_be_visible()
    approved = applications.locator("li.fr-card").filter(has_text="Fournisseurs")
    expect(approved.get_by_text("Acceptée").first).to_be_visible()
    memberships = page.locator("section[aria-labelledby=memberships-title]")
    expect(memberships.get_by_role("link", name="Éditeurs et opérateurs")).to_have_count(0)
    assert_accessible(axe, page)

    memberships.get_by_role("link", name="Fournisseurs", exact=True).click()
    page.wait_for_url(f"**/colleges/{suppliers.slug}/")
    expect(page.get_by_role("heading", name="L'espace du collège")).to_be_visible()
    page.goto(f"/colleges/{suppliers.slug}/themes/")
    expect(page.get_by_role("link", name="Gestion des rejets de factures")).to_be_visible()

    page.goto("/colleges/mon-espace/")
    page.get_by_role("link", name=re.compile("Accéder à la Plénière")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plénière – sujets transverses")
    expect(page.get_by_role("heading", name="L'espace du collège")).to_be_visible()
    page.goto(f"/colleges/{world['plenary'].slug}/themes/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thèmes de travail")

    # Until now no page logged an error (the refusal below and the thread's live socket, which
    # the WSGI live server does not serve, are expected to).
    assert console_errors == []

    # Another college's themes are not visible to them: 404, as what does not exist (access_*).
    response = page.goto(f"/colleges/{vendors.slug}/themes/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page non trouvée")
    page.goto(f"/colleges/{vendors.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Éditeurs et opérateurs")
    expect(page.get_by_role("heading", name="L'espace du collège")).to_have_count(0)

    # 5. The staff appoint the new member facilitator of the suppliers' college.
    staff_page.goto(f"/colleges/equipe/{suppliers.slug}/roles/")
    staff_page.get_by_label("Membre à nommer animateur").select_option(str(person.pk))
    staff_page.get_by_role("button", name="Nommer", exact=True).click()
    expect(staff_page.get_by_text("Camille Durand est animateur du collège.")).to_be_visible()
    assert FacilitatorRole.objects.filter(user=person, college=suppliers).exists()
    staff_context.close()

    # 6. The facilitator's first moderation sends them to set up a second factor, with why.
    post = world["post"]
    thread_url = f"/colleges/fils/{world['thread'].pk}/"
    # Until then the page offers no power (no « Masquer »); the moderation address itself sends
    # them to the set-up.
    page.goto(thread_url)
    expect(page.locator(f"#message-{post.pk}").get_by_role("link", name="Masquer")).to_have_count(0)
    page.goto(reverse("colleges:moderation_hide_post", kwargs={"pk": post.pk}))
    # allauth first asks for the password again (a login is not a re-authentication); the
    # explanation shows on that first page, before the set-up itself.
    page.wait_for_url("**/compte/reauthenticate/**")
    expect(page.get_by_text("activez d'abord la double authentification")).to_be_visible()
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/compte/2fa/totp/activate/**")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Code de l'authentificateur").fill(fresh_totp(secret))
    page.get_by_role("button", name="Activer").click()
    page.wait_for_url("**/compte/2fa/recovery-codes/**")
    assert person.authenticator_set.filter(type="totp").exists()

    # Now the moderation works: the facilitator hides the post, then opens the queue.
    page.goto(thread_url)
    page.locator(f"#message-{post.pk}").get_by_role("link", name="Masquer").click()
    page.get_by_label("Motif du masquage").fill("SIRET d'un client : la charte l'interdit.")
    page.get_by_role("button", name="Masquer le message").click()
    page.wait_for_url(f"**{thread_url}?message={post.pk}#message-{post.pk}")
    expect(page.get_by_text("Le message est masqué.")).to_be_visible()
    post.refresh_from_db()
    assert post.is_hidden
    response = page.goto(f"/colleges/{suppliers.slug}/moderation/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text("Signalements à traiter")

    person_context.close()

"""A visitor signs up in a real browser, solving the real ALTCHA proof of work."""

import re

import pytest
from django.core import mail

from club.core.gdpr.models import ConsentRecord
from tests.accounts.conftest import enable_totp, totp_code
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD as STAFF_PASSWORD
from tests.factories import StaffFactory

PASSWORD = "Une-phrase-de-passe-2026"


@pytest.fixture
def captcha_on(settings):
    settings.CAPTCHA_ENABLED = True


def test_sign_up_confirm_and_log_in(page, axe, live_server, captcha_on, django_user_model):
    # A blocked worker or stylesheet shows up as a console error: there must be none.
    console_errors = []
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )

    page.goto("/")
    page.get_by_role("link", name="Adhérer au club").first.click()
    page.wait_for_url("**/compte/signup/")
    assert page.get_by_role("heading", level=1).inner_text() == "Adhérer au Club Chorus Pro"
    page.wait_for_selector("altcha-widget input[type=checkbox]")
    # The widget's stylesheet was applied (it carries the nonce of the page).
    assert page.locator("style#altcha-css").count() == 1
    assert_accessible(axe, page)

    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Adresse électronique").fill("camille.durand@exemple.fr")
    # The password's label also holds the rules it must follow.
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.locator("label[for=id_accept_privacy_notice]").click(position={"x": 5, "y": 5})
    assert page.locator("#id_accept_privacy_notice").is_checked()

    # The widget fetches a challenge from our endpoint and solves it in a worker.
    page.locator("altcha-widget label", has_text="Je ne suis pas un robot").click()
    page.wait_for_function(
        "() => (document.querySelector('input[name=captcha]') || {}).value", timeout=60_000
    )
    page.get_by_role("button", name="Créer mon compte").click()
    page.wait_for_url("**/compte/confirm-email/")

    user = django_user_model.objects.get(email="camille.durand@exemple.fr")
    assert ConsentRecord.objects.filter(user=user).exists()
    [message] = mail.outbox
    confirm_path = re.search(r"https?://[^/\s]+(/compte/confirm-email/\S+)", message.body)[1]

    page.goto(confirm_path)
    page.get_by_role("button", name="Confirmer").click()
    # Confirmed in the browser that signed up: signed in at once, no password to retype.
    page.get_by_role("button", name="Se déconnecter").wait_for()
    assert_accessible(axe, page)
    assert page.get_by_role("link", name="Mon compte").is_visible()

    page.get_by_role("link", name="Mon compte").click()
    page.wait_for_url("**/compte/")
    assert_accessible(axe, page)

    page.get_by_role("button", name="Se déconnecter").first.click()
    page.get_by_role("banner").get_by_role("link", name="Se connecter").wait_for()

    assert console_errors == []


def test_sign_up_errors_are_accessible_and_keep_what_was_typed(page, axe):
    page.goto("/compte/signup/")
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("Adresse électronique").fill("camille@exemple.fr")
    # Skip the browser's own checks to see the server's messages.
    page.locator("form.fr-form").evaluate("form => form.noValidate = true")
    page.get_by_role("button", name="Créer mon compte").click()

    page.locator(".fr-input-group--error").first.wait_for()
    assert page.get_by_label("Prénom").input_value() == "Camille"
    assert page.get_by_label("Adresse électronique").input_value() == "camille@exemple.fr"
    consent = page.locator("#id_accept_privacy_notice")
    assert consent.get_attribute("aria-describedby") == "id_accept_privacy_notice-desc-error"
    assert_accessible(axe, page)


@pytest.fixture
def wagtail_root(transactional_db):
    """Browser tests flush the database, Wagtail's root page (a data migration) included."""
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="fr")
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root"))


def test_staff_set_up_two_factor_before_entering_the_cms(page, axe, live_server, wagtail_root):
    staff = StaffFactory(email="equipe@club.example", is_superuser=True)

    page.goto("/cms/")
    page.wait_for_url("**/compte/login/?next=/cms/")
    page.get_by_label("Adresse électronique").fill(staff.email)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    # No second factor yet: the CMS sends staff to set one up, after confirming the password.
    page.wait_for_url("**/compte/reauthenticate/**")
    assert page.get_by_text("exige la double authentification").is_visible()
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/compte/2fa/totp/activate/**")
    assert_accessible(axe, page)

    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Code de l'authentificateur").fill(totp_code(secret))
    page.get_by_role("button", name="Activer").click()
    page.wait_for_url("**/compte/2fa/recovery-codes/**")
    assert page.locator("#recovery_codes").input_value().strip()
    assert_accessible(axe, page)

    response = page.goto("/cms/")
    assert response.status == 200
    assert page.url == f"{live_server.url}/cms/"


def test_security_key_as_second_factor(page, live_server, settings):
    """A staff member adds a security key (a virtual one in Chromium) and signs in with it."""
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server speaks plain HTTP
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    staff = StaffFactory(email="cle@club.example")
    secret = enable_totp(staff)

    def log_in():
        page.goto("/compte/login/")
        page.get_by_label("Adresse électronique").fill(staff.email)
        page.locator("#id_password").fill(STAFF_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url("**/compte/2fa/authenticate/")

    log_in()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto("/compte/2fa/")
    page.get_by_role("link", name="Ajouter").click()
    page.wait_for_url("**/compte/reauthenticate/**")
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/compte/2fa/webauthn/add/")
    page.get_by_label("Nom de la clé").fill("Clé USB du bureau")
    page.get_by_role("button", name="Ajouter").click()
    page.wait_for_url("**/compte/2fa/recovery-codes/")
    assert staff.authenticator_set.filter(type="webauthn").count() == 1

    page.get_by_role("banner").get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("banner").get_by_role("link", name="Se connecter").wait_for()
    log_in()
    page.get_by_role("button", name="Utilisez une clé secrète").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("banner").get_by_role("button", name="Se déconnecter").wait_for()

import re

import altcha
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from club.core.gdpr.models import ConsentRecord
from tests.accounts.conftest import link_in
from tests.accounts.factories import SIGNUP_PASSWORD, signup_data
from tests.factories import UserFactory

User = get_user_model()
pytestmark = pytest.mark.django_db


def test_signup_creates_an_unverified_account_with_names_and_privacy_consent(client, settings):
    response = client.post(reverse("account_signup"), signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="camille.durand@exemple.fr")
    assert (user.first_name, user.last_name) == ("Camille", "Durand")
    assert user.check_password(SIGNUP_PASSWORD)
    assert not EmailAddress.objects.get(user=user).verified
    consent = ConsentRecord.objects.get(user=user)
    assert consent.document == ConsentRecord.Document.PRIVACY_NOTICE
    assert consent.version == settings.PRIVACY_NOTICE_VERSION
    # Not signed in until the address is confirmed.
    assert "_auth_user_id" not in client.session


def test_signup_without_consent_is_refused_and_keeps_what_was_typed(client):
    response = client.post(reverse("account_signup"), signup_data(accept_privacy_notice=None))

    assert response.status_code == 200
    html = response.content.decode()
    assert "acceptez la notice relative aux données personnelles" in html
    # The error is tied to the checkbox for screen readers.
    assert 'aria-describedby="id_accept_privacy_notice-desc-error"' in html
    assert 'id="id_accept_privacy_notice-desc-error"' in html
    assert 'value="Camille"' in html
    assert 'value="Durand"' in html
    assert 'value="camille.durand@exemple.fr"' in html
    assert not User.objects.exists()
    assert not ConsentRecord.objects.exists()
    assert not mail.outbox


def test_signup_page_links_the_privacy_notice(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'href="/donnees-personnelles/"' in html
    assert '<label class="fr-label" for="id_first_name">' in html
    assert "<altcha-widget" not in html  # CAPTCHA_ENABLED is off in the test settings


def test_email_verification_then_login(client):
    client.post(reverse("account_signup"), signup_data())
    user = User.objects.get(email="camille.durand@exemple.fr")

    # Before confirming, the password alone does not open the account.
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": SIGNUP_PASSWORD}
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    message = mail.outbox[0]
    assert message.to == ["camille.durand@exemple.fr"]
    assert message.subject == (
        "[Club Chorus Pro] Confirmez votre adresse pour activer votre compte"
    )
    assert "Merci de votre inscription au Club Chorus Pro" in message.body
    confirm_url = link_in(message.body, "/confirm-email/")

    page = client.get(confirm_url)
    assert page.status_code == 200
    assert "camille.durand@exemple.fr" in page.content.decode()
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": SIGNUP_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_with_a_taken_address_tells_the_owner_not_the_visitor(client):
    owner = UserFactory(email="deja@exemple.fr")

    response = client.post(reverse("account_signup"), signup_data(email="deja@exemple.fr"))

    # Same answer as a fresh sign-up: nobody learns which addresses have an account.
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="deja@exemple.fr").count() == 1
    assert mail.outbox[0].to == [owner.email]
    assert mail.outbox[0].subject == "[Club Chorus Pro] Vous avez déjà un compte"


def test_weak_password_is_explained_in_french(client):
    response = client.post(
        reverse("account_signup"), signup_data(password1="court", password2="court")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in html
    assert 'aria-describedby="id_password1-desc-error"' in html


class TestCaptcha:
    @pytest.fixture(autouse=True)
    def _captcha_on(self, settings):
        settings.CAPTCHA_ENABLED = True

    def solved_payload(self, client) -> str:
        """Solve a real proof-of-work challenge from our endpoint, as the widget does."""
        response = client.get("/altcha/challenge/")
        assert response.status_code == 200
        challenge = altcha.Challenge.from_dict(response.json())
        return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()

    def test_page_loads_the_widget_from_our_static_files_with_the_csp_nonce(self, client):
        response = client.get(reverse("account_signup"))
        html = response.content.decode()
        assert '<altcha-widget name="captcha" challenge="/altcha/challenge/"' in html
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        scripts = re.findall(r"<script[^>]*>", html)
        widget_scripts = [tag for tag in scripts if "altcha" in tag]
        assert len(widget_scripts) == 2
        for tag in scripts:
            assert f'nonce="{nonce}"' in tag, tag
            assert 'src="/static/' in tag, tag  # no CDN
        assert f'<meta name="csp-nonce" content="{nonce}">' in html
        # Only this page lets the widget start its workers and inject its stylesheet.
        policy = response["Content-Security-Policy"]
        assert "worker-src 'self' blob:" in policy
        assert f"style-src 'self' 'nonce-{nonce}'" in policy
        login_policy = client.get(reverse("account_login"))["Content-Security-Policy"]
        assert "blob:" not in login_policy
        assert re.search(r"style-src 'self'(;|$)", login_policy)

    def test_signup_without_solving_the_captcha_is_refused(self, client):
        response = client.post(reverse("account_signup"), signup_data())
        assert response.status_code == 200
        assert "Je ne suis pas un robot" in response.content.decode()
        assert not User.objects.exists()

    def test_signup_with_a_solved_challenge_succeeds_once(self, client):
        payload = self.solved_payload(client)
        response = client.post(reverse("account_signup"), signup_data(captcha=payload))
        assert response.status_code == 302
        assert User.objects.filter(email="camille.durand@exemple.fr").exists()

        replay = client.post(
            reverse("account_signup"), signup_data(email="autre@exemple.fr", captcha=payload)
        )
        assert replay.status_code == 200
        assert "a déjà servi" in replay.content.decode()
        assert not User.objects.filter(email="autre@exemple.fr").exists()

    def test_forged_payload_is_refused(self, client):
        response = client.post(reverse("account_signup"), signup_data(captcha="bidon"))
        assert response.status_code == 200
        assert "La vérification anti-robot a échoué" in response.content.decode()
        assert not User.objects.exists()


def test_captcha_secret_is_derived_from_but_distinct_from_the_secret_key(settings):
    assert settings.ALTCHA_HMAC_SECRET
    assert settings.ALTCHA_HMAC_SECRET != settings.SECRET_KEY
    assert settings.SECRET_KEY not in settings.ALTCHA_HMAC_SECRET


def test_confirming_the_address_in_the_browser_that_signed_up_signs_in(client):
    """Issue 21.8: the newcomer confirmed, then had to type the password again."""
    client.post(reverse("account_signup"), signup_data())
    user = User.objects.get(email="camille.durand@exemple.fr")
    confirm_url = link_in(mail.outbox[0].body, "/confirm-email/")

    response = client.post(confirm_url)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response["Location"] == reverse("colleges:apply"), "on to choosing a college"


def test_a_confirmation_link_opened_elsewhere_signs_nobody_in(client):
    client.post(reverse("account_signup"), signup_data())
    confirm_url = link_in(mail.outbox[0].body, "/confirm-email/")
    client.cookies.clear()  # another browser: the link alone

    response = client.post(confirm_url)

    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session

"""Wrong passwords slow and stop the guesser, never the account's owner (issue 20, point 5).

Before: five wrong passwords from anywhere locked the account for 15 minutes, the owner's
correct password from another address included, with a message about "this address".
"""

import altcha
import pytest
from django.urls import reverse

from club.core.accounts.models import LoginFailure
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.20"


def attempt(client, email, password, address, **data):
    client.logout()
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password, **data},
        REMOTE_ADDR=address,
    )


def signed_in(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def solved(client) -> str:
    challenge = altcha.Challenge.from_dict(client.get("/altcha/challenge/").json())
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


def test_a_guesser_cannot_lock_the_owner_out(client, settings):
    victim = UserFactory()
    for _ in range(settings.LOGIN_GUARD["pair_block"] + 5):
        attempt(client, victim.email, "devine-moi", ATTACKER)
    response = attempt(client, victim.email, PASSWORD, OWNER)
    assert response.status_code == 302
    assert signed_in(client, victim)


def test_the_guessing_address_is_blocked_on_that_account_and_told_so(client, settings):
    victim, other = UserFactory(), UserFactory()
    for _ in range(settings.LOGIN_GUARD["pair_block"]):
        response = attempt(client, victim.email, "devine-moi", ATTACKER)
        assert "incorrect" in response.content.decode()
    # Even the right password is refused from there, and the message says what is blocked.
    response = attempt(client, victim.email, PASSWORD, ATTACKER)
    html = response.content.decode()
    assert response.status_code == 200 and not signed_in(client, victim)
    assert "connexions à ce compte sont bloquées depuis votre adresse" in html
    assert "Le compte lui-même n&#x27;est pas bloqué" in html
    assert "15 minutes" in html
    # Refused attempts are not counted: the block does not grow while it lasts.
    assert LoginFailure.objects.count() == settings.LOGIN_GUARD["pair_block"]
    # The same address may still sign in to another account.
    assert attempt(client, other.email, PASSWORD, ATTACKER).status_code == 302


def test_an_address_spraying_many_accounts_is_blocked_for_all(client, settings):
    settings.LOGIN_GUARD = {**settings.LOGIN_GUARD, "address_captcha": 100, "address_block": 6}
    people = [UserFactory() for _ in range(7)]
    for person in people[:6]:
        attempt(client, person.email, "Printemps2026!", ATTACKER)
    response = attempt(client, people[6].email, PASSWORD, ATTACKER)
    assert not signed_in(client, people[6])
    assert "toutes les connexions depuis cette adresse sont bloquées" in response.content.decode()
    assert attempt(client, people[6].email, PASSWORD, OWNER).status_code == 302


def test_a_correct_password_forgives_that_address_its_slips(client, settings):
    person = UserFactory()
    for _ in range(2):
        attempt(client, person.email, "faute-de-frappe", OWNER)
    assert attempt(client, person.email, PASSWORD, OWNER).status_code == 302
    assert not LoginFailure.objects.exists()


def test_failures_hold_no_e_mail_address(client):
    person = UserFactory(email="camille.secret@exemple.fr")
    attempt(client, person.email, "faute", OWNER)
    row = LoginFailure.objects.get()
    assert "camille" not in row.account and row.address == OWNER


class TestCaptcha:
    @pytest.fixture(autouse=True)
    def _captcha_on(self, settings):
        settings.CAPTCHA_ENABLED = True

    def test_after_a_few_failures_the_guesser_must_solve_the_captcha(self, client, settings):
        victim = UserFactory()
        assert "<altcha-widget" not in client.get(reverse("account_login")).content.decode()
        for _ in range(settings.LOGIN_GUARD["pair_captcha"]):
            response = attempt(client, victim.email, "devine-moi", ATTACKER)
        # The failure that reached the threshold shows the captcha on the re-shown form.
        html = response.content.decode()
        assert '<altcha-widget name="captcha"' in html
        assert "après plusieurs échecs de connexion" in html
        assert "worker-src 'self' blob:" in response["Content-Security-Policy"]
        # Without it, the password is not even checked (the attempt is not counted).
        response = attempt(client, victim.email, PASSWORD, ATTACKER)
        assert not signed_in(client, victim)
        assert "Je ne suis pas un robot" in response.content.decode()
        assert LoginFailure.objects.count() == settings.LOGIN_GUARD["pair_captcha"]
        # Solved, the owner's password goes through from there too.
        response = attempt(client, victim.email, PASSWORD, ATTACKER, captcha=solved(client))
        assert response.status_code == 302 and signed_in(client, victim)

    def test_a_guesser_spread_over_many_addresses_only_meets_the_captcha(self, client, settings):
        victim = UserFactory()
        for n in range(settings.LOGIN_GUARD["account_captcha"]):
            attempt(client, victim.email, "devine-moi", f"192.0.2.{n + 1}")
        # The owner, from an address that never failed, is asked the captcha, not refused.
        response = attempt(client, victim.email, PASSWORD, OWNER)
        assert not signed_in(client, victim)
        assert '<altcha-widget name="captcha"' in response.content.decode()
        response = attempt(client, victim.email, PASSWORD, OWNER, captcha=solved(client))
        assert response.status_code == 302 and signed_in(client, victim)

    def test_an_address_with_many_failures_sees_the_captcha_on_a_blank_form(self, client, settings):
        for n in range(settings.LOGIN_GUARD["address_captcha"]):
            attempt(client, f"personne{n}@exemple.fr", "devine-moi", ATTACKER)
        html = client.get(reverse("account_login"), REMOTE_ADDR=ATTACKER).content.decode()
        assert '<altcha-widget name="captcha"' in html
        html = client.get(reverse("account_login"), REMOTE_ADDR=OWNER).content.decode()
        assert "<altcha-widget" not in html


def test_a_password_reset_clears_the_failures_on_that_account(client, settings):
    from django.core import mail

    from tests.accounts.conftest import link_in

    victim = UserFactory()
    for _ in range(settings.LOGIN_GUARD["pair_block"]):
        attempt(client, victim.email, "devine-moi", OWNER)
    client.post(reverse("account_reset_password"), {"email": victim.email}, REMOTE_ADDR=OWNER)
    response = client.get(link_in(mail.outbox[-1].body, "/password/reset/key/"))
    new_password = "Un-nouveau-secret-2026"
    client.post(response["Location"], {"password1": new_password, "password2": new_password})
    assert not LoginFailure.objects.exists()
    assert attempt(client, victim.email, new_password, OWNER).status_code == 302


def test_forged_forwarded_addresses_are_counted_against_the_real_one(client, settings):
    """Issue 26, point 7: twelve failures with forged X-Forwarded-For used to count apart."""
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    victim = UserFactory()
    for n in range(12):
        client.post(
            reverse("account_login"),
            {"login": victim.email, "password": "devine-moi"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, {ATTACKER}",
        )
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {ATTACKER}
    response = client.post(
        reverse("account_login"),
        {"login": victim.email, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=f"192.0.2.99, {ATTACKER}",
    )
    assert "bloquées depuis votre adresse" in response.content.decode()

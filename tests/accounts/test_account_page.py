import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import enable_totp, link_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_account_page_needs_login(client):
    response = client.get(reverse("account_index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_account_page_links_every_setting(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get(reverse("account_index")).content.decode()
    assert user.email in html
    for name in ("account_email", "account_change_password", "mfa_index", "account_logout"):
        assert f'"{reverse(name)}"' in html, name
    assert "Non activée" in html


def test_account_page_shows_an_active_second_factor(client):
    user = UserFactory()
    enable_totp(user)
    client.force_login(user)
    assert "Activée" in client.get(reverse("account_index")).content.decode()


def test_settings_pages_lead_back_to_the_account_page(client):
    client.force_login(UserFactory())
    html = client.get(reverse("account_change_password")).content.decode()
    assert "Retour à Mon compte" in html


def test_change_name(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("account_index"), {"first_name": "Aïcha", "last_name": "Benali"}, follow=True
    )
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Aïcha", "Benali")
    assert "Votre nom a été mis à jour." in response.content.decode()


def test_empty_name_is_refused_in_french(client):
    user = UserFactory(first_name="Jean")
    client.force_login(user)
    response = client.post(reverse("account_index"), {"first_name": "", "last_name": "X"})
    assert response.status_code == 200
    assert "Champ requis." in response.content.decode()
    user.refresh_from_db()
    assert user.first_name == "Jean"


def test_change_email_with_confirmation_even_with_a_second_factor(client):
    user = UserFactory(email="ancienne@exemple.fr")
    enable_totp(user)
    client.force_login(user)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "nouvelle@exemple.fr"}
    )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["nouvelle@exemple.fr"]
    assert message.subject == "[Club Chorus Pro] Confirmez votre adresse électronique"
    html = client.get(reverse("account_index")).content.decode()
    assert "nouvelle@exemple.fr en attente de confirmation" in html

    client.post(link_in(message.body, "/confirm-email/"))

    user.refresh_from_db()
    assert user.email == "nouvelle@exemple.fr"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [
        ("nouvelle@exemple.fr", True)
    ]

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import link_in
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_and_logout_from_the_header(client):
    user = UserFactory()

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    home = client.get("/").content.decode()
    logout_url = reverse("account_logout")
    assert f'<form method="post" action="{logout_url}" novalidate>' in home
    assert 'name="csrfmiddlewaretoken"' in home
    assert f'href="{reverse("account_index")}"' in home  # "Mon compte" in the header

    response = client.post(logout_url)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_logout_by_get_only_asks_for_confirmation(client):
    client.force_login(UserFactory())
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200
    assert "vouloir vous déconnecter" in response.content.decode()
    assert "_auth_user_id" in client.session


def test_wrong_password_gets_a_french_error_and_keeps_the_address(client):
    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "pas-le-bon-mot"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "L&#x27;adresse électronique ou le mot de passe est incorrect" in html
    assert f'value="{user.email}"' in html
    # Summed up at the top of the form like every error (tests/club/test_form_errors.py).
    assert "data-error-summary" in html
    assert "<title>Erreur : " in html


def test_password_reset_by_email(client):
    user = UserFactory()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response["Location"] == reverse("account_reset_password_done")

    message = mail.outbox[0]
    assert message.subject == "[Club Chorus Pro] Réinitialisation de votre mot de passe"
    assert "choisir un nouveau mot de passe" in message.body
    response = client.get(link_in(message.body, "/password/reset/key/"))
    assert response.status_code == 302  # the key moves into the session
    set_password_url = response["Location"]
    assert "Nouveau mot de passe" in client.get(set_password_url).content.decode()

    new_password = "Un-nouveau-secret-2026"
    response = client.post(set_password_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(reverse("account_reset_password"), {"email": "inconnu@exemple.fr"})
    assert response["Location"] == reverse("account_reset_password_done")
    assert mail.outbox[0].subject == "[Club Chorus Pro] Aucun compte pour cette adresse"


def test_too_many_reset_requests_get_a_french_429_page(client):
    user = UserFactory()
    statuses = [
        client.post(reverse("account_reset_password"), {"email": user.email}).status_code
        for _attempt in range(6)
    ]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    html = response.content.decode()
    assert "Trop de tentatives" in html
    assert '<html lang="fr"' in html
    assert len(mail.outbox) == 5

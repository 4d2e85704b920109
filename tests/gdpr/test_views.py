import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from club.core.gdpr.services import record_consent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["gdpr:index", "gdpr:export", "gdpr:erase"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    url = reverse(name)
    response = client.get(url) if name == "gdpr:index" else client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_page_lists_my_consents_only(client, person, someone_else):
    client.force_login(person)
    response = client.get(reverse("gdpr:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Mes données personnelles</h1>" in html
    assert "Charte d&#x27;usage d&#x27;un collège" in html or "Charte d'usage d'un collège" in html
    assert "(fournisseurs)" in html
    assert "(autre)" not in html
    assert 'action="/mes-donnees/telecharger/"' in html
    assert 'autocomplete="current-password"' in html


def test_consent_list_query_count_is_constant(client, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)

    def add(count):
        for number in range(count):
            record_consent(user=user, document="charter", version=str(number), reference="c")

    add(3)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("gdpr:index")).status_code == 200
    add(9)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("gdpr:index"))
    assert response.content.decode().count("<tr>") == 13


def test_footer_links_to_my_data_once_logged_in(client, user):
    assert reverse("gdpr:index") not in client.get("/").content.decode()
    client.force_login(user)
    assert f'href="{reverse("gdpr:index")}"' in client.get("/").content.decode()


def test_erasing_with_the_forms_one_time_token_still_answers(client, person):
    """The erasure removes the person's submission tokens while the request still holds one."""
    import uuid

    client.force_login(person)
    response = client.post(
        reverse("gdpr:erase"), {"password": PASSWORD, "submission_token": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.is_active


def test_erasing_logs_out_with_a_french_message(client, person):
    client.force_login(person)
    response = client.post(reverse("gdpr:erase"), {"password": PASSWORD}, follow=True)
    assert "_auth_user_id" not in client.session
    messages = [str(message) for message in response.context["messages"]]
    assert any("Votre compte a été supprimé" in message for message in messages)
    person.refresh_from_db()
    assert not person.is_active
    assert client.get(reverse("gdpr:index")).status_code == 302


def test_wrong_password_is_refused_with_a_clear_error(client, person):
    client.force_login(person)
    response = client.post(reverse("gdpr:erase"), {"password": "pas-le-bon"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mot de passe incorrect : votre compte n&#x27;a pas été supprimé." in html
    assert "_auth_user_id" in client.session
    person.refresh_from_db()
    assert person.is_active
    assert get_user_model().objects.get(pk=person.pk).email == "camille.durand@exemple.fr"


def test_empty_password_is_refused(client, person):
    client.force_login(person)
    response = client.post(reverse("gdpr:erase"), {"password": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    person.refresh_from_db()
    assert person.is_active

import json

from django.conf import settings
from django.test import Client

from club.core.gdpr.services import record_privacy_consent
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory


def _log_in(page, live_server, user):
    """Sign in through a session cookie: the login form has its own journey."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_a_person_downloads_then_erases_their_data(page, axe, live_server):
    person = UserFactory(email="e2e.rgpd@exemple.fr", first_name="Élise", last_name="Roux")
    record_privacy_consent(user=person)
    _log_in(page, live_server, person)
    page.goto("/")

    page.locator("footer").get_by_role("link", name="Mes données").click()
    page.wait_for_url("**/mes-donnees/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mes données personnelles"
    assert page.locator("table tbody tr").count() == 1
    assert_accessible(axe, page)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger mes données (JSON)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("mes-donnees-club-chorus-pro-")
    with open(download.path(), encoding="utf-8") as exported:
        data = json.load(exported)
    assert data["sections"]["accounts"]["adresse_electronique"] == "e2e.rgpd@exemple.fr"

    page.get_by_label("Votre mot de passe, pour confirmer").fill("pas-le-bon")
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    # The refusal is a new page: wait for it rather than read the one being left.
    # The error is in the summary at the top of the form and under the field.
    page.locator("[data-error-summary]").get_by_text("Mot de passe incorrect").wait_for()
    assert page.locator(".fr-error-text", has_text="Mot de passe incorrect").is_visible()
    assert_accessible(axe, page)

    page.get_by_label("Votre mot de passe, pour confirmer").fill(PASSWORD)
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    page.wait_for_url(lambda url: "/mes-donnees/" not in url)
    assert page.get_by_text("Votre compte a été supprimé").is_visible()
    assert page.get_by_role("link", name="Se connecter").first.is_visible()

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_is_french_by_default(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Club Chorus Pro" in html
    assert "Se connecter" in html
    assert "/static/dsfr/dist/dsfr/dsfr.min.css" in html
    assert 'href="#content"' in html, "skip link to the main content"


def test_home_page_in_english(client):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Log in" in html
    assert "Se connecter" not in html


def test_language_switch_links_to_the_same_page_in_the_other_language(client):
    html = client.get("/").content.decode()
    assert 'hreflang="en" lang="en" href="/en/"' in html
    html = client.get("/en/").content.decode()
    assert 'hreflang="fr" lang="fr" href="/"' in html


def test_footer_links_to_legal_privacy_and_accessibility_pages(client):
    html = client.get("/").content.decode()
    for href in ("/mentions-legales/", "/donnees-personnelles/", "/accessibilite/"):
        assert f'href="{href}"' in html


def test_scripts_carry_the_csp_nonce(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_health_endpoint(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_unknown_page_gives_a_french_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


def test_only_the_most_specific_menu_entry_is_current(client):
    html = client.get("/demandes/ipm/").content.decode()
    current = [
        line
        for line in html.splitlines()
        if 'aria-current="page"' in line and "fr-nav__link" in line
    ]
    assert len(current) == 1
    assert "/demandes/ipm/" in current[0]

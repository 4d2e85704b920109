"""The database away answers a French 503 with Retry-After and hands back what was typed.

The real outage (a private PostgreSQL stopped and restarted under a real Daphne) is in
tests/reliability/test_postgres_outage.py; here, the page itself (club/core/outage.py).
"""

import pytest
from django.test import Client

pytestmark = [pytest.mark.urls("tests.club.outage_urls"), pytest.mark.django_db]


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def test_a_page_answers_503_with_retry_after(browser):
    response = browser.get("/panne/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    text = response.content.decode()
    assert "Service momentanément indisponible" in text
    assert 'href="/panne/"' in text  # try again


def test_a_failed_post_hands_back_the_text_and_can_be_sent_again(browser):
    response = browser.post(
        "/panne/",
        {
            "body": "Mon <script>texte</script>",
            "title": "Un titre",
            "submission_token": "3f1f6a52-2d6c-4d2e-9d7f-3b7e2a0c9b11",
        },
    )
    assert response.status_code == 503 and response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert "Votre envoi n'a pas été enregistré" in text
    assert "Mon &lt;script&gt;texte&lt;/script&gt;</textarea>" in text
    assert "Un titre</textarea>" in text
    assert '<form method="post" action="/panne/" novalidate>' in text
    assert 'name="submission_token" value="3f1f6a52-2d6c-4d2e-9d7f-3b7e2a0c9b11"' in text
    assert "<script>" not in text


def test_a_password_is_never_written_back_and_the_form_is_not_resent(browser):
    response = browser.post(
        "/panne/", {"login": "membre@club.example", "password": "secret-tres-long"}
    )
    text = response.content.decode()
    assert response.status_code == 503
    assert "membre@club.example</textarea>" in text
    assert "secret-tres-long" not in text
    assert "<form" not in text


def test_the_api_answers_a_problem(browser, rf):
    response = browser.get("/api/panne/")  # failing before the API's own handlers
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 503

    from django.db import OperationalError

    from club.api.main import api

    response = api.on_exception(rf.get("/api/v1/colleges"), OperationalError("refused"))
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert response["Content-Type"] == "application/problem+json"


def test_other_errors_keep_the_500_page(browser):
    response = browser.get("/bogue/")
    assert response.status_code == 500
    assert "Retry-After" not in response

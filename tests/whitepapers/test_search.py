"""Wagtail page search on PostgreSQL uses the French full-text configuration."""

import pytest
from django.db import connection

from club.pages.models import NewsArticlePage
from tests.pages.factories import news_article
from tests.whitepapers.factories import index_page, published_whitepaper

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Recherche plein texte en français : PostgreSQL seulement (seconde passe de la CI).",
    ),
]


def body(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def test_index_search_finds_a_whitepaper_by_an_inflected_french_word(client, staff):
    published_whitepaper(
        staff,
        title="Éviter les rejets",
        summary="Pourquoi une facture est rejetée par son destinataire public.",
        body=body("Le numéro d'engagement manquant est le premier motif de rejet."),
    )
    published_whitepaper(
        staff,
        title="Choisir son format",
        summary="UBL, CII et Factur-X comparés.",
        body=body("La norme sémantique européenne EN 16931."),
    )
    url = index_page().url
    # "factures rejetées" (plural, feminine participle) matches "facture est rejetée" and
    # "rejet" once stemmed; the English or simple configuration would find nothing.
    response = client.get(url, {"q": "factures rejetées"})
    assert [p.title for p in response.context["whitepapers"]] == ["Éviter les rejets"]
    response = client.get(url, {"q": "normes européennes"})
    assert [p.title for p in response.context["whitepapers"]] == ["Choisir son format"]


def test_news_are_searchable_in_french(staff):
    news_article(title="Les délégués élus", intro="Les collèges ont élu leurs délégués à l'IPM.")
    found = NewsArticlePage.objects.live().search("élection du délégué", operator="or")
    assert [page.title for page in found] == ["Les délégués élus"]

import io
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests.pages.factories import news_article, news_index

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_menu_entry_serves_the_news_index_at_its_address(client):
    index = news_index()
    assert index.url == reverse("pages:news") == "/actualites/"
    response = client.get("/actualites/")
    assert response.status_code == 200
    assert response.context["page"] == index
    assert 'href="/actualites/"' in client.get("/").text, "main menu entry"


def test_news_are_listed_newest_first_and_paginated(client, django_assert_max_num_queries):
    for n in range(12):
        news_article(title=f"Actualité numéro {n:02d}", days_ago=n, tags=["Vie du club"])
    with django_assert_max_num_queries(14):
        response = client.get("/actualites/")
    titles = [a.title for a in response.context["articles"].object_list]
    assert titles == [f"Actualité numéro {n:02d}" for n in range(10)]
    assert "Page suivante" in response.text
    response = client.get("/actualites/?page=2")
    assert [a.title for a in response.context["articles"].object_list] == [
        "Actualité numéro 10",
        "Actualité numéro 11",
    ]
    # A wrong page number gives a page, never an error.
    assert client.get("/actualites/?page=abc").status_code == 200
    assert client.get("/actualites/?page=99").status_code == 200


def test_news_list_query_count_does_not_grow_with_articles(client, django_assert_max_num_queries):
    news_article(title="Seule", tags=["A", "B"])
    with django_assert_max_num_queries(14) as few:
        client.get("/actualites/")
    for n in range(9):
        news_article(title=f"Autre {n}", tags=["A", "B"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/actualites/")


def test_article_shows_its_body_tags_and_date(client):
    article = news_article(title="Calendrier de la réforme", tags=["Réforme 2026"])
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.text
    assert "<h1>Calendrier de la réforme</h1>" in html
    assert "Les factures rejetées sont mieux expliquées." in html
    assert "Réforme 2026" in html
    assert f'datetime="{article.date:%Y-%m-%d}"' in html


def test_a_draft_article_is_never_public(client):
    news_article(title="Brouillon secret", publish=False)
    assert "Brouillon secret" not in client.get("/actualites/").text
    assert "Brouillon secret" not in client.get("/actualites/flux.atom").text
    assert "Brouillon secret" not in client.get("/").text
    assert client.get("/actualites/brouillon-secret/").status_code == 404


def test_an_image_needs_its_alt_text():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "blue").save(buffer, "PNG")
    image = Image.objects.create(title="Photo", file=ImageFile(buffer, name="photo.png"))
    article = news_article(title="Avec image")
    article.image = image
    with pytest.raises(ValidationError) as caught:
        article.full_clean()
    assert "image_alt" in caught.value.message_dict
    article.image_alt = "Trois membres du club devant un écran de Chorus Pro"
    article.full_clean()


def test_article_image_is_shown_with_its_alt_text(client):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "blue").save(buffer, "PNG")
    image = Image.objects.create(title="Photo", file=ImageFile(buffer, name="photo.png"))
    article = news_article(
        title="Avec image", image=image, image_alt="La salle de la plénière de l'IPM"
    )
    assert 'alt="La salle de la plénière de l&#x27;IPM"' in client.get(article.url).text
    assert 'alt="La salle de la plénière de l&#x27;IPM"' in client.get("/actualites/").text


def test_atom_feed_lists_published_news_newest_first(client):
    news_article(title="Ancienne", days_ago=5, tags=["Collèges"])
    recent = news_article(title="Récente", days_ago=1)
    response = client.get(reverse("pages:news_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Récente", "Ancienne"]
    assert entries[0].find(f"{ATOM}link").get("href") == f"http://testserver{recent.url}"
    assert entries[1].find(f"{ATOM}category").get("term") == "Collèges"

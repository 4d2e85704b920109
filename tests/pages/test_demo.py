"""The demo seeds the site's pages with real content, idempotently, and every page renders."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from club.pages.models import FaqPage, NewsArticlePage
from colleges.models import Charter, College, Membership
from whitepapers.models import WhitepaperPage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "revisions": sum(p.revisions.count() for p in Page.objects.all()),
        "charters": Charter.objects.count(),
    }


def test_seed_demo_creates_the_site_pages_once_and_every_page_renders(client):
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first

    articles = list(NewsArticlePage.objects.live().order_by("-date"))
    assert len(articles) >= 3
    faq = FaqPage.objects.live().get()
    sections = [block.value["title"] for block in faq.body]
    questions = " ".join(q["question"] for block in faq.body for q in block.value["questions"])
    assert len(sections) >= 5
    for word in ("adhérer", "collège", "vote", "IPM", "données"):
        assert word.lower() in questions.lower() or word in " ".join(sections)
    suppliers = College.objects.get(slug="fournisseurs")
    assert suppliers.current_charter.version == 2
    formats = WhitepaperPage.objects.get(slug="choisir-son-format-de-facture-electronique")
    html = client.get(formats.url).text
    for term in ("UBL 2.1", "CII D16B", "Factur-X", "saisie en ligne", "dépôt d'une facture PDF"):
        assert term in html

    urls = [
        "/",
        reverse("pages:news"),
        reverse("pages:news_feed"),
        reverse("pages:faq"),
        reverse("colleges:charters"),
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/accessibilite/",
        reverse("whitepapers:index"),
        reverse("whitepapers:feed"),
        formats.url,
        *[article.url for article in articles],
        *[reverse("colleges:charter", args=[c.slug]) for c in College.objects.colleges()],
    ]
    member = Membership.objects.active().filter(college=suppliers).first().user
    for who in (None, member):
        if who:
            client.force_login(who)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
    home = client.get("/").text
    assert articles[0].title in home and formats.title in home

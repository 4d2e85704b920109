"""The home page's sections: colleges with headcounts, how to join, latest whitepapers and
news, and the ballots open for the signed-in member."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import make_member
from tests.pages.factories import news_article
from tests.votes.factories import facilitator_of, make_ballot
from tests.whitepapers.factories import draft_whitepaper, published_whitepaper

pytestmark = pytest.mark.django_db


def test_anonymous_home_shows_colleges_joining_whitepapers_and_news(client, college, staff):
    make_member(college, staff=staff)
    published_whitepaper(staff, title="Choisir son format de facture électronique")
    draft_whitepaper(title="Projet non publié")
    news_article(title="Le club ouvre ses collèges")
    html = client.get("/").text
    assert "Les collèges du club" in html
    assert "Comment adhérer" in html
    assert f'href="{reverse("colleges:charters")}"' in html
    assert "Derniers livres blancs" in html
    assert "Choisir son format de facture électronique" in html
    assert "Projet non publié" not in html
    assert "Le club ouvre ses collèges" in html
    assert "Vos votes en cours" not in html


def test_only_the_three_latest_news_and_whitepapers_are_shown(client, staff):
    for n in range(5):
        news_article(title=f"Actualité {n}", days_ago=n)
    html = client.get("/").text
    assert "Actualité 0" in html and "Actualité 2" in html
    assert "Actualité 3" not in html


def test_member_sees_the_open_ballots_they_may_vote_in(client, college, other_college, staff):
    facilitator = facilitator_of(college, staff)
    member = make_member(college, staff=staff).user
    mine = make_ballot(college, facilitator, question="Afficher le motif de rejet ?")
    other_facilitator = facilitator_of(other_college, staff)
    make_ballot(other_college, other_facilitator, question="Question d'un autre collège ?")
    client.force_login(member)
    html = client.get("/").text
    assert "Vos votes en cours" in html
    assert "Afficher le motif de rejet ?" in html
    assert f'href="{reverse("votes:detail", args=[mine.pk])}"' in html
    assert "Question d&#x27;un autre collège ?" not in html
    assert "À voter" in html


def test_home_query_count_is_constant(client, college, staff, django_assert_max_num_queries):
    facilitator = facilitator_of(college, staff)
    member = make_member(college, staff=staff).user
    make_ballot(college, facilitator)
    news_article(title="Une")
    published_whitepaper(staff, title="Un")
    client.force_login(member)
    client.get("/")  # warm the session
    # Adding members drops the cached headcounts: measure both requests with a cold cache.
    cache.clear()
    with django_assert_max_num_queries(40) as few:
        client.get("/")
    for n in range(4):
        make_ballot(college, facilitator, question=f"Question {n} ?")
        news_article(title=f"Actualité {n}")
        published_whitepaper(staff, title=f"Livre {n}")
        make_member(college, staff=staff)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/")
    assert response.text.count("fr-badge--new") == 5

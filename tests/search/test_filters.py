"""Filters, pagination, form messages and query counts of the search page (both databases)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.html import escape

from club.search.selectors import Criteria, results, search
from colleges.threads import services as thread_services
from colleges.threads.models import Post


def _keys(user, q="factures", **filters):
    outcome, rows = search(user, Criteria(q=q, **filters))
    return outcome, [(r.kind.key, r.pk) for r in results(list(rows or []), outcome.criteria)]


def test_kind_filter_keeps_counts_of_every_kind(club):
    outcome, keys = _keys(club.member, kind="ballot")
    assert keys == [("ballot", club.ballot.pk)]
    assert outcome.total == 1
    assert outcome.counts["thread"] == 1  # the other kinds stay counted for the facets


def test_college_filter_drops_kinds_without_a_college(club):
    _outcome, keys = _keys(club.staff, college=club.other_college)
    assert ("thread", club.other_thread.pk) in keys
    assert ("ballot", club.other_ballot.pk) in keys
    assert all(kind != "whitepaper" for kind, _pk in keys)
    assert ("thread", club.thread.pk) not in keys


def test_tag_filter(club):
    _outcome, keys = _keys(club.member, tag="Rejets")
    assert ("thread", club.thread.pk) in keys
    assert ("post", club.post.pk) in keys  # posts carry their thread's tags
    assert all(kind in {"thread", "post"} for kind, _pk in keys)


def test_date_range(club):
    Post.objects.filter(pk=club.post.pk).update(created_at=timezone.now() - timedelta(days=40))
    today = timezone.localdate()
    _outcome, keys = _keys(club.member, kind="post", date_from=today - timedelta(days=1))
    assert ("post", club.post.pk) not in keys
    _outcome, keys = _keys(
        club.member,
        kind="post",
        date_from=today - timedelta(days=41),
        date_to=today - timedelta(days=39),
    )
    assert keys == [("post", club.post.pk)]


def test_bad_dates_give_a_french_message_and_keep_the_input(club, client):
    client.force_login(club.member)
    response = client.get("/recherche/", {"q": "factures", "date_from": "31/02/2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saisissez une date valide" in page
    assert 'value="31/02/2026"' in page
    response = client.get(
        "/recherche/", {"q": "factures", "date_from": "2026-03-02", "date_to": "2026-03-01"}
    )
    assert "La date de fin doit suivre la date de début." in response.content.decode()
    response = client.get("/recherche/", {"q": "factures", "kind": "inconnu", "college": "x"})
    assert response.status_code == 200
    assert escape("Ce type de contenu n'existe pas.") in response.content.decode()
    assert escape("Ce collège n'existe pas.") in response.content.decode()


def test_pagination_walks_every_result_once(club, client, settings):
    for index in range(25):
        thread_services.create_post(
            thread=club.thread, author=club.member, body=f"Relance {index} des factures."
        )
    client.force_login(club.member)
    seen = []
    for number in (1, 2):
        response = client.get("/recherche/", {"q": "factures", "kind": "post", "page": number})
        seen += [r.pk for r in response.context["results"]]
    assert len(seen) == len(set(seen)) == 26


def test_query_count_does_not_grow_with_results(club, client, django_assert_max_num_queries):
    client.force_login(club.member)
    client.get("/recherche/", {"q": "factures"})  # warm the site-root cache
    for index in range(30):
        thread_services.create_post(
            thread=club.thread, author=club.member, body=f"Encore des factures ({index})."
        )
    with django_assert_max_num_queries(30):
        response = client.get("/recherche/", {"q": "factures"})
    assert len(response.context["results"]) == 20


def test_empty_query_asks_for_words(client, db):
    response = client.get("/recherche/", {"q": "   "})
    assert response.status_code == 200
    assert "Saisissez un ou plusieurs mots" in response.content.decode()


def test_a_filter_that_excludes_the_chosen_kind_gives_no_result_not_an_error(club, client):
    """A tag or a college on a kind that has none once raised FieldError (a 500 for anyone)."""
    other = club.other_college.slug
    for kind in ("position", "item", "ballot", "whitepaper", "thread"):
        for filters in ({"tag": "rejets"}, {"college": other}, {"tag": "y", "college": other}):
            for prefix in ("", "/en"):
                response = client.get(f"{prefix}/recherche/", {"q": "x", "kind": kind, **filters})
                assert response.status_code == 200, (prefix, kind, filters)
    outcome, keys = _keys(club.member, kind="position", tag="rejets")
    assert keys == [] and outcome.total == 0

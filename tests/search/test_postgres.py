"""French stemming, accents, ranking, snippets and index use: PostgreSQL only."""

import pytest
from django.db import connection

from club.search.selectors import Criteria, results, search
from colleges.threads import services as thread_services

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Full-text search (french_unaccent, ts_rank, ts_headline) exists on PostgreSQL only",
)


def _results(user, q, **filters):
    outcome, rows = search(user, Criteria(q=q, **filters))
    return outcome, results(list(rows) if rows is not None else [], outcome.criteria)


def test_accented_word_finds_the_plural_without_accent(club):
    # The post says « factures » and « rejetées »; people type « facturé » or « REJETEE ».
    _outcome, found = _results(club.member, "facturé", kind="post")
    assert [r.pk for r in found] == [club.post.pk]
    _outcome, found = _results(club.member, "REJETEE", kind="post")
    assert [r.pk for r in found] == [club.post.pk]


def test_stemming_matches_other_forms(club):
    _outcome, found = _results(club.member, "motifs lisibles", kind="post")
    assert [r.pk for r in found] == [club.post.pk]


def test_hidden_posts_stay_hidden_even_when_the_stem_matches(club):
    outcome, found = _results(club.member, "secrète voisin")
    assert found == []
    assert outcome.grand_total == 0


def test_title_matches_rank_above_body_matches(club):
    thread = club.thread
    body_only = thread_services.create_post(
        thread=thread, author=club.member, body="Rien à voir, sauf le mot relance à la fin."
    )
    titled = thread_services.open_thread(
        theme=thread.theme, actor=club.facilitator, title="Relance des paiements", body="Bonjour."
    )
    _outcome, found = _results(club.member, "relance")
    keys = [(r.kind.key, r.pk) for r in found]
    assert keys.index(("thread", titled.pk)) < keys.index(("post", body_only.pk))
    assert found[0].rank >= found[-1].rank


def test_snippets_highlight_matches_and_escape_everything_else(club):
    post = thread_services.create_post(
        thread=club.thread,
        author=club.member,
        body='<script>alert("x")</script> Le délai de paiement des factures est dépassé.',
    )
    _outcome, found = _results(club.member, "paiement", kind="post")
    snippet = next(r.snippet for r in found if r.pk == post.pk)
    assert "<mark>paiement</mark>" in snippet
    assert "<script>" not in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def _plan(qs) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return qs.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")


@pytest.mark.parametrize(
    ("kind", "index"),
    [
        ("post", "search_post_vector_gin"),
        ("thread", "search_thread_vector_gin"),
        ("request", "search_request_vector_gin"),
        ("position", "search_position_vector_gin"),
        ("ballot", "search_ballot_vector_gin"),
        ("item", "search_item_vector_gin"),
    ],
)
def test_search_queries_use_their_gin_index(club, kind, index):
    """The vector the queries match on is the indexed one (a mismatch would silently scan)."""
    from django.contrib.postgres.search import SearchQuery

    from club.search import vectors
    from club.search.selectors import MODELS

    query = SearchQuery("factures", config=vectors.CONFIG, search_type="websearch")
    qs = MODELS[kind].objects.annotate(v=vectors.vector(kind)).filter(v=query).order_by()
    assert index in _plan(qs.values("pk"))


def test_stored_post_vector_follows_every_edit(club):
    """The generated column is PostgreSQL's own: equal to the computed vector after an edit."""
    from club.search import vectors
    from colleges.threads.models import Post

    thread_services.edit_post(post=club.post, actor=club.member, body="Un avoir refusé.")

    def both(pk):
        return (
            Post.objects.filter(pk=pk)
            .annotate(stored=vectors.vector("post"), fresh=vectors.computed("post"))
            .values_list("stored", "fresh")
            .get()
        )

    stored, fresh = both(club.post.pk)
    assert stored == fresh
    assert "refus" in stored and "factur" not in stored

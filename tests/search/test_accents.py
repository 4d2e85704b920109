"""Accents, case and apostrophes are ignored on both databases, as the README promises (21.4)."""

import pytest

from club.core.folding import fold
from club.search.selectors import Criteria, results, search
from colleges.threads import services as thread_services
from tests.proposals.factories import make_request


def _found(user, q):
    outcome, rows = search(user, Criteria(q=q))
    return {(r.kind.key, r.pk) for r in results(list(rows or []), outcome.criteria)}


@pytest.fixture
def engagement(club):
    request = make_request(
        club.member,
        club.college,
        title="Agrandir le champ « Numéro d’engagement »",
        current_behaviour="Le numéro d'engagement est tronqué à 20 caractères.",
        expected_behaviour="Trente caractères.",
    )
    post = thread_services.create_post(
        thread=club.thread, author=club.member, body="Quel NUMÉRO D'ENGAGEMENT saisir ?"
    )
    return {("request", request.pk), ("post", post.pk)}


@pytest.mark.parametrize(
    "query",
    ["numéro d'engagement", "numero d engagement", "NUMERO D’ENGAGEMENT"],
)
def test_every_spelling_finds_the_same_results(club, engagement, query):
    assert engagement <= _found(club.member, query)


def test_snippets_mark_the_accented_words_that_matched(club, engagement):
    outcome, rows = search(club.member, Criteria(q="numero engagement", kind="post"))
    [result] = results(list(rows), outcome.criteria)
    assert "<mark>NUMÉRO</mark>" in result.snippet or "<mark>NUMÉRO D" in result.snippet
    assert "ENGAGEMENT</mark>" in result.snippet


def test_folding_keeps_one_character_for_one():
    text = "Numéro d’engagement — ÉLÉMENT œuvre"
    assert fold(text) == "numero d engagement   element œuvre"
    assert len(fold(text)) == len(text)

"""What a person may not read never appears in results, nor in counts (both databases)."""

from club.search.selectors import Criteria, results, search


def _found(user, q="factures", **filters):
    outcome, rows = search(user, Criteria(q=q, **filters))
    found = results(list(rows) if rows is not None else [], outcome.criteria)
    return outcome, {(r.kind.key, r.pk) for r in found}


def test_member_finds_each_kind_they_may_read(club):
    _outcome, found = _found(club.member)
    assert ("thread", club.thread.pk) in found
    assert ("post", club.post.pk) in found
    assert ("request", club.request.pk) in found
    assert ("position", club.position.pk) in found
    assert ("ballot", club.ballot.pk) in found
    assert ("item", club.item.pk) in found
    assert ("whitepaper", club.whitepaper.pk) in found


def test_unreadable_results_never_appear_nor_count(club):
    outcome, found = _found(club.member)
    assert ("thread", club.other_thread.pk) not in found
    assert ("post", club.hidden_post.pk) not in found
    assert ("request", club.draft_request.pk) not in found
    assert ("ballot", club.other_ballot.pk) not in found
    assert ("whitepaper", club.draft_whitepaper.pk) not in found
    other_posts = set(club.other_thread.posts.values_list("pk", flat=True))
    assert not {pk for kind, pk in found if kind == "post"} & other_posts
    # Counts are the same readable sets: one thread, one visible post, one ballot, one paper.
    assert outcome.counts["thread"] == 1
    assert outcome.counts["post"] == 1
    assert outcome.counts["request"] == 2  # ours and the one the position carries
    assert outcome.counts["ballot"] == 1
    assert outcome.counts["whitepaper"] == 1
    assert outcome.grand_total == len(found)


def test_the_other_college_sees_its_own_and_not_ours(club):
    _outcome, found = _found(club.outsider)
    assert ("thread", club.other_thread.pk) in found
    assert ("ballot", club.other_ballot.pk) in found
    assert ("thread", club.thread.pk) not in found
    assert ("post", club.post.pk) not in found
    assert ("ballot", club.ballot.pk) not in found


def test_anonymous_visitors_find_only_public_content(club, client):
    _outcome, found = _found(_anonymous())
    assert {kind for kind, _pk in found} == {"request", "position", "item", "whitepaper"}
    response = client.get("/recherche/", {"q": "factures"})
    assert response.status_code == 200
    assert "Factures confidentielles" not in response.content.decode()
    assert "Les factures rejetées" not in response.content.decode()


def test_staff_read_every_college_but_never_hidden_posts(club):
    _outcome, found = _found(club.staff)
    assert ("thread", club.other_thread.pk) in found
    assert ("post", club.hidden_post.pk) not in found


def test_page_shows_counts_of_readable_results_only(club, client):
    client.force_login(club.member)
    page = client.get("/recherche/", {"q": "factures"}).content.decode()
    assert 'data-testid="count-thread"' in page
    assert "Fils de discussion (1)" in page
    assert "Scrutins (1)" in page
    assert "Factures confidentielles" not in page
    assert "Facture secrète" not in page
    assert "Factures à paraître" not in page


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()

"""The board at club scale: no DISTINCT sort over every request unless a tag join needs it."""

from proposals import selectors
from tests.proposals.factories import make_request


def test_the_board_without_tag_needs_no_distinct(db):
    assert "DISTINCT" not in str(selectors.board_requests().query)
    assert "DISTINCT" not in str(selectors.board_requests(sort="recent").query)


def test_a_request_matching_a_tag_twice_is_listed_once(college, member):
    request = make_request(member, college, title="Format Factur-X refusé")
    request.tags.add("Facture X")  # slug « facture-x »
    request.tags.add("facture-x")  # another tag whose name is that slug
    assert request.tags.count() == 2
    found = list(selectors.board_requests(tag="facture-x"))
    assert found == [request]


def test_each_board_order_has_its_index():
    """Sorting 10,000 requests per view cost 100 ms under load; an index in the same order
    lets PostgreSQL stop at the page. Change an order, change its index."""
    from proposals.models import ChangeRequest

    indexes = {tuple(index.fields) for index in ChangeRequest._meta.indexes}
    for sort in ("support", "recent"):
        order = tuple(
            field.replace("pk", "id")
            for field in selectors.board_requests(sort=sort).query.order_by
        )
        assert order in indexes, order

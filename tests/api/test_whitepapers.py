"""Whitepapers through the API: published only, with their versions."""

import pytest

from tests.api.conftest import API, problem
from tests.whitepapers.factories import draft_whitepaper, new_version, published_whitepaper

pytestmark = pytest.mark.django_db


def test_only_published_whitepapers(staff, college, anon, django_assert_max_num_queries):
    page = published_whitepaper(staff, title="Factur-X", colleges=[college], tags=["format"])
    draft = draft_whitepaper(title="Brouillon secret")
    new_version(page, staff, version="1.1", changelog="Exemples ajoutés.")
    with django_assert_max_num_queries(8):
        body = anon.get(f"{API}/whitepapers").json()
    assert [w["title"] for w in body["results"]] == ["Factur-X"]
    assert body["results"][0]["colleges"] == [college.slug] and body["results"][0]["tags"] == [
        "format"
    ]
    assert anon.get(f"{API}/whitepapers", {"college": "autre"}).json()["count"] == 0
    assert anon.get(f"{API}/whitepapers", {"tag": "format"}).json()["count"] == 1
    detail = anon.get(f"{API}/whitepapers/{page.pk}").json()
    assert detail["version"] == "1.1" and [v["version"] for v in detail["versions"]] == [
        "1.1",
        "1.0",
    ]
    assert "Factur-X" in detail["body_html"]
    problem(anon.get(f"{API}/whitepapers/{draft.pk}"), 404)
    problem(anon.get(f"{API}/whitepapers/999999"), 404)


def test_list_query_count_is_constant(staff, college, anon, django_assert_max_num_queries):
    for index in range(2):
        published_whitepaper(
            staff, title=f"LB {index}", colleges=[college], tags=["t"], slug=f"lb-{index}"
        )
    with django_assert_max_num_queries(8):
        assert anon.get(f"{API}/whitepapers").json()["count"] == 2
    for index in range(2, 6):
        published_whitepaper(
            staff, title=f"LB {index}", colleges=[college], tags=["t"], slug=f"lb-{index}"
        )
    with django_assert_max_num_queries(8):
        assert anon.get(f"{API}/whitepapers").json()["count"] == 6

"""Conditional reads (issue 23.11): every read carries an ETag; sending it back in If-None-Match
answers 304 with no body until what the read says changes."""

import pytest

from tests.api.conftest import API, ApiClient, token_client
from tests.proposals.factories import make_request

pytestmark = pytest.mark.django_db


def test_a_detail_and_a_list_answer_304_until_they_change(college, member, second_member):
    change_request = make_request(member, college)
    reader = token_client(member)
    for url in (f"{API}/requests/{change_request.pk}", f"{API}/requests"):
        first = reader.get(url)
        assert first.status_code == 200 and first["ETag"]
        same = reader.get(url, headers={"If-None-Match": first["ETag"]})
        assert same.status_code == 304 and same.content == b""
        assert "Authorization" in same["Vary"]
    etags = {url: reader.get(url)["ETag"] for url in (f"{API}/requests/{change_request.pk}",)}
    assert (
        token_client(second_member).post(f"{API}/requests/{change_request.pk}/support").status_code
        == 201
    )
    for url, etag in etags.items():
        changed = reader.get(url, headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_document_lists_etag_and_304():
    from club.api.main import api

    for path, item in api.get_openapi_schema()["paths"].items():
        if "get" in item:
            responses = item["get"]["responses"]
            assert "ETag" in responses[200]["headers"] and 304 in responses, path
    assert ApiClient().get(f"{API}/areas")["ETag"]

"""Every operation of the OpenAPI document refuses callers without the right, as documented."""

import re

import pytest

from tests.api.conftest import API, ApiClient, problem, token_client

pytestmark = pytest.mark.django_db


def operations():
    from club.api.main import api

    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def concrete(path: str) -> str:
    return re.sub(
        r"\{[a-z_]+\}", lambda m: "open_discussion" if m.group() == "{step}" else "1", path
    )


def test_every_operation_documents_its_problems():
    for path, method, operation in operations():
        responses = {str(status): value for status, value in operation["responses"].items()}
        assert {"401", "422", "429"} <= set(responses), (method, path)
        for status, response in responses.items():
            if int(status) >= 400:
                assert "application/problem+json" in response["content"], (method, path, status)
        if method != "get":
            assert {"403", "422"} <= set(responses), (method, path)


def test_without_credentials_protected_operations_answer_401():
    client = ApiClient()
    checked = 0
    for path, method, operation in operations():
        if {} in operation.get("security", []):
            continue
        response = getattr(client, method)(concrete(path))
        problem(response, 401)
        checked += 1
    assert checked > 25


# Reads sent by POST so that a secret stays out of URLs and access logs: a read token may ask.
READS_BY_POST = {f"{API}/ballots/{{pk}}/receipt-check"}


def test_a_read_only_token_cannot_write_anywhere(member):
    client = token_client(member, scope="read")
    checked = 0
    for path, method, _operation in operations():
        if method == "get":
            continue
        if path in READS_BY_POST:
            assert getattr(client, method)(concrete(path)).status_code != 403, path
            continue
        body = problem(getattr(client, method)(concrete(path)), 403)
        assert "lecture seule" in body["detail"]
        checked += 1
    assert checked > 15


def test_every_path_is_versioned():
    assert all(path.startswith(f"{API}/") for path, _m, _o in operations())

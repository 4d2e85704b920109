"""The OpenAPI document tells the truth (issue 23, defect 7): a client generated from it gets
usable names, knows where the API lives and what it may send, and finds what it created."""

import re

import pytest

from tests.api.conftest import API, token_client
from tests.proposals.factories import area

pytestmark = pytest.mark.django_db


def schema():
    from club.api.main import api

    return api.get_openapi_schema()


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def body_schema(document, operation):
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_tags_are_ascii_and_described():
    document = schema()
    declared = {tag["name"]: tag["description"] for tag in document["tags"]}
    used = {tag for _p, _m, op in operations(document) for tag in op.get("tags", [])}
    assert used <= set(declared)
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", name) for name in used), used
    assert all(declared[name] for name in used)


def test_servers_are_given():
    assert schema()["servers"][0]["url"]


def test_required_strings_may_not_be_blank_and_bodies_are_closed():
    document = schema()
    checked = 0
    for path, method, operation in operations(document):
        if "requestBody" not in operation:
            continue
        component = body_schema(document, operation)
        assert component.get("additionalProperties") is False, (method, path)
        for name in component.get("required", []):
            prop = component["properties"][name]
            if prop.get("type") == "string" and "enum" not in prop and "format" not in prop:
                assert prop.get("minLength", 0) >= 1 and prop.get("pattern"), (path, name)
                checked += 1
    assert checked > 15


def test_blank_strings_are_refused_by_the_schema_before_the_form(college, member):
    response = token_client(member).post(
        f"{API}/requests",
        {
            "college": college.slug,
            "area": area().slug,
            "title": "   ",
            "current_behaviour": "x",
            "expected_behaviour": "y",
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"loc": ["body", "title"], "message": "Ce champ ne peut pas être vide."}
    ]


def test_college_and_area_filters_list_the_known_slugs(college, other_college):
    area()
    document = schema()
    parameters = {
        (path, p["name"]): p["schema"]
        for path, method, operation in operations(document)
        for p in operation.get("parameters", [])
    }
    requests = parameters[(f"{API}/requests", "college")]
    assert set(_enum(requests)) == {"fournisseurs", "editeurs"}
    from proposals.models import PortalArea

    areas = _enum(parameters[(f"{API}/requests", "area")])
    assert "factures-emises" in areas
    assert set(areas) == set(PortalArea.objects.values_list("slug", flat=True))
    create = body_schema(document, document["paths"][f"{API}/requests"]["post"])
    assert set(create["properties"]["college"]["enum"]) == {"fournisseurs", "editeurs"}


def _enum(parameter_schema):
    for option in parameter_schema.get("anyOf", [parameter_schema]):
        if "enum" in option:
            return option["enum"]
    return []


def test_a_vote_names_at_least_one_option_unless_blank():
    document = schema()
    vote = body_schema(document, document["paths"][f"{API}/ballots/{{pk}}/vote"]["post"])
    assert vote["properties"]["options"]["minItems"] == 1


def test_every_operation_with_a_body_has_an_example():
    document = schema()
    missing = [
        (method, path)
        for path, method, operation in operations(document)
        if "requestBody" in operation and not body_schema(document, operation).get("examples")
    ]
    assert missing == []


def test_created_resources_have_a_location(college, member):
    document = schema()
    for path, method, operation in operations(document):
        if 201 in operation["responses"]:
            assert "Location" in operation["responses"][201]["headers"], (method, path)
    response = token_client(member).post(
        f"{API}/requests",
        {
            "college": college.slug,
            "area": area().slug,
            "title": "Afficher le motif",
            "current_behaviour": "Le code seul.",
            "expected_behaviour": "Le libellé aussi.",
        },
    )
    assert response.status_code == 201
    assert response["Location"] == f"{API}/requests/{response.json()['id']}"
    assert token_client(member).get(response["Location"]).status_code == 200

"""What the API says about what it is sent (issue 23, defects 1 and 6): one problem shape, in
French (English on request), naming the field; bodies that are too large, malformed, of another
media type or with unknown fields are refused before anything is stored."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from club.core.api import services as token_services
from proposals.models import ChangeRequest
from tests.api.conftest import API, ApiClient, problem, token_client
from tests.proposals.factories import area

pytestmark = pytest.mark.django_db


def body(of_college, **overrides):
    return {
        "college": of_college.slug,
        "area": area().slug,
        "title": "Afficher le motif de rejet en clair",
        "current_behaviour": "Le code de rejet seul s'affiche.",
        "expected_behaviour": "Le libellé du motif de rejet s'affiche à côté du code.",
    } | overrides


def raw_post(secret, path, data: bytes | str, content_type="application/json", **headers):
    return Client().generic(
        "POST",
        path,
        data,
        content_type=content_type,
        headers={"Authorization": f"Bearer {secret}", **headers},
    )


def secret_of(user):
    return token_services.create_token(user=user, name="Test", scope="write")[1]


def test_a_body_over_the_limit_answers_413_with_the_limit(settings, member):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
    huge = json.dumps({"title": "x" * (12 * 1024 * 1024)})
    response = raw_post(secret_of(member), f"{API}/requests", huge)
    found = problem(response, 413)
    assert "5 Mo" in found["detail"]
    assert not ChangeRequest.objects.exists()
    from club.api.main import api

    schema = api.get_openapi_schema()
    assert "5 Mo" in schema["info"]["description"]
    create = schema["paths"][f"{API}/requests"]["post"]
    assert 413 in create["responses"] and 415 in create["responses"]


def test_unknown_fields_are_refused_by_name(college, member):
    response = token_client(member).post(f"{API}/requests", body(college, submitt=False))
    found = problem(response, 422)
    assert found["errors"] == [{"loc": ["body", "submitt"], "message": "Ce champ n'existe pas."}]
    assert "submitt" in found["detail"]
    assert not ChangeRequest.objects.exists()


def test_malformed_json_is_named_in_french_and_in_english(member):
    secret = secret_of(member)
    found = problem(raw_post(secret, f"{API}/requests", '{"title": "x",}'), 422)
    assert found["errors"] and found["errors"][0]["loc"] == ["body"]
    assert "JSON" in found["detail"] and "ligne 1" in found["detail"]
    assert found["title"] == "Données invalides"
    english = problem(
        raw_post(secret, f"{API}/requests", '{"title": "x",}', **{"Accept-Language": "en"}), 422
    )
    assert "line 1" in english["detail"] and english["title"] == "Invalid data"


def test_a_form_encoded_body_answers_415(college, member):
    response = raw_post(
        secret_of(member),
        f"{API}/requests",
        "title=Afficher&college=fournisseurs",
        content_type="application/x-www-form-urlencoded",
    )
    found = problem(response, 415)
    assert "application/json" in found["detail"]
    assert not ChangeRequest.objects.exists()


def test_every_field_error_has_one_shape_and_names_its_field(college, member):
    client = token_client(member)
    # Missing fields (schema) and refused fields (the web form) share one `loc`: ["body", field].
    missing = problem(client.post(f"{API}/requests", {"college": college.slug}), 422)
    fields = {tuple(e["loc"]) for e in missing["errors"]}
    assert ("body", "title") in fields and ("body", "area") in fields
    assert all(len(loc) == 2 for loc in fields), fields
    assert "title" in missing["detail"] and "area" in missing["detail"]
    by_form = problem(client.post(f"{API}/requests", body(college, college="inconnu")), 422)
    assert by_form["errors"][0]["loc"] == ["body", "college"]
    assert "college" in by_form["detail"]
    # Never the same message three times without the fields' names.
    assert "Champ requis. Champ requis" not in missing["detail"]
    # A query parameter has the same shape.
    query = problem(ApiClient().get(f"{API}/requests", {"limit": "beaucoup"}), 422)
    assert query["errors"][0]["loc"] == ["query", "limit"]


def test_english_on_request(college, member):
    response = token_client(member).post(
        f"{API}/requests", {"college": college.slug}, headers={"Accept-Language": "en"}
    )
    found = problem(response, 422)
    assert found["title"] == "Invalid data"
    assert "This field is required." in {e["message"] for e in found["errors"]}


def test_a_revoked_or_expired_token_says_so(member):
    token, secret = token_services.create_token(user=member, name="Révoqué", scope="write")
    token_services.revoke_token(token=token, actor=member)
    response = ApiClient(secret).get(f"{API}/requests/mine")
    found = problem(response, 401)
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    assert "révoqué" in found["detail"]

    token, secret = token_services.create_token(user=member, name="Expiré", scope="write")
    token.__class__.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    response = ApiClient(secret).get(f"{API}/requests/mine")
    assert "expiré" in problem(response, 401)["detail"]
    assert 'error="invalid_token"' in response["WWW-Authenticate"]

    # No token at all: a challenge without an error code (RFC 6750 §3.1).
    response = ApiClient().get(f"{API}/requests/mine")
    assert problem(response, 401) and "error=" not in response["WWW-Authenticate"]


def test_a_token_may_expire_today(member):
    from club.core.api.forms import TokenForm

    form = TokenForm({"name": "Aujourd'hui", "scope": "read", "expires_on": timezone.localdate()})
    assert form.is_valid(), form.errors


def test_an_address_with_a_line_break_is_a_problem_not_a_page():
    response = ApiClient().get(f"{API}/themes/l%0A/threads")
    problem(response, 404)

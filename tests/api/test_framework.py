"""Tokens, authentication, scopes, errors, rate limits, documentation."""

import hashlib

import pytest
from django.utils import timezone

from club.core.api import services
from club.core.api.models import AccessToken
from club.core.audit.models import AuditEntry
from tests.api.conftest import API, ApiClient, problem, token_client

pytestmark = pytest.mark.django_db


def test_the_secret_is_never_stored(member):
    token, secret = services.create_token(user=member, name="ERP", scope="read")
    token.refresh_from_db()
    assert secret.startswith("ccp_") and len(secret) > 40
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(getattr(token, f.attname)) for f in AccessToken._meta.fields]
    assert not any(secret in value for value in stored)
    assert secret.startswith(token.prefix) and len(token.prefix) < 16
    assert AuditEntry.objects.filter(action="api_token.created", target_id=str(token.pk)).exists()


def test_a_token_identifies_its_holder(member, change_request):
    client = token_client(member, scope="read")
    response = client.get(f"{API}/requests/mine")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [change_request.pk]
    assert AccessToken.objects.get().last_used_at is not None


def test_without_credentials_member_reads_get_401(anon):
    body = problem(anon.get(f"{API}/requests/mine"), 401)
    assert "Authorization: Bearer" in body["detail"]


def test_unknown_token_gets_401_even_on_public_reads():
    client = ApiClient("ccp_nimporte-quoi")
    problem(client.get(f"{API}/requests"), 401)
    problem(ApiClient().get(f"{API}/requests", headers={"Authorization": "Basic eDp5"}), 401)


def test_read_scope_gets_403_on_writes(member, second_member, change_request):
    client = token_client(second_member, scope="read")
    body = problem(client.post(f"{API}/requests/{change_request.pk}/support"), 403)
    assert "lecture seule" in body["detail"]
    assert change_request.supports.count() == 0


def test_revoked_expired_and_erased_tokens_stop_working(member, staff):
    token, secret = services.create_token(user=member, name="ERP", scope="write")
    client = ApiClient(secret)
    assert client.get(f"{API}/requests/mine").status_code == 200
    services.revoke_token(token=token, actor=member)
    problem(client.get(f"{API}/requests/mine"), 401)
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1

    token, secret = services.create_token(user=member, name="Court", scope="read")
    AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    problem(ApiClient(secret).get(f"{API}/requests/mine"), 401)

    _token, secret = services.create_token(user=member, name="Avant", scope="read")
    from club.core.gdpr.services import erase_account
    from tests.factories import PASSWORD

    erase_account(user=member, password=PASSWORD)
    problem(ApiClient(secret).get(f"{API}/requests/mine"), 401)
    assert not AccessToken.objects.filter(user=member).exists()


def test_inactive_accounts_tokens_stop_working(member):
    _token, secret = services.create_token(user=member, name="ERP", scope="read")
    member.is_active = False
    member.save()
    problem(ApiClient(secret).get(f"{API}/requests/mine"), 401)


def test_session_writes_need_the_csrf_token(client, second_member, change_request):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(second_member)
    url = f"{API}/requests/{change_request.pk}/support"
    body = problem(csrf_client.post(url, content_type="application/json"), 403)
    assert "CSRF" in body["detail"]
    csrf_client.get("/compte/jetons/")  # sets the CSRF cookie
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        url, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code == 201
    # Session reads need no CSRF token.
    assert csrf_client.get(f"{API}/requests/mine").status_code == 200


def test_validation_errors_are_problems_with_field_paths(member_api):
    response = member_api.post(f"{API}/requests", {"title": "x" * 300})
    body = problem(response, 422)
    locations = {tuple(e["loc"]) for e in body["errors"]}
    assert ("body", "payload", "college") in locations or ("body", "college") in {
        (e["loc"][0], e["loc"][-1]) for e in body["errors"]
    }
    assert all(e["message"] for e in body["errors"])
    assert any("obligatoire" in e["message"] for e in body["errors"])


def test_unknown_paths_and_objects_are_404_problems(anon):
    problem(anon.get(f"{API}/nulle-part"), 404)
    problem(anon.get(f"{API}/requests/999999"), 404)


def test_rate_limit_answers_429_with_retry_after(settings, member):
    settings.API_RATE_LIMITS = {"token": "3/m", "user": "3/m", "anonymous": "2/m"}
    client = token_client(member, scope="read")
    for _ in range(3):
        assert client.get(f"{API}/areas").status_code == 200
    response = client.get(f"{API}/areas")
    body = problem(response, 429)
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Réessayez" in body["detail"]
    # Another caller has its own budget.
    anon = ApiClient()
    assert anon.get(f"{API}/areas").status_code == 200


def test_openapi_document_and_local_docs(client):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["info"]["version"] == "1"
    support = schema["paths"]["/api/v1/requests/{pk}/support"]["post"]
    for status in ("401", "403", "404", "409", "422", "429"):
        assert "application/problem+json" in support["responses"][status]["content"]
    assert "Retry-After" in support["responses"]["429"]["headers"]
    assert {} in schema["paths"]["/api/v1/requests"]["get"]["security"]
    assert {} not in support["security"]

    page = client.get(f"{API}/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    csp = page["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        from django.contrib.staticfiles import finders

        assert finders.find(f"ninja/{asset}")


def test_account_page_creates_shows_once_and_revokes(client, member):
    client.force_login(member)
    assert "/compte/jetons/" in client.get("/compte/").content.decode()
    response = client.post("/compte/jetons/", {"name": "Mon ERP", "scope": "write"})
    assert response.status_code == 200
    token = AccessToken.objects.get(user=member)
    html = response.content.decode()
    secret = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert response["Cache-Control"] == "no-store"
    assert secret not in client.get("/compte/jetons/").content.decode()
    assert ApiClient(secret).get(f"{API}/requests/mine").status_code == 200

    response = client.post("/compte/jetons/", {"name": "", "scope": "read"})
    assert response.status_code == 400
    assert "Donnez un nom au jeton" in response.content.decode()

    response = client.post(f"/compte/jetons/{token.pk}/revoquer/", follow=True)
    assert "est révoqué" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_someone_elses_token(client, member, second_member):
    token, _secret = services.create_token(user=member, name="ERP", scope="read")
    client.force_login(second_member)
    assert client.post(f"/compte/jetons/{token.pk}/revoquer/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_gdpr_export_lists_tokens_without_secrets(member):
    from club.core.api.personal_data import export

    token, secret = services.create_token(user=member, name="ERP", scope="read")
    exported = export(member)
    assert exported[0]["nom"] == "ERP"
    assert secret not in str(exported) and token.token_hash not in str(exported)


def test_schema_names_are_unique_across_routers():
    """NinjaAPI keys components by class name: two schemas with one name would replace each other."""
    import importlib
    import inspect

    from ninja import Schema

    seen = {}
    for module_name in (
        "club.core.api.errors",
        "club.core.api.pagination",
        "club.core.api.schemas",
        "proposals.api",
        "proposals.ipm.api",
        "colleges.api",
        "colleges.threads.api",
        "votes.api",
        "whitepapers.api",
    ):
        module = importlib.import_module(module_name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Schema) and obj.__module__ == module_name:
                assert name not in seen, f"{name} in {module_name} and {seen[name]}"
                seen[name] = module_name


def test_wrong_method_is_a_405_problem(anon):
    response = anon.put(f"{API}/requests")
    body = problem(response, 405)
    assert "GET" in response["Allow"] and "PUT" in body["detail"]


def test_identifiers_beyond_the_database_range_are_404(anon, member):
    """Found by Schemathesis: a 21-digit id overflowed SQLite's integer (a 500)."""
    huge = 10**20
    problem(anon.get(f"{API}/whitepapers/{huge}"), 404)
    problem(anon.get(f"{API}/requests/{huge}"), 404)
    problem(token_client(member).post(f"{API}/requests/{huge}/support"), 404)
    problem(anon.get(f"{API}/ipm/cycles/{huge}"), 404)

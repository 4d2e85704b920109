"""Every route of the platform, asked by each of eight roles, answers as declared.

Routes are enumerated from the root URLconf (includes and i18n_patterns walked) and from
club.routing; expectations.py declares, for each, what every role gets. A route nobody
declared fails `test_every_route_is_declared`: add one line for it in expectations.py.
"""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from club.core.audit.models import AuditEntry
from tests.security import expectations
from tests.security.conftest import CHECKS
from tests.security.matrix import REFUSALS, ROLES, http_routes

pytestmark = pytest.mark.django_db

ROUTES = http_routes()
PREFIX_GROUPS = tuple(expectations.PREFIX_GROUPS)


def grouped(route) -> bool:
    return route.pattern.startswith(PREFIX_GROUPS)


def undeclared(routes) -> list[str]:
    return [
        f"{route.key}  ({route.pattern})"
        for route in routes
        if not grouped(route) and route.key not in expectations.HTTP
    ]


def test_every_route_is_declared():
    missing = undeclared(ROUTES)
    assert not missing, (
        "These routes have no declared permissions. Add one line per route to "
        "tests/security/expectations.py (HTTP = {...}), e.g.\n"
        '    "app:name": R("object", get="login 403 403 200 200 200 403 200"),\n'
        "with one answer per role in the order " + " ".join(ROLES) + ":\n  " + "\n  ".join(missing)
    )


def test_a_new_route_without_declaration_is_caught(settings):
    settings.ROOT_URLCONF = "tests.security.urls_with_a_new_route"
    missing = undeclared(http_routes())
    assert any(line.startswith("brand_new_api ") for line in missing)
    assert any(line.startswith("brand_new_page ") for line in missing)


def test_no_declaration_outlives_its_route():
    keys = {route.key for route in ROUTES}
    assert not set(expectations.HTTP) - keys, "declared routes that no longer exist"


def answer_of(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return "login"
        if location.startswith(reverse("mfa_activate_totp")):
            return "mfa"
        return "302"
    return str(response.status_code)


def fingerprint() -> tuple:
    """Row counts of every table and the audit log's last entry: what a refused POST keeps."""
    counts = tuple(model.objects.count() for model in apps.get_models())
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    return counts, last


def ask(world, role: str, method: str, url: str):
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    cache.clear()
    with transaction.atomic():
        before = fingerprint() if method == "POST" else None
        response = client.get(url) if method == "GET" else client.post(url, {})
        changed = method == "POST" and fingerprint() != before
        transaction.set_rollback(True)
    return answer_of(response), changed


def check(world, url: str, method: str, expected: dict[str, str]) -> list[str]:
    problems = []
    for role in ROLES:
        got, changed = ask(world, role, method, url)
        CHECKS["http"] += 1
        declared = expected[role]
        answer, must_change = declared.removesuffix("!"), declared.endswith("!")
        if answer in REFUSALS and must_change:
            problems.append(f"{method} {url} as {role}: a refusal ({answer}) cannot change data")
        if got != answer:
            problems.append(f"{method} {url} as {role}: got {got}, declared {declared}")
        elif method == "POST" and changed != must_change:
            problems.append(
                f"{method} {url} as {role}: the database "
                + ("changed, declared unchanged" if changed else "did not change, declared !")
            )
    return problems


@pytest.mark.parametrize(
    "key", [route.key for route in ROUTES if not grouped(route) and route.key in expectations.HTTP]
)
def test_route_answers_each_role_as_declared(world, key):
    declared = expectations.HTTP[key]
    route = next(route for route in ROUTES if route.key == key)
    url = reverse(route.name, args=declared.resolve_args(world)) if route.name else route.pattern
    problems = check(world, url, "GET", declared.answers("GET"))
    if declared.post:
        problems += check(world, url, "POST", declared.answers("POST"))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "label", [label for group in expectations.PREFIX_GROUPS.values() for label in group]
)
def test_prefix_groups_and_catch_all_answer_as_declared(world, label):
    """The back offices and Wagtail's page tree: representative URLs of each."""
    group = next(group for group in expectations.PREFIX_GROUPS.values() if label in group)
    url_of, declared = group[label]
    problems = check(world, url_of(world), "GET", declared.answers("GET"))
    if declared.post:
        problems += check(world, url_of(world), "POST", declared.answers("POST"))
    assert not problems, "\n".join(problems)

"""Every route of the platform, asked by each of eight roles, answers as declared.

Routes are enumerated from the root URLconf (includes and i18n_patterns walked) and from
club.routing; expectations.py declares, for each, what every role gets. A route nobody
declared fails `test_every_route_is_declared`: add one line for it in expectations.py.
"""

import pytest
from allauth.mfa.models import Authenticator
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
        if location.startswith((reverse("mfa_activate_totp"), reverse("mfa_reauthenticate"))):
            return "mfa"
        return "302"
    return str(response.status_code)


def fingerprint() -> tuple:
    """Row counts of every table and the audit log's last entry: what a refused POST keeps."""
    counts = tuple(model.objects.count() for model in apps.get_models())
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    return counts, last


def ask(world, role: str, method: str, url: str, *, second_factor: bool = True, body=None):
    """One request as `role`; `second_factor=False`: the same person without one (rolled back)."""
    client = Client()
    user = world.users[role]
    cache.clear()
    with transaction.atomic():
        if user is not None:
            if not second_factor:
                Authenticator.objects.filter(user=user).delete()
            client.force_login(user)
        before = fingerprint() if method == "POST" else None
        if method == "GET":
            response = client.get(url)
        elif body is not None:
            response = client.post(url, body, content_type="application/json")
        else:
            response = client.post(url, {})
        changed = method == "POST" and fingerprint() != before
        transaction.set_rollback(True)
    answer = answer_of(response)
    problem = response.get("Content-Type", "").startswith("application/problem+json")
    if answer == "403" and problem and "double authentification" in response.json()["detail"]:
        answer = "403mfa"
    return answer, changed


def check(world, url: str, method: str, expected: dict[str, str]) -> list[str]:
    problems = []
    for role in ROLES:
        got, changed = ask(world, role, method, url)
        got = got.removesuffix("mfa") if got == "403mfa" else got
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


# --- Powers need a second factor ------------------------------------------------------------
# Each role that holds powers is asked again, as the same person without a second factor. What
# their role adds to a member's (what they get and a member like them does not) must be
# withheld: a page sends them to enrol ("mfa"), the API answers 403 saying why. What a member
# like them gets anyway, they still get, exactly as declared. What they are refused anyway
# stays refused.

# The member each role is compared with: facilitators and delegates are members of the sample
# college; IPM participants and staff belong to no college, like the applicant.
BASELINE = {
    "facilitator": "member",
    "delegate": "member",
    "ipm_member": "applicant",
    "staff": "applicant",
}
WITHHELD_COUNT = {"routes": set(), "checks": 0}

# Where the member compared with is not like the role for a reason that is no power: the
# sample member wrote the sample request and post, so they may not support or report it while
# others may (`own`: the role's declared answer stands); the author reads the post's history,
# others need to moderate (`withheld`). The back offices withhold everything from staff.
OVERRIDES = {
    ("api-v1:support_request", "facilitator"): "own",
    ("api-v1:support_request", "delegate"): "own",
    ("colleges:post_report", "facilitator"): "own",
    ("colleges:post_report", "delegate"): "own",
    ("colleges:post_history", "facilitator"): "withheld",
    ("colleges:post_history", "staff"): "withheld",
    ("/cms/", "staff"): "withheld",
    ("/cms/pages/", "staff"): "withheld",
    ("/cms/documents/", "staff"): "withheld",
    ("/django-admin/", "staff"): "withheld",
}


def second_factor_pages(key: str) -> bool:
    """allauth's own pages answer after the factors a person has: what the twin lacks."""
    return key.startswith("mfa_")


def expected_without_second_factor(declared: dict[str, str], role: str, key: str = "") -> str:
    """`refused`, `withheld` or the exact declared answer."""
    own, base = declared[role], declared[BASELINE[role]]
    override = OVERRIDES.get((key, role))
    if override:
        return own if override == "own" else override
    if own.removesuffix("!") in REFUSALS:
        return "refused"
    if base.removesuffix("!") not in REFUSALS:
        return own
    return "withheld"


def check_without_second_factor(world, url, method, declared, *, key="", body=None) -> list[str]:
    api = url.startswith(("/api/", "/en/api/"))
    problems = []
    for role in BASELINE:
        expected = expected_without_second_factor(declared, role, key)
        got, changed = ask(world, role, method, url, second_factor=False, body=body)
        CHECKS["http"] += 1
        label = f"{method} {url} as {role} without a second factor"
        if expected == "withheld":
            WITHHELD_COUNT["routes"].add(f"{method} {url}")
            WITHHELD_COUNT["checks"] += 1
            wanted = "403mfa" if api else "mfa"
            if got != wanted or changed:
                problems.append(f"{label}: got {got}{'!' if changed else ''}, wanted {wanted}")
        elif expected == "refused":
            if (got not in REFUSALS and got != "403mfa") or changed:
                problems.append(f"{label}: got {got}{'!' if changed else ''}, wanted a refusal")
        else:
            answer = expected.removesuffix("!")
            if got != answer or changed != expected.endswith("!"):
                problems.append(f"{label}: got {got}{'!' if changed else ''}, declared {expected}")
    return problems


@pytest.mark.parametrize(
    "key",
    [
        route.key
        for route in ROUTES
        if not grouped(route)
        and route.key in expectations.HTTP
        and not second_factor_pages(route.key)
    ],
)
def test_every_route_withholds_powers_without_a_second_factor(world, key):
    declared = expectations.HTTP[key]
    route = next(route for route in ROUTES if route.key == key)
    url = reverse(route.name, args=declared.resolve_args(world)) if route.name else route.pattern
    problems = check_without_second_factor(world, url, "GET", declared.answers("GET"), key=key)
    if declared.post:
        problems += check_without_second_factor(
            world, url, "POST", declared.answers("POST"), key=key
        )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "label", [label for group in expectations.PREFIX_GROUPS.values() for label in group]
)
def test_back_offices_withhold_powers_without_a_second_factor(world, label):
    group = next(group for group in expectations.PREFIX_GROUPS.values() if label in group)
    url_of, declared = group[label]
    problems = check_without_second_factor(
        world, url_of(world), "GET", declared.answers("GET"), key=label
    )
    assert not problems, "\n".join(problems)


# The API's acts, sent with a body the rules get to read (the matrix's empty form is refused
# before any rule runs): each power-holding role with a second factor, the member compared
# with, and the same role without a second factor.
def _in_days(days: int) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.now() + timedelta(days=days)).isoformat()


API_BODIES = {
    "api-v1:decide": lambda w: {"action": "approve"},
    "api-v1:create_ballot": lambda w: {
        "college": w.college.slug,
        "question": "Faut-il ouvrir le champ ?",
        "kind": "single",
        "options": ["Oui", "Non"],
        "opens_at": _in_days(1),
        "closes_at": _in_days(8),
    },
    "api-v1:escalate": lambda w: {"position": w.position.pk, "reason": "Adoptée."},
    "api-v1:argue": lambda w: {"body": "Un argument du terrain."},
    "api-v1:step_request": lambda w: {"reason": "Ouvrons la discussion."},
    "api-v1:put_position_to_vote": lambda w: {"opens_at": _in_days(1), "closes_at": _in_days(8)},
    "api-v1:open_thread": lambda w: {"title": "Un sujet", "body": "Un premier message."},
    "api-v1:create_post": lambda w: {"body": "Une réponse."},
    "api-v1:create_position": lambda w: {
        "college": w.college.slug,
        "title": "Position",
        "body": "Le collège demande.",
        "requests": [w.request.pk],
    },
}


@pytest.mark.parametrize("key", sorted(API_BODIES))
def test_api_acts_withhold_powers_without_a_second_factor(world, key):
    declared = expectations.HTTP[key]
    route = next(route for route in ROUTES if route.key == key)
    url = reverse(route.name, args=declared.resolve_args(world))
    body = API_BODIES[key](world)
    problems = []
    for role, base in BASELINE.items():
        own, _ = ask(world, role, "POST", url, body=body)
        baseline, _ = ask(world, base, "POST", url, body=body)
        got, changed = ask(world, role, "POST", url, second_factor=False, body=body)
        CHECKS["http"] += 3
        refusals = REFUSALS | {"401"}
        label = f"POST {url} {body} as {role} without a second factor"
        if own in refusals:
            if got not in refusals and got != "403mfa":
                problems.append(f"{label}: got {got}, refused with it ({own})")
        elif baseline in refusals:
            WITHHELD_COUNT["routes"].add(f"POST {url}")
            if got != "403mfa" or changed:
                problems.append(f"{label}: got {got}, wanted 403mfa (with it: {own})")
        elif got != own:
            problems.append(f"{label}: got {got}, as with it: {own}")
    assert not problems, "\n".join(problems)

"""Enumerate every HTTP route of the root URLconf and every WebSocket route.

The permission matrix test (test_permission_matrix.py) checks each against the declarations in
expectations.py. Routes are keyed by their URL name (`namespace:name`), or by their full pattern
when they have none.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    key: str
    pattern: str
    name: str | None


def _walk(patterns, prefix: str, namespace: str | None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            nested = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), nested)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(key=name or pattern, pattern=pattern, name=name)


def http_routes() -> list[Route]:
    """Every route of the root URLconf, includes and i18n_patterns walked, each key once."""
    seen, routes = set(), []
    for route in _walk(get_resolver().url_patterns, "", None):
        if route.key not in seen:
            seen.add(route.key)
            routes.append(route)
    return routes


def websocket_routes() -> list[str]:
    from club.routing import websocket_urlpatterns

    return [str(entry.pattern) for entry in websocket_urlpatterns]


# --- Declarations -----------------------------------------------------------------------------

ROLES = (
    "anonymous",
    "applicant",
    "other_member",
    "member",
    "facilitator",
    "delegate",
    "ipm_member",
    "staff",
)


@dataclass(frozen=True)
class Expect:
    """What each role gets from one route.

    `args`: the URL's parameters, as world attribute paths separated by spaces (`"thread"` is
    the sample thread's pk, `"college.slug"` its slug), or a function of the world.
    `get` / `post`: one answer per role, in ROLES order, separated by spaces: a status code,
    `login` (redirect to the login page), `mfa` (redirect to the second-factor set-up) or `302`
    (any other redirect). `post` is given for routes that only accept POST: the roles that are
    refused must also leave the database unchanged.
    """

    args: object = ""
    get: str = ""
    post: str = ""

    def answers(self, method: str) -> dict[str, str]:
        tokens = (self.get if method == "GET" else self.post).split()
        if len(tokens) != len(ROLES):
            raise ValueError(f"{len(tokens)} answers for {len(ROLES)} roles: {tokens}")
        return dict(zip(ROLES, tokens, strict=True))

    def resolve_args(self, world) -> list:
        if callable(self.args):
            return list(self.args(world))
        values = []
        for path in self.args.split():
            first, *rest = path.split(".")
            value = getattr(world, first)
            for attribute in rest or ["pk"]:
                value = getattr(value, attribute)
            values.append(value)
        return values


def R(args: object = "", get: str = "", post: str = "") -> Expect:
    return Expect(args=args, get=get, post=post)


def everyone(answer: str) -> str:
    return " ".join([answer] * len(ROLES))


REFUSALS = {"login", "mfa", "403", "404", "405"}

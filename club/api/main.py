"""The NinjaAPI instance: version 1 of the club's API, mounted at /api/v1/.

Routers live next to their apps (`proposals/api.py`, `colleges/threads/api.py`...) and call the
same rules, selectors and services as the web views.
"""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.constants import NOT_SET
from ninja.openapi.docs import Swagger

from club.core.api import errors
from club.core.api.auth import ANONYMOUS, PUBLIC
from club.core.api.errors import DESCRIPTIONS, PROBLEM_CONTENT_TYPE
from club.core.api.parser import JsonParser
from club.core.api.throttling import ApiThrottle
from club.core.notifications.api import router as notifications_router
from colleges.api import router as colleges_router
from colleges.threads.api import router as threads_router
from proposals.api import router as proposals_router
from proposals.ipm.api import router as ipm_router
from votes.api import router as votes_router
from whitepapers.api import router as whitepapers_router

DESCRIPTION = """
API du Club Chorus Pro : tout ce que font les membres, animateurs, délégués et l'équipe du club.

**Authentification** : un jeton d'accès personnel, créé sur la page « Mon compte › Jetons
d'accès à l'API », envoyé dans l'en-tête `Authorization: Bearer ccp_…` ; ou la session du site
(les requêtes qui modifient quelque chose envoient alors l'en-tête `X-CSRFToken`). Un jeton
« Lecture seule » reçoit 403 sur toute écriture.

**Droits** : chaque opération applique les mêmes règles que le site. Faute du droit d'agir :
403 ; une ressource qui ne vous est pas visible répond 404, comme une ressource inexistante ;
une action impossible dans l'état actuel de la ressource : 409 ; 422 est réservé aux données
invalides.

**Erreurs** : toujours au format RFC 9457 (`application/problem+json`) avec `type`, `title`,
`status`, `detail` et, pour les données invalides (422), la liste `errors` des champs en cause.

**Corps des requêtes** : du JSON (`Content-Type: application/json`), sinon 415 ; un champ
inconnu est refusé (422, nommé dans `errors`) ; au-delà de {body_limit}, réponse 413.

**Limites** : au-delà du nombre de requêtes permis par minute, réponse 429 avec l'en-tête
`Retry-After` (en secondes).

**Listes** : paginées par `limit` et `offset`, avec `count`, `next` et `previous`.
"""


class ApiDocs(Swagger):
    """Swagger UI from the files bundled with django-ninja: no CDN, no inline script."""

    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        import json

        from django.shortcuts import render

        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings), "api": api, "add_csrf": True}
        return render(request, self.template, context)


# ASCII names, so that generated clients get usable package and class names; the French title
# of each group is its description.
TAGS = [
    ("requests", "Demandes d'évolution"),
    ("positions", "Positions de collège"),
    ("colleges", "Collèges et candidatures"),
    ("threads", "Thèmes, fils et messages"),
    ("votes", "Scrutins et votes"),
    ("ipm", "Cycles IPM"),
    ("whitepapers", "Livres blancs"),
    ("notifications", "Notifications"),
]


IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Pour réessayer sans risque : la même clé et la même requête, dans les 24 heures, "
        "rendent la première réponse (en-tête `Idempotent-Replayed: true`) sans rien refaire ; "
        "la même clé pour une autre requête répond 422, et 409 tant que la première est en cours."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    "example": "5f0c1c3e-8f4e-4c55-9f55-2a0cbb1f3d41",
}


IF_NONE_MATCH_PARAMETER = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "L'ETag d'une réponse précédente : 304 sans corps si rien n'a changé.",
    "schema": {"type": "string", "maxLength": 200},
}


class ClubNinjaAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        location = getattr(request, "created_location", None)
        if response.status_code == 201 and location:
            response["Location"] = location
        return response

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["info"]["description"] = schema["info"]["description"].replace(
            "{body_limit}", errors.body_limit_label()
        )
        schema["tags"] = [{"name": name, "description": label} for name, label in TAGS]
        _known_slugs(schema)
        public_ids = set()
        for router in self._get_bound_routers():
            for path_view in router.path_operations.values():
                for operation in path_view.operations:
                    auth = operation.auth_param
                    if auth is NOT_SET or (isinstance(auth, list) and ANONYMOUS in auth):
                        public_ids.add(
                            operation.operation_id or self.get_openapi_operation_id(operation)
                        )
        for path_item in schema.get("paths", {}).values():
            for method, operation in path_item.items():
                if not isinstance(operation, dict):
                    continue
                if operation.get("operationId") in public_ids:
                    operation.setdefault("security", []).append({})
                if method == "post":
                    operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
                if method == "get" and 200 in operation.get("responses", {}):
                    operation.setdefault("parameters", []).append(IF_NONE_MATCH_PARAMETER)
                    operation["responses"][200]["headers"] = {
                        "ETag": {
                            "description": "Empreinte de la réponse, à renvoyer dans If-None-Match.",
                            "schema": {"type": "string"},
                            "required": True,
                        }
                    }
                    operation["responses"][304] = {
                        "description": "Rien n'a changé depuis la réponse de cet ETag (corps vide)."
                    }
                if "requestBody" in operation:
                    problem = {"$ref": "#/components/schemas/Problem"}
                    for status in (413, 415):
                        operation["responses"].setdefault(
                            status,
                            {
                                "description": DESCRIPTIONS[status],
                                "content": {PROBLEM_CONTENT_TYPE: {"schema": problem}},
                            },
                        )
                for code, response in operation.get("responses", {}).items():
                    status = int(code)
                    if status == 201:
                        response["headers"] = {
                            "Location": {
                                "description": "L'adresse de l'API où lire ce qui a été créé.",
                                "schema": {"type": "string"},
                                "required": True,
                            }
                        }
                    if status < 400:
                        continue
                    content = response.get("content", {})
                    if "application/json" in content:
                        content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
                    if status in DESCRIPTIONS:
                        response["description"] = DESCRIPTIONS[status]
                    if status == 429:
                        response["headers"] = {
                            "Retry-After": {
                                "description": "Secondes à attendre avant de réessayer.",
                                "schema": {"type": "integer"},
                            }
                        }
        return schema


# Fields and filters that take the slug of a college or of a portal area: only known slugs work,
# so the document lists them (read from the database each time the document is served).
SLUG_FIELDS = {"college": "colleges", "to_college": "colleges", "area": "areas"}


def _slugs() -> dict[str, list[str]]:
    from django.db import DatabaseError

    from colleges.models import College
    from proposals.models import PortalArea

    try:
        return {
            "colleges": sorted(College.objects.values_list("slug", flat=True)),
            "areas": sorted(PortalArea.objects.values_list("slug", flat=True)),
        }
    except DatabaseError:  # no tables yet (a management command before migrate)
        return {}


def _with_enum(schema: dict, values: list[str]) -> None:
    branches = schema.get("anyOf", [schema])
    for branch in branches:
        if branch.get("type") == "string":
            branch["enum"] = values
            branch.pop("maxLength", None)
            branch.pop("minLength", None)
            branch.pop("pattern", None)


def _known_slugs(schema: dict) -> None:
    slugs = _slugs()
    if not slugs:
        return
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                kind = SLUG_FIELDS.get(parameter["name"])
                if parameter["in"] == "query" and kind and slugs[kind]:
                    _with_enum(parameter["schema"], slugs[kind])
    for component in schema.get("components", {}).get("schemas", {}).values():
        if component.get("additionalProperties") is not False:
            continue  # only request bodies
        for name, prop in component.get("properties", {}).items():
            kind = SLUG_FIELDS.get(name)
            if kind and slugs[kind]:
                _with_enum(prop, slugs[kind])


api = ClubNinjaAPI(
    title="API du Club Chorus Pro",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=ApiDocs(settings={"deepLinking": True, "layout": "BaseLayout"}),
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=PUBLIC,
    throttle=[ApiThrottle()],
    parser=JsonParser(),
    servers=[{"url": "/", "description": "Ce site (les chemins commencent par /api/v1/)"}],
)
errors.install(api)

_ = _  # French labels in routers use gettext_lazy


api.add_router("/", proposals_router)
api.add_router("/", colleges_router)
api.add_router("/", threads_router)
api.add_router("/", votes_router)
api.add_router("/", ipm_router)
api.add_router("/", whitepapers_router)
api.add_router("/", notifications_router)

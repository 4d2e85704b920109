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

**Droits** : chaque opération applique les mêmes règles que le site ; une ressource qui ne vous
est pas visible répond 404.

**Erreurs** : toujours au format RFC 9457 (`application/problem+json`) avec `type`, `title`,
`status`, `detail` et, pour les données invalides (422), la liste `errors` des champs en cause.

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


class ClubNinjaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
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
            for operation in path_item.values():
                if not isinstance(operation, dict):
                    continue
                if operation.get("operationId") in public_ids:
                    operation.setdefault("security", []).append({})
                for code, response in operation.get("responses", {}).items():
                    status = int(code)
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

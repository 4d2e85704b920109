"""One error format for the whole API: RFC 9457 problem details, in French.

Every refusal is raised as an exception and turned into `application/problem+json` here; the
OpenAPI document lists, for each operation, the problems it may answer (`problems(...)`).
"""

import json
import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import NinjaJSONEncoder

from club.core.domain import DomainError, NotVisible
from club.core.unavailable import RETRY_AFTER, database_unavailable

logger = logging.getLogger("club.core.api")

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://club-chorus-pro.fr/api/problemes/"

# Domain errors whose code means "you may not", not "not now".
FORBIDDEN_CODES = {"forbidden", "not_member", "author", "not_elector", "thread_not_readable"}
# Domain errors about the state of things ("not now"); any other refusal is about the data sent.
CONFLICT_CODES = {
    "invalid_transition",
    "invalid_phase",
    "already_voted",
    "already_decided",
    "already_member",
    "already_escalated",
    "already_appointed",
    "already_erased",
    "duplicate_support",
    "duplicate_application",
    "not_supportable",
    "survivor_closed",
    "seats_full",
    "suspended",
    "closed",
    "not_open",
    "not_closed",
    "not_adopted",
    "cycle_not_open",
    "candidacy_closed",
    "collection_taken",
}


class FieldError(Schema):
    """One invalid field: where (a path such as ["body", "title"]) and why."""

    loc: list[str | int]
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


TITLES = {
    400: ("requete-invalide", gettext_noop("Requête invalide")),
    401: ("authentification-requise", gettext_noop("Authentification requise")),
    403: ("acces-refuse", gettext_noop("Accès refusé")),
    404: ("introuvable", gettext_noop("Ressource introuvable")),
    405: ("methode-non-autorisee", gettext_noop("Méthode non autorisée")),
    409: ("conflit", gettext_noop("Action impossible dans l'état actuel")),
    413: ("trop-volumineux", gettext_noop("Requête trop volumineuse")),
    415: ("format-non-pris-en-charge", gettext_noop("Format non pris en charge")),
    422: ("donnees-invalides", gettext_noop("Données invalides")),
    429: ("trop-de-requetes", gettext_noop("Trop de requêtes")),
    500: ("erreur-interne", gettext_noop("Erreur interne")),
    503: ("service-indisponible", gettext_noop("Service momentanément indisponible")),
}


def body_limit_label() -> str:
    """The largest body the site reads (DATA_UPLOAD_MAX_MEMORY_SIZE), as people write it."""
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if size and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} Mo"
    if size:
        return f"{size // 1024} Ko"
    return ""


DESCRIPTIONS = {
    400: "Requête mal formée.",
    401: "Jeton absent, inconnu, expiré ou révoqué (ou session absente).",
    403: "Vous n'avez pas le droit de faire cela (règle du club, portée du jeton, CSRF, double authentification).",
    404: "Ressource inexistante ou qui ne vous est pas visible.",
    405: "Méthode HTTP non autorisée sur cette adresse.",
    409: "L'action n'est pas possible dans l'état actuel de la ressource.",
    413: "Corps de la requête trop volumineux (voir la limite dans la description de l'API).",
    415: "Le corps de la requête doit être du JSON (`Content-Type: application/json`).",
    422: "Données invalides : le champ `errors` dit lesquelles et pourquoi.",
    429: "Trop de requêtes : réessayez après le délai indiqué par l'en-tête Retry-After.",
    503: "La base de données ne répond pas (redémarrage, maintenance) : réessayez après le délai indiqué par l'en-tête Retry-After.",
}


class InvalidToken(AuthenticationError):
    """A token was sent but no longer opens anything: revoked, expired, or its account closed."""

    def __init__(self, detail: str, reason: str) -> None:
        super().__init__()
        self.detail = detail
        self.reason = reason  # ASCII, for the WWW-Authenticate header


class ApiProblem(Exception):
    """Raise from an endpoint to answer a problem with this status and detail."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: list[dict] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = str(detail)
        self.errors = errors
        self.headers = headers or {}


def problems(*codes: int) -> dict[int, type[Problem]]:
    """The `response=` entries documenting these error statuses."""
    return dict.fromkeys(codes, Problem)


def problem_response(
    status: int,
    detail: str,
    *,
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    slug, title = TITLES.get(status, TITLES[400])
    body = {
        "type": TYPE_BASE + slug,
        "title": _(title),
        "status": status,
        "detail": str(detail),
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, cls=NinjaJSONEncoder, ensure_ascii=False),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_name(loc: list) -> str:
    """`title`, `options.0`, or `body` for the body as a whole."""
    return ".".join(str(p) for p in loc[1:]) or (str(loc[0]) if loc else "")


def describe(errors: list[dict]) -> str:
    """The problem's `detail` for invalid data: every field named with its message."""
    shown = "; ".join(f"{field_name(e['loc'])} : {e['message']}" for e in errors[:5])
    if len(errors) > 5:
        shown += " ; …"
    return _("Certaines données sont invalides. %(detail)s") % {"detail": shown}


# The name every operation gives its body parameter: ninja puts it in `loc`, the API does not.
BODY_PARAMETER = "payload"


def _field_errors(errors: list[dict]) -> list[dict]:
    """One shape for every field error: `loc` is [where, field, ...], where is body, query,
    path or header, whatever the operation calls its parameters."""
    out = []
    for error in errors:
        loc = [part for part in error.get("loc", []) if part not in ("", None)]
        if len(loc) >= 2 and loc[0] == "body" and loc[1] == BODY_PARAMETER:
            del loc[1]
        out.append(
            {"loc": [p if isinstance(p, int) else str(p) for p in loc], "message": _message(error)}
        )
    return out


PYDANTIC_MESSAGES = {
    "missing": gettext_noop("Ce champ est obligatoire."),
    "extra_forbidden": gettext_noop("Ce champ n'existe pas."),
    "string_pattern_mismatch": gettext_noop("Ce champ ne peut pas être vide."),
    "too_short": gettext_noop("Cette liste doit compter au moins %(min_length)s élément(s)."),
    "string_too_long": gettext_noop("Ce texte est trop long (%(max_length)s caractères au plus)."),
    "string_too_short": gettext_noop(
        "Ce texte est trop court (%(min_length)s caractères au moins)."
    ),
    "int_parsing": gettext_noop("Un nombre entier est attendu."),
    "int_type": gettext_noop("Un nombre entier est attendu."),
    "string_type": gettext_noop("Un texte est attendu."),
    "bool_parsing": gettext_noop("Une valeur vraie ou fausse (true/false) est attendue."),
    "bool_type": gettext_noop("Une valeur vraie ou fausse (true/false) est attendue."),
    "literal_error": gettext_noop("Valeur non reconnue : choisissez parmi %(expected)s."),
    "enum": gettext_noop("Valeur non reconnue : choisissez parmi %(expected)s."),
    "greater_than_equal": gettext_noop("La valeur doit être au moins %(ge)s."),
    "less_than_equal": gettext_noop("La valeur doit être au plus %(le)s."),
    "greater_than": gettext_noop("La valeur doit être supérieure à %(gt)s."),
    "list_type": gettext_noop("Une liste est attendue."),
    "datetime_parsing": gettext_noop("Une date et heure au format ISO 8601 est attendue."),
    "datetime_from_date_parsing": gettext_noop(
        "Une date et heure au format ISO 8601 est attendue."
    ),
    "datetime_type": gettext_noop("Une date et heure au format ISO 8601 est attendue."),
    "url_parsing": gettext_noop("Une adresse web (URL) valide est attendue."),
    "url_type": gettext_noop("Une adresse web (URL) valide est attendue."),
    "json_invalid": gettext_noop("Le corps de la requête n'est pas du JSON valide."),
    "model_attributes_type": gettext_noop("Un objet JSON est attendu."),
    "dict_type": gettext_noop("Un objet JSON est attendu."),
    "too_long": gettext_noop("Cette liste est trop longue (%(max_length)s éléments au plus)."),
}


def _message(error: dict) -> str:
    template = PYDANTIC_MESSAGES.get(error.get("type", ""))
    if template is None:
        return _("Valeur invalide : %(reason)s") % {"reason": error.get("msg", "")}
    ctx = dict(error.get("ctx") or {})
    try:
        return _(template) % ctx if "%(" in template else _(template)
    except (KeyError, TypeError, ValueError):
        return _(template.split(":")[0].split("(")[0].strip())


def _django_validation_errors(error: DjangoValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {"loc": ["body", field], "message": str(message)}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"loc": ["body"], "message": str(message)} for message in error.messages]


def install(api) -> None:
    """Register the handlers on the NinjaAPI instance."""

    @api.exception_handler(NinjaValidationError)
    def validation(request: HttpRequest, exc: NinjaValidationError):
        errors = _field_errors(exc.errors)
        return problem_response(422, describe(errors), errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        if isinstance(exc, InvalidToken):
            # RFC 6750 §3.1: the client may tell a token to replace from a missing one.
            return problem_response(
                401,
                exc.detail,
                headers={
                    "WWW-Authenticate": 'Bearer realm="api", error="invalid_token", '
                    f'error_description="{exc.reason}"'
                },
            )
        return problem_response(
            401,
            _(
                "Identifiez-vous : envoyez un jeton d'accès personnel dans l'en-tête "
                "« Authorization: Bearer … » (ou utilisez votre session sur le site)."
            ),
        )

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return problem_response(
            413,
            _("Le corps de la requête dépasse la limite de %(limit)s.")
            % {"limit": body_limit_label()},
        )

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        wait = getattr(exc, "wait", None)
        response = problem_response(
            429,
            _("Trop de requêtes. Réessayez dans %(seconds)s secondes.")
            % {"seconds": int(wait or 1) + (1 if wait and wait % 1 else 0)},
        )
        return response

    @api.exception_handler(ApiProblem)
    def api_problem(request, exc: ApiProblem):
        return problem_response(exc.status, exc.detail, errors=exc.errors, headers=exc.headers)

    @api.exception_handler(DomainError)
    def domain(request, exc: DomainError):
        if isinstance(exc, NotVisible):
            return problem_response(404, exc.message)
        if exc.code in FORBIDDEN_CODES:
            return problem_response(403, exc.message)
        if exc.code in CONFLICT_CODES:
            return problem_response(409, exc.message)
        return problem_response(
            422, exc.message, errors=[{"loc": ["body"], "message": str(exc.message)}]
        )

    @api.exception_handler(DjangoValidationError)
    def django_validation(request, exc: DjangoValidationError):
        errors = _django_validation_errors(exc)
        return problem_response(422, describe(errors), errors=errors)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # ninja wraps what the body parser raised (club.core.api.parser) in a bare 400.
        if isinstance(exc.__cause__, ApiProblem):
            return api_problem(request, exc.__cause__)
        if isinstance(exc.__cause__, RequestDataTooBig):
            return too_big(request, exc.__cause__)
        status = exc.status_code
        if status == 403:
            detail = _(
                "Vérification CSRF échouée : avec la session du site, envoyez l'en-tête "
                "X-CSRFToken (ou utilisez un jeton d'accès)."
            )
        else:
            detail = str(exc) or DESCRIPTIONS.get(status, "")
        if status == 400:
            status = 422
        return problem_response(status, detail, errors=[] if status == 422 else None)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return problem_response(404, _("Cette ressource n'existe pas ou ne vous est pas visible."))

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request, exc):
        return not_found(request, exc)

    # An identifier beyond what the database stores (SQLite raises OverflowError, PostgreSQL a
    # DataError): no such object.
    @api.exception_handler(OverflowError)
    def overflow(request, exc):
        return problem_response(404, _("Cette ressource n'existe pas (identifiant hors limites)."))

    @api.exception_handler(DataError)
    def data_error(request, exc):
        return overflow(request, exc)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return problem_response(403, str(exc) or _("Vous n'avez pas le droit de faire cela."))

    # The database away or read-only: a 503 to retry, not a 500 (club/core/unavailable.py).
    @api.exception_handler(DatabaseError)
    def database_error(request, exc):
        if database_unavailable(exc):
            return api_unavailable(request)
        return unexpected(request, exc)

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return problem_response(
            500,
            _("Une erreur inattendue s'est produite ; l'équipe du club est prévenue."),
        )


def api_unavailable(request=None):
    response = problem_response(
        503,
        _(
            "Service momentanément indisponible : la base de données ne répond pas. Rien n'a "
            "été enregistré ; réessayez après le délai indiqué par l'en-tête Retry-After."
        ),
    )
    response["Retry-After"] = str(RETRY_AFTER)
    return response

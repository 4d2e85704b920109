from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.urls import path, re_path
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.translation import get_supported_language_variant
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt

from club.api.main import api
from club.core.api.errors import problem_response
from club.core.api.idempotency import idempotent


def _language(request) -> str:
    """The API speaks French unless `Accept-Language` asks for another language the club has
    (the site's pages choose theirs by their address: /en/...)."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def _problem_on_405(view):
    """ninja answers a wrong method with a bare 405: give it the API's problem format. And the
    caller's language (`Accept-Language`) for every message."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = _language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = idempotent(request, lambda: _answer(view, request, *args, **kwargs))
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Authorization"))
        return _conditional(request, response)

    return wrapper


def _conditional(request, response):
    """Reads carry an `ETag` (a digest of what they say); a client that sends it back in
    `If-None-Match` gets 304 with no body when nothing changed. Nothing is stored: the read is
    made, and only its sending is saved."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return response
    if not response.has_header("ETag"):
        set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


def _answer(view, request, *args, **kwargs):
    response = view(request, *args, **kwargs)
    if isinstance(response, HttpResponseNotAllowed):
        problem = problem_response(
            405,
            _("La méthode %(method)s n'est pas permise ici ; méthodes permises : %(allowed)s.")
            % {"method": request.method, "allowed": response["Allow"]},
        )
        problem["Allow"] = response["Allow"]
        return problem
    return response


# Machines get a problem, not the CSRF failure page, whatever cookie they send.
@csrf_exempt
def not_found(request, rest=""):
    return problem_response(
        404, _("Aucune opération de l'API à cette adresse : voir /api/v1/docs.")
    )


# Not `app_name`: that module-level name would namespace this whole URLconf.
_patterns, _ninja_app, _namespace = api.urls
for _pattern in _patterns:
    _pattern.callback = _problem_on_405(_pattern.callback)

urlpatterns = [
    path("", (_patterns, _ninja_app, _namespace)),
    # [\s\S], not `.`: an address with a line break (%0A) is still the API's, answered with a
    # problem (an inline (?s) flag would stop `reverse()` from reading the URLconf).
    re_path(r"^(?P<rest>[\s\S]*)$", not_found),
]

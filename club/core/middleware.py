import json

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import QueryDict

from club.core.text import (
    BIDI_ESCAPES,
    has_bidi_controls,
    strip_bidi_controls,
    strip_bidi_everywhere,
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, minus the back offices that ship their own inline code."""

    def process_response(self, request, response):
        if request.path.startswith(settings.CSP_EXEMPT_PATH_PREFIXES):
            response._csp_exempt = True
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Send `settings.PERMISSIONS_POLICY` on every response that has none of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


class BidiControlsMiddleware:
    """Remove bidirectional controls from every text a request carries (club/core/text.py).

    Query strings, form fields, uploaded file names and JSON bodies (the API) alike, before any
    view, form or service sees them: one place, so that no input path is forgotten.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("QUERY_STRING"):
            request.GET = _cleaned(request.GET)
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            self._clean_body(request)
        return self.get_response(request)

    def _clean_body(self, request):
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            # Cleaned when first read, not here: reading the form now would forbid the API from
            # reading the raw body afterwards (RawPostDataException), and buffer big uploads.
            load = request._load_post_and_files

            def load_and_clean():
                load()
                request._post = _cleaned(request._post)
                for upload in request._files.values():
                    if upload.name and has_bidi_controls(upload.name):
                        upload.name = strip_bidi_controls(upload.name)

            request._load_post_and_files = load_and_clean
        elif content_type == "application/json" or content_type.endswith("+json"):
            try:
                text = request.body.decode("utf-8")
            except RequestDataTooBig:
                return  # left unread: whoever reads it answers (the API: 413)
            except UnicodeDecodeError:
                return  # the API answers a clear 422 for it
            if has_bidi_controls(text) or BIDI_ESCAPES.search(text):
                try:
                    data = json.loads(text)
                except ValueError:
                    return
                request._body = json.dumps(strip_bidi_everywhere(data), ensure_ascii=False).encode(
                    "utf-8"
                )


def _cleaned(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(strip_bidi_controls(key), [strip_bidi_controls(v) for v in values])
    cleaned._mutable = False
    return cleaned

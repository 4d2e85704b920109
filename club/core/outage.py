"""The database away: a clear 503 instead of a 500, and the member's text handed back.

Django turns an exception anywhere in a request (a middleware reading the session, a view, a
template) into its 500 handler; `server_error` (the site's `handler500`) answers 503 with
`Retry-After` instead when the cause is the database being unreachable or read-only, a state
that passes: the HTML page says so in French, the API answers problem+json (its own handler
calls `api_unavailable`). The pool (club/core/postgresql/pool.py) gives up within a second
while PostgreSQL is away, so these answers come fast.
"""

from __future__ import annotations

import logging
import sys

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy
from django.views import defaults

from club.core.api.errors import api_unavailable
from club.core.unavailable import RETRY_AFTER, database_unavailable

logger = logging.getLogger(__name__)

# Fields never written back into a page: secrets, and the machinery of the form.
HIDDEN_FIELDS = {"csrfmiddlewaretoken", "submission_token", "altcha"}
SECRET_MARKERS = ("password", "passwd", "secret", "token", "otp", "code")
# The names of the club's usual text fields, as the member knows them.
LABELS = {
    "body": gettext_lazy("Votre texte"),
    "title": gettext_lazy("Titre"),
    "summary": gettext_lazy("Résumé"),
    "motivation": gettext_lazy("Motivation"),
    "comment": gettext_lazy("Commentaire"),
    "reason": gettext_lazy("Motif"),
}


def _is_secret(name: str) -> bool:
    lowered = name.lower()
    return lowered in HIDDEN_FIELDS or any(marker in lowered for marker in SECRET_MARKERS)


def kept_fields(request) -> tuple[list[tuple[str, str]], bool]:
    """What the member sent, to hand back: the text fields, and whether the form can be sent
    again as it was (not when it held a password or a file, which are never written back)."""
    if request.method != "POST":
        return [], False
    try:
        data, files = request.POST, request.FILES
    except Exception:  # a body Django cannot read again: nothing to hand back
        return [], False
    fields = [(name, value) for name, values in data.lists() for value in values]
    resendable = not files and not any(
        _is_secret(name) for name, _value in fields if name not in HIDDEN_FIELDS
    )
    return fields, resendable


def unavailable(request):
    """The French 503 page.

    A failed POST is never a lost text. Re-rendering the form with an error, as a refused form
    is, would be what a member expects most, but the view cannot run: it needs the database to
    know who is asking and what the form is about. So the page shows each text field the
    member typed in a textarea to copy, and, when nothing secret was typed, a button that sends
    the same form again to the same address once the service is back: its one-time submission
    token (club/core/submissions) was not used, so it acts once even if the first attempt did
    land. Passwords and files are never written back into a page."""
    fields, resendable = kept_fields(request)
    kept = [
        {"name": name, "label": LABELS.get(name, name), "value": value}
        for name, value in fields
        if not _is_secret(name) and value.strip()
    ]
    shown = {item["name"] for item in kept}
    hidden = [(name, value) for name, value in fields if name not in shown]
    # Rendered without the request: the context processors would ask the database (the user).
    response = HttpResponse(
        render_to_string(
            "503.html",
            {
                "kept": kept,
                "resend": resendable and bool(kept),
                "hidden": hidden,
                "action": request.get_full_path(),
                "again": request.method in ("GET", "HEAD"),
                "retry_after": RETRY_AFTER,
            },
        ),
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER)
    # The page may hold what the member typed: no cache keeps it.
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, *args, **kwargs):
    """The site's handler500: a 503 when the database is away, Django's 500 page otherwise."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        logger.warning("database unavailable: %s %s answered 503", request.method, request.path)
        if request.path_info.startswith("/api/"):
            return api_unavailable(request)
        try:
            return unavailable(request)
        except Exception:
            logger.exception("the 503 page failed")
    return defaults.server_error(request, *args, **kwargs)

"""Double submission: a form sent twice with the same one-time token acts once.

Forms carry `{% submission_token %}` (a fresh UUID per rendering). The first POST records the
token in the same transaction as the view's work and, when the view answers with a redirect,
keeps where it sent the browser. A second POST with that token (a double click, a replayed
request, a retry after a lost answer) waits for the first one's transaction, then gets the same
redirect and a message instead of acting again. When the view answers otherwise (a form
re-rendered with its errors, a refusal), the token is forgotten so the corrected form can be
sent. An error page rolls back everything the request did.
"""

import logging
import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from club.core.submissions.models import Submission

logger = logging.getLogger(__name__)

TOKEN_FIELD = "submission_token"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def submission_token_of(request) -> uuid.UUID | None:
    if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
        return None
    if request.path_info.startswith("/api/"):
        # Machines carry no form token; reading a multipart body here would consume the stream
        # the API reads next (RawPostDataException: a 500 instead of the API's own answer).
        return None
    try:
        return uuid.UUID(str(request.POST.get(TOKEN_FIELD, "")))
    except ValueError:
        return None


class SubmissionTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = submission_token_of(request)
        if token is None:
            return self.get_response(request)
        user_id = request.user.pk if request.user.is_authenticated else None
        with transaction.atomic():
            try:
                with transaction.atomic():
                    submission = Submission.objects.create(
                        token=token, user_id=user_id, path=request.path[:500]
                    )
            except IntegrityError:
                return self._replay(request, token, user_id)
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            elif response.status_code in (301, 302, 303, 307, 308) and response.has_header(
                "Location"
            ):
                # An update, not a save: the view may have erased the person and their tokens.
                Submission.objects.filter(pk=submission.pk).update(
                    location=response["Location"][:2000]
                )
            else:
                submission.delete()
            return response

    def _replay(self, request, token, user_id):
        previous = Submission.objects.filter(token=token).first()
        if previous is None or previous.user_id != user_id or not previous.location:
            logger.info("Submission token reused by someone else on %s", request.path)
            return render(request, "submissions/already_sent.html", status=409)
        messages.info(
            request,
            _("Ce formulaire avait déjà été envoyé : il n'a été pris en compte qu'une fois."),
        )
        return redirect(previous.location)

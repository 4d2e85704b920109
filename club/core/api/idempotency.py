"""Safe retries: a POST sent again with the same `Idempotency-Key` gets its first answer back.

As Stripe does: within 24 hours, the same key with the same request (method, path, query, body)
returns the stored answer (status, body, `Location`) with `Idempotent-Replayed: true` and
changes nothing; the same key with another request is refused (422); a retry that arrives while
the first is still running gets a 409. Keys belong to the person calling (token or session).
Answers that say nothing about the act (401, 429, 5xx) are not kept: the retry runs again.
"""

import hashlib
import re
from datetime import timedelta

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from club.core.api.errors import describe, problem_response
from club.core.api.models import AccessToken, IdempotentRequest, hash_secret

HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")  # printable ASCII, no spaces
NOT_KEPT = {401, 429}


def _caller_id(request) -> int | None:
    authorization = request.headers.get("Authorization", "")
    if authorization.lower().startswith("bearer "):
        return (
            AccessToken.objects.usable()
            .filter(token_hash=hash_secret(authorization[7:].strip()))
            .values_list("user_id", flat=True)
            .first()
        )
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.path, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode() + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _replay(found: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(found.body, status=found.status, content_type=found.content_type)
    if found.location:
        response["Location"] = found.location
    response["Idempotent-Replayed"] = "true"
    return response


def _refused(status: int, message: str) -> HttpResponse:
    errors = [{"loc": ["header", HEADER], "message": message}]
    if status == 422:
        return problem_response(422, describe(errors), errors=errors)
    return problem_response(status, message)


def idempotent(request, run) -> HttpResponse:
    """`run()`'s answer, or the one a first request with the same key got."""
    key = request.headers.get(HEADER)
    if request.method != "POST" or key is None:
        return run()
    if not KEY_PATTERN.fullmatch(key):
        return _refused(
            422,
            _("La clé d'idempotence compte de 1 à 255 caractères ASCII visibles, sans espace."),
        )
    user_id = _caller_id(request)
    if user_id is None:
        return run()  # the operation answers 401 (or acts anonymously: nothing to protect)
    try:
        fingerprint = _fingerprint(request)
    except RequestDataTooBig:
        return run()  # the API answers 413
    IdempotentRequest.objects.filter(
        user_id=user_id, key=key, created_at__lt=timezone.now() - KEPT_FOR
    ).delete()
    try:
        with transaction.atomic():
            record = IdempotentRequest.objects.create(
                user_id=user_id, key=key, fingerprint=fingerprint
            )
    except IntegrityError:
        found = IdempotentRequest.objects.filter(user_id=user_id, key=key).first()
        if found is None:  # the first one failed and was forgotten meanwhile
            return run()
        if found.fingerprint != fingerprint:
            return _refused(
                422,
                _(
                    "Cette clé d'idempotence a déjà servi, dans les dernières 24 heures, pour "
                    "une autre requête : choisissez une nouvelle clé pour une nouvelle requête."
                ),
            )
        if found.status == 0:
            return _refused(
                409,
                _("Une requête avec cette clé d'idempotence est en cours : réessayez plus tard."),
            )
        return _replay(found)
    try:
        response = run()
    except BaseException:
        record.delete()
        raise
    if response.status_code >= 500 or response.status_code in NOT_KEPT or response.streaming:
        record.delete()
        return response
    record.status = response.status_code
    record.content_type = response.get("Content-Type", "")[:100]
    record.location = response.get("Location", "")[:300]
    record.body = response.content.decode("utf-8", errors="replace")
    record.save(update_fields=["status", "content_type", "location", "body"])
    return response


def forget_expired() -> int:
    """Drop the answers older than a day (run by the scheduler)."""
    deleted, _by_model = IdempotentRequest.objects.filter(
        created_at__lt=timezone.now() - KEPT_FOR
    ).delete()
    return deleted

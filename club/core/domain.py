"""The one way business rules refuse something: with a message meant for a person."""

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=Model)


class DomainError(Exception):
    """A rule refused an act. `message` is shown as is to the person who tried."""

    def __init__(self, message: str | Promise, *, code: str = "refused") -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


def ensure(condition: object, message: str | Promise, *, code: str = "refused") -> None:
    """Raise a `DomainError` carrying `message` unless `condition` holds."""
    if not condition:
        raise DomainError(message, code=code)


class NotVisible(DomainError, Http404):
    """The object does not exist, or the person may not see it: both answer 404, so a page, the
    API or a live channel never tells a stranger that something is there.

    Raised by the fetch-and-authorise helpers (`access_*` in each app's selectors, after Zulip's),
    which every view, API operation and consumer uses to get an object by its identifier.
    A view lets it through (Django answers 404), the API answers a 404 problem, a consumer
    closes the socket.
    """

    def __init__(self, message: str | Promise | None = None) -> None:
        super().__init__(
            message or _("Cette ressource n'existe pas ou ne vous est pas visible."),
            code="not_visible",
        )


def access(queryset: QuerySet[M], user, rule: Callable[[object, M], bool], **lookup) -> M:
    """The one object of `queryset` matching `lookup` if `rule(user, object)` holds, else
    `NotVisible`: the shape of every `access_*` helper."""
    found = queryset.filter(**lookup).first()
    if found is None or not rule(user, found):
        raise NotVisible
    return found

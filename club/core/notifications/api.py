"""The caller's notifications: the same notices, unread state and services as /notifications/."""

from datetime import datetime
from typing import Annotated

from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from club.core.api.auth import MEMBER, WRITE, caller
from club.core.api.errors import problems
from club.core.api.pagination import Page, PageParams, paginate
from club.core.api.schemas import InputSchema
from club.core.notifications import selectors, services

router = Router(tags=["notifications"])

# Identifiers beyond a database bigint are refused as invalid data, not sent to the database.
NotificationId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="Type d'événement (voir la page des préférences).")
    subject: str
    body: str
    url: str = Field(description="Adresse de la page concernée sur le site.")
    created_at: datetime
    read_at: datetime | None


class NotificationFilters(Schema):
    unread: bool | None = Field(None, description="`true` : seulement les notifications non lues.")
    kind: str | None = Field(None, max_length=40, description="Un type d'événement.")


class MarkReadIn(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"ids": [101, 102]}]})

    ids: list[NotificationId] = Field(
        max_length=500, description="Identifiants des notifications à marquer comme lues."
    )


class MarkedOut(Schema):
    marked: int = Field(description="Nombre de notifications passées de « non lue » à « lue ».")
    unread: int = Field(description="Nombre de notifications encore non lues.")


@router.get(
    "/notifications",
    auth=MEMBER,
    response={200: Page[NotificationOut], **problems(401, 422, 429)},
    summary="Mes notifications",
)
def list_notifications(request, filters: Query[NotificationFilters], page: Query[PageParams]):
    """Vos notifications, les non lues d'abord puis des plus récentes aux plus anciennes."""
    queryset = selectors.notifications_for(caller(request))
    if filters.unread is not None:
        queryset = queryset.filter(read_at__isnull=filters.unread)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    return paginate(request, queryset, page)


@router.post(
    "/notifications/read",
    auth=WRITE,
    response={200: MarkedOut, **problems(401, 403, 422, 429)},
    summary="Marquer des notifications comme lues",
)
def mark_notifications_read(request, payload: MarkReadIn):
    """Les identifiants qui ne sont pas à vous sont ignorés."""
    user = caller(request)
    marked = services.mark_read(user, payload.ids)
    return {"marked": marked, "unread": _unread(user)}


@router.post(
    "/notifications/read-all",
    auth=WRITE,
    response={200: MarkedOut, **problems(401, 403, 422, 429)},
    summary="Tout marquer comme lu",
)
def mark_all_notifications_read(request):
    user = caller(request)
    marked = services.mark_all_read(user)
    return {"marked": marked, "unread": _unread(user)}


def _unread(user) -> int:
    # Counted afresh: the badge's cached count is refreshed only once the transaction commits.
    return selectors.notifications_for(user).filter(read_at__isnull=True).count()

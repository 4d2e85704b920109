"""Lists answer pages of `limit` items from `offset`, with the total and links to the neighbours."""

from typing import Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

T = TypeVar("T")

MAX_LIMIT = 100


class PageParams(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description="Nombre d'éléments par page (1 à 100).")
    offset: int = Field(
        0, ge=0, le=1_000_000, description="Nombre d'éléments à sauter depuis le début."
    )


class Page(Schema, Generic[T]):
    count: int = Field(description="Nombre total d'éléments correspondant aux filtres.")
    next: str | None = Field(description="Adresse de la page suivante, s'il y en a une.")
    previous: str | None = Field(description="Adresse de la page précédente, s'il y en a une.")
    results: list[T]


def _url(request, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"] = str(offset)
    query["limit"] = str(limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request, queryset: QuerySet | list, params: PageParams) -> dict:
    limit, offset = params.limit, params.offset
    count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    items = list(queryset[offset : offset + limit])
    return {
        "count": count,
        "next": _url(request, offset + limit, limit) if offset + limit < count else None,
        "previous": _url(request, max(offset - limit, 0), limit) if offset > 0 else None,
        "results": items,
    }


def ordered(queryset: QuerySet, ordering: str | None, allowed: dict[str, tuple[str, ...]]):
    """Order by one whitelisted key (`-key` for descending); unknown keys never reach the ORM."""
    if not ordering:
        return queryset
    key = ordering.lstrip("-")
    fields = allowed[key]
    if ordering.startswith("-"):
        fields = tuple(f[1:] if f.startswith("-") else "-" + f for f in fields)
    return queryset.order_by(*fields)

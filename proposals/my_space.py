"""« Mon espace »: the requests I filed and the ones I support, each with its step on the spine
and the date and reason of that step (registered by `ProposalsConfig.ready`)."""

from django.db.models import OuterRef, Subquery

from colleges.my_space import LIMIT, Section, register_section
from proposals.models import ChangeRequestEvent
from proposals.selectors import my_requests, my_supported_requests


def _with_last_step(requests):
    last = ChangeRequestEvent.objects.filter(request=OuterRef("pk")).order_by("-created_at", "-pk")
    return requests.annotate(
        last_step_reason=Subquery(last.values("reason")[:1]),
        last_step_at=Subquery(last.values("created_at")[:1]),
    )


def _requests(user) -> dict | None:
    authored = list(_with_last_step(my_requests(user))[: LIMIT + 1])
    supported = list(_with_last_step(my_supported_requests(user))[: LIMIT + 1])
    if not (authored or supported):
        return None
    return {
        "authored": authored[:LIMIT],
        "supported": supported[:LIMIT],
        "more": len(authored) > LIMIT or len(supported) > LIMIT,
    }


def register() -> None:
    register_section(Section("requests", 30, "proposals/my_space.html", _requests))

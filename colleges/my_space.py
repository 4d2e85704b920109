"""The sections of « Mon espace », the member's home: where each idea of theirs stands.

Colleges sit below votes and proposals, so those apps add their sections here from their
`AppConfig.ready` (as they register notification kinds) instead of this page importing them.
Each section's `context` runs a constant number of queries and returns None when it has
nothing to show, so a newcomer's page stays short.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse


@dataclass(frozen=True)
class Section:
    key: str
    order: int  # smaller first: what waits for the person, then what they follow
    template: str
    context: Callable[[object], dict | None]


_SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    _SECTIONS[section.key] = section


def sections_for(user) -> list[tuple[str, dict]]:
    """(template, context) of every section with something to show `user`, in order."""
    shown = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.context(user)
        if context is not None:
            shown.append((section.template, context))
    return shown


# --- The colleges' own sections ----------------------------------------------------------------

LIMIT = 8


def _duties(user) -> dict | None:
    """Reports to handle in the colleges one facilitates, applications to validate (staff)."""
    from colleges.models import Application, FacilitatorRole
    from colleges.rules import is_staff
    from colleges.threads.models import Report

    duties = []
    facilitated = FacilitatorRole.objects.current().filter(user=user).values("college_id")
    for row in (
        Report.objects.filter(resolved_at__isnull=True, post__thread__college_id__in=facilitated)
        .values("post__thread__college__slug", "post__thread__college__name")
        .annotate(count=Count("post", distinct=True))
        .order_by("post__thread__college__name")
    ):
        duties.append(
            {
                "kind": "reports",
                "count": row["count"],
                "college": row["post__thread__college__name"],
                "url": reverse(
                    "colleges:moderation_queue",
                    kwargs={"college_slug": row["post__thread__college__slug"]},
                ),
            }
        )
    if is_staff(user):
        pending = Application.objects.filter(status=Application.Status.PENDING).count()
        if pending:
            duties.append(
                {"kind": "applications", "count": pending, "url": reverse("colleges:queue")}
            )
    return {"duties": duties} if duties else None


def _followed_threads(user) -> dict | None:
    from colleges.threads.selectors import followed_threads

    threads = list(followed_threads(user).order_by("-unread", "-last_post_at", "-pk")[:LIMIT])
    return {"threads": threads} if threads else None


register_section(Section("duties", 10, "colleges/my_space/duties.html", _duties))
register_section(Section("threads", 40, "colleges/my_space/threads.html", _followed_threads))

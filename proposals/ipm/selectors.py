"""Reads for the IPM pages, with their joins done once (list sizes never change the query count)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from club.core.domain import access
from colleges.models import DelegateMandate
from proposals.ipm import rules
from proposals.ipm.models import (
    AgendaItem,
    Argument,
    Cycle,
    CycleTransition,
    Decision,
    IpmParticipant,
    Meeting,
    MeetingDocument,
    Phase,
    PilotCall,
    PilotVolunteer,
    PlenarySession,
    WorkingGroup,
    WorkingGroupMember,
)
from proposals.models import ChangeRequest, Position


def cycles() -> QuerySet:
    return Cycle.objects.annotate(
        item_count=Count("items", distinct=True),
        decided_count=Count("items", filter=Q(items__decisions__isnull=False), distinct=True),
    ).order_by("-number")


def open_cycle() -> Cycle | None:
    return Cycle.objects.filter(phase=Phase.COLLECTION).first()


def agenda(cycle: Cycle) -> QuerySet:
    return (
        AgendaItem.objects.filter(cycle=cycle)
        .select_related("college", "position", "analysis", "postponed_from__cycle")
        .prefetch_related(
            Prefetch(
                "decisions", queryset=Decision.objects.select_related("postponed_to", "session")
            )
        )
        .annotate(request_count=Count("position__requests", distinct=True))
        .order_by("college__name", "escalated_at", "pk")
    )


def _cycle_detail() -> QuerySet:
    return Cycle.objects.prefetch_related(
        Prefetch("transitions", queryset=CycleTransition.objects.select_related("actor")),
        Prefetch(
            "sessions",
            queryset=PlenarySession.objects.annotate(
                item_count=Count("items", distinct=True)
            ).order_by("held_at"),
        ),
        Prefetch(
            "working_groups",
            queryset=WorkingGroup.objects.annotate(
                member_count=Count("memberships", distinct=True),
                meeting_count=Count("meetings", distinct=True),
            ),
        ),
    )


def pilot_calls(cycle: Cycle) -> QuerySet:
    return (
        PilotCall.objects.filter(item__cycle=cycle)
        .select_related("item")
        .annotate(volunteer_count=Count("volunteers", distinct=True))
    )


def _item_detail() -> QuerySet:
    return AgendaItem.objects.select_related(
        "cycle",
        "college",
        "position",
        "analysis__updated_by",
        "escalated_by",
        "postponed_from__cycle",
    ).prefetch_related(
        Prefetch("arguments", queryset=Argument.objects.select_related("author")),
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("postponed_to", "session", "decided_by"),
        ),
        Prefetch(
            "position__requests",
            queryset=ChangeRequest.objects.select_related("college", "area").order_by("pk"),
        ),
        Prefetch("carried_over", queryset=AgendaItem.objects.select_related("cycle")),
    )


def escalable_positions(user) -> QuerySet:
    """Adopted positions of the colleges `user` is a current delegate of, not on an agenda now."""
    colleges = DelegateMandate.objects.current().filter(user=user).values("college_id")
    waiting = AgendaItem.objects.filter(decisions__isnull=True).values("position_id")
    return (
        Position.objects.filter(status=Position.Status.ADOPTED, college_id__in=colleges)
        .exclude(pk__in=waiting)
        .filter(requests__status="adopted")
        .select_related("college")
        .distinct()
        .order_by("-decided_at", "-pk")
    )


def _session_detail() -> QuerySet:
    return PlenarySession.objects.select_related("cycle")


def session_agenda(session: PlenarySession) -> QuerySet:
    return (
        AgendaItem.objects.filter(Q(sessions=session) | Q(cycle=session.cycle))
        .select_related("college", "cycle")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("postponed_to"))
        )
        .distinct()
        .order_by("college__name", "pk")
    )


def _group_detail() -> QuerySet:
    return WorkingGroup.objects.select_related("cycle").prefetch_related(
        Prefetch("memberships", queryset=WorkingGroupMember.objects.select_related("user")),
        Prefetch(
            "meetings",
            queryset=Meeting.objects.prefetch_related(
                Prefetch("documents", queryset=MeetingDocument.objects.order_by("pk"))
            ),
        ),
        Prefetch("items", queryset=AgendaItem.objects.select_related("college")),
    )


def _pilot_detail() -> QuerySet:
    return PilotCall.objects.select_related("item__cycle", "item__position").prefetch_related(
        Prefetch(
            "volunteers",
            queryset=PilotVolunteer.objects.select_related("user", "college", "feedback"),
        )
    )


def participants() -> QuerySet:
    return IpmParticipant.objects.filter(is_active=True).select_related("user")


# --- Fetch and authorise (NotVisible, a 404, when absent or not to be seen) -------------------
# One helper per kind, for the pages and the API, after Zulip's access_* (club.core.domain).


def access_cycle(user, number) -> Cycle:
    return access(_cycle_detail(), user, rules.can_view_ipm, number=number)


def access_item(user, pk) -> AgendaItem:
    return access(_item_detail(), user, rules.can_view_ipm, pk=pk)


def access_session(user, pk) -> PlenarySession:
    return access(_session_detail(), user, rules.can_view_ipm, pk=pk)


def access_group(user, pk) -> WorkingGroup:
    return access(_group_detail(), user, rules.can_view_ipm, pk=pk)


def access_meeting(user, pk) -> Meeting:
    return access(Meeting.objects.select_related("group__cycle"), user, rules.can_view_ipm, pk=pk)


def access_document(user, pk) -> MeetingDocument:
    """A working group's document: its members, its minute-takers and staff read it."""
    return access(
        MeetingDocument.objects.select_related("meeting__group"),
        user,
        lambda person, doc: rules.can_read_group_documents(person, doc.meeting.group),
        pk=pk,
    )


def access_pilot(user, pk) -> PilotCall:
    return access(_pilot_detail(), user, rules.can_view_ipm, pk=pk)

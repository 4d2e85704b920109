"""Every form that accepts a POST, with a world where each can succeed.

Shared by the double-submission tests (tests/submissions/) and the fuzzing (tests/fuzz/): each
`Target` says who posts, where, a valid submission and which tables it writes. Adding a form is
adding one `Target(...)` line to `TARGETS`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace

from django.db import models
from django.urls import reverse
from django.utils import timezone

from club.announcements.models import Announcement, Newsletter
from club.core.accounts.models import User
from club.core.api import services as api_services
from club.core.api.models import AccessToken
from club.core.notifications.emails import unsubscribe_token
from club.core.notifications.kinds import KINDS
from club.core.notifications.models import Notification, NotificationPreference
from colleges import services as college_services
from colleges.meetings import services as meeting_services
from colleges.meetings.models import CalendarFeed, Registration
from colleges.meetings.models import Meeting as ClubMeeting
from colleges.models import Application, FacilitatorRole, Membership
from colleges.threads.models import (
    Post,
    Reaction,
    Report,
    Theme,
    ThemeFollow,
    Thread,
    ThreadFollow,
)
from proposals import services as proposal_services
from proposals.ipm import services as ipm_services
from proposals.ipm.models import (
    AgendaItem,
    Analysis,
    Argument,
    Cycle,
    Decision,
    IpmParticipant,
    Meeting,
    PilotCall,
    PilotFeedback,
    PilotVolunteer,
    PlenarySession,
    WorkingGroup,
    WorkingGroupMember,
)
from proposals.models import ChangeRequest, Follow, Position, Support
from tests.accounts.factories import signup_data
from tests.factories import UserFactory, make_member, qualification_for
from tests.ipm.factories import adopted_position, open_cycle, session_for, to_phase
from tests.proposals.factories import area, delegate_of, make_request, member_of, with_totp
from tests.threads.factories import make_facilitator, make_theme, make_thread
from tests.votes.factories import make_ballot, option
from tests.whitepapers.factories import draft_whitepaper, open_consultation
from votes.models import Ballot, Candidacy, Participation
from whitepapers import services as whitepaper_services
from whitepapers.models import ConsultationComment


def build_world(college, other_college, staff) -> SimpleNamespace:
    """People with their roles and one object of each kind a form acts on."""
    with_totp(staff)
    facilitator = make_facilitator(college, staff=staff)  # with a second factor
    member = member_of(college, staff=staff)
    supporter = member_of(college, staff=staff)
    reader = member_of(college, staff=staff)  # only follows: no post or support follows for them
    delegate = delegate_of(college, staff=staff)
    with_totp(delegate)
    applicant = UserFactory()
    theme = make_theme(college, facilitator)
    thread = make_thread(theme, facilitator, tags=["rejet"])
    post = thread.posts.get()
    change_request = make_request(member, college)
    ballot = make_ballot(college, facilitator)
    start = timezone.now() + timedelta(days=2)
    election = make_ballot(
        college,
        facilitator,
        kind=Ballot.Kind.ELECTION,
        start=start,
        question="Élection du délégué",
        candidacy_opens_at=timezone.now() - timedelta(hours=1),
        candidacy_closes_at=start - timedelta(hours=1),
    )
    draft = draft_whitepaper(colleges=[college])
    consultation = open_consultation(draft, staff)
    # IPM: a decided item with its call for pilots (cycle 11, in arbitration), and an item in
    # instruction with a working group (cycle 12).
    decided_cycle = open_cycle(staff, number=11)
    decided = ipm_services.escalate_position(
        position=adopted_position(college, staff, facilitator=facilitator, title="Annexes"),
        cycle=decided_cycle,
        actor=delegate,
    )
    to_phase(decided_cycle, "arbitration", staff)
    ipm_services.record_decision(
        item=decided,
        session=session_for(decided_cycle, staff, [decided]),
        outcome="accepted",
        reasons="Utile à tous.",
        priority="high",
        target_release="2027.1",
        actor=staff,
    )
    pilot = ipm_services.open_pilot_call(
        item=decided, description="Tester le champ à 30 caractères.", seats=3, actor=staff
    )
    cycle = open_cycle(staff)
    position = adopted_position(college, staff, facilitator=facilitator)
    item = ipm_services.escalate_position(position=position, cycle=cycle, actor=delegate)
    to_phase(cycle, "instruction", staff)
    session = session_for(cycle, staff, [item])
    group = ipm_services.convene_group(cycle=cycle, topic="Formats", items=[item], actor=staff)
    meeting = ipm_services.schedule_meeting(
        group=group, held_at=timezone.now(), agenda="Tour de table.", actor=staff
    )
    # An application waiting for more information, a suspended member, a draft position and a
    # comment waiting for moderation.
    application = college_services.submit_application(
        applicant=applicant, charter=None, **qualification_for(other_college), college=other_college
    )
    college_services.request_more_information(
        application=application, actor=staff, request="Votre numéro SIRET ?"
    )
    suspended = make_member(college, staff=staff)
    college_services.suspend_membership(membership=suspended, actor=staff, reason="Charte")
    draft_position = proposal_services.build_position(
        college=college,
        title="Position en brouillon",
        body="À relire.",
        requests=[make_request(supporter, college, title="Afficher le motif de rejet")],
        actor=facilitator,
    )
    comment = whitepaper_services.post_comment(
        consultation=consultation, author=supporter, body="Et le profil EXTENDED ?"
    )
    api_token, _secret = api_services.create_token(user=member, name="Mon ERP", scope="read")
    # College meetings: one open (the member holds a seat), one past, one held.
    from tests.meetings.factories import meeting_values

    club_meeting, past_meeting, held_meeting = (
        meeting_services.schedule_meeting(
            college=college, actor=facilitator, **meeting_values(title=title, capacity=5)
        )
        for title in ("Atelier", "Atelier passé", "Atelier tenu")
    )
    meeting_services.register(meeting=club_meeting, user=member)
    meeting_services.register(meeting=past_meeting, user=member)
    ClubMeeting.objects.filter(pk__in=[past_meeting.pk, held_meeting.pk]).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    meeting_services.record_attendance(meeting=held_meeting, actor=facilitator, present_ids=[])
    scheduled_meeting = meeting_services.schedule_meeting(
        college=college,
        actor=facilitator,
        open_registration=False,
        **meeting_values(title="Atelier programmé"),
    )
    return SimpleNamespace(
        club_meeting=club_meeting,
        past_meeting=past_meeting,
        held_meeting=held_meeting,
        scheduled_meeting=scheduled_meeting,
        api_token=api_token,
        college=college,
        other_college=other_college,
        people={
            "anonymous": None,
            "staff": staff,
            "facilitator": facilitator,
            "member": member,
            "supporter": supporter,
            "reader": reader,
            "delegate": delegate,
            "applicant": applicant,
        },
        theme=theme,
        thread=thread,
        post=post,
        change_request=change_request,
        ballot=ballot,
        election=election,
        consultation=consultation,
        cycle=cycle,
        position=position,
        item=item,
        session=session,
        group=group,
        pilot=pilot,
        membership=Membership.objects.get(user=member, college=college),
        meeting=meeting,
        application=application,
        suspended=suspended,
        draft_position=draft_position,
        comment=comment,
        facilitator_role=FacilitatorRole.objects.get(user=facilitator, ended_at__isnull=True),
    )


@dataclass(frozen=True)
class Target:
    name: str
    role: str
    url: Callable[[SimpleNamespace], str]
    data: Callable[[SimpleNamespace], dict]
    # Tables the form writes: counted before and after to prove a refusal stored nothing.
    models: tuple[type[models.Model], ...]
    # The page showing the form, when it is not `url` itself (for its one-time token).
    page: Callable[[SimpleNamespace], str] | None = None
    # A valid submission adds one row to models[0] (double submission must not add two).
    creates: bool = True
    # Text fields whose typed value a re-rendered form must show again.
    kept: tuple[str, ...] = field(default=())


def _now(delta_hours: float = 0) -> str:
    return (timezone.localtime() + timedelta(hours=delta_hours)).strftime("%Y-%m-%dT%H:%M")


def _request_data(w) -> dict:
    return {
        "title": "Libellé « Service exécutant » peu explicite",
        "college": w.college.pk,
        "area": area().pk,
        "screen": "Saisir une facture",
        "field_label": "Service exécutant",
        "current_behaviour": "Les fournisseurs ne savent pas quoi saisir.",
        "expected_behaviour": "Un libellé « Code service du destinataire » et une aide.",
        "affected_who": "PME sans logiciel",
        "frequency": "weekly",
        "tags": "libellé",
        "source_url": "",
        "action": "submit",
    }


def _ballot_data(w) -> dict:
    return {
        "college": w.college.pk,
        "question": "Faut-il rendre le code service obligatoire ?",
        "kind": "position",
        "opens_at": _now(),
        "closes_at": _now(72),
        "quorum_percent": 20,
        "majority": "simple",
        "secret": "on",
        "allow_change": "on",
    }


def _meeting_data(**overrides) -> dict:
    return {
        "title": "Atelier libellés",
        "description": "1. Libellés\n2. Rejets",
        "starts_at": _now(24 * 7),
        "ends_at": _now(24 * 7 + 2),
        "mode": "hybrid",
        "address": "20 avenue de Ségur, Paris",
        "accessibility": "Plain-pied, boucle magnétique.",
        "online_url": "https://visio.example/atelier",
        "capacity": 20,
        "registration_closes_at": _now(24 * 6),
        "open_now": "on",
        **overrides,
    }


u = reverse

TARGETS = [
    # --- colleges: applications and memberships ---------------------------------------------
    Target(
        "apply",
        "applicant",
        lambda w: u("colleges:apply_to", args=[w.college.slug]),
        lambda w: qualification_for(w.college),
        (Application,),
        kept=("organisation_name", "motivation"),
    ),
    Target(
        "directory_visibility",
        "member",
        lambda w: u("colleges:directory_visibility", args=[w.membership.pk]),
        lambda w: {"visible": "1"},
        (Membership,),
        page=lambda w: u("colleges:my_space"),
        creates=False,
    ),
    Target(
        "leave",
        "member",
        lambda w: u("colleges:leave", args=[w.membership.pk]),
        lambda w: {"reason": "Nous changeons d'activité."},
        (Membership,),
        creates=False,
    ),
    Target(
        "roles",
        "staff",
        lambda w: u("colleges:roles", args=[w.college.slug]),
        lambda w: {"action": "facilitator", "facilitator-user": w.people["supporter"].pk},
        (Membership,),
        creates=False,
    ),
    Target(
        "suspend",
        "staff",
        lambda w: u("colleges:suspend", args=[w.membership.pk]),
        lambda w: {"reason": "Manquement à la charte."},
        (Membership,),
        creates=False,
    ),
    # --- threads ----------------------------------------------------------------------------
    Target(
        "theme_create",
        "facilitator",
        lambda w: u("colleges:theme_create", kwargs={"college_slug": w.college.slug}),
        lambda w: {"title": "Annexes PDF", "description": "Taille, formats, nombre."},
        (Theme,),
        kept=("title", "description"),
    ),
    Target(
        "theme_edit",
        "facilitator",
        lambda w: u("colleges:theme_edit", kwargs={"pk": w.theme.pk}),
        lambda w: {"title": "Rejets", "description": "Motifs de rejet."},
        (Theme,),
        creates=False,
        kept=("title", "description"),
    ),
    Target(
        "thread_create",
        "facilitator",
        lambda w: u("colleges:thread_create", kwargs={"pk": w.theme.pk}),
        lambda w: {"title": "Code service absent", "tags": "rejet", "body": "Que faire ?"},
        (Thread, Post),
        kept=("title", "body"),
    ),
    Target(
        "post_create",
        "member",
        lambda w: u("colleges:post_create", kwargs={"pk": w.thread.pk}),
        lambda w: {"body": "Nous avons le même rejet depuis lundi."},
        (Post,),
        page=lambda w: u("colleges:thread_detail", kwargs={"pk": w.thread.pk}),
        kept=("body",),
    ),
    Target(
        "post_edit",
        "facilitator",
        lambda w: u("colleges:post_edit", kwargs={"pk": w.post.pk}),
        lambda w: {"body": "Premier message corrigé."},
        (Post,),
        creates=False,
        kept=("body",),
    ),
    Target(
        "post_report",
        "member",
        lambda w: u("colleges:post_report", kwargs={"pk": w.post.pk}),
        lambda w: {"reason": "Propos hors sujet."},
        (Report,),
        kept=("reason",),
    ),
    Target(
        "thread_follow",
        "reader",
        lambda w: u("colleges:thread_follow", kwargs={"pk": w.thread.pk}),
        lambda w: {"follow": "1"},
        (ThreadFollow,),
        page=lambda w: u("colleges:thread_detail", kwargs={"pk": w.thread.pk}),
    ),
    Target(
        "post_react",
        "reader",
        lambda w: u("colleges:post_react", kwargs={"pk": w.post.pk}),
        lambda w: {"kind": "agree", "on": "1"},
        (Reaction,),
        page=lambda w: u("colleges:thread_detail", kwargs={"pk": w.thread.pk}),
    ),
    Target(
        "moderation_hide_post",
        "facilitator",
        lambda w: u("colleges:moderation_hide_post", kwargs={"pk": w.post.pk}),
        lambda w: {"reason": "Hors charte."},
        (Post,),
        creates=False,
    ),
    Target(
        "moderation_move",
        "facilitator",
        lambda w: u("colleges:moderation_move", kwargs={"pk": w.thread.pk}),
        lambda w: {"theme": w.theme.pk, "reason": "Mieux rangé."},
        (Thread,),
        creates=False,
    ),
    # --- change requests and positions ------------------------------------------------------
    Target(
        "request_create",
        "member",
        lambda w: u("proposals:create"),
        _request_data,
        (ChangeRequest,),
        kept=("title", "screen", "current_behaviour"),
    ),
    Target(
        "support",
        "supporter",
        lambda w: u("proposals:support", args=[w.change_request.pk]),
        lambda w: {},
        (Support,),
        page=lambda w: u("proposals:detail", args=[w.change_request.pk]),
    ),
    Target(
        "follow",
        "reader",
        lambda w: u("proposals:follow", args=[w.change_request.pk]),
        lambda w: {},
        (Follow,),
        page=lambda w: u("proposals:detail", args=[w.change_request.pk]),
    ),
    Target(
        "request_withdraw",
        "member",
        lambda w: u("proposals:withdraw", args=[w.change_request.pk]),
        lambda w: {"reason": "Résolu par la version 4.2."},
        (ChangeRequest,),
        creates=False,
    ),
    Target(
        "request_step",
        "facilitator",
        lambda w: u("proposals:step", args=[w.change_request.pk, "reject"]),
        lambda w: {"reason": "Hors du périmètre du portail."},
        (ChangeRequest,),
        creates=False,
    ),
    Target(
        "merge",
        "facilitator",
        lambda w: u("proposals:merge", args=[w.change_request.pk]),
        lambda w: {"into": w.position.requests.first().pk, "reason": "Même besoin."},
        (ChangeRequest,),
        creates=False,
    ),
    Target(
        "position_create",
        "facilitator",
        lambda w: u("proposals:position_create") + f"?request={w.change_request.pk}",
        lambda w: {
            "title": "Numéro d'engagement à 30 caractères",
            "body": "Le collège des fournisseurs demande…",
            "thread_conclusions": "",
            "requests": [w.change_request.pk],
        },
        (Position,),
        kept=("title", "body"),
    ),
    # --- votes ------------------------------------------------------------------------------
    Target(
        "ballot_create",
        "facilitator",
        lambda w: u("votes:create"),
        _ballot_data,
        (Ballot,),
        kept=("question",),
    ),
    Target(
        "vote",
        "member",
        lambda w: u("votes:detail", args=[w.ballot.pk]),
        lambda w: {"choices": option(w.ballot, "for").pk},
        (Participation,),
    ),
    Target(
        "candidacy",
        "member",
        lambda w: u("votes:candidacy", args=[w.election.pk]),
        lambda w: {"statement": "Je défendrai la lisibilité des motifs de rejet."},
        (Candidacy,),
        kept=("statement",),
    ),
    # --- white papers -----------------------------------------------------------------------
    Target(
        "consultation_comment",
        "member",
        lambda w: u("whitepapers:consultation", args=[w.consultation.pk]),
        lambda w: {"body": "Précisez le profil BASIC WL."},
        (ConsultationComment,),
        kept=("body",),
    ),
    # --- IPM --------------------------------------------------------------------------------
    Target(
        "ipm_cycle_new",
        "staff",
        lambda w: u("proposals:cycle_new"),
        lambda w: {"number": 13, "collection_starts_on": "2027-01-04", "description": "Cycle 13"},
        (Cycle,),
    ),
    Target(
        "ipm_argument",
        "delegate",
        lambda w: u("proposals:ipm_item_argument", args=[w.item.pk]),
        lambda w: {"body": "Nos bons de commande ont 15 caractères."},
        (Argument,),
        page=lambda w: u("proposals:ipm_item", args=[w.item.pk]),
        kept=("body",),
    ),
    Target(
        "ipm_analysis",
        "staff",
        lambda w: u("proposals:ipm_item_analysis", args=[w.item.pk]),
        lambda w: {
            "feasibility": "moderate",
            "effort": "m",
            "impact": "Moyen",
            "portal_opinion": "Favorable",
        },
        (Analysis,),
    ),
    Target(
        "ipm_session_new",
        "staff",
        lambda w: u("proposals:ipm_session_new", args=[w.cycle.number]),
        lambda w: {"held_at": _now(48), "location": "Noisiel", "items": [w.item.pk]},
        (PlenarySession,),
    ),
    Target(
        "ipm_session_minutes",
        "staff",
        lambda w: u("proposals:ipm_session_minutes", args=[w.session.pk]),
        lambda w: {"minutes": "Séance ouverte à 14 h."},
        (PlenarySession,),
        page=lambda w: u("proposals:ipm_session", args=[w.session.pk]),
        creates=False,
    ),
    Target(
        "ipm_group_new",
        "staff",
        lambda w: u("proposals:ipm_group_new", args=[w.cycle.number]),
        lambda w: {"topic": "Annexes", "description": "", "items": [w.item.pk]},
        (WorkingGroup,),
    ),
    Target(
        "ipm_group_member",
        "staff",
        lambda w: u("proposals:ipm_group_member", args=[w.group.pk]),
        lambda w: {"email": w.people["member"].email, "role": "volunteer"},
        (WorkingGroupMember,),
        page=lambda w: u("proposals:ipm_group", args=[w.group.pk]),
    ),
    Target(
        "ipm_meeting_new",
        "staff",
        lambda w: u("proposals:ipm_meeting_new", args=[w.group.pk]),
        lambda w: {"held_at": _now(24), "agenda": "Tour de table."},
        (Meeting,),
        page=lambda w: u("proposals:ipm_group", args=[w.group.pk]),
    ),
    Target(
        "ipm_pilot_volunteer",
        "member",
        lambda w: u("proposals:ipm_pilot_volunteer", args=[w.pilot.pk]),
        lambda w: {"college": w.college.pk, "organisation": "Dupont SA", "channel": "portal"},
        (PilotVolunteer,),
        page=lambda w: u("proposals:ipm_pilot", args=[w.pilot.pk]),
        kept=("organisation",),
    ),
    Target(
        "ipm_pilot_act",
        "staff",
        lambda w: u("proposals:ipm_pilot_act", args=[w.pilot.pk, "selectionner"]),
        lambda w: {"volunteer": "1"},
        (PilotVolunteer,),
        creates=False,
    ),
    Target(
        "ipm_pilot_feedback",
        "member",
        lambda w: u("proposals:ipm_pilot_feedback", args=[w.pilot.pk]),
        lambda w: {"rating": "4", "worked": "Oui", "issues": "", "ready_for_release": "on"},
        (PilotFeedback,),
        creates=False,
        kept=("worked", "issues"),
    ),
    Target(
        "ipm_participants",
        "staff",
        lambda w: u("proposals:ipm_participants"),
        lambda w: {"email": w.people["applicant"].email, "organisation": "U2P", "role": "business"},
        (IpmParticipant,),
    ),
    Target(
        "ipm_pilot_new",
        "staff",
        lambda w: u("proposals:ipm_pilot_new", args=[w.pilot.item_id]),
        lambda w: {"description": "Deuxième appel.", "seats": 2},
        (PilotCall,),
        creates=False,
    ),
    # --- account and personal data ----------------------------------------------------------
    Target(
        "account_name",
        "member",
        lambda w: u("account_index"),
        lambda w: {"first_name": "Camille", "last_name": "Durand"},
        (Membership,),
        creates=False,
        kept=("first_name", "last_name"),
    ),
    Target(
        "gdpr_erase",
        "applicant",
        lambda w: u("gdpr:erase"),
        lambda w: {"password": "pas le bon mot de passe"},
        (Application,),
        page=lambda w: u("gdpr:index"),
        creates=False,
    ),
]

TARGETS += [
    Target(
        "signup",
        "anonymous",
        lambda w: u("account_signup"),
        lambda w: signup_data(),
        (User,),
        kept=("first_name", "last_name"),
    ),
    Target(
        "login",
        "anonymous",
        lambda w: u("account_login"),
        lambda w: {"login": w.people["member"].email, "password": "pas le bon mot de passe"},
        (User,),
        creates=False,
        kept=("login",),
    ),
    Target(
        "resubmit",
        "applicant",
        lambda w: u("colleges:resubmit", args=[w.application.pk]),
        lambda w: qualification_for(w.other_college),
        (Application,),
        creates=False,
        kept=("organisation_name", "motivation"),
    ),
    Target(
        "application_withdraw",
        "applicant",
        lambda w: u("colleges:withdraw", args=[w.application.pk]),
        lambda w: {},
        (Application,),
        creates=False,
    ),
    Target(
        "review",
        "staff",
        lambda w: u("colleges:review", args=[w.application.pk]),
        lambda w: {"action": "reject", "reject-reason": "Hors périmètre."},
        (Membership,),
        creates=False,
    ),
    Target(
        "reinstate",
        "staff",
        lambda w: u("colleges:reinstate", args=[w.suspended.pk]),
        lambda w: {},
        (Membership,),
        creates=False,
    ),
    Target(
        "end_role",
        "staff",
        lambda w: u("colleges:end_role", args=["animateur", w.facilitator_role.pk]),
        lambda w: {},
        (FacilitatorRole,),
        creates=False,
    ),
    Target(
        "theme_close",
        "facilitator",
        lambda w: u("colleges:theme_close", kwargs={"pk": w.theme.pk}),
        lambda w: {"reason": "Sujet épuisé."},
        (Theme,),
        creates=False,
    ),
    Target(
        "theme_follow",
        "reader",
        lambda w: u("colleges:theme_follow", kwargs={"pk": w.theme.pk}),
        lambda w: {"follow": "1"},
        (ThemeFollow,),
        page=lambda w: u("colleges:theme_detail", kwargs={"pk": w.theme.pk}),
    ),
    Target(
        "moderation_dismiss_reports",
        "facilitator",
        lambda w: u("colleges:moderation_dismiss_reports", kwargs={"pk": w.post.pk}),
        lambda w: {},
        (Report,),
        creates=False,
    ),
    Target(
        "moderation_thread",
        "facilitator",
        lambda w: u("colleges:moderation_thread", kwargs={"pk": w.thread.pk, "action": "lock"}),
        lambda w: {"reason": "Le débat tourne en rond."},
        (Thread,),
        creates=False,
    ),
    Target(
        "unfollow",
        "member",
        lambda w: u("proposals:unfollow", args=[w.change_request.pk]),
        lambda w: {},
        (Follow,),
        creates=False,
    ),
    Target(
        "request_submit",
        "member",
        lambda w: u("proposals:submit", args=[w.change_request.pk]),
        lambda w: {},
        (ChangeRequest,),
        creates=False,
    ),
    Target(
        "position_put_to_vote",
        "facilitator",
        lambda w: u("proposals:position_put_to_vote", args=[w.draft_position.pk]),
        lambda w: {
            "opens_at": _now(),
            "closes_at": _now(48),
            "secret": "on",
            "allow_change": "on",
            "quorum_percent": "0",
            "majority": "simple",
        },
        (Ballot,),
        creates=False,
    ),
    Target(
        "ipm_cycle_move",
        "staff",
        lambda w: u("proposals:cycle_move", args=[w.cycle.number]),
        lambda w: {"to_phase": "arbitration", "reason": "Fin de l'instruction."},
        (Cycle,),
        creates=False,
    ),
    Target(
        "ipm_escalate",
        "delegate",
        lambda w: u("proposals:ipm_escalate"),
        lambda w: {"position": w.position.pk, "reason": "Les membres y tiennent."},
        (AgendaItem,),
        creates=False,
    ),
    Target(
        "ipm_decide",
        "staff",
        lambda w: u("proposals:ipm_decide", args=[w.session.pk, w.item.pk]),
        lambda w: {"outcome": "accepted", "reasons": "Utile.", "priority": "high"},
        (Decision,),
        creates=False,
    ),
    Target(
        "ipm_meeting",
        "staff",
        lambda w: u("proposals:ipm_meeting", args=[w.meeting.pk]),
        lambda w: {"action": "minutes", "minutes": "Accord sur le format."},
        (Meeting,),
        creates=False,
    ),
    # --- notifications, announcements, newsletter ---------------------------------------------
    Target(
        "notifications_mark_read",
        "member",
        lambda w: u("notifications:mark_read"),
        lambda w: {"all": "1"},
        (Notification,),
        page=lambda w: u("notifications:list"),
        creates=False,
    ),
    Target(
        "notification_preferences",
        "member",
        lambda w: u("notifications:preferences"),
        lambda w: {key: "daily" for key, kind in KINDS.items() if kind.can_disable},
        (NotificationPreference,),
        creates=False,
    ),
    Target(
        "unsubscribe",
        "anonymous",
        lambda w: u(
            "notifications:unsubscribe",
            args=[unsubscribe_token(w.people["member"].pk, ["announcement"])],
        ),
        lambda w: {},
        (NotificationPreference,),
        creates=False,
    ),
    Target(
        "announcement_create",
        "facilitator",
        lambda w: u("announcements:create"),
        lambda w: {
            "audience": str(w.college.pk),
            "title": "Réunion du collège",
            "body": "Mardi à 10 h, ordre du jour dans le fil.",
        },
        (Announcement, Notification),
        kept=("title", "body"),
    ),
    Target(
        "newsletter_create",
        "staff",
        lambda w: u("announcements:newsletter_create"),
        lambda w: {"title": "Lettre de novembre", "introduction": "Bonjour à tous.", "send": "1"},
        (Newsletter, Notification),
        kept=("title",),
    ),
    # --- API tokens (account page) ----------------------------------------------------------
    Target(
        "api_token_create",
        "member",
        lambda w: u("api_tokens"),
        lambda w: {"name": "Mon logiciel", "scope": "read", "expires_on": ""},
        (AccessToken,),
        # The page answers 200 with the secret shown once (no redirect): a second send with
        # the same one-time token makes a second token (see the report).
        creates=False,
        kept=("name",),
    ),
    Target(
        "api_token_revoke",
        "member",
        lambda w: u("api_token_revoke", args=[w.api_token.pk]),
        lambda w: {},
        (AccessToken,),
        page=lambda w: u("api_tokens"),
        creates=False,
    ),
    Target(
        "moderate_comment",
        "staff",
        lambda w: u("whitepapers:moderate_comment", args=[w.comment.pk]),
        lambda w: {"decision": "approve"},
        (ConsultationComment,),
        creates=False,
    ),
    # --- meetings ---------------------------------------------------------------------------
    Target(
        "meeting_create",
        "facilitator",
        lambda w: u("colleges:meeting_create", kwargs={"college_slug": w.college.slug}),
        lambda w: _meeting_data(),
        (ClubMeeting,),
        kept=("title", "description", "address", "accessibility"),
    ),
    Target(
        "meeting_edit",
        "facilitator",
        lambda w: u("colleges:meeting_edit", kwargs={"pk": w.club_meeting.pk}),
        lambda w: _meeting_data(title="Atelier déplacé"),
        (ClubMeeting,),
        creates=False,
        kept=("title", "description"),
    ),
    Target(
        "meeting_cancel",
        "facilitator",
        lambda w: u("colleges:meeting_cancel", kwargs={"pk": w.club_meeting.pk}),
        lambda w: {"reason": "Salle indisponible."},
        (ClubMeeting,),
        creates=False,
    ),
    Target(
        "meeting_open",
        "facilitator",
        lambda w: u("colleges:meeting_open", kwargs={"pk": w.scheduled_meeting.pk}),
        lambda w: {},
        (ClubMeeting,),
        page=lambda w: u("colleges:meeting_detail", kwargs={"pk": w.scheduled_meeting.pk}),
        creates=False,
    ),
    Target(
        "meeting_register",
        "reader",
        lambda w: u("colleges:meeting_register", kwargs={"pk": w.club_meeting.pk}),
        lambda w: {},
        (Registration,),
        page=lambda w: u("colleges:meeting_detail", kwargs={"pk": w.club_meeting.pk}),
    ),
    Target(
        "meeting_unregister",
        "member",
        lambda w: u("colleges:meeting_unregister", kwargs={"pk": w.club_meeting.pk}),
        lambda w: {},
        (Registration,),
        page=lambda w: u("colleges:meeting_detail", kwargs={"pk": w.club_meeting.pk}),
        creates=False,
    ),
    Target(
        "meeting_attendance",
        "facilitator",
        lambda w: u("colleges:meeting_attendance", kwargs={"pk": w.past_meeting.pk}),
        lambda w: {"present": [w.people["member"].pk]},
        (ClubMeeting, Registration),
        creates=False,
    ),
    Target(
        "meeting_minutes",
        "facilitator",
        lambda w: u("colleges:meeting_minutes", kwargs={"pk": w.held_meeting.pk}),
        lambda w: {"minutes": "## Décisions\n\n- Ouvrir un fil sur les libellés."},
        (ClubMeeting,),
        creates=False,
        kept=("minutes",),
    ),
    Target(
        "meeting_calendar",
        "member",
        lambda w: u("colleges:meeting_calendar"),
        lambda w: {"action": "renew"},
        (CalendarFeed,),
    ),
]

BY_NAME = {target.name: target for target in TARGETS}


class _TokenFinder(HTMLParser):
    """The one-time token of the form posting to `action` (or of the first form)."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.in_form, self.tokens = action, False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            # The address the form posts to, without its query or fragment (#reponse).
            target = (attrs.get("action") or "").split("#")[0]
            self.in_form = target in ("", self.action) or target.split("?")[0] == self.action
        elif tag == "input" and self.in_form and attrs.get("name") == "submission_token":
            self.tokens.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def token_in(html: str, action: str) -> str | None:
    finder = _TokenFinder(action.split("?")[0])
    finder.feed(html)
    return finder.tokens[0] if finder.tokens else None


def sign_in(client, world, role: str) -> None:
    user = world.people[role]
    if user is None:
        client.logout()
    else:
        client.force_login(user)


def counts(target: Target) -> list[int]:
    return [model.objects.count() for model in target.models]


__all__ = ["BY_NAME", "TARGETS", "Target", "build_world", "counts", "make_member", "token_in"]

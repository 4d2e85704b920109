"""Every act on change requests and positions. One transaction each, history recorded.

The lifecycle tables live in `proposals.lifecycle`; each transition has its function here, all
going through `_transition`, which locks the row and hands it to `Lifecycle.perform`: it refuses
what the table or the transition's permission does not allow (the row is left untouched),
writes a `ChangeRequestEvent`, and `_transition` tells the followers.

API for the other apps (votes, IPM cycles):
    open_position_ballot(position=..., actor=..., opens_at=..., closes_at=..., ...)
    put_position_to_vote(position, actor, ballot=None)
    record_vote_outcome(position, adopted, actor, ballot_label="")
    escalate(request, cycle_label, actor), start_instruction(...), arbitrate(...),
    plan_release(...), start_pilot(...), deliver(...)
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.audit.services import record
from club.core.domain import DomainError, ensure
from colleges.models import College
from colleges.threads.rules import can_read_thread
from proposals import rules
from proposals.lifecycle import POSITIONS, REQUESTS
from proposals.models import (
    ChangeRequest,
    ChangeRequestEvent,
    Follow,
    PortalArea,
    Position,
    Screenshot,
    Status,
    Support,
)
from proposals.notifications import notify_followers
from votes import services as vote_services
from votes.models import Ballot, Tally

# ---------------------------------------------------------------------------------------------
# The one door for every change of status


def _ensure_thread_readable(user, thread) -> None:
    if thread is None:
        return

    ensure(
        can_read_thread(user, thread),
        _("Ce fil de discussion n'existe pas ou ne vous est pas accessible."),
        code="thread_not_readable",
    )


def _locked(request: ChangeRequest) -> ChangeRequest:
    return ChangeRequest.objects.select_for_update().select_related("college").get(pk=request.pk)


def _transition(
    request: ChangeRequest,
    name: str,
    *,
    actor,
    reason: str = "",
    details: dict | None = None,
    forbidden: str = "",
    **fields,
) -> ChangeRequestEvent:
    locked = _locked(request)
    now = timezone.now()
    fields["status_changed_at"] = now
    if REQUESTS[name].target == Status.SUBMITTED and locked.submitted_at is None:
        fields["submitted_at"] = now
    event = REQUESTS.perform(
        locked,
        name,
        actor=actor,
        reason=reason,
        details=details,
        forbidden=forbidden,
        **fields,
    )
    notify_followers(locked, event, exclude_user_id=getattr(actor, "pk", None))
    # The caller's object reflects the new state too.
    request.refresh_from_db()
    return event


def _ensure_may(actor, request: ChangeRequest, name: str, message) -> None:
    """The person first, before the input is checked; `_transition` checks the locked state."""
    ensure(REQUESTS.may(actor, request, name), message, code="forbidden")


def _follow(request: ChangeRequest, users: Iterable) -> None:
    Follow.objects.bulk_create(
        [Follow(request=request, user=u) for u in users], ignore_conflicts=True
    )


# ---------------------------------------------------------------------------------------------
# Filing


@transaction.atomic
def create_request(
    *,
    author,
    college: College,
    area: PortalArea,
    title: str,
    current_behaviour: str,
    expected_behaviour: str,
    screen: str = "",
    field_label: str = "",
    affected_who: str = "",
    frequency: str = "",
    tags: Sequence[str] = (),
    screenshots: Sequence = (),
    source_thread=None,
    source_url: str = "",
    submit: bool = True,
) -> ChangeRequest:
    """File a request in one of the author's colleges; `submit=False` keeps it as a draft.

    `screenshots` are uploaded files already checked by `validators.check_screenshot`
    (each with a `checked_content_type` attribute).
    """
    ensure(
        rules.can_file_in_college(author, college),
        _("Vous ne pouvez déposer une demande que dans un collège dont vous êtes membre."),
        code="not_member",
    )
    ensure(area.is_active, _("Cet espace du portail n'est plus proposé."))
    _ensure_thread_readable(author, source_thread)
    request = ChangeRequest(
        author=author,
        college=college,
        area=area,
        title=title,
        current_behaviour=current_behaviour,
        expected_behaviour=expected_behaviour,
        screen=screen,
        field_label=field_label,
        affected_who=affected_who,
        frequency=frequency,
        source_thread=source_thread,
        source_url=source_url,
    )
    request.full_clean(exclude=["tags"])
    request.save()
    if tags:
        request.tags.set(list(tags))
    for upload in screenshots:
        Screenshot.objects.create(
            request=request,
            file=upload,
            content_type=upload.checked_content_type,
            original_name=(upload.name or "")[:200],
            size=upload.size,
        )
    ChangeRequestEvent.objects.create(
        request=request, transition="create", from_status="", to_status=Status.DRAFT, actor=author
    )
    _follow(request, [author])
    if submit:
        submit_request(request=request, actor=author)
    return request


@transaction.atomic
def submit_request(*, request: ChangeRequest, actor) -> ChangeRequest:
    _transition(
        request, "submit", actor=actor, forbidden=_("Seul l'auteur peut déposer sa demande.")
    )
    return request


@transaction.atomic
def withdraw_request(*, request: ChangeRequest, actor, reason: str = "") -> ChangeRequest:
    _transition(
        request,
        "withdraw",
        actor=actor,
        reason=reason,
        forbidden=_("Seul l'auteur peut retirer sa demande."),
    )
    return request


# ---------------------------------------------------------------------------------------------
# Facilitators' steps


def _facilitators_only(request: ChangeRequest) -> str:
    return _("Seuls les animateurs du collège « %(college)s » peuvent faire cela.") % {
        "college": request.college
    }


@transaction.atomic
def open_discussion(*, request: ChangeRequest, actor, reason: str = "") -> ChangeRequest:
    _transition(
        request,
        "open_discussion",
        actor=actor,
        reason=reason,
        forbidden=_facilitators_only(request),
    )
    return request


@transaction.atomic
def reopen_discussion(*, request: ChangeRequest, actor, reason: str = "") -> ChangeRequest:
    _transition(
        request, "reopen", actor=actor, reason=reason, forbidden=_facilitators_only(request)
    )
    return request


# ---------------------------------------------------------------------------------------------
# Supports and followers


ALREADY_SUPPORTED = _("Vous soutenez déjà cette demande : un soutien par membre.")


@transaction.atomic
def support_request(*, request: ChangeRequest, member) -> Support:
    """One support per member; the database refuses a second one, whatever the race."""
    # The row lock serialises supports of one request, so the counter and the check agree.
    locked = _locked(request)
    ensure(
        REQUESTS.allows("support", locked.status),
        _("Cette demande est « %(status)s » : elle ne peut plus recevoir de soutien.")
        % {"status": locked.get_status_display()},
        code="not_supportable",
    )
    ensure(
        not rules.is_author(member, locked),
        _("Vous êtes l'auteur de cette demande : vous ne pouvez pas la soutenir vous-même."),
        code="author",
    )
    ensure(
        rules.is_member_of_request_college(member, locked),
        _("Seuls les membres du collège « %(college)s » peuvent soutenir cette demande.")
        % {"college": locked.college},
        code="not_member",
    )
    ensure(
        not Support.objects.filter(request=locked, member=member).exists(),
        ALREADY_SUPPORTED,
        code="duplicate_support",
    )
    try:
        with transaction.atomic():
            support = Support.objects.create(request=locked, member=member)
    except IntegrityError as error:
        raise DomainError(ALREADY_SUPPORTED, code="duplicate_support") from error
    ChangeRequest.objects.filter(pk=locked.pk).update(support_count=F("support_count") + 1)
    _follow(locked, [member])
    request.refresh_from_db(fields=["support_count"])
    return support


@transaction.atomic
def follow_request(*, request: ChangeRequest, user) -> None:
    ensure(
        rules.can_follow_request(user, request),
        _("Vous ne pouvez pas suivre cette demande."),
        code="forbidden",
    )
    _follow(request, [user])


@transaction.atomic
def unfollow_request(*, request: ChangeRequest, user) -> None:
    Follow.objects.filter(request=request, user=user).delete()


# ---------------------------------------------------------------------------------------------
# Duplicates


@transaction.atomic
def merge_request(
    *, duplicate: ChangeRequest, into: ChangeRequest, actor, reason: str = ""
) -> ChangeRequest:
    """Fold a duplicate into the surviving request: supports and followers carry over once."""
    ensure(duplicate.pk != into.pk, _("Une demande ne peut pas être fusionnée dans elle-même."))
    _ensure_may(actor, duplicate, "merge", _facilitators_only(duplicate))
    # Lock both rows in a fixed order so two crossed merges cannot deadlock.
    locked = {
        r.pk: r
        for r in ChangeRequest.objects.select_for_update()
        .select_related("college")
        .filter(pk__in=[duplicate.pk, into.pk])
        .order_by("pk")
    }
    survivor = locked[into.pk]
    ensure(
        survivor.is_supportable,
        _("La demande « %(title)s » est « %(status)s » : on ne peut plus y fusionner de doublon.")
        % {"title": survivor.title, "status": survivor.get_status_display()},
        code="survivor_closed",
    )
    ensure(
        survivor.college_id == duplicate.college_id or survivor.college.is_plenary,
        _("Un doublon se fusionne dans une demande du même collège ou de la plénière."),
        code="other_college",
    )
    dup = locked[duplicate.pk]
    dup_status = dup.status
    already = set(Support.objects.filter(request=survivor).values_list("member_id", flat=True))
    candidates = list(
        Support.objects.filter(request=dup).order_by("pk").values_list("member_id", flat=True)
    )
    candidates.append(dup.author_id)
    new_members = []
    for member_id in candidates:
        if member_id == survivor.author_id or member_id in already:
            continue
        already.add(member_id)
        new_members.append(member_id)
    Support.objects.bulk_create(
        [Support(request=survivor, member_id=m, carried_from=dup) for m in new_members]
    )
    if new_members:
        ChangeRequest.objects.filter(pk=survivor.pk).update(
            support_count=F("support_count") + len(new_members)
        )
    follower_ids = Follow.objects.filter(request=dup).values_list("user_id", flat=True)
    Follow.objects.bulk_create(
        [Follow(request=survivor, user_id=u) for u in follower_ids], ignore_conflicts=True
    )
    _transition(
        duplicate,
        "merge",
        actor=actor,
        reason=reason,
        details={"into": survivor.pk, "carried_supports": len(new_members)},
        forbidden=_facilitators_only(duplicate),
        merged_into=survivor,
    )
    ChangeRequestEvent.objects.create(
        request=survivor,
        transition="absorb",
        from_status=survivor.status,
        to_status=survivor.status,
        actor=actor,
        reason=reason,
        details={"duplicate": dup.pk, "carried_supports": len(new_members)},
    )
    record(
        actor=actor,
        action="request.merged",
        target=dup,
        before={"status": dup_status},
        after={"status": Status.MERGED, "into": survivor.pk, "carried_supports": len(new_members)},
        reason=reason,
    )
    into.refresh_from_db()
    return into


# ---------------------------------------------------------------------------------------------
# Positions and votes


OPEN_POSITION_STATUSES = (Position.Status.DRAFT, Position.Status.IN_VOTE)
POSITIONABLE = (Status.SUBMITTED, Status.UNDER_DISCUSSION)


@transaction.atomic
def build_position(
    *,
    college: College,
    title: str,
    body: str,
    requests: Sequence[ChangeRequest],
    actor,
    thread_conclusions: str = "",
    source_thread=None,
) -> Position:
    """Consolidate requests (and a thread's conclusions) into a position of the college."""
    ensure(
        rules.can_build_position(actor, college),
        _("Seuls les animateurs du collège « %(college)s » peuvent rédiger ses positions.")
        % {"college": college},
        code="forbidden",
    )
    _ensure_thread_readable(actor, source_thread)
    requests = list(requests)
    ensure(requests, _("Choisissez au moins une demande à consolider dans la position."))
    for request in requests:
        ensure(
            request.college_id == college.pk,
            _("La demande « %(title)s » n'appartient pas au collège « %(college)s ».")
            % {"title": request.title, "college": college},
        )
        ensure(
            request.status in POSITIONABLE,
            _(
                "La demande « %(title)s » est « %(status)s » : elle ne peut pas entrer dans une position."
            )
            % {"title": request.title, "status": request.get_status_display()},
        )
        ensure(
            not request.positions.filter(status__in=OPEN_POSITION_STATUSES).exists(),
            _("La demande « %(title)s » fait déjà partie d'une position en cours.")
            % {"title": request.title},
        )
    position = Position(
        college=college,
        title=title,
        body=body,
        thread_conclusions=thread_conclusions,
        source_thread=source_thread,
        author=actor,
    )
    position.full_clean()
    position.save()
    position.requests.set(requests)
    return position


def _locked_position(position: Position) -> Position:
    return Position.objects.select_for_update().select_related("college").get(pk=position.pk)


@transaction.atomic
def put_in_vote(
    *, request: ChangeRequest, actor, position: Position | None = None
) -> ChangeRequest:
    details = {"position": position.pk} if position else {}
    _transition(
        request,
        "put_in_vote",
        actor=actor,
        details=details,
        forbidden=_facilitators_only(request),
    )
    return request


def _college_outcome(
    request, transition, *, actor, ballot_label, reason, ballot_id
) -> ChangeRequest:
    """Adopted or not adopted by the college: by a facilitator, or by a ballot's close (no actor)."""
    details = {"ballot": ballot_label}
    if ballot_id is not None:
        details["ballot_id"] = ballot_id
    _transition(
        request,
        transition,
        actor=actor,
        reason=reason,
        details=details,
        forbidden=_facilitators_only(request),
    )
    return request


@transaction.atomic
def adopt(
    *,
    request: ChangeRequest,
    actor,
    ballot_label: str = "",
    reason: str = "",
    ballot_id: int | None = None,
) -> ChangeRequest:
    return _college_outcome(
        request, "adopt", actor=actor, ballot_label=ballot_label, reason=reason, ballot_id=ballot_id
    )


@transaction.atomic
def not_adopt(
    *,
    request: ChangeRequest,
    actor,
    ballot_label: str = "",
    reason: str = "",
    ballot_id: int | None = None,
) -> ChangeRequest:
    return _college_outcome(
        request,
        "not_adopt",
        actor=actor,
        ballot_label=ballot_label,
        reason=reason,
        ballot_id=ballot_id,
    )


@transaction.atomic
def open_position_ballot(
    *,
    position: Position,
    actor,
    opens_at: datetime,
    closes_at: datetime,
    description: str = "",
    secret: bool = True,
    allow_change: bool = True,
    quorum_percent: int = 0,
    majority: str = "",
    abstentions_count: bool = False,
):
    """Put a position to the college's vote: a « position » ballot opens through votes' service.

    One transaction: if the ballot is refused, the position stays a draft; if the position
    cannot go to vote, no ballot is left behind.
    """
    ensure(
        position.ballot_id is None,
        _("Un scrutin est déjà ouvert sur cette position."),
        code="invalid_transition",
    )
    ballot = vote_services.create_ballot(
        college=position.college,
        author=actor,
        question=position.title,
        subject_label=_("Position du collège « %(college)s » : %(title)s")
        % {"college": position.college, "title": position.title},
        description=description,
        kind=Ballot.Kind.POSITION,
        opens_at=opens_at,
        closes_at=closes_at,
        secret=secret,
        allow_change=allow_change,
        quorum_percent=quorum_percent,
        majority=majority or Ballot.Majority.SIMPLE,
        abstentions_count=abstentions_count,
    )
    return put_position_to_vote(position, actor, ballot=ballot)


@transaction.atomic
def put_position_to_vote(position: Position, actor, ballot=None) -> Position:
    """Open the vote on a position: its requests move to « in a position put to vote ».

    `ballot` is the votes.Ballot the college votes in; its close records the outcome.
    """
    locked = _locked_position(position)
    forbidden = _("Seuls les animateurs du collège peuvent soumettre cette position au vote.")
    POSITIONS.check(actor, locked, "put_to_vote", forbidden=forbidden)
    movable = [r for r in locked.requests.order_by("pk") if r.status in POSITIONABLE]
    ensure(
        movable,
        _("Aucune demande de cette position n'est encore ouverte : rien à soumettre au vote."),
    )
    if ballot is not None:
        ensure(
            ballot.college_id == locked.college_id,
            _("Le scrutin doit être un scrutin du collège de la position."),
        )
    for request in movable:
        put_in_vote(request=request, actor=actor, position=locked)
    fields = {"put_to_vote_at": timezone.now()}
    if ballot is not None:
        fields.update(ballot=ballot, ballot_label=ballot.question)
    POSITIONS.perform(
        locked,
        "put_to_vote",
        actor=actor,
        forbidden=forbidden,
        details={
            "ballot": ballot.pk if ballot is not None else None,
            "requests": [r.pk for r in movable],
        },
        **fields,
    )
    position.refresh_from_db()
    return position


@transaction.atomic
def record_vote_outcome(
    position: Position, adopted: bool, actor, ballot_label: str = ""
) -> Position:
    """Record the college's vote on a position; `actor` may be None when a ballot closes itself."""
    locked = _locked_position(position)
    name = "adopt" if adopted else "not_adopt"
    forbidden = _("Seuls les animateurs du collège peuvent enregistrer le résultat du vote.")
    POSITIONS.check(actor, locked, name, forbidden=forbidden)
    step = adopt if adopted else not_adopt
    reason = (
        _("Position « %(title)s » adoptée par le collège.")
        if adopted
        else _("Position « %(title)s » non adoptée par le collège.")
    ) % {"title": locked.title}
    for request in locked.requests.filter(status=Status.IN_VOTE).order_by("pk"):
        step(
            request=request,
            actor=actor,
            ballot_label=ballot_label or locked.ballot_label,
            reason=reason,
            ballot_id=locked.ballot_id,
        )
    POSITIONS.perform(
        locked,
        name,
        actor=actor,
        forbidden=forbidden,
        details={"ballot": locked.ballot_id},
        ballot_label=ballot_label or locked.ballot_label,
        decided_at=timezone.now(),
    )
    position.refresh_from_db()
    return position


# ---------------------------------------------------------------------------------------------
# IPM steps, recorded by the college's delegates or the club's staff


def _audit_step(actor, action: str, request: ChangeRequest, event, reason: str = "") -> None:
    record(
        actor=actor,
        action=action,
        target=request,
        before={"status": event.from_status},
        after={"status": event.to_status, **event.details},
        reason=reason,
    )


CARRIERS_ONLY = gettext_lazy(
    "Seuls les délégués du collège à l'IPM et l'équipe du club peuvent enregistrer cette étape."
)


@transaction.atomic
def escalate(request: ChangeRequest, cycle_label: str, actor, reason: str = "") -> ChangeRequest:
    _ensure_may(actor, request, "escalate", CARRIERS_ONLY)
    ensure(cycle_label.strip(), _("Indiquez le cycle IPM (par exemple « Cycle 12 »)."))
    event = _transition(
        request,
        "escalate",
        actor=actor,
        reason=reason,
        details={"cycle": cycle_label},
        cycle_label=cycle_label.strip(),
    )
    _audit_step(actor, "request.escalated", request, event, reason)
    return request


@transaction.atomic
def start_instruction(request: ChangeRequest, actor, reason: str = "") -> ChangeRequest:
    _ensure_may(actor, request, "start_instruction", CARRIERS_ONLY)
    event = _transition(request, "start_instruction", actor=actor, reason=reason)
    _audit_step(actor, "request.instruction_started", request, event, reason)
    return request


ARBITRATION_OUTCOMES = ("accept", "reject", "postpone")


@transaction.atomic
def arbitrate(
    request: ChangeRequest, outcome: str, actor, reason: str = "", target_release: str = ""
) -> ChangeRequest:
    """Record the IPM's arbitration: « accept », « reject » or « postpone », with its reason."""
    ensure(outcome in ARBITRATION_OUTCOMES, _("Issue d'arbitrage inconnue."))
    _ensure_may(actor, request, outcome, CARRIERS_ONLY)
    if outcome in ("reject", "postpone"):
        ensure(reason.strip(), _("Indiquez le motif donné par l'IPM."))
    fields = {"decision_reason": reason}
    if target_release:
        fields["target_release"] = target_release
    event = _transition(
        request,
        outcome,
        actor=actor,
        reason=reason,
        details={"release": target_release} if target_release else {},
        **fields,
    )
    _audit_step(actor, f"request.arbitrated_{outcome}", request, event, reason)
    return request


def accept(request: ChangeRequest, actor, reason: str = "", target_release: str = ""):
    return arbitrate(request, "accept", actor, reason, target_release)


def reject(request: ChangeRequest, actor, reason: str = ""):
    return arbitrate(request, "reject", actor, reason)


def postpone(request: ChangeRequest, actor, reason: str = ""):
    return arbitrate(request, "postpone", actor, reason)


@transaction.atomic
def plan_release(request: ChangeRequest, release: str, actor, reason: str = "") -> ChangeRequest:
    _ensure_may(actor, request, "plan", CARRIERS_ONLY)
    ensure(release.strip(), _("Indiquez la version prévue (par exemple « Version 2027.1 »)."))
    event = _transition(
        request,
        "plan",
        actor=actor,
        reason=reason,
        details={"release": release},
        target_release=release.strip(),
    )
    _audit_step(actor, "request.planned", request, event, reason)
    return request


@transaction.atomic
def start_pilot(request: ChangeRequest, actor, reason: str = "") -> ChangeRequest:
    _ensure_may(actor, request, "start_pilot", CARRIERS_ONLY)
    event = _transition(request, "start_pilot", actor=actor, reason=reason)
    _audit_step(actor, "request.pilot_started", request, event, reason)
    return request


@transaction.atomic
def deliver(request: ChangeRequest, actor, reason: str = "") -> ChangeRequest:
    _ensure_may(actor, request, "deliver", CARRIERS_ONLY)
    event = _transition(request, "deliver", actor=actor, reason=reason)
    _audit_step(actor, "request.delivered", request, event, reason)
    return request


# ---------------------------------------------------------------------------------------------
# Ballots closing (registered with votes.services.register_ballot_closed in ProposalsConfig)


def position_ballot_closed(ballot, tally) -> None:
    """A « position » ballot closed: « pour » won under the ballot's rules, or it did not.

    Runs inside the closing transaction. A ballot that is about no position, or a position
    already decided by hand, is left alone.
    """
    position = Position.objects.filter(ballot=ballot).first()
    if position is None or position.status != Position.Status.IN_VOTE:
        return
    record_vote_outcome(
        position,
        adopted=tally.outcome == Tally.Outcome.ADOPTED,
        actor=None,
        ballot_label=ballot.question,
    )

"""Every write about meetings: one function per act, one transaction each, audited.

Registration is exactly-once under concurrency: the meeting's row is locked (`select_for_update`)
while seats are counted, and the database refuses a second registration of the same person
(`one_registration_per_member`). A freed seat goes to the first person waiting, who is told.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from club.core.audit import services as audit
from club.core.domain import DomainError, ensure
from colleges.meetings import rules
from colleges.meetings.lifecycle import MEETINGS
from colleges.meetings.models import CalendarFeed, Meeting, Registration, new_feed_token

Status = Registration.Status

# The fields a facilitator sets; changing any of them is news for calendars (SEQUENCE + 1).
FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "mode",
    "address",
    "accessibility",
    "online_url",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "open_to_other_colleges",
)


def _snapshot(meeting: Meeting) -> dict:
    return {
        "title": meeting.title,
        "status": meeting.status,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "mode": meeting.mode,
        "capacity": meeting.capacity,
        "sequence": meeting.sequence,
    }


def _validate(values: dict) -> None:
    mode = values["mode"]
    ensure(
        values["ends_at"] > values["starts_at"],
        _("La réunion doit finir après avoir commencé."),
        code="meeting_dates",
    )
    if mode in (Meeting.Mode.IN_PERSON, Meeting.Mode.HYBRID):
        ensure(
            (values.get("address") or "").strip(),
            _("Indiquez l'adresse de la réunion en présentiel."),
            code="meeting_address",
        )
        ensure(
            (values.get("accessibility") or "").strip(),
            _("Indiquez les informations d'accessibilité du lieu (accès, ascenseur, boucle…)."),
            code="meeting_accessibility",
        )
    if mode in (Meeting.Mode.ONLINE, Meeting.Mode.HYBRID):
        ensure(
            (values.get("online_url") or "").strip(),
            _("Indiquez le lien de connexion de la réunion en ligne."),
            code="meeting_link",
        )
    ensure(values["capacity"] >= 1, _("Prévoyez au moins une place."), code="meeting_capacity")
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if opens and closes:
        ensure(
            closes > opens,
            _("Les inscriptions doivent se clore après leur ouverture."),
            code="meeting_window",
        )
    if closes:
        ensure(
            closes <= values["starts_at"],
            _("Les inscriptions doivent se clore au plus tard au début de la réunion."),
            code="meeting_window",
        )


@transaction.atomic
def schedule_meeting(*, college, actor, open_registration: bool = True, **values) -> Meeting:
    """A facilitator of `college` (or staff) schedules a meeting; registrations open at once
    unless `open_registration` is False."""
    ensure(
        rules.can_schedule_meeting(actor, college),
        _("Seuls les animateurs du collège et l'équipe programment ses réunions."),
        code="forbidden",
    )
    _validate(values)
    ensure(
        values["starts_at"] > timezone.now(),
        _("Une réunion se programme à une date à venir."),
        code="meeting_dates",
    )
    meeting = Meeting.objects.create(
        college=college, created_by=actor, **{k: values.get(k) for k in FIELDS if k in values}
    )
    audit.record(
        actor=actor,
        action="meeting.scheduled",
        target=meeting,
        after=_snapshot(meeting),
    )
    if open_registration:
        meeting = open_registrations(meeting=meeting, actor=actor)
    return meeting


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("college").get(pk=meeting.pk)


@transaction.atomic
def open_registrations(*, meeting: Meeting, actor) -> Meeting:
    meeting = _lock(meeting)
    before = _snapshot(meeting)
    MEETINGS.perform(meeting, "open_registration", actor=actor)
    audit.record(
        actor=actor,
        action="meeting.registration_opened",
        target=meeting,
        before=before,
        after=_snapshot(meeting),
    )
    from colleges.meetings import notifications

    notifications.invited(meeting, actor=actor)
    return meeting


def _promote(meeting: Meeting) -> list[Registration]:
    """Fill free seats from the waiting list, in order (the meeting row is locked)."""
    free = meeting.capacity - meeting.registrations.filter(status=Status.CONFIRMED).count()
    if free <= 0:
        return []
    promoted = list(
        meeting.registrations.filter(status=Status.WAITING).order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
    if promoted:
        from colleges.meetings import notifications

        notifications.promoted(meeting, promoted)
    return promoted


@transaction.atomic
def update_meeting(*, meeting: Meeting, actor, reason: str = "", **values) -> Meeting:
    """Change a meeting; registered members and their calendars hear of it (SEQUENCE + 1)."""
    meeting = _lock(meeting)
    MEETINGS.check(actor, meeting, "edit")
    merged = {k: getattr(meeting, k) for k in FIELDS} | values
    _validate(merged)
    before = _snapshot(meeting)
    changed = [k for k in FIELDS if getattr(meeting, k) != merged[k]]
    if not changed:
        return meeting
    for field in changed:
        setattr(meeting, field, merged[field])
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save()
    # More seats: those waiting move up.
    _promote(meeting)
    audit.record(
        actor=actor,
        action="meeting.updated",
        target=meeting,
        before=before,
        after=_snapshot(meeting),
        reason=reason,
    )
    from colleges.meetings import notifications

    notifications.changed(meeting, actor=actor)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor, reason: str) -> Meeting:
    ensure(reason.strip(), _("Dites pourquoi la réunion est annulée."), code="reason_required")
    meeting = _lock(meeting)
    before = _snapshot(meeting)
    MEETINGS.perform(
        meeting,
        "cancel",
        actor=actor,
        cancellation_reason=reason.strip(),
        sequence=meeting.sequence + 1,
        updated_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="meeting.cancelled",
        target=meeting,
        before=before,
        after=_snapshot(meeting),
        reason=reason,
    )
    from colleges.meetings import notifications

    notifications.cancelled(meeting, actor=actor)
    return meeting


def register(*, meeting: Meeting, user) -> Registration:
    """Sign `user` up: a seat if one is left, else the waiting list. Exactly once."""
    try:
        with transaction.atomic():
            meeting = _lock(meeting)
            MEETINGS.check(
                user,
                meeting,
                "register",
                forbidden=_("Cette réunion est réservée aux membres de son collège."),
            )
            ensure(
                meeting.registration_window_open(),
                _("Les inscriptions à cette réunion sont closes ou pas encore ouvertes."),
                code="registration_closed",
            )
            ensure(
                not meeting.registrations.filter(user=user).exists(),
                _("Vous êtes déjà inscrit à cette réunion."),
                code="already_registered",
            )
            confirmed = meeting.registrations.filter(status=Status.CONFIRMED).count()
            status = Status.CONFIRMED if confirmed < meeting.capacity else Status.WAITING
            return Registration.objects.create(meeting=meeting, user=user, status=status)
    except IntegrityError as error:
        # Only reachable if the lock was bypassed: the unique constraint still holds.
        raise DomainError(
            _("Vous êtes déjà inscrit à cette réunion."), code="already_registered"
        ) from error


@transaction.atomic
def unregister(*, meeting: Meeting, user) -> list[Registration]:
    """Withdraw `user`; a freed seat goes to the first person waiting. Returns who moved up."""
    meeting = _lock(meeting)
    MEETINGS.check(user, meeting, "unregister")
    registration = meeting.registrations.filter(user=user).first()
    ensure(
        registration is not None,
        _("Vous n'êtes pas inscrit à cette réunion."),
        code="not_registered",
    )
    registration.delete()
    if registration.status == Status.CONFIRMED:
        return _promote(meeting)
    return []


@transaction.atomic
def record_attendance(*, meeting: Meeting, actor, present_ids) -> Meeting:
    """The facilitator says who came (among those with a seat); the meeting is then held."""
    meeting = _lock(meeting)
    ensure(
        meeting.starts_at <= timezone.now(),
        _("Les présences se relèvent une fois la réunion commencée."),
        code="too_early",
    )
    before = _snapshot(meeting)
    MEETINGS.perform(meeting, "hold", actor=actor)
    present = {int(pk) for pk in present_ids}
    seats = meeting.registrations.filter(status=Status.CONFIRMED)
    seats.filter(user_id__in=present).update(attended=True)
    seats.exclude(user_id__in=present).update(attended=False)
    audit.record(
        actor=actor,
        action="meeting.attendance_recorded",
        target=meeting,
        before=before,
        after=_snapshot(meeting) | {"present": seats.filter(attended=True).count()},
    )
    return meeting


@transaction.atomic
def publish_minutes(*, meeting: Meeting, actor, minutes: str) -> Meeting:
    ensure(minutes.strip(), _("Le compte rendu est vide."), code="minutes_required")
    meeting = _lock(meeting)
    before = _snapshot(meeting)
    MEETINGS.perform(
        meeting,
        "publish_minutes",
        actor=actor,
        minutes=minutes.strip(),
        minutes_published_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="meeting.minutes_published",
        target=meeting,
        before=before,
        after=_snapshot(meeting),
    )
    from colleges.meetings import notifications

    notifications.minutes_published(meeting, actor=actor)
    return meeting


@transaction.atomic
def renew_feed(*, user) -> CalendarFeed:
    """A new secret address for one's calendar; the previous one stops working at once."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def revoke_feed(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()


@transaction.atomic
def release_registrations(*, user) -> None:
    """The account goes: its seats in meetings to come go to those waiting (GDPR erasure)."""
    for registration in Registration.objects.filter(user=user).select_related("meeting"):
        meeting = _lock(registration.meeting)
        registration.delete()
        if registration.status == Status.CONFIRMED and meeting.status in (
            Meeting.Status.SCHEDULED,
            Meeting.Status.OPEN,
        ):
            _promote(meeting)
    CalendarFeed.objects.filter(user=user).delete()

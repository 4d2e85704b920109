"""Every privileged act leaves an audit entry: who, when, what, and the before/after.

Each case performs one act through its service (the only way to perform it) and finds the
entry it wrote. A new privileged service without `record(...)` should get its case here.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from club.core.audit.models import AuditEntry
from club.core.gdpr import services as gdpr_services
from colleges import services as college_services
from colleges.threads import services as thread_services
from proposals.ipm import services as ipm_services
from proposals.ipm.models import Outcome, Phase
from tests.factories import PASSWORD, UserFactory, qualification_for
from tests.ipm.factories import adopted_position
from tests.votes.factories import make_ballot
from votes import services as vote_services
from votes.models import Ballot
from whitepapers import services as whitepaper_services

pytestmark = pytest.mark.django_db


def new_application(w):
    user = UserFactory()
    return college_services.submit_application(
        applicant=user,
        college=w.college,
        charter=w.college.current_charter,
        **qualification_for(w.college),
    )


def hidden_post(w):
    thread_services.hide_post(post=w.post, actor=w.users["facilitator"], reason="Hors sujet")
    return w.post


def reported_post(w):
    thread_services.report_post(post=w.post, reporter=w.users["delegate"], reason="Propos vifs")
    return w.post


def new_theme(w):
    from tests.threads.factories import make_theme

    return make_theme(w.college, w.users["facilitator"], title="Autre thème")


def cycle_in_collection(w):
    return ipm_services.create_cycle(
        number=13, collection_starts_on=timezone.localdate(), actor=w.users["staff"]
    )


def escalated(w):
    position = adopted_position(
        w.college, w.users["staff"], facilitator=w.users["facilitator"], title="Autre position"
    )
    cycle = cycle_in_collection(w)
    return ipm_services.escalate_position(position=position, cycle=cycle, actor=w.users["delegate"])


def due_ballot(w):
    start = timezone.now() - timedelta(hours=2)
    ballot = make_ballot(w.college, w.users["facilitator"], start=start, minutes=60, at=start)
    return ballot


# label → (act(world), action, actor's role (None: the system), keys of before, keys of after)
# fmt: off
ACTS = {
    "application approved": (lambda w: college_services.approve_application(application=w.application, actor=w.users["staff"]), "application.approved", "staff", {"status"}, {"status"}),
    "application rejected": (lambda w: college_services.reject_application(application=w.application, actor=w.users["staff"], reason="Hors périmètre"), "application.rejected", "staff", {"status"}, {"status"}),
    "more information requested": (lambda w: college_services.request_more_information(application=w.application, actor=w.users["staff"], request="Votre SIRET ?"), "application.info_requested", "staff", {"status"}, {"status"}),
    "facilitator appointed": (lambda w: college_services.appoint_facilitator(college=w.college, user=w.users["member"], actor=w.users["staff"]), "facilitatorrole.appointed", "staff", None, {"seat", "user"}),
    "delegate appointed": (lambda w: college_services.appoint_delegate(college=w.college, user=w.users["member"], actor=w.users["staff"]), "delegatemandate.appointed", "staff", None, {"seat", "user"}),
    "role ended": (lambda w: college_services.end_role(role=w.facilitator_role, actor=w.users["staff"], reason="Fin"), "facilitatorrole.ended", "staff", {"seat", "user"}, None),
    "membership suspended": (lambda w: college_services.suspend_membership(membership=w.membership, actor=w.users["staff"], reason="Abus"), "membership.suspended", "staff", {"status"}, {"status"}),
    "post hidden": (hidden_post, "post.hidden", "facilitator", {"is_hidden"}, {"is_hidden"}),
    "post shown again": (lambda w: thread_services.unhide_post(post=hidden_post(w), actor=w.users["staff"]), "post.restored", "staff", {"is_hidden"}, {"is_hidden"}),
    "reports dismissed": (lambda w: thread_services.dismiss_reports(post=reported_post(w), actor=w.users["facilitator"]), "post.reports_dismissed", "facilitator", {"reports"}, {"reports"}),
    "thread locked": (lambda w: thread_services.set_thread_flag(thread=w.thread, actor=w.users["facilitator"], action="lock"), "thread.locked", "facilitator", {"is_locked"}, {"is_locked"}),
    "thread moved": (lambda w: thread_services.move_thread(thread=w.thread, actor=w.users["facilitator"], theme=new_theme(w)), "thread.moved", "facilitator", {"theme"}, {"theme"}),
    "theme closed": (lambda w: thread_services.close_theme(theme=w.theme, actor=w.users["facilitator"]), "theme.closed", "facilitator", {"closed"}, {"closed"}),
    "consultation comment moderated": (lambda w: whitepaper_services.moderate_comment(comment=w.comment, actor=w.users["staff"], approve=False), "consultation_comment.moderated", "staff", {"status"}, {"status"}),
    "ballot opened": (lambda w: make_ballot(w.college, w.users["facilitator"], kind=Ballot.Kind.SINGLE), "ballot.opened", "facilitator", None, {"opens_at", "closes_at"}),
    "ballot closed": (lambda w: vote_services.close_ballot(ballot=due_ballot(w)), "ballot.closed", None, None, {"outcome", "participants"}),
    "position escalated to the IPM": (escalated, "ipm_position.escalated", "delegate", None, {"cycle", "position"}),
    "IPM decision": (lambda w: ipm_services.record_decision(item=w.pending_item, session=w.session, outcome=Outcome.REJECTED, reasons="Hors du périmètre du portail.", actor=w.users["staff"]), "ipm_decision.recorded", "staff", None, {"outcome"}),
    "IPM cycle moved": (lambda w: ipm_services.move_cycle(cycle=cycle_in_collection(w), to_phase=Phase.INSTRUCTION, actor=w.users["staff"]), "ipm_cycle.moved", "staff", {"phase"}, {"phase"}),
    "IPM participant registered": (lambda w: ipm_services.register_participant(user=UserFactory(), organisation="CPME", role="business", actor=w.users["staff"]), "ipm_participant.registered", "staff", None, {"organisation", "role"}),
    "personal data exported": (lambda w: gdpr_services.export_personal_data(user=w.users["member"]), "personal_data.exported", "member", None, {"sections"}),
    "account erased": (lambda w: gdpr_services.erase_account(user=w.users["other_member"], password=PASSWORD), "personal_data.erased", "other_member", None, {"sections"}),
}
# fmt: on


@pytest.mark.parametrize("label", ACTS)
def test_privileged_act_is_audited(world, label):
    act, action, role, before_keys, after_keys = ACTS[label]
    last = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    started = timezone.now()
    act(world)
    entries = AuditEntry.objects.filter(sequence__gt=last, action=action)
    assert entries.exists(), f"{label}: no {action} entry among " + str(
        list(AuditEntry.objects.filter(sequence__gt=last).values_list("action", flat=True))
    )
    entry = entries.latest("sequence")
    actor = world.users[role] if role else None
    assert entry.actor_id == (actor.pk if actor else None), f"{label}: who"
    if actor is not None:
        assert entry.actor_label, f"{label}: the actor's name is kept even if the account goes"
    assert started <= entry.created_at <= timezone.now(), f"{label}: when"
    assert entry.target_label and entry.target_id, f"{label}: what"
    if before_keys:
        assert before_keys <= set(entry.before or {}), f"{label}: before {entry.before}"
    if after_keys:
        assert after_keys <= set(entry.after or {}), f"{label}: after {entry.after}"
    if before_keys and after_keys and before_keys & after_keys:
        changed = before_keys & after_keys
        assert any(entry.before[key] != entry.after[key] for key in changed), label

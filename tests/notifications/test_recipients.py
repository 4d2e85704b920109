"""Each kind of event reaches the people it concerns, and only people allowed to read it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from club.core.notifications import services as notifications
from colleges import services as college_services
from colleges.threads import services as thread_services
from colleges.threads.models import ThreadFollow
from proposals import services as proposal_services
from proposals.ipm import services as ipm_services
from proposals.ipm.models import Outcome, Phase
from tests.factories import UserFactory, make_member, qualification_for
from tests.ipm.factories import adopted_position, open_cycle, session_for, to_phase
from tests.notifications.helpers import ids, told
from tests.proposals.factories import delegate_of, make_request, member_of
from tests.threads.factories import make_facilitator, make_theme, make_thread
from tests.votes.factories import make_ballot
from tests.whitepapers.factories import draft_whitepaper, open_consultation, published_whitepaper
from votes import services as vote_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(other_college, staff):
    """A member of another college: never hears of this college's business."""
    return member_of(other_college, staff=staff, first_name="Oscar", last_name="Dehors")


def test_application_decided_reaches_the_applicant_only(college, staff):
    applicant = UserFactory()
    application = college_services.submit_application(
        applicant=applicant, college=college, charter=None, **qualification_for(college)
    )
    college_services.reject_application(application=application, actor=staff, reason="Hors champ")
    assert told("application_decided") == ids(applicant)


def test_post_in_a_followed_thread_reaches_followers_who_may_read(college, staff, outsider):
    facilitator = make_facilitator(college, staff=staff)
    follower, reader, author = (member_of(college, staff=staff) for _ in range(3))
    thread = make_thread(make_theme(college, facilitator), facilitator)
    thread_services.set_thread_follow(thread=thread, user=follower, follow=True)
    # Someone who followed the thread, then left the college, is no longer a reader.
    gone = member_of(college, staff=staff)
    thread_services.set_thread_follow(thread=thread, user=gone, follow=True)
    college_services.leave_college(membership=gone.memberships.get(college=college))
    # A follow row for an outsider (forged, or from a past membership) is not enough either.
    ThreadFollow.objects.create(user=outsider, thread=thread)

    thread_services.create_post(thread=thread, author=author, body="Même souci chez nous.")

    assert told("thread_post") == ids(facilitator, follower)
    assert reader.pk not in told("thread_post")


def test_theme_followers_hear_of_new_threads(college, staff):
    facilitator = make_facilitator(college, staff=staff)
    theme = make_theme(college, facilitator)
    watcher = member_of(college, staff=staff)
    thread_services.set_theme_follow(theme=theme, user=watcher, follow=True)
    make_thread(theme, facilitator)
    assert told("thread_post") == ids(watcher)


def test_reply_and_mention_reach_the_person_once_and_never_an_outsider(college, staff, outsider):
    facilitator = make_facilitator(college, staff=staff)
    thread = make_thread(make_theme(college, facilitator), facilitator)
    author = member_of(college, staff=staff)
    mentioned = member_of(college, staff=staff, first_name="Élodie", last_name="Dupont")
    first = thread_services.create_post(thread=thread, author=author, body="Ma question.")

    thread_services.create_post(
        thread=thread,
        author=facilitator,
        body="Voyez avec @elodie-dupont et @Oscar.Dehors, et @personne-inconnue.",
        reply_to=first,
    )

    assert told("reply_or_mention") == ids(author, mentioned)
    # The author follows the thread too, but hears of this post once, as a reply.
    assert author.pk not in told("thread_post")
    assert outsider.pk not in told("reply_or_mention") | told("thread_post")


def test_mention_handles_ignore_accents_case_and_dots():
    from colleges.threads.notifications import mention_handles

    assert mention_handles("Merci @Élodie.Dupont, cf. a@b.fr et @jean-pierre_martin.") == {
        "elodie-dupont",
        "jean-pierre-martin",
    }


def test_report_handled_reaches_its_reporters_only(college, staff):
    facilitator = make_facilitator(college, staff=staff)
    thread = make_thread(make_theme(college, facilitator), facilitator)
    author, reporter, bystander = (member_of(college, staff=staff) for _ in range(3))
    post = thread_services.create_post(thread=thread, author=author, body="Message limite.")
    thread_services.report_post(post=post, reporter=reporter, reason="Propos déplacés")
    thread_services.hide_post(post=post, actor=facilitator, reason="Hors charte")
    assert told("report_handled") == ids(reporter)
    assert bystander.pk not in told("report_handled")


def test_dismissed_report_is_also_answered(college, staff):
    facilitator = make_facilitator(college, staff=staff)
    thread = make_thread(make_theme(college, facilitator), facilitator)
    reporter = member_of(college, staff=staff)
    post = thread_services.create_post(thread=thread, author=facilitator, body="Rien de grave.")
    thread_services.report_post(post=post, reporter=reporter, reason="Doute")
    thread_services.dismiss_reports(post=post, actor=facilitator)
    assert told("report_handled") == ids(reporter)


def test_request_status_reaches_followers_but_not_the_actor(college, staff):
    author = member_of(college, staff=staff)
    supporter = member_of(college, staff=staff)
    facilitator = make_facilitator(college, staff=staff)
    request = make_request(author, college)
    proposal_services.support_request(request=request, member=supporter)
    proposal_services.open_discussion(request=request, actor=facilitator, reason="On en parle")
    assert told("request_status") == ids(author, supporter)


def test_ballot_opened_and_results_reach_the_electorate_only(college, staff, outsider):
    facilitator = make_facilitator(college, staff=staff)
    voters = [member_of(college, staff=staff) for _ in range(2)]
    ballot = make_ballot(college, facilitator)
    electorate = set(ballot.electors.values_list("user_id", flat=True))
    assert ids(*voters) <= electorate
    assert told("ballot_opened") == electorate
    vote_services.close_ballot(ballot=ballot, at=ballot.closes_at + timedelta(seconds=1))
    assert told("ballot_results") == electorate
    assert outsider.pk not in told("ballot_opened") | told("ballot_results")
    assert staff.pk not in told("ballot_results")


def _escalated(college, staff):
    position = adopted_position(college, staff)
    delegate = delegate_of(college, staff=staff)
    cycle = open_cycle(staff)
    item = ipm_services.escalate_position(position=position, cycle=cycle, actor=delegate)
    return item, cycle, delegate


def test_item_escalated_reaches_the_college_members(college, staff, outsider):
    _item, _cycle, delegate = _escalated(college, staff)
    members = set(
        college.memberships.filter(status="active").values_list("user_id", flat=True)
    ) - ids(delegate)
    assert told("item_escalated") == members
    assert outsider.pk not in told("item_escalated")


def test_ipm_decision_reaches_members_and_followers_hear_it_through_the_request(
    college, staff, outsider
):
    item, cycle, _delegate = _escalated(college, staff)
    to_phase(cycle, Phase.ARBITRATION, staff)
    ipm_services.record_decision(
        item=item,
        session=session_for(cycle, staff, [item]),
        outcome=Outcome.ACCEPTED,
        reasons="Gain important.",
        priority="high",
        target_release="2027.1",
        actor=staff,
    )
    request = item.position.requests.get()
    followers = set(request.follows.values_list("user_id", flat=True))
    members = set(college.memberships.filter(status="active").values_list("user_id", flat=True))
    assert told("ipm_decision") == members - followers
    assert followers <= told("request_status")
    assert outsider.pk not in told("ipm_decision") | told("request_status")


def test_pilot_call_reaches_members_of_any_college_but_not_mere_accounts(college, staff, outsider):
    item, cycle, _delegate = _escalated(college, staff)
    to_phase(cycle, Phase.ARBITRATION, staff)
    ipm_services.record_decision(
        item=item,
        session=session_for(cycle, staff, [item]),
        outcome=Outcome.PILOT,
        reasons="À tester.",
        priority="high",
        target_release="2027.1",
        actor=staff,
    )
    visitor = UserFactory()
    ipm_services.open_pilot_call(item=item, description="Volontaires ?", actor=staff, seats=3)
    assert outsider.pk in told("pilot_call")
    assert visitor.pk not in told("pilot_call")
    assert staff.pk not in told("pilot_call")


def test_consultation_reaches_contributing_colleges_and_contributors_only(
    college, other_college, staff, outsider
):
    member = member_of(college, staff=staff)
    contributor = UserFactory()
    page = draft_whitepaper(colleges=[college], contributors=[contributor])
    open_consultation(page, staff)
    assert member.pk in told("consultation_opened")
    assert contributor.pk in told("consultation_opened")
    assert outsider.pk not in told("consultation_opened")


def test_a_consultation_opening_later_is_not_announced_before_it_opens(college, staff):
    from whitepapers import services as whitepaper_services
    from whitepapers.notifications import announce_open_consultations

    member = member_of(college, staff=staff)
    page = draft_whitepaper(colleges=[college])
    now = timezone.now()
    consultation = whitepaper_services.open_consultation(
        page=page, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=9), actor=staff
    )
    assert told("consultation_opened") == set()
    consultation.opens_at = now - timedelta(minutes=1)
    consultation.save()
    assert announce_open_consultations() == 1
    assert announce_open_consultations() == 0, "announced once"
    assert told("consultation_opened") == ids(member)


def test_whitepaper_published_reaches_members(college, staff, outsider):
    member = member_of(college, staff=staff)
    visitor = UserFactory()
    published_whitepaper(staff)
    assert ids(member, outsider) <= told("whitepaper_published")
    assert visitor.pk not in told("whitepaper_published")


def test_inactive_people_are_never_told(college, staff):
    author = member_of(college, staff=staff)
    request = make_request(author, college)
    author.is_active = False
    author.save()
    proposal_services.open_discussion(
        request=request, actor=make_facilitator(college, staff=staff), reason="Oui"
    )
    assert author.pk not in told("request_status")


def test_every_kind_has_a_label_and_valid_default():
    from club.core.notifications.kinds import KINDS, Mode

    for kind in KINDS.values():
        assert str(kind.label) and str(kind.description)
        assert kind.default_mode in Mode.values
        if kind.opt_in:
            assert kind.default_mode == Mode.NEVER


def test_notify_never_tells_the_actor(college, staff):
    member = make_member(college, staff=staff).user
    notices = notifications.notify([member, staff], "announcement", subject="Essai", actor=staff)
    assert [n.recipient_id for n in notices] == [member.pk]


def test_a_whitepaper_published_from_the_admin_or_workflow_is_announced_too(college, staff):
    member = member_of(college, staff=staff)
    page = draft_whitepaper(title="Publié par la relecture")
    # What the review workflow's approval does, without the service.
    page.save_revision(user=staff).publish(user=staff, skip_permission_checks=True)
    assert member.pk in told("whitepaper_published")
    assert staff.pk not in told("whitepaper_published")

"""One small club with a person in each role and an object behind every URL parameter.

Built through the real services (as the demo and the other tests do), so the permission matrix
asks the same questions production asks. `build_world()` returns a `World` whose attributes are
the users of the eight roles and the sample objects the routes need.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection

from colleges import services as college_services
from colleges.models import Application, FacilitatorRole
from colleges.threads import services as thread_services
from proposals.ipm import services as ipm_services
from proposals.ipm.models import Outcome, Phase
from proposals.ipm.validators import check_document
from proposals.validators import check_screenshot
from tests.colleges.factories import activate_totp
from tests.factories import (
    CollegeFactory,
    PlenaryFactory,
    StaffFactory,
    UserFactory,
    make_member,
    qualification_for,
)
from tests.ipm.factories import adopted_position, open_cycle
from tests.proposals.factories import area, make_request
from tests.proposals.factories import png_upload as screenshot_upload
from tests.threads.factories import make_theme, make_thread, png_upload
from tests.votes.factories import make_ballot
from tests.whitepapers.factories import draft_whitepaper, open_consultation, published_whitepaper
from votes.models import Ballot

ROLES = (
    "anonymous",
    "applicant",
    "other_member",
    "member",
    "facilitator",
    "delegate",
    "ipm_member",
    "staff",
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError as error:
            raise AttributeError(name) from error


def build_world() -> World:
    w = World()
    o = w.objects
    staff = StaffFactory(email="equipe@club.example", first_name="Équipe", last_name="Club")
    activate_totp(staff)
    PlenaryFactory()
    college = CollegeFactory(name="Fournisseurs", slug="fournisseurs", short_name="Fournisseurs")
    other = CollegeFactory(name="Éditeurs", slug="editeurs", qualification="vendor")
    area()

    member = make_member(college, staff=staff)
    other_member = make_member(other, staff=staff).user
    applicant = UserFactory(first_name="Alice", last_name="Candidate")
    application = college_services.submit_application(
        applicant=applicant,
        college=college,
        charter=college.current_charter,
        **qualification_for(college),
    )
    facilitator = make_member(college, staff=staff).user
    college_services.appoint_facilitator(college=college, user=facilitator, actor=staff)
    activate_totp(facilitator)
    delegate = make_member(college, staff=staff).user
    college_services.appoint_delegate(college=college, user=delegate, actor=staff)
    activate_totp(delegate)
    ipm_member = UserFactory(first_name="Paul", last_name="Martin")
    ipm_services.register_participant(
        user=ipm_member, organisation="MEDEF", role="business", actor=staff
    )
    activate_totp(ipm_member)
    w.users = {
        "anonymous": None,
        "applicant": applicant,
        "other_member": other_member,
        "member": member.user,
        "facilitator": facilitator,
        "delegate": delegate,
        "ipm_member": ipm_member,
        "staff": staff,
    }
    o.update(
        college=college,
        other_college=other,
        application=application,
        membership=member,
        facilitator_role=FacilitatorRole.objects.get(user=facilitator),
    )

    # Threads of a college are closed to its members: the sample thread lives in `college`.
    theme = make_theme(college, facilitator)
    thread = make_thread(theme, facilitator)
    post = thread_services.create_post(
        thread=thread,
        author=member.user,
        body="Une capture du rejet.",
        attachments=[png_upload()],
    )
    o.update(theme=theme, thread=thread, post=post, attachment=post.attachments.get())

    # A meeting of the college, with registrations open; the member holds a seat.
    from colleges.meetings import services as meeting_services
    from tests.meetings.factories import meeting_values

    meeting = meeting_services.schedule_meeting(
        college=college, actor=facilitator, **meeting_values(capacity=5)
    )
    meeting_services.register(meeting=meeting, user=member.user)
    o.update(college_meeting=meeting)

    upload = screenshot_upload()
    check_screenshot(upload)
    request = make_request(member.user, college, screenshots=[upload])
    o.update(request=request, screenshot=request.screenshots.get())

    # The IPM: a cycle with one decided item (accepted, with a pilot call) and one to decide.
    position = adopted_position(college, staff, facilitator=facilitator, author=member.user)
    pending_position = adopted_position(
        college, staff, facilitator=facilitator, title="Afficher le motif de rejet"
    )
    cycle = open_cycle(staff, number=12)
    item = ipm_services.escalate_position(position=position, cycle=cycle, actor=delegate)
    pending_item = ipm_services.escalate_position(
        position=pending_position, cycle=cycle, actor=delegate
    )
    for phase in (Phase.INSTRUCTION, Phase.ARBITRATION):
        ipm_services.move_cycle(cycle=cycle, to_phase=phase, actor=staff)
    session = ipm_services.schedule_session(
        cycle=cycle, held_at=timezone.now(), actor=staff, location="Noisiel"
    )
    ipm_services.record_decision(
        item=item,
        session=session,
        outcome=Outcome.ACCEPTED,
        reasons="Gain de temps pour les petites entreprises.",
        priority="high",
        actor=staff,
    )
    pilot = ipm_services.open_pilot_call(item=item, description="Essai du champ.", actor=staff)
    group = ipm_services.convene_group(
        cycle=cycle, topic="Rejets de factures", members=[(delegate, "delegate")], actor=staff
    )
    meeting = ipm_services.schedule_meeting(
        group=group, held_at=timezone.now(), agenda="Rejets", actor=staff
    )
    document = ipm_services.attach_document(
        meeting=meeting,
        upload=check_document(SimpleUploadedFile("cr.pdf", PDF, content_type="application/pdf")),
        actor=staff,
    )
    cycle.refresh_from_db()
    o.update(
        position=position,
        cycle=cycle,
        item=item,
        pending_item=pending_item,
        session=session,
        pilot=pilot,
        group=group,
        meeting=meeting,
        document=document,
    )

    ballot = make_ballot(college, facilitator, kind=Ballot.Kind.SINGLE)
    election = make_ballot(
        college,
        staff,
        kind=Ballot.Kind.ELECTION,
        start=timezone.now() + timedelta(days=1),
        question="Élection des délégués",
        at=timezone.now(),
    )
    o.update(ballot=ballot, election=election)

    whitepaper = published_whitepaper(staff, title="Choisir son format", colleges=[college])
    draft = draft_whitepaper(title="Brouillon confidentiel", colleges=[college])
    consultation = open_consultation(whitepaper, staff)
    from whitepapers import services as whitepaper_services

    comment = whitepaper_services.post_comment(
        consultation=consultation, author=member.user, body="Un avis."
    )
    o.update(
        whitepaper=whitepaper,
        whitepaper_revision=whitepaper.get_latest_revision(),
        draft=draft,
        draft_revision=draft.get_latest_revision(),
        consultation=consultation,
        comment=comment,
    )

    # Notifications: a facilitator's announcement to the college (its members are told), the
    # newsletter the member opted in to, and the member's API token.
    from club.announcements import services as announcement_services
    from club.core.api import services as api_services
    from club.core.notifications import services as notification_services
    from club.core.notifications.models import Notification

    announcement = announcement_services.publish_announcement(
        author=facilitator, college=college, title="Réunion du collège", body="Mardi, 10 h."
    )
    notification_services.set_preference(user=member.user, kind="newsletter", mode="immediate")
    newsletter = announcement_services.send_newsletter(actor=staff, title="Lettre de novembre")
    api_token, _secret = api_services.create_token(
        user=member.user, name="Logiciel de facturation", scope="write"
    )
    o.update(
        announcement=announcement,
        newsletter=newsletter,
        notification=Notification.objects.filter(recipient=member.user, kind="announcement").get(),
        api_token=api_token,
    )

    if Collection.get_first_root_node() is None:  # flushed by transactional tests
        Collection.add_root(name="Root")
    wagtail_document = Document(title="Guide")
    wagtail_document.file.save("guide.pdf", ContentFile(PDF), save=True)
    o.update(wagtail_document=wagtail_document)
    assert Application.objects.filter(pk=application.pk, status="pending").exists()
    return w

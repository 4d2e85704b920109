import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from club.core.notifications.models import Notification
from proposals.ipm import services
from proposals.ipm.models import MeetingDocument, Outcome, Phase, PilotCall, PilotVolunteer
from proposals.ipm.validators import MAX_DOCUMENT_SIZE
from proposals.models import Status
from tests.ipm.factories import adopted_position, session_for, to_phase
from tests.proposals.factories import facilitator_of, member_of, with_totp

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(client, user):
    with_totp(user)
    client.force_login(user)


@pytest.fixture
def meeting(staff, delegate, cycle):
    group = services.convene_group(
        cycle=cycle,
        topic="La gestion des rejets de factures",
        members=[(delegate, "delegate")],
        actor=staff,
    )
    return services.schedule_meeting(
        group=group, held_at=cycle.created_at, agenda="Rejets", actor=staff
    )


def test_documents_are_checked_by_content_and_size(client, participant, meeting):
    login(client, participant)
    url = reverse("proposals:ipm_meeting", args=[meeting.pk])
    fake = SimpleUploadedFile(
        "compte-rendu.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    response = client.post(url, {"action": "document", "file": fake})
    assert response.status_code == 400
    assert "Format non accepté" in response.content.decode()
    big = SimpleUploadedFile(
        "gros.pdf", PDF + b"0" * MAX_DOCUMENT_SIZE, content_type="application/pdf"
    )
    response = client.post(url, {"action": "document", "file": big})
    assert "dépasse 10 Mo" in response.content.decode()
    good = SimpleUploadedFile("compte-rendu.pdf", PDF, content_type="text/html")
    response = client.post(url, {"action": "document", "file": good})
    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    assert document.content_type == "application/pdf"
    assert document.original_name == "compte-rendu.pdf"


def test_documents_are_for_the_group_and_the_ipm_only(client, staff, delegate, member, meeting):
    upload = SimpleUploadedFile("cr.pdf", PDF)
    from proposals.ipm.validators import check_document

    document = services.attach_document(meeting=meeting, upload=check_document(upload), actor=staff)
    client.force_login(member)
    assert client.get(document.get_absolute_url()).status_code == 404
    login(client, delegate)  # an IPM seat is a power: with its second factor
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_minutes_by_ipm_members_not_by_members(client, member, participant, meeting):
    url = reverse("proposals:ipm_meeting", args=[meeting.pk])
    login(client, member)
    assert client.post(url, {"action": "minutes", "minutes": "X"}).status_code == 403
    login(client, participant)
    client.post(url, {"action": "minutes", "minutes": "Deux motifs font la moitié des rejets."})
    meeting.refresh_from_db()
    assert meeting.minutes == "Deux motifs font la moitié des rejets."


def test_group_page_query_count_constant(
    client, staff, college, meeting, django_assert_max_num_queries
):
    group = meeting.group
    with django_assert_max_num_queries(30) as ctx:
        client.get(group.get_absolute_url())
    bound = len(ctx.captured_queries)
    for index in range(6):
        services.add_group_member(
            group=group, user=member_of(college, staff=staff), role="volunteer", actor=staff
        )
        services.schedule_meeting(
            group=group, held_at=meeting.held_at, agenda=f"Réunion {index}", actor=staff
        )
    with django_assert_max_num_queries(bound):
        response = client.get(group.get_absolute_url())
    assert response.content.decode().count("Réunion ") >= 6


def test_pilot_through_the_pages(client, staff, college, delegate, position, cycle):
    item = services.escalate_position(position=position, cycle=cycle, actor=delegate)
    to_phase(cycle, Phase.ARBITRATION, staff)
    services.record_decision(
        item=item,
        session=session_for(cycle, staff, [item]),
        outcome=Outcome.ACCEPTED,
        reasons="Oui.",
        priority="normal",
        target_release="Version 2027.2",
        actor=staff,
    )
    login(client, staff)
    response = client.post(
        reverse("proposals:ipm_pilot_new", args=[item.pk]), {"description": "Tester", "seats": 2}
    )
    call = PilotCall.objects.get()
    assert response["Location"] == call.get_absolute_url()
    request = position.requests.get()
    request.refresh_from_db()
    assert request.status == Status.PLANNED

    volunteer_user = member_of(college, staff=staff)
    client.force_login(volunteer_user)
    page = client.get(call.get_absolute_url())
    assert "Me porter volontaire" in page.content.decode()
    client.post(
        reverse("proposals:ipm_pilot_volunteer", args=[call.pk]),
        {"college": college.pk, "organisation": "Boulangerie Dupont", "channel": "portal"},
    )
    volunteer = PilotVolunteer.objects.get()
    # A volunteer cannot select itself.
    login(client, volunteer_user)
    response = client.post(
        reverse("proposals:ipm_pilot_act", args=[call.pk, "selectionner"]),
        {"volunteer": volunteer.pk},
    )
    assert response.status_code == 403

    client.force_login(staff)
    client.post(
        reverse("proposals:ipm_pilot_act", args=[call.pk, "selectionner"]),
        {"volunteer": volunteer.pk},
    )
    client.post(reverse("proposals:ipm_pilot_act", args=[call.pk, "demarrer"]))
    request.refresh_from_db()
    assert request.status == Status.IN_PILOT

    client.force_login(volunteer_user)
    client.post(
        reverse("proposals:ipm_pilot_feedback", args=[call.pk]),
        {"rating": 3, "worked": "Le champ élargi passe.", "issues": "", "ready_for_release": "on"},
    )
    volunteer.refresh_from_db()
    assert volunteer.feedback.ready_for_release is True

    client.force_login(staff)
    client.post(reverse("proposals:ipm_pilot_act", args=[call.pk, "clore"]))
    request.refresh_from_db()
    assert request.status == Status.DELIVERED
    detail = client.get(request.get_absolute_url()).content.decode()
    assert "En pilote" in detail and "Livrée" in detail


def test_voters_are_told_of_the_decision(staff, college, delegate, cycle):
    from datetime import timedelta

    from django.utils import timezone

    from votes import services as vote_services
    from votes.models import Ballot

    facilitator = facilitator_of(college, staff=staff)
    voter = member_of(college, staff=staff)
    title = "Afficher le motif de rejet dans la liste"
    start = timezone.now()
    ballot = vote_services.create_ballot(
        college=college,
        author=facilitator,
        question="Adoptez-vous la position ?",
        subject_label=title,
        kind=Ballot.Kind.POSITION,
        opens_at=start,
        closes_at=start + timedelta(hours=1),
        at=start,
    )
    vote_services.freeze_electorate(ballot=ballot, at=start)
    for_option = next(o for o in ballot.options.all() if o.role == "for")
    vote_services.cast_vote(ballot=ballot, voter=voter, option_ids=[for_option.pk])
    position = adopted_position(college, staff, title=title, facilitator=facilitator, supporters=0)
    item = services.escalate_position(position=position, cycle=cycle, actor=delegate)
    to_phase(cycle, Phase.ARBITRATION, staff)
    services.record_decision(
        item=item,
        session=session_for(cycle, staff, [item]),
        outcome=Outcome.REJECTED,
        reasons="Hors du périmètre du portail.",
        actor=staff,
    )
    notice = Notification.objects.get(recipient=voter, kind="request_status")
    assert "Hors du périmètre du portail." in notice.body

"""Facilitators broadcast to their college, staff to everyone; newsletters go to those who asked."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from club.announcements import services as announcements
from club.announcements.models import Announcement, Newsletter
from club.core.audit.models import AuditEntry
from club.core.domain import DomainError
from club.core.notifications import services as notifications
from tests.factories import UserFactory
from tests.notifications.helpers import ids, told
from tests.proposals.factories import member_of, with_totp
from tests.threads.factories import make_facilitator

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator(college, staff):
    return make_facilitator(college, staff=staff)


@pytest.fixture
def outsider(other_college, staff):
    return member_of(other_college, staff=staff)


def test_a_facilitator_writes_to_their_college_only(
    college, other_college, staff, facilitator, outsider
):
    member = member_of(college, staff=staff)
    announcement = announcements.publish_announcement(
        author=facilitator, college=college, title="Atelier", body="Jeudi à 10 h."
    )
    assert told("announcement") == ids(member)
    assert announcement.recipient_count == 1
    assert AuditEntry.objects.filter(action="announcement.published").count() == 1
    with pytest.raises(DomainError):
        announcements.publish_announcement(
            author=facilitator, college=other_college, title="Intrus", body="Non."
        )
    with pytest.raises(DomainError):
        announcements.publish_announcement(author=facilitator, college=None, title="Tous", body="?")
    with pytest.raises(DomainError):
        announcements.publish_announcement(author=member, college=college, title="Moi", body="?")


def test_staff_write_to_every_member(college, staff, outsider):
    member = member_of(college, staff=staff)
    visitor = UserFactory()
    announcements.publish_announcement(
        author=staff, college=None, title="Assemblée", body="Le 3 mars."
    )
    assert ids(member, outsider) <= told("announcement")
    assert visitor.pk not in told("announcement")


def test_the_form_offers_only_allowed_audiences_and_keeps_input(
    client, college, other_college, facilitator
):
    client.force_login(facilitator)
    page = client.get(reverse("announcements:create"))
    choices = dict(page.context["form"].fields["audience"].choices)
    assert list(choices) == [str(college.pk)]
    response = client.post(
        reverse("announcements:create"),
        {"audience": str(other_college.pk), "title": "Intrus", "body": "Texte gardé"},
    )
    assert response.status_code == 200
    assert "Vous ne pouvez pas écrire à ce public." in response.content.decode()
    assert "Texte gardé" in response.content.decode()
    response = client.post(
        reverse("announcements:create"),
        {"audience": str(college.pk), "title": "Atelier", "body": "Jeudi."},
        follow=True,
    )
    assert "Annonce envoyée" in response.content.decode()


def test_members_cannot_announce_and_outsiders_cannot_read(
    client, college, staff, facilitator, outsider
):
    member = member_of(college, staff=staff)
    announcement = announcements.publish_announcement(
        author=facilitator, college=college, title="Atelier", body="Jeudi."
    )
    client.force_login(member)
    assert client.get(reverse("announcements:create")).status_code == 403
    assert client.get(announcement.get_absolute_url()).status_code == 200
    client.force_login(outsider)
    assert client.get(announcement.get_absolute_url()).status_code == 404
    assert "Atelier" not in client.get(reverse("announcements:list")).content.decode()


def test_announcement_list_in_constant_queries(
    client, college, staff, facilitator, django_assert_max_num_queries
):
    member = member_of(college, staff=staff)
    for index in range(25):
        Announcement.objects.create(
            author=facilitator, college=college, title=f"A{index}", body="x"
        )
    client.force_login(member)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("announcements:list"))
    assert len(response.context["announcements"]) == 20


def test_the_newsletter_gathers_what_was_published_and_reaches_those_who_opted_in(
    client, college, staff, django_capture_on_commit_callbacks
):
    from tests.whitepapers.factories import published_whitepaper

    reader = member_of(college, staff=staff)
    notifications.set_preference(user=reader, kind="newsletter", mode="immediate")
    not_interested = member_of(college, staff=staff)
    published_whitepaper(staff, title="Choisir son format")
    staff.is_staff = True
    with_totp(staff)  # sending the newsletter is a power: it needs a second factor
    client.force_login(staff)

    preview = client.post(
        reverse("announcements:newsletter_create"), {"title": "Lettre n° 1", "preview": "1"}
    )
    assert preview.status_code == 200
    assert "Choisir son format" in preview.content.decode()
    assert not Newsletter.objects.exists(), "a preview sends nothing"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("announcements:newsletter_create"),
            {"title": "Lettre n° 1", "introduction": "Bonjour à tous", "send": "1"},
            follow=True,
        )
    assert "Lettre envoyée à 1 membre(s) inscrit(s)." in response.content.decode()
    letter = Newsletter.objects.get()
    assert "Choisir son format" in letter.body and letter.body.startswith("Bonjour à tous")
    assert told("newsletter") == ids(reader)
    assert [m.to for m in mail.outbox if "Lettre n° 1" in m.subject] == [[reader.email]]
    assert not_interested.pk not in told("newsletter")
    assert AuditEntry.objects.filter(action="newsletter.sent").exists()

    # Nothing new since: the next letter has nothing to say, and says so.
    assert letter.sent_at <= timezone.now()
    response = client.post(
        reverse("announcements:newsletter_create"), {"title": "Lettre n° 2", "send": "1"}
    )
    assert "Rien n'a été publié depuis la dernière lettre" in response.content.decode()
    assert Newsletter.objects.count() == 1


def test_only_staff_prepare_newsletters(client, college, staff):
    member = member_of(college, staff=staff)
    client.force_login(member)
    assert client.get(reverse("announcements:newsletter_create")).status_code == 403
    assert client.get(reverse("announcements:newsletters")).status_code == 403

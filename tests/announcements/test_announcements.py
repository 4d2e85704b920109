"""Facilitators broadcast to their college, staff to everyone; newsletters go to those who asked."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from club.announcements import services as announcements
from club.announcements.models import Announcement, Newsletter
from club.core.audit.models import AuditEntry
from club.core.domain import DomainError
from club.core.notifications import services as notifications
from club.core.notifications.emails import absolute
from club.core.notifications.selectors import preferences_of
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
    assert "Lettre envoyée à 1 membre inscrit." in response.content.decode()
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
    archive = client.get(reverse("announcements:newsletters"))
    assert archive.status_code == 200
    assert reverse("announcements:newsletter_create") not in archive.content.decode()


def _send_letter(staff, title="Lettre n° 1", introduction="Bonjour à tous"):
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    with_totp(staff)
    return announcements.send_newsletter(actor=staff, title=title, introduction=introduction)


def test_a_letter_reads_as_a_page_every_member_may_open(client, college, staff):
    """Before: raw Markdown ("## Livres blancs publiés") with links to SITE_URL, and a 404 for
    any member the letter had not been sent to."""
    from tests.whitepapers.factories import published_whitepaper

    paper = published_whitepaper(staff, title="Choisir son format")
    letter = _send_letter(staff)
    member = member_of(college, staff=staff)  # never subscribed: the letter was not sent to them
    client.force_login(member)

    html = client.get(letter.get_absolute_url()).content.decode()
    assert "##" not in html and absolute(paper.url) not in html
    assert re.search(r'<h2 class="fr-h4" id="rubrique-\d">Livres blancs publiés</h2>', html)
    assert f'<a href="{paper.url}">Choisir son format</a>' in html
    assert "<p>Bonjour à tous</p>" in html
    archive = client.get(reverse("announcements:newsletters")).content.decode()
    assert letter.get_absolute_url() in archive
    # The e-mail keeps absolute addresses: mail clients have no site to be relative to.
    assert absolute(paper.url) in letter.body


def test_members_subscribe_from_the_archive_and_get_the_next_letter(
    client, college, staff, django_capture_on_commit_callbacks
):
    from tests.whitepapers.factories import published_whitepaper

    member = member_of(college, staff=staff)
    client.force_login(member)
    archive = client.get(reverse("announcements:newsletters")).content.decode()
    assert "Recevoir la lettre par courriel" in archive
    subscribe = reverse("announcements:newsletter_subscription")
    assert client.get(subscribe).status_code == 405, "a GET changes nothing"

    response = client.post(subscribe, {"subscribed": "1"}, follow=True)
    assert "Vous recevrez chaque lettre" in response.content.decode()
    assert "Ne plus la recevoir par courriel" in response.content.decode()
    published_whitepaper(staff, title="Choisir son format")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        letter = _send_letter(staff)
    assert told("newsletter") == ids(member)
    assert [m.to for m in mail.outbox if letter.title in m.subject] == [[member.email]]

    response = client.post(subscribe, {"subscribed": "0", "letter": str(letter.pk)})
    assert response["Location"] == letter.get_absolute_url()
    assert preferences_of(member)["newsletter"] == "never"

"""Issue 20, item 4: a stolen password must not become a mass mailing from the club's address.

Every power a role grants beyond a member's needs a session that verified a second factor.
Before the fix, staff without TOTP sent an announcement to every member (and a newsletter),
and a facilitator without TOTP announced to the members of his college. The permission matrix
(test_permission_matrix.py) checks every route and API operation; these tests tell the story
of the issue, of enrolment, of the form kept, and of API tokens.
"""

from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from club.announcements.models import Announcement, Newsletter
from club.core.accounts.middleware import PENDING_RETURN
from club.core.api import services as token_services
from club.core.api.models import AccessToken
from club.core.notifications import services as notifications
from club.core.notifications.models import Notification
from tests.accounts.conftest import enable_totp, totp_code
from tests.api.conftest import ApiClient
from tests.factories import PASSWORD, StaffFactory
from tests.proposals.factories import member_of
from tests.threads.factories import make_facilitator

pytestmark = pytest.mark.django_db


def enrol_url(next_path: str) -> str:
    return f"{reverse('mfa_activate_totp')}?next={quote(next_path, safe='/')}"


@pytest.fixture
def members(college, other_college, staff):
    return [member_of(college, staff=staff) for _ in range(3)] + [
        member_of(other_college, staff=staff) for _ in range(2)
    ]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def announce(client, audience: str, **extra):
    mail.outbox.clear()
    return client.post(
        reverse("announcements:create"),
        {"audience": audience, "title": "Votre compte va expirer", "body": "Cliquez ici.", **extra},
    )


class TestTheIssue:
    def test_staff_without_second_factor_cannot_announce_to_every_member(
        self, staff, members, django_capture_on_commit_callbacks
    ):
        client = signed_in(staff)
        with django_capture_on_commit_callbacks(execute=True):
            response = announce(client, "all")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
        assert response["Location"] == enrol_url(reverse("account_resume"))
        assert not Announcement.objects.exists()
        assert not Notification.objects.filter(kind="announcement").exists()
        assert mail.outbox == []

    def test_a_facilitator_without_second_factor_cannot_announce_to_his_college(
        self, college, staff, members, django_capture_on_commit_callbacks
    ):
        facilitator = make_facilitator(college, staff=staff, mfa=False)
        client = signed_in(facilitator)
        with django_capture_on_commit_callbacks(execute=True):
            response = announce(client, str(college.pk))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
        assert not Announcement.objects.exists()
        assert not Notification.objects.filter(kind="announcement").exists()
        assert mail.outbox == []

    def test_staff_without_second_factor_cannot_send_the_newsletter(self, college, staff):
        from tests.whitepapers.factories import published_whitepaper

        reader = member_of(college, staff=staff)
        notifications.set_preference(user=reader, kind="newsletter", mode="immediate")
        published_whitepaper(staff, title="Choisir son format")
        response = signed_in(staff).post(
            reverse("announcements:newsletter_create"), {"title": "Lettre", "send": "1"}
        )
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
        assert not Newsletter.objects.exists()

    def test_with_a_second_factor_both_announce(
        self, college, staff, members, django_capture_on_commit_callbacks
    ):
        enable_totp(staff)
        facilitator = make_facilitator(college, staff=staff)
        with django_capture_on_commit_callbacks(execute=True):
            everyone = announce(signed_in(staff), "all")
            college_only = announce(signed_in(facilitator), str(college.pk))
        assert everyone.status_code == college_only.status_code == 302
        first, second = Announcement.objects.order_by("pk")
        assert first.college is None and first.recipient_count == len(members) + 1
        assert second.college == college and second.recipient_count == 3


class TestEnrolment:
    def test_the_message_says_why_in_french_and_in_english(self, staff):
        response = signed_in(staff).get(reverse("announcements:create"))
        assert response["Location"] == enrol_url(reverse("announcements:create"))
        [message] = get_messages(response.wsgi_request)
        assert "activez d'abord la double authentification" in str(message)

        with translation.override("en"):
            path = reverse("announcements:create")
        assert path.startswith("/en/")
        response = signed_in(staff).get(path)
        assert response["Location"] == enrol_url(path)
        [message] = get_messages(response.wsgi_request)
        assert "first enable two-factor authentication" in str(message)

    # Committed for real: allauth tells of the new factor once its transaction commits, inside
    # the request, which is when the session learns that it proved it.
    @pytest.mark.django_db(transaction=True)
    def test_the_form_is_kept_and_sent_again_after_enrolling(
        self, staff, members, django_capture_on_commit_callbacks
    ):
        client = signed_in(staff)
        announce(client, "all")
        assert client.session[PENDING_RETURN]["path"] == reverse("announcements:create")
        kept = dict(client.session[PENDING_RETURN]["data"])
        assert kept == {
            "audience": "all",
            "title": "Votre compte va expirer",
            "body": "Cliquez ici.",
        }

        # Enrolling through allauth's page, as the person would (it asks the password first).
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        client.get(reverse("mfa_activate_totp"))
        secret = client.session["mfa.totp.secret"]
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
        assert response.status_code == 302
        codes = client.get(response["Location"])
        assert reverse("account_resume") in codes.content.decode()

        page = client.get(reverse("account_resume"))
        assert page.status_code == 200
        html = page.content.decode()
        assert f'action="{reverse("announcements:create")}"' in html
        assert 'value="Votre compte va expirer"' in html
        assert not Announcement.objects.exists(), "nothing is sent on the person's behalf"

        sent = client.post(reverse("announcements:create"), kept)
        assert sent.status_code == 302
        assert Announcement.objects.get().recipient_count == len(members)

    def test_a_session_that_did_not_prove_the_factor_is_asked_to_confirm_it(self, staff):
        client = signed_in(staff)  # signed in with the password alone
        enable_totp(staff)  # a second factor added since, from elsewhere
        response = client.get(reverse("announcements:create"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_reauthenticate"))
        # A sign-in through allauth asks for it: then the power is there.
        assert signed_in(staff).get(reverse("announcements:create")).status_code == 200

    def test_members_are_refused_as_before_not_sent_to_enrol(self, college, staff):
        member = member_of(college, staff=staff)
        response = signed_in(member).get(reverse("announcements:create"))
        assert response.status_code == 403


class TestApiTokens:
    def test_a_power_holder_makes_a_write_token_only_with_a_second_factor(self, staff):
        client = signed_in(staff)
        response = client.post(reverse("api_tokens"), {"name": "Robot", "scope": "write"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
        assert not AccessToken.objects.exists()
        # A read token gives no power: it needs none.
        assert (
            client.post(reverse("api_tokens"), {"name": "Lecteur", "scope": "read"}).status_code
            == 200
        )
        assert AccessToken.objects.get().scope == "read"

    def test_a_token_exercises_powers_only_when_its_owner_has_a_second_factor(self, staff):
        _token, secret = token_services.create_token(user=staff, name="Robot", scope="write")
        api = ApiClient(secret)
        response = api.get("/api/v1/applications")
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
        assert "double authentification" in response.json()["detail"]

        enable_totp(staff)
        # Made while its owner had no second factor: it still may not.
        assert api.get("/api/v1/applications").status_code == 403
        _token, secret = token_services.create_token(user=staff, name="Robot 2", scope="write")
        assert ApiClient(secret).get("/api/v1/applications").status_code == 200

    def test_a_members_token_still_acts_as_a_member(self, college, staff, member):
        _token, secret = token_services.create_token(user=member, name="Robot", scope="write")
        assert ApiClient(secret).get("/api/v1/requests/mine").status_code == 200


def test_staff_power_check_costs_nothing_to_members(college, staff, client):
    """Members ask no question about second factors: their roles answer no first."""
    from club.core.accounts import second_factor
    from colleges import rules

    member = member_of(college, staff=staff)
    with second_factor.acting(lambda: member, lambda: pytest.fail("asked")):
        assert not rules.can_moderate_college(member, college)
    boss = StaffFactory(email="autre@club.example")
    with second_factor.acting(lambda: boss, lambda: False) as state:
        assert not rules.can_moderate_college(boss, college)
        assert state.withheld == ["staff"]
        # Questions about someone else answer as usual.
        assert rules.is_staff(staff)

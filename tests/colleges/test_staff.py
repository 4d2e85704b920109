import pytest
from django.core import mail
from django.urls import reverse

from club.core.accounts.middleware import MFA_REQUIRED_MESSAGE
from colleges import services
from colleges.models import (
    Application,
    ApplicationDecision,
    DelegateMandate,
    FacilitatorRole,
    Membership,
)
from tests.colleges.factories import activate_totp, make_facilitator
from tests.colleges.helpers import page_text
from tests.factories import CollegeFactory, UserFactory, make_member, qualification_for

pytestmark = pytest.mark.django_db


def submit(college, user=None, **overrides):
    return services.submit_application(
        applicant=user or UserFactory(),
        college=college,
        charter=college.current_charter,
        **qualification_for(college, **overrides),
    )


@pytest.fixture
def application(college):
    return submit(college, organisation_name="Menuiserie Michel")


def review_url(application):
    return reverse("colleges:review", args=[application.pk])


def test_queue_lists_open_applications_oldest_first_and_filters_by_college(
    client, mfa_staff, college, other_college
):
    first = submit(college, organisation_name="Première SARL")
    second = submit(other_college, organisation_name="Seconde SAS")
    decided = submit(college, organisation_name="Déjà Refusée")
    services.reject_application(application=decided, actor=mfa_staff, reason="Hors sujet")
    client.force_login(mfa_staff)
    html = page_text(client.get(reverse("colleges:queue")))
    assert html.index("Première SARL") < html.index("Seconde SAS")
    assert "Déjà Refusée" not in html
    # Filed a moment ago, in words ("maintenant", "il y a 3 secondes"), never "0 minute".
    assert "0 minute" not in html and ("il y a" in html or "maintenant" in html)
    html = page_text(client.get(reverse("colleges:queue"), {"college": other_college.slug}))
    assert "Seconde SAS" in html
    assert "Première SARL" not in html
    assert reverse("colleges:review", args=[first.pk]) not in html
    assert reverse("colleges:review", args=[second.pk]) in html


@pytest.mark.parametrize("rows", [3, 9])
def test_queue_query_count_stays_constant(
    client, mfa_staff, college, other_college, rows, django_assert_max_num_queries
):
    for index in range(rows):
        submit(college if index % 2 else other_college)
    client.force_login(mfa_staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("colleges:queue"))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == rows


def test_approving_makes_a_member_and_tells_the_applicant(
    client, mfa_staff, application, django_capture_on_commit_callbacks
):
    client.force_login(mfa_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(application), {"action": "approve"})
    assert response.status_code == 302
    assert Membership.objects.active().filter(user=application.applicant).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [application.applicant.email]
    assert "Bienvenue dans le collège" in mail.outbox[0].subject
    assert reverse("colleges:my_space") in mail.outbox[0].body


def test_rejecting_needs_a_reason_and_keeps_what_was_typed(client, mfa_staff, application):
    client.force_login(mfa_staff)
    response = client.post(review_url(application), {"action": "reject", "reject-reason": "   "})
    assert response.status_code == 200
    assert "Champ requis" in page_text(response)
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_rejecting_with_a_reason_records_and_emails_it(
    client, mfa_staff, application, django_capture_on_commit_callbacks
):
    client.force_login(mfa_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            review_url(application),
            {"action": "reject", "reject-reason": "Votre activité relève d'un autre collège."},
        )
    decision = application.decisions.get(action=ApplicationDecision.Action.REJECTED)
    assert decision.actor == mfa_staff
    assert decision.reason == "Votre activité relève d'un autre collège."
    assert "n'a pas été retenue" in mail.outbox[0].subject
    assert "Votre activité relève d'un autre collège." in mail.outbox[0].body


def test_asking_for_information_then_resubmitting(
    client, mfa_staff, application, django_capture_on_commit_callbacks
):
    client.force_login(mfa_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            review_url(application),
            {"action": "info", "info-reason": "Précisez votre canal de dépôt."},
        )
    application.refresh_from_db()
    assert application.status == Application.Status.NEEDS_INFO
    assert "complément demandé" in mail.outbox[0].subject

    client.force_login(application.applicant)
    space = page_text(client.get(reverse("colleges:my_space")))
    assert "Précisez votre canal de dépôt." in space
    url = reverse("colleges:resubmit", args=[application.pk])
    data = qualification_for(application.college, motivation="Je dépose par API.")
    data["siret"] = application.siret
    data["sending_channels"] = ["api"]
    response = client.post(url, data)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert application.sending_channels == ["api"]


def test_moving_to_another_college(
    client, mfa_staff, application, other_college, django_capture_on_commit_callbacks
):
    client.force_login(mfa_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            review_url(application),
            {
                "action": "move",
                "move-to_college": other_college.pk,
                "move-reason": "Vous éditez un logiciel.",
            },
        )
    application.refresh_from_db()
    assert application.college == other_college
    assert "transférée" in mail.outbox[0].subject


def test_a_moved_application_asks_for_the_new_colleges_charter_and_questions(
    client, mfa_staff, application, other_college
):
    """Issue 21.7: after a move the applicant was accepted into the vendors' college without
    accepting its charter or saying which software they offer."""
    from club.core.gdpr.models import ConsentRecord
    from colleges.models import Charter

    charter = Charter.objects.create(
        college=other_college, version=3, title="Charte des éditeurs", body="Loyauté."
    )
    services.move_application(
        application=application, actor=mfa_staff, to_college=other_college, reason="Éditeur"
    )
    application.refresh_from_db()
    assert application.status == Application.Status.NEEDS_INFO
    assert application.charter is None
    with pytest.raises(services.DomainError, match="pas encore accepté la charte"):
        services.approve_application(application=application, actor=mfa_staff)

    client.force_login(application.applicant)
    url = reverse("colleges:resubmit", args=[application.pk])
    page = client.get(url)
    html = page_text(page)
    assert "Charte des éditeurs" in html and "Version en vigueur : 3" in html
    assert "transférée au collège « Éditeurs »" in html

    data = {
        name: value
        for name, value in page.context["form"].initial.items()
        if value not in (None, "", [])
    }
    data["organisation_kind"] = application.organisation_kind
    response = client.post(url, data)
    assert response.status_code == 200, "without the charter nor the software, refused"
    errors = response.context["form"].errors
    assert "accept_charter" in errors and "software_offered" in errors
    assert 'value="Menuiserie Michel"' in response.content.decode(), "what was typed is kept"

    data |= {"accept_charter": "on", "charter_version": "3", "software_offered": "Facturia"}
    assert client.post(url, data).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert application.charter == charter and application.software_offered == "Facturia"
    assert ConsentRecord.objects.filter(
        user=application.applicant, reference="editeurs", version="3"
    ).exists()
    membership = services.approve_application(application=application, actor=mfa_staff)
    assert membership.college == other_college


def test_deciding_twice_shows_a_message_not_an_error(client, mfa_staff, application):
    services.approve_application(application=application, actor=mfa_staff)
    client.force_login(mfa_staff)
    response = client.post(review_url(application), {"action": "reject", "reject-reason": "Non"})
    assert response.status_code == 200
    assert "cette action n'est plus possible" in page_text(response)


def test_staff_without_two_factor_is_sent_to_set_it_up(client, staff, application):
    client.force_login(staff)
    response = client.get(reverse("colleges:queue"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("mfa_activate_totp"))
    assert str(MFA_REQUIRED_MESSAGE) in page_text(response)
    response = client.post(review_url(application), {"action": "approve"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


def test_facilitator_without_two_factor_is_sent_to_set_it_up(client, college, staff):
    facilitator = make_facilitator(college, staff=staff, mfa=False)
    client.force_login(facilitator)
    response = client.get(reverse("colleges:members", args=[college.slug]), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("mfa_activate_totp"))
    assert str(MFA_REQUIRED_MESSAGE) in page_text(response)
    activate_totp(facilitator)
    client.force_login(facilitator)  # signs in again, this time with the second factor
    assert client.get(reverse("colleges:members", args=[college.slug])).status_code == 200


def test_suspend_needs_a_reason_then_reinstate(client, mfa_staff, college, member):
    membership = Membership.objects.get(user=member, college=college)
    client.force_login(mfa_staff)
    url = reverse("colleges:suspend", args=[membership.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Champ requis" in page_text(response)
    response = client.post(url, {"reason": "Propos injurieux répétés"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.SUSPENDED
    html = page_text(client.get(reverse("colleges:members", args=[college.slug])))
    assert "Propos injurieux répétés" in html
    client.post(reverse("colleges:reinstate", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE


def test_appointing_facilitators_until_the_seats_are_full(client, mfa_staff, staff):
    small = CollegeFactory(name="Petit collège", slug="petit", facilitator_seats=1)
    first = make_member(small, staff=staff).user
    second = make_member(small, staff=staff).user
    client.force_login(mfa_staff)
    url = reverse("colleges:roles", args=[small.slug])
    response = client.post(url, {"action": "facilitator", "facilitator-user": first.pk})
    assert response.status_code == 302
    response = client.post(url, {"action": "facilitator", "facilitator-user": second.pk})
    assert response.status_code == 200
    html = page_text(response)
    assert "Les 1 sièges d'animateurs du collège « Petit collège » sont tous occupés." in html
    assert f'<option value="{second.pk}" selected>' in html, "the chosen person stays selected"
    assert FacilitatorRole.objects.current().filter(college=small).count() == 1


def test_recording_a_delegate_with_a_term_and_ending_it(client, mfa_staff, college, member):
    client.force_login(mfa_staff)
    url = reverse("colleges:roles", args=[college.slug])
    response = client.post(
        url,
        {
            "action": "delegate",
            "delegate-user": member.pk,
            "delegate-term_ends_on": "2027-12-31",
            "delegate-source": "election",
        },
    )
    assert response.status_code == 302
    mandate = DelegateMandate.objects.current().get(user=member)
    assert str(mandate.term_ends_on) == "2027-12-31"
    assert mandate.source == "election"
    assert "31 décembre 2027" in page_text(client.get(url))
    client.post(reverse("colleges:end_role", args=["delegue", mandate.pk]))
    assert not DelegateMandate.objects.current().filter(user=member).exists()


@pytest.mark.parametrize("rows", [3, 9])
def test_members_page_query_count_stays_constant(
    client, mfa_staff, college, staff, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        make_member(college, staff=staff)
    client.force_login(mfa_staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("colleges:members", args=[college.slug]))
    assert len(response.context["page_obj"].object_list) == rows


def test_review_names_the_sending_channels_in_words(client, mfa_staff, application):
    client.force_login(mfa_staff)
    html = page_text(client.get(review_url(application)))
    assert "Saisie ou dépôt sur le portail" in html
    assert "<dd>portal</dd>" not in html

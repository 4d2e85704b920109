import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.urls import reverse

from club.core.accounts.models import ERASED_EMAIL_DOMAIN
from club.core.audit.models import AuditEntry
from club.core.domain import DomainError
from club.core.gdpr import registry
from club.core.gdpr.models import ConsentRecord
from club.core.gdpr.services import erase_account
from colleges.models import (
    Application,
    ApplicationDecision,
    DelegateMandate,
    FacilitatorRole,
    Membership,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_erasure_removes_personal_data(person):
    erase_account(user=person, password=PASSWORD)
    person.refresh_from_db()
    assert person.email.endswith("@" + ERASED_EMAIL_DOMAIN)
    assert "camille" not in person.email
    assert (person.first_name, person.last_name) == ("", "")
    assert not person.is_active
    assert not person.has_usable_password()
    assert str(person) == "Membre supprimé"
    assert person.get_short_name() == "Membre supprimé"
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert not ConsentRecord.objects.filter(user=person).exists()


def test_erasure_keeps_memberships_and_applications_anonymised(person, college, other_college):
    erase_account(user=person, password=PASSWORD)
    membership = Membership.objects.get(user=person, college=college)
    assert membership.status == Membership.Status.LEFT
    assert membership.organisation_name == ""
    assert not membership.in_directory
    applications = Application.objects.filter(applicant=person)
    assert applications.count() == 2
    for application in applications:
        assert application.organisation_name == ""
        assert application.motivation == ""
        assert application.role_in_organisation == ""
        assert application.software_offered == ""
        assert application.siret == "0" * 14
    pending = applications.get(college=other_college)
    assert pending.status == Application.Status.WITHDRAWN
    assert pending.decisions.filter(action=ApplicationDecision.Action.WITHDRAWN).exists()
    assert not FacilitatorRole.objects.current().filter(user=person).exists()
    assert not DelegateMandate.objects.current().filter(user=person).exists()
    assert FacilitatorRole.objects.filter(user=person).get().end_reason


def test_erasure_leaves_other_people_alone(person, someone_else):
    erase_account(user=person, password=PASSWORD)
    someone_else.refresh_from_db()
    assert someone_else.email == "dominique.martin@exemple.fr"
    assert someone_else.is_active
    assert Membership.objects.active().filter(user=someone_else).exists()
    assert ConsentRecord.objects.filter(user=someone_else).exists()


def test_erased_person_cannot_log_in(client, person):
    assert client.login(email="camille.durand@exemple.fr", password=PASSWORD)
    client.logout()
    erase_account(user=person, password=PASSWORD)
    person.refresh_from_db()
    assert not client.login(email="camille.durand@exemple.fr", password=PASSWORD)
    assert not client.login(email=person.email, password=PASSWORD)
    response = client.post(
        reverse("account_login"), {"login": "camille.durand@exemple.fr", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_wrong_password_changes_nothing(person):
    with pytest.raises(DomainError) as error:
        erase_account(user=person, password="pas-le-bon")
    assert error.value.code == "wrong_password"
    person.refresh_from_db()
    assert person.email == "camille.durand@exemple.fr"
    assert person.is_active
    assert Membership.objects.active().filter(user=person).exists()
    assert not AuditEntry.objects.filter(action="personal_data.erased").exists()


def test_erasure_is_all_or_nothing(person):
    """A failing eraser rolls back what the others did."""

    def broken(user):
        raise IntegrityError("boom")

    registry.register("broken", label="Cassé", exporter=lambda user: {}, eraser=broken, order=999)
    try:
        with pytest.raises(IntegrityError):
            erase_account(user=person, password=PASSWORD)
    finally:
        registry.unregister("broken")
    person.refresh_from_db()
    assert person.is_active
    assert ConsentRecord.objects.filter(user=person).exists()
    assert Application.objects.filter(applicant=person, motivation="").count() == 0


def test_erasure_is_audited_without_personal_data(person):
    erase_account(user=person, password=PASSWORD)
    entry = AuditEntry.objects.get(action="personal_data.erased")
    assert entry.actor_id == person.pk
    assert entry.actor_label == "Membre supprimé"
    assert entry.target_label == "Membre supprimé"
    assert "camille" not in str(entry.after).lower()


def test_an_erased_account_cannot_be_erased_again(person):
    erase_account(user=person, password=PASSWORD)
    with pytest.raises(DomainError):
        erase_account(user=person, password=PASSWORD)


def test_member_counts_drop_at_once_when_an_account_is_erased(person, college):
    """The cached headcounts follow the erasure at once, not when the cache expires."""
    from colleges.selectors import overall_headcounts

    before = overall_headcounts()  # cached now
    erase_account(user=person, password=PASSWORD)
    after = overall_headcounts()
    assert after.memberships == before.memberships - 1
    assert after.people == before.people - 1

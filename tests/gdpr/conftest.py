import pytest
from allauth.mfa.models import Authenticator

from club.core.gdpr.services import record_consent, record_privacy_consent
from colleges import services as colleges_services
from tests.factories import UserFactory, make_member, qualification_for


@pytest.fixture
def person(college, other_college, staff):
    """A member with something in every section: roles, a pending application, consents, MFA."""
    user = UserFactory(email="camille.durand@exemple.fr", first_name="Camille", last_name="Durand")
    make_member(college, user=user, staff=staff)
    colleges_services.appoint_facilitator(college=college, user=user, actor=staff)
    colleges_services.appoint_delegate(college=college, user=user, actor=staff)
    colleges_services.submit_application(
        applicant=user,
        college=other_college,
        charter=None,
        **qualification_for(
            other_college,
            organisation_name="Durand Logiciels",
            role_in_organisation="Directrice technique",
            motivation="Motivation très personnelle de Camille.",
        ),
    )
    record_privacy_consent(user=user)
    record_consent(user=user, document="charter", version="3", reference="fournisseurs")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


@pytest.fixture
def someone_else(college, staff):
    user = UserFactory(
        email="dominique.martin@exemple.fr", first_name="Dominique", last_name="Martin"
    )
    make_member(college, user=user, staff=staff)
    record_consent(user=user, document="charter", version="7", reference="autre")
    return user

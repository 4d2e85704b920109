import pytest
from allauth.mfa.models import Authenticator

from tests.factories import StaffFactory


@pytest.fixture
def staff_with_mfa(db):
    """Staff who sign in with a second factor, as the audit log requires."""
    person = StaffFactory(email="audit@club.example", first_name="Aude", last_name="Itrice")
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return person

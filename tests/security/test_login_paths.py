"""Every way to sign in asks for the second factor of people who have one."""

import pytest

from tests.colleges.factories import MfaStaffFactory
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/_util/login/", "/en/_util/login/"])
def test_wagtail_front_end_login_cannot_skip_the_second_factor(client, path):
    staff = MfaStaffFactory(is_superuser=True)
    response = client.post(path, {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "/compte/login/" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert client.get("/cms/").status_code == 302
    assert client.get("/django-admin/").status_code == 302


def test_private_pages_send_visitors_to_the_club_login(settings):
    assert settings.WAGTAIL_FRONTEND_LOGIN_URL == "/compte/login/"

from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.urls import reverse

from club.core.accounts.second_factor import has_mfa
from colleges import services
from tests.accounts.conftest import enable_totp, totp_code
from tests.factories import PASSWORD, StaffFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


def activate_url(next_path: str) -> str:
    return f"{reverse('mfa_activate_totp')}?next={quote(next_path, safe='/')}"


def test_has_mfa_counts_an_authenticator_app_not_recovery_codes_alone():
    user = UserFactory()
    assert not has_mfa(user)
    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={})
    assert not has_mfa(user)
    enable_totp(user)
    assert has_mfa(user)


@pytest.mark.urls("tests.accounts.urls")
class TestPowersNeedASecondFactor:
    @pytest.mark.parametrize("path", ["/test/moderer/", "/test/valider/"])
    def test_a_facilitator_without_second_factor_is_sent_to_set_it_up(
        self, client, college, staff, path
    ):
        facilitator = make_member(college, staff=staff).user
        services.appoint_facilitator(college=college, user=facilitator, actor=staff)
        client.force_login(facilitator)

        response = client.get(path)

        assert response.status_code == 302
        assert response["Location"] == activate_url(path)
        [message] = get_messages(response.wsgi_request)
        assert "activez d'abord la double authentification" in str(message)

    @pytest.mark.parametrize("path", ["/test/moderer/", "/test/valider/"])
    def test_with_a_second_factor_the_view_runs(self, client, path):
        user = StaffFactory()
        enable_totp(user)
        client.force_login(user)
        response = client.get(path)
        assert response.status_code == 200

    def test_anonymous_visitors_are_sent_to_the_login_page(self, client):
        response = client.get("/test/moderer/")
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next=/test/moderer/"


class TestBackOffices:
    @pytest.mark.parametrize("path", ["/cms/", "/django-admin/"])
    def test_staff_without_second_factor_are_sent_to_set_it_up(self, client, path):
        client.force_login(StaffFactory())
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == activate_url(path)
        [message] = get_messages(response.wsgi_request)
        assert "exige la double authentification" in str(message)

    def test_a_drafter_given_cms_access_needs_a_second_factor_too(self, client):
        from django.contrib.auth.models import Group, Permission

        drafters = Group.objects.create(name="Rédacteurs")
        drafters.permissions.add(Permission.objects.get(codename="access_admin"))
        drafter = UserFactory()
        drafter.groups.add(drafters)
        client.force_login(drafter)
        response = client.get("/cms/")
        assert response.status_code == 302
        assert response["Location"] == activate_url("/cms/")

    @pytest.mark.parametrize("path", ["/cms/", "/django-admin/"])
    def test_staff_with_second_factor_get_in(self, client, path):
        user = StaffFactory(is_superuser=True)
        enable_totp(user)
        client.force_login(user)
        assert client.get(path).status_code == 200

    @pytest.mark.parametrize(
        "path,expected_next", [("/cms/login/", "/cms/"), ("/django-admin/login/", "/django-admin/")]
    )
    def test_back_office_login_forms_give_way_to_ours_with_its_second_factor_step(
        self, client, path, expected_next
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={expected_next}"

    def test_members_signed_in_are_refused_without_a_login_loop(self, client):
        client.force_login(UserFactory())
        response = client.get("/cms/", follow=True)
        # Wagtail sends them to its login page, which refuses instead of offering a form
        # that would skip the second factor.
        assert response.redirect_chain == [("/cms/login/?next=/cms/", 302)]
        assert response.status_code == 403


class TestTotp:
    def test_login_asks_for_the_code_of_the_authenticator_app(self, client):
        user = StaffFactory(is_superuser=True)
        secret = enable_totp(user)

        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
        assert response["Location"] == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session

        wrong = "000000" if totp_code(secret) != "000000" else "111111"
        response = client.post(reverse("mfa_authenticate"), {"code": wrong})
        assert response.status_code == 200
        assert "Code incorrect" in response.content.decode()
        assert "_auth_user_id" not in client.session

        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)
        assert client.get("/cms/").status_code == 200

    def test_activation_with_a_real_code_creates_recovery_codes(self, client):
        user = StaffFactory()
        client.force_login(user)
        # Setting up a factor asks for the password again.
        response = client.get(reverse("mfa_activate_totp"))
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert response.status_code == 302

        page = client.get(reverse("mfa_activate_totp"))
        assert page.status_code == 200
        html = page.content.decode()
        assert 'class="club-qr' in html
        secret = client.session["mfa.totp.secret"]

        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

        assert response.status_code == 302
        assert has_mfa(user)
        assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
            "totp",
            "recovery_codes",
        }
        codes_page = client.get(response["Location"])
        assert codes_page.status_code == 200

    def test_a_recovery_code_replaces_the_app(self, client):
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

        user = StaffFactory()
        enable_totp(user)
        codes = RecoveryCodes.activate(user).generate_codes()

        client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(user.pk)

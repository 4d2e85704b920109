"""Every page of the colleges, walked by every kind of person, with the status each one gets."""

import pytest
from django.urls import reverse

from colleges import services
from colleges.models import Membership
from tests.colleges.factories import MfaStaffFactory, make_delegate, make_facilitator
from tests.factories import UserFactory, make_member, qualification_for

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "applicant", "other_member", "member", "facilitator", "delegate", "staff"]
LOGIN = 302  # anonymous visitors are sent to the login page

OPEN = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": LOGIN}
STAFF_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": LOGIN, "staff": 200}

EXPECTED = {
    "index": OPEN,
    "detail": OPEN,
    "plenary": OPEN,
    "apply": SIGNED_IN,
    "apply_to": SIGNED_IN,
    "my_space": SIGNED_IN,
    "resubmit": {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "applicant": 200},
    "leave": {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "member": 200},
    "directory": {
        **dict.fromkeys(ROLES, 200),
        "anonymous": LOGIN,
        "applicant": 403,
        "other_member": 403,
    },
    "profile": {
        **dict.fromkeys(ROLES, 200),
        "anonymous": LOGIN,
        "applicant": 404,
        "other_member": 404,
    },
    "queue": STAFF_ONLY,
    "review": STAFF_ONLY,
    "members": {**STAFF_ONLY, "facilitator": 200},
    "suspend": STAFF_ONLY,
    "roles": STAFF_ONLY,
}


@pytest.fixture
def world(college, other_college, plenary, staff):
    applicant = UserFactory()
    application = services.submit_application(
        applicant=applicant, college=college, charter=None, **qualification_for(college)
    )
    services.request_more_information(application=application, actor=staff, request="SIRET ?")
    member_membership = make_member(college, staff=staff)
    services.set_directory_visibility(
        membership=member_membership, user=member_membership.user, visible=True
    )
    people = {
        "anonymous": None,
        "applicant": applicant,
        "other_member": make_member(other_college, staff=staff).user,
        "member": member_membership.user,
        "facilitator": make_facilitator(college, staff=staff),
        "delegate": make_delegate(college, staff=staff),
        "staff": MfaStaffFactory(),
    }
    urls = {
        "index": reverse("colleges:index"),
        "detail": reverse("colleges:detail", args=[college.slug]),
        "plenary": reverse("colleges:detail", args=[plenary.slug]),
        "apply": reverse("colleges:apply"),
        "apply_to": reverse("colleges:apply_to", args=[other_college.slug]),
        "my_space": reverse("colleges:my_space"),
        "resubmit": reverse("colleges:resubmit", args=[application.pk]),
        "leave": reverse("colleges:leave", args=[member_membership.pk]),
        "directory": reverse("colleges:directory", args=[college.slug]),
        "profile": reverse("colleges:profile", args=[member_membership.user.pk]),
        "queue": reverse("colleges:queue"),
        "review": reverse("colleges:review", args=[application.pk]),
        "members": reverse("colleges:members", args=[college.slug]),
        "suspend": reverse(
            "colleges:suspend",
            args=[Membership.objects.get(user=people["other_member"]).pk],
        ),
        "roles": reverse("colleges:roles", args=[college.slug]),
    }
    return people, urls


def test_every_page_answers_each_role_as_expected(client, world):
    people, urls = world
    assert set(urls) == set(EXPECTED), "every page of the colleges is in the table"
    seen = {}
    for role in ROLES:
        client.logout()
        if people[role] is not None:
            client.force_login(people[role])
        for page, url in urls.items():
            response = client.get(url)
            seen[(page, role)] = response.status_code
            if response.status_code == LOGIN and role == "anonymous":
                assert response["Location"].startswith(reverse("account_login"))
    expected = {(page, role): EXPECTED[page][role] for page in urls for role in ROLES}
    mismatches = {key: (seen[key], expected[key]) for key in expected if seen[key] != expected[key]}
    assert not mismatches, mismatches


@pytest.mark.parametrize(
    "name", ["withdraw", "directory_visibility", "reinstate", "end_role_facilitator"]
)
def test_post_only_actions_refuse_strangers(client, world, name, college):
    people, _urls = world
    from colleges.models import Application, FacilitatorRole

    application = Application.objects.get(applicant=people["applicant"])
    membership = Membership.objects.get(user=people["member"], college=college)
    role = FacilitatorRole.objects.get(user=people["facilitator"])
    url = {
        "withdraw": reverse("colleges:withdraw", args=[application.pk]),
        "directory_visibility": reverse("colleges:directory_visibility", args=[membership.pk]),
        "reinstate": reverse("colleges:reinstate", args=[membership.pk]),
        "end_role_facilitator": reverse("colleges:end_role", args=["animateur", role.pk]),
    }[name]
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(people["other_member"])
    assert client.post(url).status_code in (403, 404)
    assert client.get(url).status_code == 405

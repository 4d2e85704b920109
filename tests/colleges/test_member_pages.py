import pytest
from django.urls import reverse

from colleges import services
from colleges.models import Application, Membership
from tests.colleges.factories import CharterFactory
from tests.colleges.helpers import page_text
from tests.factories import UserFactory, make_member, qualification_for

pytestmark = pytest.mark.django_db


def submit(college, user):
    return services.submit_application(
        applicant=user, college=college, charter=None, **qualification_for(college)
    )


def test_index_shows_each_college_headcount_and_distinct_people(
    client, college, other_college, plenary, staff
):
    both = make_member(college, staff=staff).user
    make_member(other_college, user=both, staff=staff)
    make_member(college, staff=staff)
    html = page_text(client.get(reverse("colleges:index")))
    # 2 people in the suppliers' college, 1 in the vendors', 2 distinct people for 3 memberships.
    assert "2 membres" in html
    assert "1 membre" in html
    assert "pour 3 adhésions aux collèges" in html
    assert "2 participants, tous collèges confondus" in html
    assert reverse("colleges:apply") in html


@pytest.mark.parametrize("rows", [2, 6])
def test_index_query_count_does_not_grow(
    client, college, plenary, staff, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        make_member(college, staff=staff)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("colleges:index")).status_code == 200


def test_home_page_shows_colleges_with_live_headcounts(client, college, plenary, staff):
    make_member(college, staff=staff)
    make_member(college, staff=staff)
    html = page_text(client.get("/"))
    assert "Les collèges du club" in html
    assert college.name in html
    assert "2 membres" in html


def test_college_page_for_a_visitor_explains_how_to_join(client, college, staff):
    CharterFactory(college=college, version=1, title="Charte des fournisseurs")
    facilitator = make_member(college, staff=staff).user
    services.appoint_facilitator(college=college, user=facilitator, actor=staff)
    html = page_text(client.get(reverse("colleges:detail", args=[college.slug])))
    assert "Comment rejoindre ce collège" in html
    assert reverse("colleges:apply_to", args=[college.slug]) in html
    assert "Charte des fournisseurs" in html
    assert facilitator.get_full_name() in html
    assert reverse("colleges:directory", args=[college.slug]) not in html


def test_college_page_for_a_member_links_to_its_space(client, college, member):
    client.force_login(member)
    html = page_text(client.get(reverse("colleges:detail", args=[college.slug])))
    assert "L'espace du collège" in html
    assert reverse("colleges:directory", args=[college.slug]) in html


def test_my_space_shows_decisions_with_who_when_why(client, college, other_college, staff, user):
    rejected = submit(college, user)
    services.reject_application(
        application=rejected, actor=staff, reason="Votre activité relève des éditeurs."
    )
    approved = submit(other_college, user)
    services.approve_application(application=approved, actor=staff)
    client.force_login(user)
    html = page_text(client.get(reverse("colleges:my_space")))
    assert "Refusée" in html
    assert "Votre activité relève des éditeurs." in html
    assert f"par {staff.get_full_name()}, équipe du club" in html
    assert "Acceptée" in html
    assert reverse("colleges:detail", args=[other_college.slug]) in html


def test_withdraw_an_application(client, college, user):
    application = submit(college, user)
    client.force_login(user)
    response = client.post(reverse("colleges:withdraw", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_nobody_withdraws_someone_elses_application(client, college, user):
    application = submit(college, UserFactory())
    client.force_login(user)
    assert client.post(reverse("colleges:withdraw", args=[application.pk])).status_code == 404


def test_leave_a_college_after_confirming(client, college, member):
    membership = Membership.objects.get(user=member, college=college)
    client.force_login(member)
    url = reverse("colleges:leave", args=[membership.pk])
    assert "Quitter le collège" in page_text(client.get(url))
    client.post(url)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT


def test_directory_lists_only_members_who_opted_in(client, college, other_college, staff, member):
    listed = make_member(college, staff=staff)
    hidden = make_member(college, staff=staff)
    elsewhere = make_member(other_college, staff=staff)
    services.set_directory_visibility(membership=elsewhere, user=elsewhere.user, visible=True)
    client.force_login(listed.user)
    client.post(reverse("colleges:directory_visibility", args=[listed.pk]), {"visible": "1"})
    client.force_login(member)
    html = page_text(client.get(reverse("colleges:directory", args=[college.slug])))
    assert listed.user.get_full_name() in html
    assert hidden.user.get_full_name() not in html
    assert elsewhere.user.get_full_name() not in html
    profile = client.get(reverse("colleges:profile", args=[listed.user.pk]))
    assert profile.status_code == 200
    assert client.get(reverse("colleges:profile", args=[hidden.user.pk])).status_code == 404
    assert client.get(reverse("colleges:profile", args=[elsewhere.user.pk])).status_code == 404


def test_member_hides_again_from_the_directory(client, college, member):
    membership = Membership.objects.get(user=member, college=college)
    client.force_login(member)
    url = reverse("colleges:directory_visibility", args=[membership.pk])
    client.post(url, {"visible": "1"})
    membership.refresh_from_db()
    assert membership.in_directory
    client.post(url, {"visible": "0"})
    membership.refresh_from_db()
    assert not membership.in_directory


@pytest.mark.parametrize("rows", [3, 9])
def test_directory_query_count_stays_constant(
    client, college, staff, member, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        membership = make_member(college, staff=staff)
        services.set_directory_visibility(membership=membership, user=membership.user, visible=True)
    client.force_login(member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("colleges:directory", args=[college.slug]))
    assert len(response.context["memberships"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_my_space_query_count_stays_constant(
    client, staff, user, rows, django_assert_max_num_queries
):
    from tests.factories import CollegeFactory

    for index in range(rows):
        college = CollegeFactory(slug=f"c-{index}")
        services.approve_application(application=submit(college, user), actor=staff)
        other = CollegeFactory(slug=f"d-{index}")
        services.reject_application(application=submit(other, user), actor=staff, reason="Non")
    client.force_login(user)
    # Each section of the page (colleges.my_space) costs a fixed number of queries.
    with django_assert_max_num_queries(18):
        assert client.get(reverse("colleges:my_space")).status_code == 200


def test_resubmitting_an_application_nobody_asked_about_is_refused(client, college, user):
    application = submit(college, user)
    client.force_login(user)
    response = client.get(reverse("colleges:resubmit", args=[application.pk]), follow=True)
    assert "Cette candidature n'attend pas de complément." in page_text(response)


def test_suspended_member_sees_why_and_cannot_apply_again(client, college, staff, member):
    membership = Membership.objects.get(user=member, college=college)
    services.suspend_membership(membership=membership, actor=staff, reason="Propos injurieux")
    client.force_login(member)
    assert "Propos injurieux" in page_text(client.get(reverse("colleges:my_space")))
    response = client.post(
        reverse("colleges:apply_to", args=[college.slug]), qualification_for(college)
    )
    assert "est suspendue : contactez l'équipe du club" in page_text(response)

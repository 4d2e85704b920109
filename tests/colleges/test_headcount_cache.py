"""Headcounts on the home page and the colleges' index are cached, and exact after a change."""

from colleges import selectors, services
from tests.factories import StaffFactory, UserFactory, make_member


def test_headcounts_are_cached_then_dropped_when_a_membership_changes(
    college, django_assert_num_queries
):
    staff = StaffFactory()
    membership = make_member(college, UserFactory(), staff=staff)
    assert selectors.overall_headcounts().people == 1
    assert [c.member_count for c in selectors.colleges_with_headcounts()] == [1]
    with django_assert_num_queries(0):
        assert selectors.overall_headcounts().people == 1
        assert selectors.colleges_with_headcounts()[0].member_count == 1

    make_member(college, UserFactory(), staff=staff)
    assert selectors.overall_headcounts().people == 2
    assert selectors.colleges_with_headcounts()[0].member_count == 2

    services.suspend_membership(membership=membership, actor=staff, reason="Test")
    assert selectors.overall_headcounts().people == 1
    assert selectors.colleges_with_headcounts()[0].member_count == 1


def test_a_renamed_college_is_shown_under_its_new_name(college):
    assert selectors.colleges_with_headcounts()[0].name == college.name
    college.name = "Fournisseurs et sous-traitants"
    college.save()
    assert selectors.colleges_with_headcounts()[0].name == "Fournisseurs et sous-traitants"

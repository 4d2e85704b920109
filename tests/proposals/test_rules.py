"""The named permission rules, asked by every layer."""

import pytest

from proposals import rules
from proposals.models import ChangeRequest, Status
from tests.factories import UserFactory
from tests.proposals.factories import make_request, member_of


@pytest.fixture
def draft(member, college):
    return make_request(member, college, submit=False)


def test_drafts_are_seen_by_their_author_and_staff_only(draft, member, second_member, staff):
    assert rules.can_view_request(member, draft)
    assert rules.can_view_request(staff, draft)
    assert not rules.can_view_request(second_member, draft)
    assert not rules.can_view_request(UserFactory(), draft)


def test_support_rule_follows_membership_authorship_and_state(
    change_request, member, second_member, other_college, staff
):
    assert rules.can_support_request(second_member, change_request)
    assert not rules.can_support_request(member, change_request)
    assert not rules.can_support_request(member_of(other_college, staff=staff), change_request)
    ChangeRequest.objects.filter(pk=change_request.pk).update(status=Status.DELIVERED)
    change_request.refresh_from_db()
    assert not rules.can_support_request(second_member, change_request)


def test_facilitators_moderate_and_delegates_carry(
    change_request, facilitator, delegate, member, staff
):
    assert rules.can_moderate_request(facilitator, change_request)
    assert rules.can_moderate_request(staff, change_request)
    assert not rules.can_moderate_request(member, change_request)
    assert rules.can_carry_request(delegate, change_request)
    assert rules.can_carry_request(staff, change_request)
    assert not rules.can_carry_request(facilitator, change_request)


def test_any_delegate_carries_plenary_requests(member, plenary, delegate):
    request = make_request(member, plenary)
    assert rules.can_carry_request(delegate, request)


def test_registered_permission_names(change_request, second_member):
    assert second_member.has_perm("proposals.support_request", change_request)
    assert not second_member.has_perm("proposals.moderate_request", change_request)

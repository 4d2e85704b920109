import threading

import pytest
from django.db import connection

from club.core.domain import DomainError
from proposals import services
from proposals.models import ChangeRequest, Follow, Position, Status, Support
from tests.factories import UserFactory, make_member
from tests.proposals.factories import make_request, member_of


def test_a_member_supports_once(change_request, second_member):
    services.support_request(request=change_request, member=second_member)
    assert change_request.support_count == 1
    with pytest.raises(DomainError) as refused:
        services.support_request(request=change_request, member=second_member)
    assert refused.value.message == "Vous soutenez déjà cette demande : un soutien par membre."
    change_request.refresh_from_db()
    assert change_request.support_count == 1
    assert Support.objects.filter(request=change_request).count() == 1
    assert Follow.objects.filter(request=change_request, user=second_member).exists()


def test_the_author_and_outsiders_cannot_support(change_request, member, other_college, staff):
    outsider = member_of(other_college, staff=staff)
    with pytest.raises(DomainError, match="auteur"):
        services.support_request(request=change_request, member=member)
    with pytest.raises(DomainError, match="Seuls les membres du collège"):
        services.support_request(request=change_request, member=outsider)
    with pytest.raises(DomainError, match="Seuls les membres du collège"):
        services.support_request(request=change_request, member=UserFactory())
    change_request.refresh_from_db()
    assert change_request.support_count == 0


def test_any_member_supports_a_plenary_request(member, plenary, other_college, staff):
    request = make_request(member, plenary, title="Afficher le statut « Mise en paiement »")
    vendor = member_of(other_college, staff=staff)
    services.support_request(request=request, member=vendor)
    assert request.support_count == 1


def test_drafts_and_closed_requests_take_no_support(member, second_member, college):
    draft = make_request(member, college, submit=False)
    with pytest.raises(DomainError, match="ne peut plus recevoir de soutien"):
        services.support_request(request=draft, member=second_member)


def test_filing_needs_membership_of_the_college(member, other_college):
    with pytest.raises(DomainError, match="membre"):
        make_request(member, other_college)
    assert not ChangeRequest.objects.exists()


def test_authors_may_withdraw(change_request, member):
    services.withdraw_request(request=change_request, actor=member, reason="Réglé par le support")
    assert change_request.status == Status.WITHDRAWN
    assert change_request.events.last().reason == "Réglé par le support"


def test_merge_carries_supports_and_followers_without_double_counting(
    college, member, second_member, facilitator, staff
):
    survivor = make_request(member, college)
    duplicate = make_request(second_member, college, title="Numéro d'engagement trop court")
    both, only_dup, follower = (member_of(college, staff=staff) for _ in range(3))
    services.support_request(request=survivor, member=both)
    services.support_request(request=duplicate, member=both)
    services.support_request(request=duplicate, member=only_dup)
    services.support_request(request=duplicate, member=member)  # the survivor's own author
    services.follow_request(request=duplicate, user=follower)

    services.merge_request(
        duplicate=duplicate, into=survivor, actor=facilitator, reason="Même champ"
    )

    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    supporters = set(Support.objects.filter(request=survivor).values_list("member_id", flat=True))
    # both (already), only_dup (carried), second_member (the duplicate's author, carried).
    assert supporters == {both.pk, only_dup.pk, second_member.pk}
    assert survivor.support_count == 3
    assert duplicate.status == Status.MERGED
    assert duplicate.merged_into == survivor
    followers = set(Follow.objects.filter(request=survivor).values_list("user_id", flat=True))
    assert {member.pk, second_member.pk, both.pk, only_dup.pk, follower.pk} <= followers
    assert survivor.events.last().transition == "absorb"


def test_merge_is_for_facilitators_and_open_survivors(college, member, second_member, facilitator):
    survivor = make_request(member, college)
    duplicate = make_request(second_member, college)
    with pytest.raises(DomainError, match="animateurs"):
        services.merge_request(duplicate=duplicate, into=survivor, actor=second_member)
    with pytest.raises(DomainError, match="elle-même"):
        services.merge_request(duplicate=duplicate, into=duplicate, actor=facilitator)
    services.withdraw_request(request=survivor, actor=member)
    with pytest.raises(DomainError, match="doublon"):
        services.merge_request(duplicate=duplicate, into=survivor, actor=facilitator)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.SUBMITTED


def test_positions_carry_their_requests_through_the_vote(
    college, member, second_member, facilitator, thread
):
    first = make_request(member, college)
    second = make_request(
        second_member, college, title="Libellé « Service exécutant » peu explicite"
    )
    position = services.build_position(
        college=college,
        title="Saisie des références d'engagement",
        body="Le collège demande…",
        requests=[first, second],
        actor=facilitator,
        thread_conclusions="Consensus du fil « Rejets de factures »",
        source_thread=thread,
    )
    with pytest.raises(DomainError, match="position en cours"):
        services.build_position(
            college=college, title="Bis", body="…", requests=[first], actor=facilitator
        )
    services.put_position_to_vote(position, facilitator)
    first.refresh_from_db()
    assert first.status == Status.IN_VOTE
    with pytest.raises(DomainError, match="ne peut plus être soumise"):
        services.put_position_to_vote(position, facilitator)
    services.record_vote_outcome(position, False, None, ballot_label="Scrutin de mars")
    assert position.status == Position.Status.NOT_ADOPTED
    second.refresh_from_db()
    assert second.status == Status.NOT_ADOPTED
    assert second.events.last().details == {"ballot": "Scrutin de mars"}
    with pytest.raises(DomainError, match="aucun vote"):
        services.record_vote_outcome(position, True, facilitator)


def test_positions_are_written_by_the_colleges_facilitators(college, member, change_request):
    with pytest.raises(DomainError, match="animateurs"):
        services.build_position(
            college=college, title="T", body="B", requests=[change_request], actor=member
        )
    assert not Position.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_count_exactly_once(college, staff):
    """50 members support at once while one of them tries 50 more times: 50 supports, no more.

    50 threads, so 50 connections: well under PostgreSQL's default 100, with CI's two workers.
    """
    if connection.vendor != "postgresql":
        pytest.skip("Vraie concurrence : nécessite PostgreSQL (second passage de la CI).")
    author = make_member(college, staff=staff).user
    request = make_request(author, college)
    members = [make_member(college, staff=staff).user for _ in range(50)]
    barrier = threading.Barrier(len(members))
    refused, failed = [], []

    def attempt(member):
        try:
            barrier.wait()
            # Each thread supports for its own member, then once more for the first member.
            for who in (member, members[0]):
                try:
                    services.support_request(
                        request=ChangeRequest.objects.get(pk=request.pk), member=who
                    )
                except DomainError as error:
                    refused.append((who.pk, error.code))
        except Exception as error:
            failed.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failed == []
    request.refresh_from_db()
    assert Support.objects.filter(request=request).count() == 50
    assert request.support_count == 50
    assert len(refused) == 50
    assert set(refused) == {(members[0].pk, "duplicate_support")}


@pytest.mark.parametrize(
    "who, reason",
    [
        ("outsider", "Seuls les membres du collège « Fournisseurs » soutiennent ses demandes"),
        ("author", "Vous avez déposé cette demande"),
        ("second_member", None),
    ],
)
def test_whoever_cannot_support_is_told_why_on_the_page(
    client, change_request, member, second_member, other_college, staff, who, reason
):
    """Issue 21.9: no « Soutenir » button, and before this no word about why."""
    from django.urls import reverse

    person = {
        "outsider": lambda: member_of(other_college, staff=staff),
        "author": lambda: member,
        "second_member": lambda: second_member,
    }[who]()
    client.force_login(person)
    html = client.get(reverse("proposals:detail", args=[change_request.pk])).content.decode()
    if reason is None:
        assert "Soutenir cette demande" in html and 'id="support-refusal"' not in html
    else:
        assert "Soutenir cette demande" not in html
        assert reason in html


def test_a_closed_request_says_it_takes_no_more_support(client, change_request, second_member):
    from django.urls import reverse

    ChangeRequest.objects.filter(pk=change_request.pk).update(status=Status.WITHDRAWN)
    client.force_login(second_member)
    html = client.get(reverse("proposals:detail", args=[change_request.pk])).content.decode()
    assert "ne recueille pas de soutiens dans l" in html

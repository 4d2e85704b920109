"""The rules that must hold are kept by the database itself, whoever writes.

Each test bypasses the services (plain ORM create, bulk_create, queryset update or raw SQL)
and expects an IntegrityError: a race, a script or a future bug cannot break them.
"""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from colleges.models import Application, DelegateMandate, FacilitatorRole
from proposals.ipm.models import Cycle, Decision, Phase
from proposals.models import Support
from tests.factories import make_member
from votes import services as vote_services
from votes.models import Participation

pytestmark = pytest.mark.django_db

TESTED: list[str] = []


def refused(constraint: str):
    """Expect the database to refuse what the block writes, and leave the test usable."""
    TESTED.append(constraint)
    return pytest.raises(IntegrityError)


def clone(instance, **changes):
    instance.pk = None
    instance._state.adding = True
    for field, value in changes.items():
        setattr(instance, field, value)
    return instance


def test_one_vote_per_elector_and_ballot(world):
    member = world.users["member"]
    option = world.ballot.options.first()
    vote_services.cast_vote(ballot=world.ballot, voter=member, option_ids=[option.pk])
    participation = Participation.objects.get(ballot=world.ballot, elector__user=member)
    with refused("one_participation_per_elector (ORM create)"), transaction.atomic():
        clone(participation).save(force_insert=True)
    with (
        refused("one_participation_per_elector (raw SQL)"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"INSERT INTO {Participation._meta.db_table} "
            "(ballot_id, elector_id, voted_at, receipt_hash, public_choices) "
            "VALUES (%s, %s, %s, %s, %s)",
            [world.ballot.pk, participation.elector_id, timezone.now(), "x", "[]"],
        )


def test_one_support_per_person_and_request(world):
    supporter = world.users["facilitator"]
    Support.objects.create(request=world.request, member=supporter)
    with refused("one_support_per_member (bulk_create)"), transaction.atomic():
        Support.objects.bulk_create([Support(request=world.request, member=supporter)])


def test_one_open_application_per_person_and_college(world):
    application = Application.objects.get(pk=world.application.pk)
    with refused("one_open_application_per_college (pending)"), transaction.atomic():
        clone(application).save(force_insert=True)
    with refused("one_open_application_per_college (needs_info)"), transaction.atomic():
        clone(Application.objects.get(pk=world.application.pk), status="needs_info").save()
    # A closed application does not count: a rejected one may sit beside the open one.
    with transaction.atomic():
        clone(Application.objects.get(pk=world.application.pk), status="rejected").save()


def test_a_seat_holds_one_facilitator_and_seats_stop_at_the_colleges_number(world):
    college = world.college
    role_pk = world.facilitator_role.pk
    role = FacilitatorRole.objects.get(pk=role_pk)
    newcomer = make_member(college, staff=world.users["staff"]).user
    with refused("one_facilitator_per_seat"), transaction.atomic():
        clone(role, user=newcomer).save()
    with refused("one_current_facilitator_role"), transaction.atomic():
        clone(FacilitatorRole.objects.get(pk=role_pk), seat=2).save()
    assert college.facilitator_seats == 3
    with refused("facilitator seat within the college's seats (insert)"), transaction.atomic():
        FacilitatorRole.objects.create(college=college, user=newcomer, seat=4)
    with refused("facilitator seat within the college's seats (update)"), transaction.atomic():
        FacilitatorRole.objects.filter(pk=role_pk).update(seat=99)
    with refused("facilitator_seat_positive"), transaction.atomic():
        FacilitatorRole.objects.create(college=college, user=newcomer, seat=0)
    # Within the seats, a free seat is taken.
    with transaction.atomic():
        FacilitatorRole.objects.create(college=college, user=newcomer, seat=3)


def test_two_delegate_seats_per_college(world):
    college = world.college
    assert college.delegate_seats == 2
    mandate = DelegateMandate.objects.get(user=world.users["delegate"], ended_at__isnull=True)
    newcomer = make_member(college, staff=world.users["staff"]).user
    with refused("one_delegate_per_seat"), transaction.atomic():
        DelegateMandate.objects.create(college=college, user=newcomer, seat=mandate.seat)
    with refused("one_current_delegate_mandate"), transaction.atomic():
        DelegateMandate.objects.create(college=college, user=mandate.user, seat=2)
    with refused("delegate seat within the college's seats (insert)"), transaction.atomic():
        DelegateMandate.objects.create(college=college, user=newcomer, seat=3)
    with (
        refused("delegate seat within the college's seats (raw SQL)"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"UPDATE {DelegateMandate._meta.db_table} SET seat = 3 WHERE id = %s", [mandate.pk]
        )
    with transaction.atomic():
        DelegateMandate.objects.create(college=college, user=newcomer, seat=2)


def test_one_decision_per_ipm_item(world):
    decision = Decision.objects.get(item=world.item)
    with refused("ipm_one_decision_per_item"), transaction.atomic():
        clone(decision, reasons="Une seconde décision").save()


def test_one_cycle_in_collection(world):
    open_cycle = Cycle.objects.create(
        number=13, phase=Phase.COLLECTION, collection_starts_on=timezone.localdate()
    )
    with refused("ipm_one_cycle_in_collection (create)"), transaction.atomic():
        Cycle.objects.create(
            number=14, phase=Phase.COLLECTION, collection_starts_on=timezone.localdate()
        )
    with refused("ipm_one_cycle_in_collection (update)"), transaction.atomic():
        Cycle.objects.filter(pk=world.cycle.pk).update(phase=Phase.COLLECTION)
    assert open_cycle.phase == Phase.COLLECTION


def test_report_constraints_tested():
    """Runs last in this module (pytest keeps file order): prints the figure for the report."""
    print(f"\ndatabase invariants: {len(TESTED)} refusals checked: {', '.join(TESTED)}")
    assert len(TESTED) >= 17

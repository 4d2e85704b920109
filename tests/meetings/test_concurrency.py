import threading

import pytest
from django.db import connection

from club.core.domain import DomainError
from colleges.meetings import services
from colleges.meetings.models import Meeting, Registration
from tests.factories import make_member
from tests.meetings.factories import make_meeting
from tests.threads.factories import make_facilitator


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_members_race_for_the_last_seat(college, staff):
    """One seat left, two members and a double click each: one seat, one waiting, no more."""
    if connection.vendor != "postgresql":
        pytest.skip("Vraie concurrence : nécessite PostgreSQL (second passage de la CI).")
    facilitator = make_facilitator(college, staff=staff)
    meeting = make_meeting(college, facilitator, capacity=2)
    services.register(meeting=meeting, user=make_member(college, staff=staff).user)
    racers = [make_member(college, staff=staff).user for _ in range(2)]
    attempts = racers * 2
    barrier = threading.Barrier(len(attempts))
    refused, failed = [], []

    def attempt(user):
        try:
            barrier.wait()
            try:
                services.register(meeting=Meeting.objects.get(pk=meeting.pk), user=user)
            except DomainError as error:
                refused.append(error.code)
        except Exception as error:
            failed.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == []
    assert sorted(refused) == ["already_registered", "already_registered"]
    statuses = sorted(Registration.objects.filter(user__in=racers).values_list("status", flat=True))
    assert statuses == ["confirmed", "waiting"]
    assert Registration.objects.filter(meeting=meeting, status="confirmed").count() == 2

"""Two members of staff approving the same application at the same instant."""

import threading

import pytest
from django.db import connection, connections

from club.core.domain import DomainError
from colleges import services
from colleges.models import ApplicationDecision, Membership
from tests.factories import CollegeFactory, StaffFactory, UserFactory, qualification_for


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_make_exactly_one_decision_and_one_membership():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (second CI pass)")
    college = CollegeFactory(slug="concurrence")
    application = services.submit_application(
        applicant=UserFactory(), college=college, charter=None, **qualification_for(college)
    )
    deciders = [StaffFactory(email=f"equipe{n}@club.example") for n in range(2)]
    barrier = threading.Barrier(len(deciders))
    outcomes: list[str] = []

    def approve(actor):
        try:
            barrier.wait(timeout=10)
            services.approve_application(application=application, actor=actor)
            outcomes.append("approved")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(actor,)) for actor in deciders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["approved", "invalid_transition"]
    assert (
        ApplicationDecision.objects.filter(
            application=application, action=ApplicationDecision.Action.APPROVED
        ).count()
        == 1
    )
    assert Membership.objects.filter(user=application.applicant, college=college).count() == 1

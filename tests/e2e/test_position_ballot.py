"""Journey: a facilitator (two-factor) puts a position to the vote from the position's page,
three members vote (one changes its vote with its receipt), the ballot closes at its time, the
results chart appears and the position's requests are « adoptée » on their page."""

from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from colleges import services as college_services
from proposals import services as proposal_services
from proposals.models import Position, Status
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_votes import log_in, vote
from tests.factories import CollegeFactory, StaffFactory, UserFactory, make_member
from tests.proposals.factories import make_request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(transactional_db):
    cache.clear()
    staff = StaffFactory(email="equipe-e2e@club.example")
    college = CollegeFactory(name="Fournisseurs", short_name="Fournisseurs", slug="fournisseurs")
    facilitator = make_member(
        college, user=UserFactory(email="animatrice@exemple.fr"), staff=staff
    ).user
    college_services.appoint_facilitator(college=college, user=facilitator, actor=staff)
    secret = generate_totp_secret()
    TOTP.activate(facilitator, secret)
    voters = [
        make_member(college, user=UserFactory(email=f"membre{i}@exemple.fr"), staff=staff).user
        for i in range(3)
    ]
    requests = [
        make_request(voters[0], college),
        make_request(voters[1], college, title="Libellé « Service exécutant » peu explicite"),
    ]
    position = proposal_services.build_position(
        college=college,
        title="Saisie des références d'engagement",
        body="Le collège demande un champ de 30 caractères et un libellé explicite.",
        requests=requests,
        actor=facilitator,
    )
    return {
        "facilitator": facilitator,
        "secret": secret,
        "voters": voters,
        "requests": requests,
        "position": position,
    }


def test_position_put_to_vote_then_adopted(page, axe, people, live_server):
    position = people["position"]
    log_in(page, people["facilitator"].email, people["secret"])
    page.goto(position.get_absolute_url())
    page.get_by_role("link", name="Soumettre la position au vote du collège").click()
    page.wait_for_url("**/vote/")
    assert_accessible(axe, page)
    now = timezone.localtime()
    page.fill("#id_opens_at", now.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_closes_at", (now + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Ouvrir le scrutin").click()
    page.wait_for_url(f"**{position.get_absolute_url()}")
    position.refresh_from_db()
    ballot = position.ballot
    assert ballot is not None and position.status == Position.Status.IN_VOTE
    ballot_url = f"/votes/{ballot.pk}/"
    assert page.get_by_role("link", name="Voir le scrutin").first.is_visible()

    first, second, third = people["voters"]
    log_in(page, first.email)
    vote(page, ballot_url, "Pour")
    log_in(page, second.email)
    vote(page, ballot_url, "Contre")
    log_in(page, third.email)
    third_code = vote(page, ballot_url, "Contre")
    assert vote(page, ballot_url, "Pour", receipt_code=third_code) == third_code

    # The ballot closes at its time: the server's clock moves past it, nobody presses a button.
    with time_machine.travel(ballot.closes_at + timedelta(seconds=5)):
        call_command("run_scheduler", "--once")  # the worker counts it within the minute
        page.goto(ballot_url)
        assert page.get_by_test_id("outcome").inner_text() == "Adoptée"
        chart = page.locator("svg[role=img]")
        assert chart.is_visible()
        assert "Pour : 2" in chart.locator("desc").text_content()
        for request in people["requests"]:
            page.goto(request.get_absolute_url())
            assert "adoptée" in page.locator("main").inner_text().lower()
            assert page.get_by_role("link", name="Voir le résultat du scrutin").first.is_visible()
            request.refresh_from_db()
            assert request.status == Status.ADOPTED
        assert_accessible(axe, page)
        page.goto(position.get_absolute_url())
        assert page.get_by_text("Résultat du vote : Adoptée").is_visible()

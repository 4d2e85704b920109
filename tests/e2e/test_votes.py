"""Journey: a facilitator with two-factor opens a position ballot, three members vote (one
changes its vote with its receipt code), the ballot closes at its time, the results appear."""

import time
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from colleges import services as college_services
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, CollegeFactory, StaffFactory, UserFactory, make_member
from votes.models import Ballot, CastBallot, Participation, SealedVote

pytestmark = pytest.mark.django_db(transaction=True)


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


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
    return {"college": college, "facilitator": facilitator, "secret": secret, "voters": voters}


def log_in(page, email, secret=None):
    page.context.clear_cookies()
    page.goto("/compte/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.press('input[name="password"]', "Enter")
    if secret:
        page.wait_for_url("**/2fa/authenticate/**")
        page.fill('input[name="code"]', totp_now(secret))
        page.press('input[name="code"]', "Enter")
        page.wait_for_url(lambda url: "/2fa/authenticate/" not in url)
    else:
        page.wait_for_url(lambda url: "/compte/login/" not in url)


def vote(page, ballot_url, answer, receipt_code=""):
    page.goto(ballot_url)
    page.get_by_label(answer, exact=True).check(force=True)
    if receipt_code:
        page.get_by_label("Votre code de récépissé").fill(receipt_code)
    page.get_by_role("button", name="Modifier mon vote" if receipt_code else "Voter").click()
    code = page.get_by_test_id("receipt-code").inner_text()
    return code


def test_position_ballot_from_opening_to_results(page, axe, people, live_server):
    log_in(page, people["facilitator"].email, people["secret"])
    page.goto("/votes/nouveau/")
    now = timezone.localtime()
    page.fill("#id_question", "Faut-il afficher le motif de rejet dans la liste ?")
    page.select_option("#id_kind", "position")
    page.fill("#id_opens_at", now.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_closes_at", (now + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Créer le scrutin").click()
    page.wait_for_url("**/votes/*/")
    ballot = Ballot.objects.get()
    ballot_url = f"/votes/{ballot.pk}/"
    assert page.get_by_text("0 votants sur 4 inscrits").is_visible()
    assert_accessible(axe, page)

    first, second, third = people["voters"]
    log_in(page, first.email)
    code = vote(page, ballot_url, "Pour")
    assert_accessible(axe, page)
    log_in(page, second.email)
    vote(page, ballot_url, "Contre")
    log_in(page, third.email)
    third_code = vote(page, ballot_url, "Contre")
    # The third member changes its mind, proving it with its receipt code.
    assert vote(page, ballot_url, "Pour", receipt_code=third_code) == third_code
    assert page.get_by_text("Votre vote a été modifié").first.is_visible()
    # Until the close the choices are sealed; the changed vote left one more sealed choice.
    assert Participation.objects.filter(ballot=ballot).count() == 3
    assert SealedVote.objects.filter(ballot=ballot).count() == 4
    assert not CastBallot.objects.filter(ballot=ballot).exists()

    # The ballot closes at its time: move the server's clock past it, nobody presses a button.
    # The page says it is being counted until the scheduler has the worker write the tally.
    with time_machine.travel(ballot.closes_at + timedelta(seconds=5)):
        page.goto(ballot_url)
        assert page.get_by_text("Clos, dépouillement en cours").is_visible()
        call_command("run_scheduler", "--once")
        page.reload()
        assert page.get_by_test_id("outcome").inner_text() == "Adoptée"
        chart = page.locator("svg[role=img]")
        assert chart.is_visible()
        assert "Pour : 2" in chart.locator("desc").text_content()
        assert chart.locator("rect").first.bounding_box()["width"] > 100
        assert page.get_by_role("table", name="Détail des voix").is_visible()
        assert CastBallot.objects.filter(ballot=ballot).count() == 3
        # The first voter checks its ballot on the published board, with a POST.
        log_in(page, first.email)
        page.goto(ballot_url)
        page.get_by_label("Code de récépissé").fill(code)
        page.get_by_role("button", name="Vérifier").click()
        # The check is a new page load: wait for it rather than read the page being left.
        expect(page.get_by_text("Votre bulletin figure dans la liste publiée")).to_be_visible()
        assert page.get_by_test_id("checked-choices").inner_text().strip() == "Pour"
        assert code not in page.content() and "?code=" not in page.url
        assert_accessible(axe, page)

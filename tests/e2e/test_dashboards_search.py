"""Search results and both dashboards, in a browser, meet WCAG 2.1 AA (axe)."""

import pytest

from colleges.threads import services as thread_services
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_change_requests import log_in
from tests.factories import CollegeFactory, StaffFactory
from tests.ipm.factories import open_cycle
from tests.proposals.factories import area, make_request, member_of, with_totp
from tests.threads.factories import make_facilitator, make_theme, make_thread
from tests.votes.factories import make_ballot


@pytest.fixture
def club(db):
    staff = StaffFactory(email="equipe@club.example")
    secret = with_totp(staff)
    college = CollegeFactory(name="Fournisseurs", slug="fournisseurs", short_name="Fournisseurs")
    other = CollegeFactory(name="Éditeurs", slug="editeurs", short_name="Éditeurs")
    area()
    member = member_of(college, staff=staff, first_name="Lucas", last_name="Michel")
    member_of(other, staff=staff)
    facilitator = make_facilitator(college, staff=staff)
    thread = make_thread(
        make_theme(college, facilitator),
        facilitator,
        title="Factures rejetées pour code service",
        body="Nos factures reviennent rejetées.",
    )
    thread_services.create_post(thread=thread, author=member, body="Mes factures aussi.")
    make_request(member, college, title="Afficher le motif de rejet des factures")
    make_ballot(college, facilitator, question="Relancer les factures en retard ?")
    open_cycle(staff)
    return {"staff": staff, "secret": secret, "member": member}


def test_search_results_are_accessible(browser, live_server, axe, club):
    context, page = log_in(browser, live_server, club["member"])
    page.goto("/")
    page.fill("#header-search-input", "factures")
    page.locator("#header-search button[type=submit]").click()
    page.wait_for_url("**/recherche/?q=factures")
    assert page.get_by_test_id("result-count").inner_text().startswith(("4 ", "5 ", "6 "))
    assert page.locator("li[data-kind=post]").count() >= 1
    assert_accessible(axe, page)
    page.goto("/recherche/?q=factures&date_from=31/02/2026")
    assert page.get_by_text("Saisissez une date valide").first.is_visible()
    assert_accessible(axe, page)
    context.close()


def test_public_dashboard_is_accessible(page, axe, club):
    page.goto("/tableaux-de-bord/")
    assert page.locator("svg[role=img]").count() == 3
    assert page.locator("table caption").count() == 3
    assert_accessible(axe, page)


def test_staff_dashboard_is_accessible(browser, live_server, axe, club):
    context, page = log_in(browser, live_server, club["staff"], club["secret"])
    page.goto("/tableaux-de-bord/equipe/")
    assert page.locator("h1").inner_text() == "Tableaux de bord de l'équipe"
    assert page.locator("table caption").count() == 7  # with the mail queue's waiting times
    # Tables with no data yet draw no chart; every chart drawn has a title and a description.
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 3
    for index in range(charts.count()):
        assert charts.nth(index).locator("title").count() >= 1
        assert charts.nth(index).locator("desc").count() == 1
    assert_accessible(axe, page)
    context.close()

"""The public dashboard: figures equal counts made by hand, charts have text alternatives."""

import csv
import io

import openpyxl

from colleges import services as college_services
from proposals import services as proposal_services
from proposals.ipm import services as ipm_services
from proposals.ipm.models import Outcome, Phase
from tests.factories import UserFactory, make_member, qualification_for
from tests.ipm.factories import adopted_position, open_cycle, session_for, to_phase
from tests.proposals.factories import delegate_of, make_request

URL = "/tableaux-de-bord/"


def _table(response, slug):
    return next(t for t in response.context["tables"] if t.slug == slug)


def test_members_per_college_and_distinct_people(client, college, other_college, staff):
    both, only_here, only_there = UserFactory(), UserFactory(), UserFactory()
    for person, colleges in [
        (both, [college, other_college]),
        (only_here, [college]),
        (only_there, [other_college]),
    ]:
        for each in colleges:
            make_member(each, user=person, staff=staff)
    college_services.submit_application(  # waiting: not a member yet
        applicant=UserFactory(),
        college=college,
        charter=college.current_charter,
        **qualification_for(college),
    )
    response = client.get(URL)
    table = _table(response, "membres")
    assert dict(table.rows) == {college.name: 2, other_college.name: 2}
    assert table.footer == [["Total des adhésions", 4], ["Personnes distinctes", 3]]


def test_requests_by_status_leave_drafts_out(client, college, staff):
    author = make_member(college, staff=staff).user
    make_request(author, college)
    make_request(author, college)
    make_request(author, college, submit=False)
    withdrawn = make_request(author, college)
    proposal_services.withdraw_request(request=withdrawn, actor=author)
    table = _table(client.get(URL), "demandes")
    counts = dict(table.rows)
    assert counts["Déposée"] == 2
    assert counts["Retirée par son auteur"] == 1
    assert "Brouillon" not in counts
    assert table.footer == [["Total", 3]]


def test_cycle_outcomes(client, college, staff):
    delegate = delegate_of(college, staff=staff)
    accepted = adopted_position(college, staff, title="Position acceptée")
    pending = adopted_position(college, staff, title="Position en attente")
    cycle = open_cycle(staff)
    first = ipm_services.escalate_position(position=accepted, cycle=cycle, actor=delegate)
    ipm_services.escalate_position(position=pending, cycle=cycle, actor=delegate)
    to_phase(cycle, Phase.INSTRUCTION, staff)
    ipm_services.record_analysis(
        item=first,
        actor=staff,
        feasibility="easy",
        effort="s",
        impact="Tous.",
        portal_opinion="Favorable.",
    )
    to_phase(cycle, Phase.ARBITRATION, staff)
    session = session_for(cycle, staff, [first])
    ipm_services.record_decision(
        item=first,
        session=session,
        outcome=Outcome.ACCEPTED,
        reasons="Utile.",
        priority="high",
        target_release="2027.1",
        actor=staff,
    )
    response = client.get(URL)
    table = _table(response, "cycles")
    headers = table.headers
    (row,) = table.rows
    assert row[0] == cycle.label
    assert row[headers.index("Acceptée")] == 1
    assert row[headers.index("Sans décision")] == 1
    assert row[headers.index("Rejetée")] == 0
    assert row[-1] == 2


def test_charts_have_text_alternatives_and_tables(client, college, staff):
    make_request(make_member(college, staff=staff).user, college)
    open_cycle(staff)
    page = client.get(URL).content.decode()
    for slug in ("membres", "demandes", "cycles"):
        assert f'aria-labelledby="chart-{slug}-title chart-{slug}-desc"' in page
        assert f'<title id="chart-{slug}-title">' in page
        assert f'<desc id="chart-{slug}-desc">' in page
        assert f'data-testid="table-{slug}"' in page
    assert 'role="img"' in page
    assert ">Adhésions actives par collège</caption>" in page
    assert f"{college.name} : 1" in page  # the description says the figure in words


def test_no_chart_without_data_but_tables_say_so(client, db):
    response = client.get(URL)
    page = response.content.decode()
    assert "<svg" not in page
    assert page.count("<caption") == 3
    assert "Aucune donnée pour le moment." in page


def test_public_csv(client, college, staff):
    make_member(college, staff=staff)
    response = client.get(URL + "membres.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Collège", "Adhésions actives"]
    assert [college.name, "1"] in rows
    assert client.get(URL + "inconnu.csv").status_code == 404


def test_public_xlsx_has_the_csv_columns_and_never_a_formula(client, college, staff):
    college.name = '=HYPERLINK("http://evil.example")'
    college.save(update_fields=["name"])
    make_member(college, staff=staff)
    response = client.get(URL + "membres.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="club-membres.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == ["Collège", "Adhésions actives"]
    cell = next(row[0] for row in sheet.iter_rows(min_row=2) if row[1].value == 1)
    assert cell.value == college.name and cell.data_type == "s"  # text, not a formula
    assert client.get(URL + "inconnu.xlsx").status_code == 404
    assert "membres.xlsx" in client.get(URL).content.decode()  # offered beside the CSV


def test_public_dashboard_query_count(
    client, college, other_college, staff, django_assert_max_num_queries
):
    for _index in range(5):
        make_member(college, staff=staff)
        make_request(make_member(other_college, staff=staff).user, other_college)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.status_code == 200

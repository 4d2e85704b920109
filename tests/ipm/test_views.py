import csv
import io
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import reverse

from proposals.ipm import services
from proposals.ipm.models import AgendaItem, Argument, Cycle, Decision, Outcome, Phase
from proposals.models import Status
from tests.factories import CollegeFactory
from tests.ipm.factories import adopted_position, open_cycle, session_for, to_phase
from tests.proposals.factories import facilitator_of, with_totp

pytestmark = pytest.mark.django_db


def login(client, user, totp=True):
    if totp:
        with_totp(user)
    client.force_login(user)
    return client


def test_cycles_list_and_cycle_page_are_public(client, cycle):
    response = client.get(reverse("proposals:cycles"))
    assert response.status_code == 200
    assert "Cycle 12" in response.content.decode()
    assert client.get(cycle.get_absolute_url()).status_code == 200
    assert client.get(reverse("proposals:cycle_report", args=[12])).status_code == 200


def test_delegate_escalates_through_the_page(client, delegate, position, cycle):
    login(client, delegate)
    url = reverse("proposals:ipm_escalate")
    page = client.get(url + f"?position={position.pk}")
    assert "à 30 caractères" in page.content.decode()
    response = client.post(url, {"position": position.pk, "reason": "Les membres y tiennent."})
    item = AgendaItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert position.requests.get().status == Status.ESCALATED


def test_the_adopted_position_page_offers_its_delegates_to_escalate(
    client, delegate, member, position, cycle
):
    escalate = f"{reverse('proposals:ipm_escalate')}?position={position.pk}"
    login(client, member, totp=False)
    assert (
        escalate
        not in client.get(reverse("proposals:position", args=[position.pk])).content.decode()
    )
    login(client, delegate)
    assert (
        escalate in client.get(reverse("proposals:position", args=[position.pk])).content.decode()
    )


@pytest.mark.parametrize("role", ["member", "other_delegate", "participant", "staff"])
def test_others_cannot_escalate(client, role, request, position, cycle):
    user = request.getfixturevalue(role)
    login(client, user)
    response = client.post(reverse("proposals:ipm_escalate"), {"position": position.pk})
    # Non-delegates are refused the page; another college's delegate is not offered the position.
    assert response.status_code in (400, 403)
    assert not AgendaItem.objects.exists()


def test_escalation_requires_two_factor(client, delegate, position, cycle):
    login(client, delegate, totp=False)
    response = client.get(reverse("proposals:ipm_escalate"))
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]


def test_only_staff_manage_cycles(client, delegate, participant, staff, cycle):
    for user in (delegate, participant):
        login(client, user)
        assert client.get(reverse("proposals:cycle_new")).status_code == 403
        response = client.post(
            reverse("proposals:cycle_move", args=[12]), {"to_phase": "instruction"}
        )
        assert response.status_code == 403
    login(client, staff)
    client.post(
        reverse("proposals:cycle_move", args=[12]),
        {"to_phase": "instruction", "reason": "Fin de collecte"},
    )
    cycle.refresh_from_db()
    assert cycle.phase == Phase.INSTRUCTION
    assert cycle.transitions.last().reason == "Fin de collecte"


def test_participant_without_college_instructs_but_cannot_decide(
    client, staff, delegate, participant, position, cycle
):
    item = services.escalate_position(position=position, cycle=cycle, actor=delegate)
    to_phase(cycle, Phase.INSTRUCTION, staff)
    login(client, participant)
    response = client.post(
        reverse("proposals:ipm_item_analysis", args=[item.pk]),
        {
            "feasibility": "moderate",
            "effort": "m",
            "impact": "Moyen",
            "portal_opinion": "Favorable",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.analysis.updated_by == participant
    to_phase(cycle, Phase.ARBITRATION, staff)
    session = session_for(cycle, staff, [item])
    response = client.post(
        reverse("proposals:ipm_decide", args=[session.pk, item.pk]),
        {"outcome": "rejected", "reasons": "Non."},
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_decision_form_errors_keep_input_and_refuse_second_decision(
    client, staff, delegate, position, cycle
):
    item = services.escalate_position(position=position, cycle=cycle, actor=delegate)
    to_phase(cycle, Phase.ARBITRATION, staff)
    session = session_for(cycle, staff, [item])
    login(client, staff)
    url = reverse("proposals:ipm_decide", args=[session.pk, item.pk])
    response = client.post(url, {"outcome": "accepted", "reasons": "Utile à tous."})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Indiquez la priorité" in body and "Utile à tous." in body
    response = client.post(
        url,
        {
            "outcome": "accepted",
            "reasons": "Utile à tous.",
            "priority": "high",
            "target_release": "2027.1",
        },
    )
    assert response.status_code == 302
    # The form of a decided item is closed: the staff is sent back to the session, told why.
    response = client.post(url, {"outcome": "rejected", "reasons": "Finalement non."}, follow=True)
    assert response.redirect_chain == [(session.get_absolute_url(), 302)]
    assert "ne peut l&#x27;être deux fois" in response.content.decode()
    assert Decision.objects.get().outcome == Outcome.ACCEPTED


def _decided_cycle(staff, colleges, per_college):
    """A cycle in arbitration with `per_college` items per college, decided in turn."""
    cycle = open_cycle(staff, number=20)
    items = []
    for college in colleges:
        facilitator = facilitator_of(college, staff=staff)
        from tests.proposals.factories import delegate_of

        delegate = delegate_of(college, staff=staff)
        for index in range(per_college):
            position = adopted_position(
                college,
                staff,
                supporters=index % 3,
                title=f"Position {college.slug} {index}",
                facilitator=facilitator,
            )
            items.append(services.escalate_position(position=position, cycle=cycle, actor=delegate))
    to_phase(cycle, Phase.ARBITRATION, staff)
    session = session_for(cycle, staff, items)
    outcomes = [Outcome.ACCEPTED, Outcome.REJECTED, None]
    for index, item in enumerate(items):
        outcome = outcomes[index % 3]
        if outcome:
            services.record_decision(
                item=item,
                session=session,
                outcome=outcome,
                reasons="Motif ; avec « guillemets » et point-virgule",
                priority="normal" if outcome == Outcome.ACCEPTED else "",
                actor=staff,
            )
    return cycle, items


def test_report_numbers_match_the_data_and_csv_parses(client, staff, college, other_college):
    cycle, items = _decided_cycle(staff, [college, other_college], 3)
    response = client.get(reverse("proposals:cycle_report", args=[cycle.number]))
    report = response.context["report"]
    assert report.total.items == AgendaItem.objects.filter(cycle=cycle).count() == 6
    assert (
        report.total.outcomes["accepted"]
        == Decision.objects.filter(item__cycle=cycle, outcome="accepted").count()
    )
    assert (
        report.total.outcomes["rejected"]
        == Decision.objects.filter(item__cycle=cycle, outcome="rejected").count()
    )
    assert (
        report.total.undecided
        == AgendaItem.objects.filter(cycle=cycle, decisions__isnull=True).count()
    )
    assert report.total.supports == sum(i.support_total for i in items) == 2 * (0 + 1 + 2)
    for line in report.lines:
        assert line.items == AgendaItem.objects.filter(cycle=cycle, college__name=line.name).count()
    body = response.content.decode()
    assert 'role="img"' in body and "<table" in body

    export = client.get(reverse("proposals:cycle_report_csv", args=[cycle.number]))
    raw = export.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Cycle", "Collège", "Point"]
    assert len(rows) == 1 + 6
    assert sum(1 for r in rows[1:] if r[6] == "Acceptée") == report.total.outcomes["accepted"]
    assert "Motif ; avec « guillemets » et point-virgule" in [r[10] for r in rows]

    # The same table as a workbook: same headers, same rows, numbers kept as numbers.
    workbook = client.get(reverse("proposals:cycle_report_xlsx", args=[cycle.number]))
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == rows[0]
    assert len(cells) == len(rows)
    assert cells[1][0] == cycle.number  # a number, not the text "12"

    pdf = client.get(reverse("proposals:cycle_report_pdf", args=[cycle.number]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_cycle_and_report_query_counts_stay_constant(
    client, staff, college, other_college, django_assert_max_num_queries
):
    cycle, _items = _decided_cycle(staff, [college], 2)
    urls = [
        reverse("proposals:cycles"),
        cycle.get_absolute_url(),
        reverse("proposals:cycle_report", args=[cycle.number]),
        reverse("proposals:cycle_report_csv", args=[cycle.number]),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(30) as ctx:
            client.get(url)
        counts[url] = len(ctx.captured_queries)
    # Three times as many items, in a second college, and another cycle in the list.
    third = CollegeFactory(name="Institutionnels", slug="institutionnels")
    from proposals.ipm.models import Cycle

    Cycle.objects.filter(pk=cycle.pk).update(phase=Phase.CLOSED)
    more = open_cycle(staff, number=21)
    from tests.proposals.factories import delegate_of

    delegate = delegate_of(third, staff=staff)
    facilitator = facilitator_of(third, staff=staff)
    for index in range(4):
        position = adopted_position(
            third, staff, supporters=1, title=f"Autre {index}", facilitator=facilitator
        )
        services.escalate_position(position=position, cycle=more, actor=delegate)
    AgendaItem.objects.filter(cycle=more).update(cycle=cycle)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)
    assert AgendaItem.objects.filter(cycle=cycle).count() == 6


def test_session_page_and_minutes(client, staff, delegate, position, cycle):
    item = services.escalate_position(position=position, cycle=cycle, actor=delegate)
    session = session_for(cycle, staff, [item])
    assert client.get(session.get_absolute_url()).status_code == 200
    login(client, staff)
    client.post(
        reverse("proposals:ipm_session_minutes", args=[session.pk]),
        {"minutes": "Séance ouverte à 14 h."},
    )
    session.refresh_from_db()
    assert session.minutes == "Séance ouverte à 14 h."


def test_participants_page_registers_a_federation_representative(client, staff, user):
    login(client, staff)
    response = client.post(
        reverse("proposals:ipm_participants"),
        {"email": user.email, "organisation": "U2P", "role": "business"},
    )
    assert response.status_code == 302
    assert user.ipm_participant.organisation == "U2P"


def test_session_and_item_pages_query_counts_stay_constant(
    client, staff, college, django_assert_max_num_queries
):
    cycle, items = _decided_cycle(staff, [college], 2)
    session = items[0].sessions.get()
    urls = [session.get_absolute_url(), items[0].get_absolute_url()]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(30) as ctx:
            client.get(url)
        counts[url] = len(ctx.captured_queries)
    from colleges.models import FacilitatorRole

    delegate = college.delegates.first().user
    facilitator = FacilitatorRole.objects.current().filter(college=college).first().user
    for index in range(4):
        services.add_argument(item=items[0], actor=delegate, body=f"Argument {index}")
    from proposals.ipm.models import Cycle

    Cycle.objects.filter(pk=cycle.pk).update(phase=Phase.COLLECTION)
    for index in range(4):
        position = adopted_position(
            college, staff, supporters=1, title=f"Encore {index}", facilitator=facilitator
        )
        session.items.add(
            services.escalate_position(position=position, cycle=cycle, actor=delegate)
        )
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url)
        assert response.status_code == 200
    assert session.items.count() == 6


def test_a_refused_argument_is_shown_again_as_typed(client, staff, delegate, position, cycle):
    item = services.escalate_position(position=position, cycle=cycle, actor=delegate)
    to_phase(cycle, Phase.ARBITRATION, staff)
    services.record_decision(
        item=item,
        session=session_for(cycle, staff, [item]),
        outcome=Outcome.REJECTED,
        reasons="Hors périmètre.",
        priority="",
        actor=staff,
    )
    to_phase(cycle, Phase.CLOSED, staff)
    login(client, delegate)

    response = client.post(
        reverse("proposals:ipm_item_argument", args=[item.pk]),
        {"body": "Nos bons de commande ont 15 caractères."},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Ce cycle est clos." in page
    assert "Nos bons de commande ont 15 caractères." in page
    assert not Argument.objects.exists()


def test_postponing_offers_the_following_cycles_and_opens_the_next_one(
    client, staff, delegate, position, cycle
):
    item = services.escalate_position(position=position, cycle=cycle, actor=delegate)
    to_phase(cycle, Phase.ARBITRATION, staff)
    session = session_for(cycle, staff, [item])
    open_cycle(staff, number=11)  # an earlier number, still open: never a postponement target
    login(client, staff)
    url = reverse("proposals:ipm_decide", args=[session.pk, item.pk])

    page = client.get(url).content.decode()
    assert "Cycle 11" not in page
    assert "Aucun cycle suivant n&#x27;est ouvert." in page and "Ouvrir le cycle 13" in page

    # Staff open cycle 13 from the hint and come back to the decision they were taking.
    services.move_cycle(cycle=Cycle.objects.get(number=11), to_phase=Phase.INSTRUCTION, actor=staff)
    response = client.post(
        reverse("proposals:cycle_new") + "?" + urlencode({"next": url}),
        {"number": 13, "collection_starts_on": "2027-01-04"},
    )
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert "Cycle 13" in page and "Aucun cycle suivant" not in page

    response = client.post(
        url,
        {
            "outcome": "postponed",
            "reasons": "À revoir.",
            "postponed_to": Cycle.objects.get(number=13).pk,
        },
    )
    assert response.status_code == 302
    assert Decision.objects.get().postponed_to.number == 13


def test_cycle_creation_never_redirects_off_site(client, staff):
    login(client, staff)
    response = client.post(
        reverse("proposals:cycle_new") + "?next=https://evil.example/",
        {"number": 40, "collection_starts_on": "2027-01-04"},
    )
    assert response.status_code == 302 and response["Location"] == "/demandes/ipm/cycles/40/"

"""Journey of an adopted position through the IPM: escalated by a delegate, instructed and
accepted by staff in a plenary session, and the author told why."""

import re

import pytest

from proposals.ipm.models import AgendaItem, Decision, Phase
from proposals.models import Status
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_change_requests import log_in
from tests.factories import CollegeFactory, StaffFactory
from tests.ipm.factories import adopted_position, open_cycle
from tests.proposals.factories import area, delegate_of, member_of, with_totp


@pytest.fixture
def ipm_world(db):
    staff = StaffFactory(email="equipe@club.example", first_name="Équipe", last_name="Club")
    college = CollegeFactory(name="Fournisseurs", slug="fournisseurs", short_name="Fournisseurs")
    area()
    author = member_of(college, staff=staff, first_name="Lucas", last_name="Michel")
    delegate = delegate_of(college, staff=staff, first_name="François", last_name="Dumas")
    position = adopted_position(college, staff, author=author, supporters=2)
    cycle = open_cycle(staff, number=12)
    return {
        "staff": staff,
        "staff_secret": with_totp(staff),
        "delegate": delegate,
        "delegate_secret": with_totp(delegate),
        "author": author,
        "position": position,
        "cycle": cycle,
        "request": position.requests.get(),
    }


def test_delegate_escalates_staff_decides_author_is_told(browser, live_server, axe, ipm_world):
    w = ipm_world
    assert w["request"].status == Status.ADOPTED

    # The delegate carries the adopted position to the open cycle.
    context, page = log_in(browser, live_server, w["delegate"], secret=w["delegate_secret"])
    page.goto("/demandes/ipm/")
    assert_accessible(axe, page)
    page.get_by_role("link", name="Porter une position au cycle ouvert").click()
    page.get_by_label("Position adoptée à porter").select_option(
        label=f"Fournisseurs — {w['position'].title}"
    )
    page.get_by_label("Argumentaire du collège").fill("Deux cents factures rejetées par mois.")
    page.get_by_role("button", name="Porter au cycle").click()
    page.wait_for_url(re.compile(r"/ipm/points/\d+/$"))
    assert page.get_by_text("La position est inscrite à l'ordre du jour du Cycle 12").is_visible()
    item = AgendaItem.objects.get()
    assert item.support_total == 2
    page.goto(w["cycle"].get_absolute_url())
    assert page.get_by_role("link", name=w["position"].title).is_visible()
    assert_accessible(axe, page)
    context.close()

    # Staff move the cycle to instruction, record the analysis, then arbitrate in a session.
    context, page = log_in(browser, live_server, w["staff"], secret=w["staff_secret"])
    page.goto(w["cycle"].get_absolute_url())
    page.get_by_label("Nouvelle phase").select_option(label="Instruction")
    page.get_by_label("Motif").fill("Fin de la collecte.")
    page.get_by_role("button", name="Passer à la phase suivante").click()
    assert page.get_by_text("Le cycle est passé en phase « Instruction »").is_visible()
    page.get_by_role("link", name=w["position"].title).click()
    page.get_by_role("link", name="Instruire ce point").click()
    page.get_by_label("Faisabilité").select_option(label="Simple")
    page.get_by_label("Charge estimée").select_option(label="Faible (moins de 10 jours)")
    page.get_by_label("Impact", exact=True).fill("Tous les fournisseurs qui saisissent.")
    page.get_by_label("Avis de l'équipe du portail").fill("Favorable.")
    page.get_by_role("button", name="Enregistrer l'instruction").click()
    assert page.get_by_text("L'instruction du point est enregistrée.").is_visible()

    page.goto(w["cycle"].get_absolute_url())
    page.get_by_label("Nouvelle phase").select_option(label="Arbitrage")
    page.get_by_role("button", name="Passer à la phase suivante").click()
    page.get_by_role("link", name="Programmer une séance plénière").click()
    page.get_by_label("Date et heure de la séance").fill("2026-11-20T14:00")
    page.get_by_label("Lieu").fill("Noisiel")
    page.locator("label", has_text=w["position"].title).click()
    page.get_by_role("button", name="Programmer").click()
    page.wait_for_url(re.compile(r"/ipm/seances/\d+/$"))
    page.get_by_role("link", name=re.compile("Décider")).click()
    page.get_by_label("Décision", exact=True).select_option(label="Acceptée")
    page.get_by_label("Motifs").fill("Gain de temps majeur pour les petites entreprises.")
    page.get_by_label("Priorité (si acceptée)").select_option(label="Haute")
    page.get_by_label("Version cible (si acceptée)").fill("Version 2027.1")
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.wait_for_url(re.compile(r"/ipm/seances/\d+/$"))
    assert page.get_by_text("La décision est enregistrée").is_visible()
    decision = Decision.objects.get()
    assert (decision.outcome, decision.priority) == ("accepted", "high")
    w["cycle"].refresh_from_db()
    assert w["cycle"].phase == Phase.ARBITRATION
    page.goto(f"/demandes/ipm/cycles/{w['cycle'].number}/bilan/")
    assert page.get_by_role("img", name=re.compile("Points du Cycle 12")).is_visible()
    assert_accessible(axe, page)
    context.close()

    # The author sees the decision and its reasons on the request and in the notifications.
    context, page = log_in(browser, live_server, w["author"])
    page.goto(w["request"].get_absolute_url())
    timeline = page.locator(".cr-timeline")
    assert timeline.get_by_text("Arbitrée : acceptée", exact=True).first.is_visible()
    assert timeline.get_by_text(
        "Gain de temps majeur pour les petites entreprises."
    ).first.is_visible()
    page.goto("/demandes/mes-demandes/")
    assert page.get_by_text(re.compile("est désormais : Arbitrée : acceptée")).first.is_visible()
    context.close()
    w["request"].refresh_from_db()
    assert w["request"].status == Status.ACCEPTED
    assert w["request"].target_release == "Version 2027.1"

"""The whole spine in one journey: a request filed from a thread, supported, consolidated in a
position, adopted by the college's vote, escalated by a delegate to the open IPM cycle,
instructed and accepted by staff in a plenary session, and the author told why."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from proposals.ipm.models import AgendaItem, Decision
from proposals.models import ChangeRequest, Position, Status
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_change_requests import log_in
from tests.e2e.test_votes import vote
from tests.factories import CollegeFactory, StaffFactory
from tests.ipm.factories import open_cycle
from tests.proposals.factories import area, delegate_of, facilitator_of, member_of, with_totp
from tests.threads.factories import make_theme, make_thread

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Agrandir le champ « Numéro d'engagement » à 30 caractères"
POSITION = "Le numéro d'engagement à 30 caractères"
REASONS = "Gain de temps majeur pour les petites entreprises."


@pytest.fixture
def spine(transactional_db):
    cache.clear()
    staff = StaffFactory(email="equipe@club.example", first_name="Équipe", last_name="Club")
    college = CollegeFactory(name="Fournisseurs", slug="fournisseurs", short_name="Fournisseurs")
    area()
    author = member_of(college, staff=staff, first_name="Lucas", last_name="Michel")
    supporter = member_of(college, staff=staff, first_name="Chloé", last_name="David")
    facilitator = facilitator_of(college, staff=staff, first_name="Sophie", last_name="Leroy")
    delegate = delegate_of(college, staff=staff, first_name="François", last_name="Dumas")
    thread = make_thread(make_theme(college, facilitator), facilitator)
    cycle = open_cycle(staff, number=12)
    return {
        "staff": staff,
        "staff_secret": with_totp(staff),
        "author": author,
        "supporter": supporter,
        "facilitator": facilitator,
        "facilitator_secret": with_totp(facilitator),
        "delegate": delegate,
        "delegate_secret": with_totp(delegate),
        "thread": thread,
        "cycle": cycle,
    }


def test_request_from_thread_to_accepted_decision(browser, live_server, axe, spine):
    w = spine

    # A member files a request from a thread of its college.
    thread_id = str(w["thread"].pk)
    context, page = log_in(browser, live_server, w["author"])
    page.goto(f"/demandes/nouvelle/?thread={thread_id}")
    assert page.locator("input[name=source_thread_id]").input_value() == thread_id
    page.get_by_label("Titre de la demande").fill(TITLE)
    page.get_by_label("Collège").select_option(label="Fournisseurs")
    page.get_by_label("Espace du portail Chorus Pro").select_option(label="Factures émises")
    page.locator("#id_screen").fill("Saisir une facture")
    page.locator("#id_field_label").fill("Numéro d'engagement")
    page.get_by_label("Ce qui se passe aujourd'hui").fill("Le champ n'accepte que 10 caractères.")
    page.get_by_label("Ce qui est attendu").fill("Accepter 30 caractères.")
    page.get_by_role("button", name="Déposer la demande").click()
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    assert page.get_by_text("Votre demande est déposée.").is_visible()
    request = ChangeRequest.objects.get(title=TITLE)
    assert request.source_thread == w["thread"]
    context.close()

    # A second member supports it.
    context, page = log_in(browser, live_server, w["supporter"])
    page.goto(request.get_absolute_url())
    page.get_by_role("button", name="Soutenir cette demande").click()
    assert page.get_by_text("Votre soutien est enregistré.").is_visible()
    assert page.get_by_role("heading", name="1 soutien").is_visible()
    context.close()

    # The facilitator consolidates it in a position and opens a position ballot.
    context, page = log_in(browser, live_server, w["facilitator"], secret=w["facilitator_secret"])
    page.goto(request.get_absolute_url())
    page.get_by_role("link", name="Consolider dans une position").click()
    page.get_by_label("Titre de la position").fill(POSITION)
    page.get_by_label("Texte de la position").fill("Le collège des fournisseurs demande à l'IPM…")
    page.get_by_role("button", name="Enregistrer la position").click()
    page.get_by_role("link", name="Soumettre la position au vote du collège").click()
    page.wait_for_url("**/vote/")
    now = timezone.localtime()
    page.fill("#id_opens_at", now.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_closes_at", (now + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Ouvrir le scrutin").click()
    assert page.get_by_text("La position est soumise au vote du collège").is_visible()
    position = Position.objects.get()
    assert list(position.requests.all()) == [request]
    ballot = position.ballot
    assert ballot is not None and position.status == Position.Status.IN_VOTE
    ballot_url = f"/votes/{ballot.pk}/"
    context.close()

    # Three members vote « Pour ».
    for voter in (w["author"], w["supporter"]):
        context, page = log_in(browser, live_server, voter)
        assert vote(page, ballot_url, "Pour")
        context.close()
    context, page = log_in(browser, live_server, w["delegate"], secret=w["delegate_secret"])
    assert vote(page, ballot_url, "Pour")
    context.close()

    # The ballot closes at its time: the server's clock moves past it.
    with time_machine.travel(ballot.closes_at + timedelta(seconds=5)):
        call_command("run_scheduler", "--once")  # the worker counts it within the minute
        context, page = log_in(browser, live_server, w["delegate"], secret=w["delegate_secret"])
        page.goto(ballot_url)
        assert page.get_by_test_id("outcome").inner_text() == "Adoptée"
        request.refresh_from_db()
        assert request.status == Status.ADOPTED

        # The delegate carries the adopted position to the open cycle.
        page.goto("/demandes/ipm/")
        page.get_by_role("link", name="Porter une position au cycle ouvert").click()
        page.get_by_label("Position adoptée à porter").select_option(
            label=f"Fournisseurs — {POSITION}"
        )
        page.get_by_label("Argumentaire du collège").fill("Deux cents factures rejetées par mois.")
        page.get_by_role("button", name="Porter au cycle").click()
        page.wait_for_url(re.compile(r"/ipm/points/\d+/$"))
        assert page.get_by_text(
            "La position est inscrite à l'ordre du jour du Cycle 12"
        ).is_visible()
        assert AgendaItem.objects.get().position == position
        context.close()

        # Staff instruct the item, then accept it with reasons in a plenary session.
        context, page = log_in(browser, live_server, w["staff"], secret=w["staff_secret"])
        page.goto(w["cycle"].get_absolute_url())
        page.get_by_label("Nouvelle phase").select_option(label="Instruction")
        page.get_by_label("Motif").fill("Fin de la collecte.")
        page.get_by_role("button", name="Passer à la phase suivante").click()
        assert page.get_by_text("Le cycle est passé en phase « Instruction »").is_visible()
        page.get_by_role("link", name=POSITION).click()
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
        page.get_by_label("Date et heure de la séance").fill(
            timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        )
        page.get_by_label("Lieu").fill("Noisiel")
        page.locator("label", has_text=POSITION).click()
        page.get_by_role("button", name="Programmer").click()
        page.wait_for_url(re.compile(r"/ipm/seances/\d+/$"))
        page.get_by_role("link", name=re.compile("Décider")).click()
        page.get_by_label("Décision", exact=True).select_option(label="Acceptée")
        page.get_by_label("Motifs").fill(REASONS)
        page.get_by_label("Priorité (si acceptée)").select_option(label="Haute")
        page.get_by_label("Version cible (si acceptée)").fill("Version 2027.1")
        page.get_by_role("button", name="Enregistrer la décision").click()
        page.wait_for_url(re.compile(r"/ipm/seances/\d+/$"))
        assert page.get_by_text("La décision est enregistrée").is_visible()
        assert Decision.objects.get().outcome == "accepted"
        context.close()

        # The author sees the decision and its reasons on the timeline and in notifications.
        context, page = log_in(browser, live_server, w["author"])
        page.goto(request.get_absolute_url())
        timeline = page.locator(".cr-timeline")
        assert timeline.get_by_text("Arbitrée : acceptée", exact=True).first.is_visible()
        assert timeline.get_by_text(REASONS).first.is_visible()
        assert_accessible(axe, page)
        page.goto("/demandes/mes-demandes/")
        notice = page.get_by_role("link", name=re.compile("est désormais : Arbitrée : acceptée"))
        assert notice.first.is_visible()
        notice.first.click()
        page.wait_for_url(f"**{request.get_absolute_url()}")
        assert page.locator(".cr-timeline").get_by_text(REASONS).first.is_visible()
        context.close()

    request.refresh_from_db()
    assert request.status == Status.ACCEPTED
    assert request.target_release == "Version 2027.1"

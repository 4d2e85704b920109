import pytest
from django.urls import reverse

from club.core.gdpr.models import ConsentRecord
from colleges.models import Application, ApplicationDecision
from colleges.services import PUBLIC_ENTITY_REFUSAL
from tests.colleges.helpers import page_text
from tests.factories import make_member, qualification_for, valid_siret

pytestmark = pytest.mark.django_db


def form_data(college, charter=None, **overrides):
    data = qualification_for(college)
    data.update(overrides)
    if charter is not None:
        data.setdefault("accept_charter", "on")
        data.setdefault("charter_version", charter.version)
    return data


def apply_url(college):
    return reverse("colleges:apply_to", args=[college.slug])


def test_choosing_a_college_lists_the_colleges_but_not_the_plenary(client, user, college, plenary):
    client.force_login(user)
    response = client.get(reverse("colleges:apply"))
    html = page_text(response)
    assert response.status_code == 200
    assert apply_url(college) in html
    assert reverse("colleges:apply_to", args=[plenary.slug]) not in html


def test_nobody_applies_to_the_plenary(client, user, plenary):
    client.force_login(user)
    assert client.get(apply_url(plenary)).status_code == 404


def test_apply_form_shows_the_college_questions_and_its_charter(client, user, college, charter):
    client.force_login(user)
    html = page_text(client.get(apply_url(college)))
    assert "Comment déposez-vous vos factures" in html  # suppliers' sending channels
    assert "Logiciel ou service" not in html
    assert charter.title in html
    assert "Version en vigueur : 2" in html
    assert "accepte la charte" in html


def test_vendor_college_asks_for_the_software_offered(client, user, other_college):
    client.force_login(user)
    html = page_text(client.get(apply_url(other_college)))
    assert "Logiciel ou service que vous proposez" in html
    assert "Comment déposez-vous vos factures" not in html


def test_applying_records_the_application_and_the_charter_consent(client, user, college, charter):
    client.force_login(user)
    siret = valid_siret(424242)
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
    response = client.post(apply_url(college), form_data(college, charter, siret=spaced))
    assert response.status_code == 302
    assert response["Location"] == reverse("colleges:my_space")
    application = Application.objects.get(applicant=user)
    assert application.college == college
    assert application.siret == siret, "spaces are dropped"
    assert application.charter == charter
    assert application.sending_channels == ["portal"]
    assert application.decisions.get().action == ApplicationDecision.Action.SUBMITTED
    consent = ConsentRecord.objects.get(user=user)
    assert (consent.document, consent.reference, consent.version) == ("charter", college.slug, "2")
    page = page_text(client.get(response["Location"]))
    assert "est déposée" in page
    assert "En attente de validation" in page


def test_bad_siret_is_refused_with_a_clear_message_and_input_kept(client, user, college):
    client.force_login(user)
    data = form_data(college, siret="123 456 789 00011", organisation_name="Menuiserie Dupont")
    response = client.post(apply_url(college), data)
    assert response.status_code == 200
    html = page_text(response)
    assert "clé de contrôle ne correspond pas" in html
    assert 'aria-invalid="true"' in html
    assert 'value="123 456 789 00011"' in html
    assert 'value="Menuiserie Dupont"' in html
    assert not Application.objects.exists()


def test_short_siret_says_how_many_digits(client, user, college):
    client.force_login(user)
    response = client.post(apply_url(college), form_data(college, siret="1234"))
    assert "exactement 14 chiffres" in page_text(response)


def test_public_entity_gets_a_plain_refusal_explaining_why(client, user, college):
    client.force_login(user)
    data = form_data(college, organisation_kind="public_entity", organisation_name="Mairie de Lyon")
    response = client.post(apply_url(college), data)
    assert response.status_code == 200
    html = page_text(response)
    assert str(PUBLIC_ENTITY_REFUSAL) in html
    assert 'value="Mairie de Lyon"' in html
    assert not Application.objects.exists()


def test_duplicate_application_is_refused_and_input_kept(client, user, college):
    client.force_login(user)
    client.post(apply_url(college), form_data(college))
    response = client.post(
        apply_url(college), form_data(college, motivation="Une seconde tentative")
    )
    assert response.status_code == 200
    html = page_text(response)
    assert "déjà une candidature en cours" in html
    assert "Une seconde tentative" in html
    assert Application.objects.count() == 1


def test_member_applying_again_to_its_college_is_told_so(client, college, staff):
    user = make_member(college, staff=staff).user
    client.force_login(user)
    response = client.post(apply_url(college), form_data(college))
    assert "déjà membre du collège" in page_text(response)


def test_person_may_apply_to_a_second_college(client, user, college, other_college):
    client.force_login(user)
    client.post(apply_url(college), form_data(college))
    response = client.post(apply_url(other_college), form_data(other_college))
    assert response.status_code == 302
    assert Application.objects.filter(applicant=user).count() == 2


def test_charter_must_be_accepted(client, user, college, charter):
    client.force_login(user)
    data = form_data(college, charter, motivation="Je veux participer")
    del data["accept_charter"]
    response = client.post(apply_url(college), data)
    html = page_text(response)
    assert "vous devez accepter sa charte" in html
    assert "Je veux participer" in html
    assert not Application.objects.exists()


def test_charter_changed_while_reading_asks_to_accept_the_new_version(
    client, user, college, charter
):
    client.force_login(user)
    response = client.post(apply_url(college), form_data(college, charter, charter_version=1))
    assert "version en vigueur de la charte" in page_text(response)
    assert not Application.objects.exists()


def test_missing_qualification_answer_is_tied_to_its_field(client, user, college):
    client.force_login(user)
    data = form_data(college)
    del data["sending_channels"]
    response = client.post(apply_url(college), data)
    html = page_text(response)
    assert response.status_code == 200
    assert "Champ requis" in html
    assert not Application.objects.exists()

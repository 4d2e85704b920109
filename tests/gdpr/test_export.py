import json

import pytest
from django.urls import reverse
from django.utils import timezone

from club.core.audit.models import AuditEntry
from club.core.gdpr import registry
from club.core.gdpr.services import export_personal_data

pytestmark = pytest.mark.django_db


def test_export_has_every_registered_section(person):
    data = export_personal_data(user=person)
    names = {section.name for section in registry.sections()}
    assert {"accounts", "colleges", "gdpr"} <= names
    assert set(data["sections"]) == names


def test_export_holds_the_persons_values(person, college, other_college):
    sections = export_personal_data(user=person)["sections"]
    account = sections["accounts"]
    assert account["adresse_electronique"] == "camille.durand@exemple.fr"
    assert (account["prenom"], account["nom"]) == ("Camille", "Durand")
    assert account["adresses_electroniques"][0]["adresse"] == "camille.durand@exemple.fr"
    assert account["double_authentification"][0]["type"]
    assert "secret" not in json.dumps(account["double_authentification"])

    colleges = sections["colleges"]
    applications = {a["college"]: a for a in colleges["candidatures"]}
    assert set(applications) == {college.name, other_college.name}
    pending = applications[other_college.name]
    assert pending["organisation"] == "Durand Logiciels"
    assert pending["motivation"] == "Motivation très personnelle de Camille."
    assert pending["logiciel_ou_service_propose"] == "Logiciel de facturation"
    approved = applications[college.name]
    assert [d["action"] for d in approved["decisions"]] == ["Déposée", "Acceptée"]
    assert [m["college"] for m in colleges["adhesions"]] == [college.name]
    assert colleges["roles_d_animateur"][0]["college"] == college.name
    assert colleges["mandats_de_delegue"][0]["siege"] == 1

    consents = sections["gdpr"]
    assert {(c["version"], c["reference"]) for c in consents} >= {("3", "fournisseurs")}
    assert len(consents) == 2


def test_export_holds_nothing_of_another_person(person, someone_else):
    text = json.dumps(export_personal_data(user=person), ensure_ascii=False)
    for value in ("dominique.martin@exemple.fr", "Dominique", "Martin", "autre"):
        assert value not in text
    # ...nor the staff member who validated the application.
    assert "equipe@club.example" not in text


def test_export_is_recorded_in_the_audit_log(person):
    export_personal_data(user=person)
    entry = AuditEntry.objects.get(action="personal_data.exported")
    assert entry.actor == person
    assert entry.target_id == str(person.pk)


def test_download_is_a_dated_json_file(client, person):
    client.force_login(person)
    response = client.post(reverse("gdpr:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="mes-donnees-club-chorus-pro-')
    assert disposition.endswith('.json"')
    assert timezone.localdate().isoformat() in disposition
    data = json.loads(response.content)
    assert data["sections"]["accounts"]["adresse_electronique"] == person.email


def test_download_needs_post(client, person):
    client.force_login(person)
    assert client.get(reverse("gdpr:export")).status_code == 405

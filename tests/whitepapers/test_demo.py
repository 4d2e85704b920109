import io

import pytest
from django.core.management import call_command

from whitepapers.models import Consultation, WhitepaperPage

pytestmark = pytest.mark.django_db


def test_seed_publishes_the_announced_whitepaper_and_opens_a_consultation(client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (WhitepaperPage.objects.count(), Consultation.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (WhitepaperPage.objects.count(), Consultation.objects.count()) == counts == (2, 1)
    formats = WhitepaperPage.objects.get(slug="choisir-son-format-de-facture-electronique")
    assert formats.live and formats.version == "1.1"
    response = client.get(formats.url)
    assert response.status_code == 200
    for term in ("UBL 2.1", "CII D16B", "PDF/A-3", "BASIC WL", "EXTENDED", "EN 16931", "PDP"):
        assert term in response.text
    assert [v.version for v in response.context["versions"]] == ["1.1", "1.0"]
    rejects = WhitepaperPage.objects.get(slug="eviter-les-rejets-de-factures")
    assert not rejects.live
    assert rejects.consultations.get().is_open()
    assert client.get("/livres-blancs/").status_code == 200

"""While a member types a new request, the closest filed ones are shown (issue 21), on both
backends: trigram similarity on PostgreSQL, words in common (accents ignored) on SQLite."""

import pytest
from django.urls import reverse

from proposals import selectors
from tests.proposals.factories import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(member, college):
    return {
        "engagement": make_request(
            member, college, title="Agrandir le champ « Numéro d'engagement » à 30 caractères"
        ),
        "motif": make_request(
            member, college, title="Afficher le motif de rejet dans la liste des factures"
        ),
        "draft": make_request(
            member, college, submit=False, title="Numéro d'engagement plus long (brouillon)"
        ),
    }


def test_the_closest_filed_request_comes_first_accents_and_drafts_aside(filed):
    found = selectors.similar_requests("numero d engagement trop court, agrandir le champ")
    assert found and found[0] == filed["engagement"]
    assert filed["draft"] not in found, "a draft is its author's only"
    assert filed["motif"] not in found


def test_nothing_is_suggested_for_a_short_or_unrelated_title(filed):
    assert selectors.similar_requests("Rejet") == []
    assert selectors.similar_requests("Exporter le grand livre en XML comptable") == []


def test_the_form_fragment_lists_them_and_a_refused_form_shows_them_too(
    client, member, filed, college
):
    member_client = client
    member_client.force_login(member)
    url = reverse("proposals:similar")
    html = member_client.get(url, {"title": "Numéro d'engagement : agrandir le champ"}).text
    assert "Des demandes proches existent déjà" in html
    assert filed["engagement"].get_absolute_url() in html
    assert member_client.get(url, {"title": "abc"}).text.strip() == ""

    page = member_client.get(reverse("proposals:create")).text
    assert 'id="similar-requests"' in page and "proposals/similar.js" in page
    refused = member_client.post(
        reverse("proposals:create"),
        {"title": "Agrandir le numéro d'engagement", "college": college.pk, "action": "submit"},
    )
    assert refused.status_code == 400
    assert filed["engagement"].get_absolute_url() in refused.text

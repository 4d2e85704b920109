import re

import pytest
from django.urls import reverse

from tests.pages.factories import faq_page

pytestmark = pytest.mark.django_db


def test_faq_groups_questions_by_section_in_accessible_accordions(client):
    faq_page(
        [
            ("Adhérer au club", [("Combien coûte l'adhésion ?", "Rien.")]),
            (
                "Les votes",
                [("Mon vote est-il secret ?", "Oui."), ("Qui vote ?", "Les membres.")],
            ),
        ]
    )
    response = client.get(reverse("pages:faq"))
    assert response.status_code == 200
    html = response.text
    assert re.findall(r"<h2 id=\"faq-[^\"]+\">([^<]+)</h2>", html) == [
        "Adhérer au club",
        "Les votes",
    ]
    buttons = re.findall(r'aria-controls="([^"]+)">([^<]+)</button>', html)
    questions = [label for _id, label in buttons if label.endswith("?")]
    assert questions == [
        "Combien coûte l&#x27;adhésion ?",
        "Mon vote est-il secret ?",
        "Qui vote ?",
    ]
    # Each button controls the answer that follows it, and the ids are unique on the page.
    ids = [target for target, label in buttons if label.endswith("?")]
    assert len(set(ids)) == 3
    for target in ids:
        assert f'<div class="fr-collapse" id="{target}">' in html
    assert "<p>Les membres.</p>" in html


def test_faq_is_linked_from_the_footer(client):
    faq_page([("Adhérer", [("Qui ?", "Vous.")])])
    assert f'href="{reverse("pages:faq")}"' in client.get("/").text


def test_faq_menu_address_without_page_is_a_404(client):
    assert client.get(reverse("pages:faq")).status_code == 404

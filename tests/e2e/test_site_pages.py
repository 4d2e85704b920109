"""The club's public pages in a real browser: news, FAQ accordions and charters meet WCAG 2.1 AA."""

from django.conf import settings
from django.test import Client

from tests.colleges.factories import CharterFactory
from tests.e2e.conftest import assert_accessible
from tests.factories import make_member
from tests.pages.factories import faq_page, news_article
from tests.votes.factories import facilitator_of, make_ballot
from tests.whitepapers.factories import published_whitepaper


def test_news_faq_and_charters_are_accessible(page, axe, staff, college):
    article = news_article(
        title="Le club ouvre ses trois collèges",
        tags=["Vie du club"],
        body=[
            {"type": "heading", "value": {"text": "Trois collèges", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Fournisseurs, éditeurs, institutionnels.</p>"},
            {
                "type": "table",
                "value": {
                    "caption": "Le calendrier",
                    "header": ["Date", "Obligation"],
                    "rows": [["1er septembre 2026", "Recevoir des factures électroniques"]],
                },
            },
            {
                "type": "callout",
                "value": {"title": "À retenir", "text": "L'adhésion est gratuite."},
            },
        ],
    )
    faq_page(
        [
            ("Adhérer au club", [("Combien coûte l'adhésion ?", "Rien : elle est gratuite.")]),
            ("L'IPM", [("Qu'est-ce que l'IPM ?", "L'instance de pilotage mutualisée.")]),
        ]
    )
    CharterFactory(college=college, version=1, title="Charte des fournisseurs, version 1")
    CharterFactory(college=college, version=2, title="Charte des fournisseurs")

    # From the menu to the news list, then an article.
    page.goto("/")
    page.get_by_role("link", name="Actualités").first.click()
    page.wait_for_url("**/actualites/")
    assert_accessible(axe, page)
    page.get_by_role("link", name=article.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == article.title
    assert_accessible(axe, page)

    # The FAQ, from the footer: an answer opens with its question's button.
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Questions fréquentes").click()
    page.wait_for_url("**/questions-frequentes/")
    answer = page.get_by_text("Rien : elle est gratuite.")
    assert not answer.is_visible()
    question = page.get_by_role("button", name="Combien coûte l'adhésion ?")
    question.click()
    answer.wait_for(state="visible")
    assert question.get_attribute("aria-expanded") == "true"
    assert_accessible(axe, page)

    # The charters, from the home page's "how to join".
    page.goto("/")
    page.get_by_role("link", name="Lire les chartes d'usage").click()
    page.wait_for_url("**/colleges/chartes/")
    assert_accessible(axe, page)
    page.get_by_role("link", name="Charte des fournisseurs").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Charte des fournisseurs"
    assert_accessible(axe, page)
    page.get_by_role("link", name="Version 1").click()
    assert page.get_by_text("qui n'est plus en vigueur").is_visible()


def test_member_home_with_open_ballots_news_and_whitepapers_is_accessible(
    browser, live_server, axe, staff, college
):
    facilitator = facilitator_of(college, staff)
    member = make_member(college, staff=staff).user
    make_ballot(college, facilitator, question="Afficher le motif de rejet dans la liste ?")
    news_article(title="Le club ouvre ses trois collèges")
    published_whitepaper(staff, title="Choisir son format de facture électronique")
    client = Client()
    client.force_login(member)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto("/")
    assert page.get_by_role("heading", name="Vos votes en cours").is_visible()
    assert page.get_by_role("link", name="Afficher le motif de rejet dans la liste ?").is_visible()
    assert page.get_by_role("link", name="Choisir son format de facture électronique").is_visible()
    assert_accessible(axe, page)
    context.close()

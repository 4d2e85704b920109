from tests.e2e.conftest import assert_accessible


def test_home_page_switches_language_and_meets_wcag_aa(page, axe):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator(".fr-header__service-title").inner_text() == "Club Chorus Pro"
    # The DSFR stylesheet is served by the app and applied: the Marianne font is in use.
    assert "Marianne" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert_accessible(axe, page)

    page.locator("footer").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Log in").first.is_visible()
    assert_accessible(axe, page)


def test_home_page_works_on_a_phone(browser, live_server, axe):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="fr-FR", is_mobile=True
    )
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Menu").click()
    assert page.locator("#header-navigation").is_visible()
    assert_accessible(axe, page)
    context.close()

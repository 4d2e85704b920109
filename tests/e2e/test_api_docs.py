"""The API's documentation page works in a browser under the site's strict CSP, offline."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_render_under_csp_without_network(page, live_server):
    violations, outside = [], []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on(
        "request",
        lambda r: None if r.url.startswith((live_server.url, "data:")) else outside.append(r.url),
    )
    page.goto("/api/v1/docs")
    # Swagger UI, served by the site, loaded the OpenAPI document and lists the operations.
    page.get_by_text("Déposer une demande d'évolution").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert violations == []
    assert outside == []

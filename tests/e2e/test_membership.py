"""A person applies to two colleges; the staff reject one and approve the other; the person
sees both outcomes and reaches the college and the plenary."""

import re

import pytest
from playwright.sync_api import expect

from tests.colleges.factories import CharterFactory, MfaStaffFactory, totp_code
from tests.e2e.conftest import assert_accessible
from tests.factories import PASSWORD, CollegeFactory, PlenaryFactory, UserFactory, valid_siret


@pytest.fixture
def journey_world(transactional_db):
    suppliers = CollegeFactory(
        name="Fournisseurs", short_name="Fournisseurs", slug="fournisseurs", position=1
    )
    CharterFactory(college=suppliers, version=1, title="Charte d'usage des fournisseurs")
    vendors = CollegeFactory(
        name="Éditeurs et opérateurs",
        short_name="Éditeurs",
        slug="editeurs",
        qualification="vendor",
        position=2,
    )
    plenary = PlenaryFactory(name="Plénière – sujets transverses", position=4)
    person = UserFactory(email="lucas.michel@exemple.fr", first_name="Lucas", last_name="Michel")
    staff = MfaStaffFactory(email="equipe@club.example", first_name="Camille", last_name="Équipe")
    return {
        "suppliers": suppliers,
        "vendors": vendors,
        "plenary": plenary,
        "person": person,
        "staff": staff,
    }


def log_in(page, email, secret=None):
    page.goto("/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    if secret is not None:
        page.wait_for_url("**/2fa/authenticate/**")
        page.fill("input[name=code]", totp_code(secret))
        page.press("input[name=code]", "Enter")
    page.wait_for_load_state()
    expect(page.locator("input[name=password]")).to_have_count(0)


def fill_common(page, organisation, siret):
    page.get_by_label("Nom de votre organisation").fill(organisation)
    page.get_by_label("Numéro SIRET").fill(siret)
    page.get_by_label("Type d'organisation").select_option("company")
    page.get_by_label("Votre fonction").fill("Gérant")
    page.get_by_label("Votre motivation").fill("Nos factures de travaux sont souvent rejetées.")


def test_apply_to_two_colleges_staff_decides_member_sees_outcomes(
    browser, live_server, axe, journey_world
):
    world = journey_world
    person_context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = person_context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, world["person"].email)

    # First application: the suppliers' college, with its charter.
    page.goto("/colleges/")
    assert_accessible(axe, page)
    page.get_by_role("link", name="Candidater", exact=True).click()
    page.get_by_role("link", name=re.compile("Candidater au collège Fournisseurs")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Fournisseurs")
    assert_accessible(axe, page)
    fill_common(page, "Menuiserie Michel", "123 456 789 00011")  # wrong checksum first
    page.get_by_role("checkbox", name="API", exact=True).check(
        force=True
    )  # DSFR draws the box on the label
    page.get_by_label(re.compile("J'ai lu et j'accepte la charte")).check(
        force=True
    )  # DSFR draws the box on the label
    page.get_by_role("button", name="Déposer ma candidature").click()
    # Said twice: in the summary at the top of the form (focused) and under the field.
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(
        page.locator("#id_siret-desc-error").get_by_text("clé de contrôle ne correspond pas")
    ).to_be_visible()
    expect(page.get_by_label("Nom de votre organisation")).to_have_value("Menuiserie Michel")
    assert_accessible(axe, page)
    siret = valid_siret(31337)
    page.get_by_label("Numéro SIRET").fill(f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}")
    page.get_by_label(re.compile("J'ai lu et j'accepte la charte")).check(
        force=True
    )  # DSFR draws the box on the label
    page.get_by_role("button", name="Déposer ma candidature").click()
    page.wait_for_url("**/colleges/mon-espace/")
    expect(page.get_by_text("est déposée")).to_be_visible()

    # Second application: the vendors' college asks what software is offered.
    page.goto("/colleges/candidater/")
    page.get_by_role("link", name=re.compile("Candidater au collège Éditeurs")).click()
    fill_common(page, "Michel Logiciels", valid_siret(31338))
    page.get_by_label("Logiciel ou service que vous proposez").fill("Devis et factures")
    page.get_by_role("button", name="Déposer ma candidature").click()
    page.wait_for_url("**/colleges/mon-espace/")
    expect(page.get_by_text("En attente de validation")).to_have_count(2)

    # The staff sign in with their second factor and decide.
    staff_context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    staff_page = staff_context.new_page()
    staff_page.set_default_timeout(15_000)
    log_in(staff_page, world["staff"].email, secret=world["staff"].totp_secret)
    staff_page.goto("/colleges/equipe/candidatures/")
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Candidatures à valider")
    assert_accessible(axe, staff_page)

    rows = staff_page.locator("tbody tr")
    expect(rows).to_have_count(2)
    rows.filter(has_text="Éditeurs").get_by_role("link").click()
    assert_accessible(axe, staff_page)
    staff_page.get_by_label("Motif").fill("Votre activité principale relève des fournisseurs.")
    staff_page.get_by_role("button", name="Refuser la candidature").click()
    staff_page.wait_for_url("**/equipe/candidatures/")
    expect(staff_page.get_by_text("refusée")).to_be_visible()

    staff_page.locator("tbody tr").filter(has_text="Fournisseurs").get_by_role("link").click()
    staff_page.get_by_role("button", name="Accepter la candidature").click()
    staff_page.wait_for_url("**/equipe/candidatures/")
    expect(staff_page.get_by_text("Aucune candidature en attente.")).to_be_visible()
    staff_context.close()

    # The person sees both outcomes, reaches the college page and the plenary.
    page.goto("/colleges/mon-espace/")
    expect(page.get_by_text("Refusée").first).to_be_visible()
    expect(page.get_by_text("Votre activité principale relève des fournisseurs.")).to_be_visible()
    expect(page.get_by_text("Acceptée").first).to_be_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Fournisseurs", exact=True).click()
    expect(page.get_by_role("heading", name="L'espace du collège")).to_be_visible()
    assert_accessible(axe, page)
    page.goto("/colleges/mon-espace/")
    page.get_by_role("link", name=re.compile("Accéder à la Plénière")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plénière – sujets transverses")
    expect(page.get_by_role("heading", name="L'espace du collège")).to_be_visible()
    person_context.close()


def test_a_moved_application_is_completed_with_the_new_colleges_charter(
    browser, live_server, journey_world, axe
):
    """Issue 21.7: staff move an application; the applicant accepts the new college's charter
    and says which software they offer before anyone can accept them there."""
    from colleges import services
    from tests.factories import qualification_for

    vendors, person, staff = (journey_world[k] for k in ("vendors", "person", "staff"))
    CharterFactory(college=vendors, version=2, title="Charte d'usage des éditeurs")
    suppliers = journey_world["suppliers"]
    application = services.submit_application(
        applicant=person,
        college=suppliers,
        charter=suppliers.current_charter,
        **qualification_for(suppliers, organisation_name="Facturia SAS"),
    )
    services.move_application(
        application=application, actor=staff, to_college=vendors, reason="Vous éditez un logiciel."
    )

    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, person.email)
    page.goto("/colleges/mon-espace/")
    page.get_by_role("link", name="Compléter ma candidature").click()
    page.get_by_role("heading", name="Charte d'usage des éditeurs").wait_for()
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(axe, page)
    page.get_by_role("button", name="Renvoyer ma candidature").click()
    expect(page.get_by_text("vous devez accepter sa charte d'usage").first).to_be_visible()
    page.get_by_label("J'ai lu et j'accepte la charte d'usage du collège (version 2)").check(
        force=True
    )
    page.get_by_label(re.compile("Logiciel ou service")).fill("Facturia Compta")
    page.get_by_role("button", name="Renvoyer ma candidature").click()
    page.wait_for_url("**/colleges/mon-espace/")
    expect(page.get_by_text("de nouveau en attente de validation")).to_be_visible()
    application.refresh_from_db()
    assert application.status == "pending" and application.charter.version == 2
    context.close()

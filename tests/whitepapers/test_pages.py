import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import CollegeFactory
from tests.whitepapers.factories import (
    index_page,
    new_version,
    published_whitepaper,
)

pytestmark = pytest.mark.django_db


def test_index_url_name_serves_the_wagtail_index_at_the_same_address(client):
    index = index_page()
    assert index.url == reverse("whitepapers:index") == "/livres-blancs/"
    response = client.get("/livres-blancs/")
    assert response.status_code == 200
    assert response.context["page"] == index


def test_index_url_name_redirects_to_an_index_elsewhere(client):
    index = index_page(slug="publications")
    response = client.get("/livres-blancs/")
    assert response.status_code == 302
    assert response.url == index.url


def test_published_whitepaper_is_listed_and_readable(client, staff, college):
    page = published_whitepaper(
        staff, title="Choisir son format", colleges=[college], tags=["Factur-X"]
    )
    response = client.get(index_page().url)
    assert response.status_code == 200
    assert "Choisir son format" in response.text
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Version 1.0" in response.text
    assert "Fournisseurs" in response.text
    assert "<caption>Formats</caption>" in response.text


def test_pdf_is_valid_and_contains_the_title(client, staff):
    page = published_whitepaper(staff, title="Choisir son format de facture électronique")
    response = client.get(f"/livres-blancs/{page.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Choisir son format de facture électronique" in text
    assert "RÉPUBLIQUE" in text
    assert reader.metadata.title == "Choisir son format de facture électronique"


def test_every_published_version_is_kept_and_readable(client, staff):
    page = published_whitepaper(staff, title="Formats", summary="Résumé premier")
    new_version(
        page, staff, version="1.1", changelog="Ajout du profil EXTENDED.", summary="Résumé second"
    )
    response = client.get(page.url)
    assert "Version 1.1" in response.text
    assert "Ajout du profil EXTENDED." in response.text
    versions = response.context["versions"]
    assert [v.version for v in versions] == ["1.1", "1.0"]
    old = versions[1]
    response = client.get(f"/livres-blancs/{page.pk}/versions/{old.revision_id}/")
    assert response.status_code == 200
    assert "Résumé premier" in response.text
    assert "Vous lisez la version 1.0" in response.text
    pdf = client.get(f"/livres-blancs/{page.pk}/versions/{old.revision_id}/pdf/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Version 1.0" in text and "Résumé premier" in text


def test_a_draft_revision_is_never_served_as_a_version(client, staff):
    page = published_whitepaper(staff, title="Formats")
    draft = page.get_latest_revision_as_object()
    draft.summary = "Brouillon secret"
    revision = draft.save_revision(user=staff)
    assert client.get(f"/livres-blancs/{page.pk}/versions/{revision.pk}/").status_code == 404
    assert client.get(f"/livres-blancs/{page.pk}/versions/{revision.pk}/pdf/").status_code == 404
    assert "Brouillon secret" not in client.get(page.url).text


def test_index_filters_by_tag_college_and_search(client, staff, college, other_college):
    published_whitepaper(staff, title="Factur-X expliqué", colleges=[college], tags=["Factur-X"])
    published_whitepaper(
        staff,
        title="Les API du portail",
        colleges=[other_college],
        tags=["API"],
        summary="Raccordement par API et EDI",
    )
    url = index_page().url
    titles = lambda r: [p.title for p in r.context["whitepapers"]]  # noqa: E731
    assert set(titles(client.get(url))) == {"Factur-X expliqué", "Les API du portail"}
    assert titles(client.get(url, {"tag": "factur-x"})) == ["Factur-X expliqué"]
    assert titles(client.get(url, {"college": other_college.slug})) == ["Les API du portail"]
    assert titles(client.get(url, {"q": "raccordement"})) == ["Les API du portail"]


def test_atom_feed_lists_published_whitepapers(client, staff):
    published_whitepaper(staff, title="Factur-X expliqué")
    response = client.get("/livres-blancs/flux.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "<title>Factur-X expliqué</title>" in response.text


def test_index_query_count_is_constant(client, staff, django_assert_max_num_queries):
    colleges = [CollegeFactory() for _ in range(3)]

    def make(n, offset):
        for i in range(n):
            published_whitepaper(
                staff, title=f"Livre {offset + i}", colleges=colleges[:2], tags=[f"t{i}", "commun"]
            )

    url = index_page().url
    make(2, 0)
    client.get(url)
    with django_assert_max_num_queries(14) as ctx:
        response = client.get(url)
    assert len(response.context["whitepapers"]) == 2
    bound = len(ctx.captured_queries)
    make(4, 10)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert len(response.context["whitepapers"]) == 6


def test_figures_keep_their_alt_text_on_the_page_and_in_the_pdf(client, staff):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(title="Schéma", file=get_test_image_file())
    figure = {
        "type": "figure",
        "value": {
            "image": image.pk,
            "alt": "Schéma du PDF/A-3 et de son XML",
            "caption": "Factur-X",
        },
    }
    page = published_whitepaper(staff, title="Avec figure", body=[figure])
    response = client.get(page.url)
    assert 'alt="Schéma du PDF/A-3 et de son XML"' in response.text
    pdf = PdfReader(io.BytesIO(client.get(f"/livres-blancs/{page.pk}/pdf/").content))
    assert "Schéma du PDF/A-3 et de son XML" in pdf.pages[0].extract_text()
    assert pdf.pages[0].images


def test_figure_without_alt_text_is_refused():
    from django.core.exceptions import ValidationError
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from whitepapers.blocks import FigureBlock

    image = Image.objects.create(title="Schéma", file=get_test_image_file())
    block = FigureBlock()
    assert block.clean(block.to_python({"image": image.pk, "alt": "Un schéma", "caption": ""}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": image.pk, "alt": "", "caption": ""}))

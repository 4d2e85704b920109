"""The cycle report PDF and the whitepaper PDF share one font set-up (issue 21, point 2).

reportlab keeps registered fonts in a process-wide registry: the two PDFs used to register the
same TTF files under different names, so whichever came second in a process found "Vera" there,
skipped its own registration and failed on a name it never registered.
"""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from tests.whitepapers.factories import published_whitepaper

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_font_registry():
    """A registry as a new server process has it, whatever earlier tests rendered."""
    pdfmetrics._reset()
    yield
    pdfmetrics._reset()


def test_cycle_report_pdf_after_a_whitepaper_pdf_in_the_same_process(
    client, staff, cycle, fresh_font_registry
):
    page = published_whitepaper(staff, title="Formats")
    assert client.get(f"/livres-blancs/{page.pk}/pdf/").status_code == 200

    response = client.get(reverse("proposals:cycle_report_pdf", args=[cycle.number]))

    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Bilan du" in text


def test_whitepaper_pdf_after_a_cycle_report_pdf_in_the_same_process(
    client, staff, cycle, fresh_font_registry
):
    assert client.get(reverse("proposals:cycle_report_pdf", args=[cycle.number])).status_code == 200
    page = published_whitepaper(staff, title="Formats")

    response = client.get(f"/livres-blancs/{page.pk}/pdf/")

    assert response.status_code == 200
    assert "Formats" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()

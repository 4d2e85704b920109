"""The one PDF look of the club: fonts, colours and paragraph styles, for every PDF we render.

reportlab keeps registered fonts in a registry shared by the whole process. Every PDF therefore
goes through `styles()`, which registers the bundled Bitstream Vera TTFs (they cover French
accents) once, under one set of names, as one family: two set-ups registering the same files
under different names made the second PDF of a process fail on a name it thought was there.

The look follows the DSFR: blue France (#000091) for titles and rules, grey for metadata.
"""

from pathlib import Path

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import TableStyle

BLUE_FRANCE = colors.HexColor("#000091")
GREY = colors.HexColor("#666666")
LIGHT = colors.HexColor("#eeeeee")
RULE = colors.HexColor("#dddddd")

FONT = "Vera"
FONT_BOLD = "Vera-Bold"
FONT_ITALIC = "Vera-Italic"
FONT_BOLD_ITALIC = "Vera-BoldItalic"

_FONT_DIR = Path(reportlab.__file__).parent / "fonts"
_FONT_FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}


def register_fonts() -> None:
    """Register the family unless the registry already holds it (asked each time, not cached in
    a flag of ours, so a registry reset by reportlab or a test is noticed)."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    if registered.issuperset(_FONT_FILES):
        return
    for name, filename in _FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of every PDF, with the fonts registered."""
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=15, alignment=TA_LEFT)
    return {
        "body": base,
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=20,
            leading=25,
            textColor=colors.white,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=18,
            leading=22,
            textColor=BLUE_FRANCE,
            spaceAfter=6,
        ),
        "lead": ParagraphStyle("lead", parent=base, fontSize=12, leading=17, spaceAfter=8),
        "meta": ParagraphStyle("meta", parent=base, fontSize=8.5, leading=12, textColor=GREY),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=15,
            leading=20,
            textColor=BLUE_FRANCE,
            spaceBefore=12,
            spaceAfter=6,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=16,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "quote": ParagraphStyle(
            "quote",
            parent=base,
            fontName=FONT_ITALIC,
            fontSize=11,
            leading=16,
            leftIndent=12,
            textColor=colors.HexColor("#161616"),
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        "cellhead": ParagraphStyle(
            "cellhead", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=11
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=14, bulletIndent=4),
    }


def grid_table_style(*, font_size: float = 8.5) -> TableStyle:
    """A data table: light header row underlined in blue, thin grid, cells aligned on top."""
    register_fonts()
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), font_size),
            ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
            ("LINEBELOW", (0, 0), (-1, 0), 1, BLUE_FRANCE),
            ("GRID", (0, 0), (-1, -1), 0.25, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )

"""Server-side PDF of one published version of a whitepaper, with reportlab (no system library).

Fonts, colours and styles are the club's one PDF set-up (club/core/pdf.py); this module adds the
whitepaper's layout: "République Française" block, a blue-France title bar, sober type.
"""

import html
import io
import re

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from club.core import pdf
from club.core.pdf import BLUE_FRANCE, FONT, FONT_BOLD, GREY


def _inline(markup: str) -> str:
    """Wagtail rich text reduced to the inline tags reportlab understands."""
    text = re.sub(r"<(/?)(strong|b)>", r"<\1b>", markup)
    text = re.sub(r"<(/?)(em|i)>", r"<\1i>", text)
    text = re.sub(r'<a [^>]*href="([^"]+)"[^>]*>', r'<link href="\1" color="#000091">', text)
    text = text.replace("</a>", "</link>")
    text = re.sub(r"<(?!/?(b|i|link)\b)[^>]+>", "", text)
    return text


def _rich_text_flowables(source: str, styles) -> list:
    flowables = []
    for match in re.finditer(r"<(p|li|h2|h3|h4)[^>]*>(.*?)</\1>", source, flags=re.S):
        tag, inner = match.group(1), _inline(match.group(2))
        if not inner.strip():
            continue
        if tag == "li":
            flowables.append(Paragraph(inner, styles["bullet"], bulletText="•"))
        elif tag in ("h2", "h3", "h4"):
            flowables.append(Paragraph(inner, styles["h3"]))
        else:
            flowables.append(Paragraph(inner, styles["body"]))
            flowables.append(Spacer(1, 4))
    return flowables


def _escape(text: str) -> str:
    return html.escape(text or "", quote=False)


def _block_flowables(block, styles) -> list:
    kind, value = block.block_type, block.value
    if kind == "heading":
        return [Paragraph(_escape(value["text"]), styles["h3" if value["level"] == "h3" else "h2"])]
    if kind == "paragraph":
        return _rich_text_flowables(value.source, styles)
    if kind == "table":
        header = [Paragraph(_escape(cell), styles["cellhead"]) for cell in value["header"]]
        rows = [
            [Paragraph(_escape(cell or ""), styles["cell"]) for cell in row]
            for row in value["rows"]
        ]
        width = max([len(header)] + [len(row) for row in rows]) or 1
        data = [row + [""] * (width - len(row)) for row in [header, *rows]]
        table = Table(data, repeatRows=1, colWidths=[(170 * mm) / width] * width)
        table.setStyle(pdf.grid_table_style())
        return [
            Paragraph(f"<b>{_escape(value['caption'])}</b>", styles["meta"]),
            table,
            Spacer(1, 8),
        ]
    if kind == "quote":
        flowables = [Paragraph(f"« {_escape(value['text'])} »", styles["quote"])]
        source = " — ".join(filter(None, [value.get("author"), value.get("source")]))
        if source:
            flowables.append(Paragraph(_escape(source), styles["meta"]))
        return [*flowables, Spacer(1, 6)]
    if kind == "callout":
        box = Table(
            [
                [Paragraph(f"<b>{_escape(value['title'])}</b>", styles["body"])],
                [Paragraph(_escape(value["text"]), styles["body"])],
            ],
            colWidths=[170 * mm],
        )
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eeeef8")),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, BLUE_FRANCE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ]
            )
        )
        return [KeepTogether([box]), Spacer(1, 8)]
    if kind == "figure":
        caption = value.get("caption") or ""
        text = _("Figure : %(alt)s") % {"alt": value["alt"]}
        if caption:
            text += f" — {caption}"
        return [*_image_flowables(value["image"]), Paragraph(_escape(text), styles["meta"])]
    if kind == "document":
        title = value.get("title") or value["document"].title
        return [Paragraph(_escape(_("Document annexe : %(t)s") % {"t": title}), styles["body"])]
    return []


def _image_flowables(image) -> list:
    """The figure itself, at most the text width, read from a rendition of the image."""
    if image is None:
        return []
    rendition = image.get_rendition("max-1200x1200")
    with rendition.file.open("rb") as source:
        data = io.BytesIO(source.read())
    width = min(170 * mm, rendition.width * 0.75)
    height = width * rendition.height / rendition.width
    return [Image(data, width=width, height=height), Spacer(1, 4)]


def render_whitepaper_pdf(page, *, revision_id=None, published_at=None) -> bytes:
    """The PDF of `page` (an instance as of one published revision)."""
    styles = pdf.styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=28 * mm,
        bottomMargin=20 * mm,
        title=page.title,
        author="Club Chorus Pro",
        subject=page.summary[:200],
        lang="fr-FR",
    )
    version_line = _("Version %(version)s") % {"version": page.version}
    if published_at or page.publication_date:
        date = formats.date_format(published_at or page.publication_date, "j F Y")
        version_line += " — " + _("publiée le %(date)s") % {"date": date}

    title_bar = Table([[Paragraph(_escape(page.title), styles["title"])]], colWidths=[170 * mm])
    title_bar.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), BLUE_FRANCE),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    story = [
        title_bar,
        Spacer(1, 6),
        Paragraph(
            _escape(_("Livre blanc du Club Chorus Pro") + " — " + version_line), styles["meta"]
        ),
        Spacer(1, 8),
        Paragraph(_escape(page.summary), styles["lead"]),
    ]
    for block in page.body:
        story.extend(_block_flowables(block, styles))
    if page.changelog:
        story += [
            Paragraph(_escape(_("Journal des modifications")), styles["h2"]),
            Paragraph(_escape(page.changelog).replace("\n", "<br/>"), styles["body"]),
        ]

    def decorate(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT_BOLD, 9)
        canvas.drawString(20 * mm, A4[1] - 13 * mm, "RÉPUBLIQUE")
        canvas.drawString(20 * mm, A4[1] - 17 * mm, "FRANÇAISE")
        canvas.setFont(FONT, 9)
        canvas.drawRightString(A4[0] - 20 * mm, A4[1] - 15 * mm, "Club Chorus Pro")
        canvas.setStrokeColor(BLUE_FRANCE)
        canvas.line(20 * mm, A4[1] - 21 * mm, A4[0] - 20 * mm, A4[1] - 21 * mm)
        canvas.setFillColor(GREY)
        canvas.setFont(FONT, 8)
        canvas.drawString(20 * mm, 12 * mm, f"{page.title} — {version_line}"[:110])
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, str(document.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()

"""Charts drawn on the server as SVG: one place for the IPM report, the votes and the dashboards.

Every chart is an image with a title and a description screen readers announce
(`role="img"`, `<title>`, `<desc>`); the page shows the same figures in a table with a caption,
so the chart is only a view of the table. No script, no style attribute: the strict CSP holds.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# DSFR colours with enough contrast on white, for series in order.
PALETTE = ["#000091", "#18753c", "#b34000", "#0063cb", "#ce0500", "#6e445a", "#009081", "#666666"]


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str


def scaled(value: float, top: float, width: float) -> float:
    """Length of a bar worth `value` when the biggest one (`top`) is `width` long."""
    return round(width * value / top, 1) if top else 0.0


def series_of(labels: list[tuple[str, str]]) -> list[Series]:
    """Series coloured from the palette in order: [(key, label), ...]."""
    return [
        Series(key, label, PALETTE[index % len(PALETTE)])
        for index, (key, label) in enumerate(labels)
    ]


def describe(rows: list[tuple[str, dict]], series: list[Series]) -> str:
    """« Row : series n, series n; ... » — what the chart shows, in words."""
    return "; ".join(
        f"{label} : "
        + ", ".join(f"{s.label} {values.get(s.key, 0)}" for s in series if values.get(s.key))
        if any(values.get(s.key) for s in series)
        else f"{label} : 0"
        for label, values in rows
    )


LABEL_CHARS = 50  # a longer row label is shortened with « … »; the table holds it whole


def _short(label) -> str:
    label = str(label)
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def stacked_bars(
    *,
    chart_id: str,
    title: str,
    rows: list[tuple[str, dict]],
    series: list[Series],
    desc: str | None = None,
    css_class: str = "club-chart",
    width: int = 360,
    legend: bool = True,
) -> SafeString:
    """Horizontal bars, one per row, stacked by series, with the row's total at the end.

    Each row's label sits on its own line above its bar, across the whole chart, so a long
    label is never cut at the left edge. The SVG has its natural size (`width` and `height`),
    which the stylesheet lets shrink to a phone's width and never grow: 15-unit labels stay
    at least 11 pixels high at 375 px, where a chart stretched to the page read at 5.
    """
    row_height = 58
    full_width = width + 60  # room for the total after the longest bar
    totals = [sum(values.get(s.key, 0) for s in series) for _label, values in rows]
    biggest = max([*totals, 1])
    legend_items, legend_lines = [], 0
    if legend:
        x, legend_lines = 0, 1
        for s in series:
            item_width = 18 + 8 * len(str(s.label)) + 14
            if x and x + item_width > full_width:
                x, legend_lines = 0, legend_lines + 1
            legend_items.append((s, x, legend_lines - 1))
            x += item_width
    top = 4
    body_height = top + row_height * max(len(rows), 1)
    height = body_height + 24 * legend_lines
    if desc is None:
        desc = describe(rows, series) or _("Aucune donnée.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {full_width} {height}" '
        f'width="{full_width}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="{css_class}" '
        f'focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for index, ((label, values), total) in enumerate(zip(rows, totals, strict=True)):
        y = top + index * row_height
        parts.append(
            f'<text x="0" y="{y + 15}" font-size="15" fill="#161616">{escape(_short(label))}</text>'
        )
        x = 0.0
        bar_y = y + 22
        for s in series:
            count = values.get(s.key, 0)
            if not count:
                continue
            w = width * count / biggest
            parts.append(
                f'<rect x="{x:.1f}" y="{bar_y}" width="{w:.1f}" height="24" fill="{s.colour}">'
                f"<title>{escape(str(s.label))} : {count}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{x + 6:.1f}" y="{bar_y + 18}" font-size="15" fill="#161616">{total}</text>'
        )
    for s, x, line in legend_items:
        legend_y = body_height + 24 * line + 14
        parts.append(
            f'<rect x="{x}" y="{legend_y - 12}" width="13" height="13" fill="{s.colour}"/>'
        )
        parts.append(
            f'<text x="{x + 18}" y="{legend_y}" font-size="14" fill="#161616">'
            f"{escape(str(s.label))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bars(
    *,
    chart_id: str,
    title: str,
    rows: list[tuple[str, int]],
    label: str,
    colour: str = PALETTE[0],
    **options,
) -> SafeString:
    """Simple horizontal bars: one value per row."""
    series = [Series("value", label, colour)]
    return stacked_bars(
        chart_id=chart_id,
        title=title,
        rows=[(row_label, {"value": value}) for row_label, value in rows],
        series=series,
        legend=False,
        desc=options.pop("desc", None)
        or "; ".join(f"{row_label} : {value}" for row_label, value in rows)
        or _("Aucune donnée."),
        **options,
    )

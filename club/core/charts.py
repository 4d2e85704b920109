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


def stacked_bars(
    *,
    chart_id: str,
    title: str,
    rows: list[tuple[str, dict]],
    series: list[Series],
    desc: str | None = None,
    css_class: str = "club-chart",
    label_width: int = 190,
    width: int = 420,
    legend: bool = True,
) -> SafeString:
    """Horizontal bars, one per row, stacked by series, with the row's total at the end."""
    row_height = 44
    totals = [sum(values.get(s.key, 0) for s in series) for _label, values in rows]
    biggest = max([*totals, 1])
    legend_height = 30 if legend else 0
    height = 40 + row_height * max(len(rows), 1) + legend_height
    if desc is None:
        desc = describe(rows, series) or _("Aucune donnée.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_width + width + 60} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="{css_class}" '
        f'focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for index, ((label, values), total) in enumerate(zip(rows, totals, strict=True)):
        y = 20 + index * row_height
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 20}" text-anchor="end" font-size="14" '
            f'fill="#161616">{escape(str(label)[:28])}</text>'
        )
        x = label_width
        for s in series:
            count = values.get(s.key, 0)
            if not count:
                continue
            w = width * count / biggest
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="28" fill="{s.colour}">'
                f"<title>{escape(str(s.label))} : {count}</title></rect>"
            )
            x += w
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + 20}" font-size="14" fill="#161616">{total}</text>'
        )
    if legend:
        legend_y = height - 14
        x = 10
        for s in series:
            parts.append(
                f'<rect x="{x}" y="{legend_y - 11}" width="12" height="12" fill="{s.colour}"/>'
            )
            parts.append(
                f'<text x="{x + 16}" y="{legend_y}" font-size="12" fill="#161616">'
                f"{escape(str(s.label))}</text>"
            )
            x += 16 + 8 * len(str(s.label)) + 14
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

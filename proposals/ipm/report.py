"""A cycle's report: what came in and what was decided, per college; as a page, CSV and PDF."""

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from club.core import charts, exports
from proposals.ipm.models import Cycle, Outcome
from proposals.ipm.selectors import agenda

OUTCOME_KEYS = [*Outcome.values, ""]

OUTCOME_COLOURS = {
    Outcome.ACCEPTED: "#18753c",
    Outcome.PILOT: "#0063cb",
    Outcome.POSTPONED: "#b34000",
    Outcome.REJECTED: "#ce0500",
    "": "#666666",
}


@dataclass
class CollegeLine:
    name: str
    items: int = 0
    requests: int = 0
    supports: int = 0
    outcomes: dict = field(default_factory=lambda: dict.fromkeys(OUTCOME_KEYS, 0))

    @property
    def undecided(self) -> int:
        return self.outcomes[""]

    def outcome_cells(self):
        return [self.outcomes[o] for o in OUTCOME_KEYS]


@dataclass
class CycleReport:
    cycle: Cycle
    items: list
    lines: list
    total: CollegeLine

    @property
    def outcome_labels(self):
        return [Outcome(o).label for o in Outcome.values] + [_("Sans décision")]


def build(cycle: Cycle) -> CycleReport:
    items = list(agenda(cycle))
    lines: dict[str, CollegeLine] = {}
    total = CollegeLine(name=_("Total"))
    for item in items:
        line = lines.setdefault(item.college.name, CollegeLine(name=item.college.name))
        decision = item.decisions.all()[0] if item.decisions.all() else None
        item.decision = decision
        outcome = decision.outcome if decision else ""
        for target in (line, total):
            target.items += 1
            target.requests += item.request_count
            target.supports += item.support_total
            target.outcomes[outcome] += 1
    return CycleReport(
        cycle=cycle,
        items=items,
        lines=sorted(lines.values(), key=lambda line: line.name),
        total=total,
    )


def svg_chart(report: CycleReport) -> str:
    """Stacked horizontal bars, one per college, coloured by decision; labelled for screen readers.

    The data table under it carries the same numbers: the chart is only a view of it.
    """
    labels = dict(zip(OUTCOME_KEYS, report.outcome_labels, strict=True))
    series = [charts.Series(key, labels[key], OUTCOME_COLOURS[key]) for key in OUTCOME_KEYS]
    rows = [(line.name, line.outcomes) for line in report.lines]
    title = _("Points du %(cycle)s par collège et par décision") % {"cycle": report.cycle.label}
    desc = "; ".join(
        f"{line.name} : "
        + ", ".join(f"{labels[k]} {line.outcomes[k]}" for k in OUTCOME_KEYS if line.outcomes[k])
        for line in report.lines
    ) or _("Aucun point à l'ordre du jour.")
    return str(
        charts.stacked_bars(
            chart_id="ipm-chart",
            title=title,
            rows=rows,
            series=series,
            desc=desc,
            css_class="ipm-chart",
        )
    )


def csv_rows(report: CycleReport) -> list[list]:
    header = [
        _("Cycle"),
        _("Collège"),
        _("Point"),
        _("Demandes"),
        _("Soutiens"),
        _("Résultat du vote"),
        _("Décision"),
        _("Priorité"),
        _("Version cible"),
        _("Reporté au cycle"),
        _("Motifs"),
    ]
    rows = [header]
    for item in report.items:
        d = item.decision
        rows.append(
            [
                report.cycle.number,
                item.college.name,
                item.title,
                item.request_count,
                item.support_total,
                item.vote_result,
                d.get_outcome_display() if d else _("Sans décision"),
                d.get_priority_display() if d and d.priority else "",
                d.target_release if d else "",
                d.postponed_to.number if d and d.postponed_to else "",
                d.reasons if d else "",
            ]
        )
    return rows


def as_csv(report: CycleReport) -> bytes:
    return exports.as_csv(csv_rows(report))


def as_pdf(report: CycleReport) -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    from club.core import pdf

    styles = pdf.styles()
    buffer = io.BytesIO()
    title = _("Bilan du %(cycle)s") % {"cycle": report.cycle.label}
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        title=title,
        author=_("Club Chorus Pro"),
        lang="fr-FR",
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
    )
    story = [
        Paragraph(escape(title), styles["h1"]),
        Paragraph(
            escape(_("Phase : %(phase)s") % {"phase": report.cycle.get_phase_display()}),
            styles["body"],
        ),
        Spacer(1, 0.4 * cm),
        Paragraph(escape(_("Par collège")), styles["h2"]),
    ]
    summary = [[_("Collège"), _("Points"), _("Demandes"), _("Soutiens"), *report.outcome_labels]]
    for line in [*report.lines, report.total]:
        summary.append([line.name, line.items, line.requests, line.supports, *line.outcome_cells()])
    table_style = pdf.grid_table_style(font_size=8)
    story.append(Table(summary, style=table_style, repeatRows=1))
    story += [Spacer(1, 0.6 * cm), Paragraph(escape(_("Points et décisions")), styles["h2"])]
    rows = csv_rows(report)
    detail = [[Paragraph(escape(str(v)), styles["small"]) for v in row[1:]] for row in rows]
    widths = [
        3 * cm,
        5.5 * cm,
        1.6 * cm,
        1.6 * cm,
        3 * cm,
        2.2 * cm,
        1.6 * cm,
        2 * cm,
        1.6 * cm,
        4.5 * cm,
    ]
    story.append(Table(detail, colWidths=widths, style=table_style, repeatRows=1))
    doc.build(story)
    return buffer.getvalue()

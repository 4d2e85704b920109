"""The dashboards' tables: each one a caption, headers and rows, drawn as a chart and as CSV.

A table is built only when its page or its CSV asks for it, from one selector.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from club.core import charts
from club.dashboards import selectors
from colleges.threads.models import ModerationAction
from proposals.ipm.models import Outcome
from proposals.ipm.report import OUTCOME_COLOURS


@dataclass
class Table:
    slug: str
    title: str
    caption: str
    headers: list[str]
    rows: list[list]
    chart: SafeString | None = None
    footer: list[list] = field(default_factory=list)
    note: str = ""
    has_data: bool = True

    def __post_init__(self):
        # A chart of nothing says nothing: the table alone tells there is no data yet.
        if not self.has_data:
            self.chart = None

    def export_rows(self) -> list[list]:
        """Headers, rows and footer: what the CSV and XLSX downloads hold (club/core/exports)."""
        return [self.headers, *self.rows, *self.footer]


def _month_label(day) -> str:
    return formats.date_format(day, "F Y")


# ---- public ---------------------------------------------------------------------------------


def members_table() -> Table:
    per_college, overall = selectors.headcounts()
    rows = [[line.name, line.members] for line in per_college]
    return Table(
        slug="membres",
        has_data=any(line.members for line in per_college),
        title=_("Membres par collège"),
        caption=_("Adhésions actives par collège"),
        headers=[_("Collège"), _("Adhésions actives")],
        rows=rows,
        footer=[
            [_("Total des adhésions"), overall.memberships],
            [_("Personnes distinctes"), overall.people],
        ],
        note=_(
            "Une même personne peut être membre de plusieurs collèges : le nombre de personnes "
            "distinctes est donc inférieur ou égal au total des adhésions."
        ),
        chart=charts.bars(
            chart_id="chart-membres",
            title=_("Adhésions actives par collège"),
            rows=[(line.name, line.members) for line in per_college],
            label=_("Adhésions actives"),
        ),
    )


def requests_table() -> Table:
    lines = selectors.requests_by_status()
    return Table(
        slug="demandes",
        has_data=any(count for *_rest, count in lines),
        title=_("Demandes d'évolution par état"),
        caption=_("Demandes d'évolution déposées, par état"),
        headers=[_("État"), _("Demandes")],
        rows=[[label, count] for _value, label, count in lines],
        footer=[[_("Total"), sum(count for *_rest, count in lines)]],
        chart=charts.bars(
            chart_id="chart-demandes",
            title=_("Demandes d'évolution par état"),
            rows=[(str(label), count) for _value, label, count in lines if count],
            label=_("Demandes"),
        ),
    )


def _outcome_label(key: str) -> str:
    return str(Outcome(key).label) if key else _("Sans décision")


def cycles_table() -> Table:
    lines = selectors.cycle_outcomes()
    series = [
        charts.Series(key, _outcome_label(key), OUTCOME_COLOURS[key])
        for key in selectors.OUTCOME_KEYS
    ]
    return Table(
        slug="cycles",
        has_data=bool(lines),
        title=_("Décisions des cycles IPM"),
        caption=_("Points à l'ordre du jour de chaque cycle IPM, par décision"),
        headers=[_("Cycle"), *[s.label for s in series], _("Total")],
        rows=[
            [
                cycle.label,
                *[counts[key] for key in selectors.OUTCOME_KEYS],
                sum(counts.values()),
            ]
            for cycle, counts in lines
        ],
        chart=charts.stacked_bars(
            chart_id="chart-cycles",
            title=_("Décisions des cycles IPM"),
            rows=[(cycle.label, counts) for cycle, counts in lines],
            series=series,
        ),
    )


PUBLIC_TABLES: dict[str, Callable[[], Table]] = {
    "membres": members_table,
    "demandes": requests_table,
    "cycles": cycles_table,
}


# ---- staff ----------------------------------------------------------------------------------


def _bucket_label(low: int, high: int | None) -> str:
    if high is None:
        return _("%(low)s jours et plus") % {"low": low}
    return _("%(low)s à %(high)s jours") % {"low": low, "high": high - 1}


def queue_table() -> Table:
    lines = selectors.validation_queue_age()
    labels = [_bucket_label(low, high) for low, high in selectors.AGE_BUCKETS]
    series = charts.series_of([(str(i), label) for i, label in enumerate(labels)])
    total = [sum(line.buckets[i] for line in lines) for i in range(len(labels))]
    oldest = min((line.oldest for line in lines if line.oldest), default=None)
    return Table(
        slug="file-de-validation",
        has_data=bool(lines),
        title=_("Âge de la file de validation"),
        caption=_("Candidatures en attente par collège et par ancienneté"),
        headers=[_("Collège"), *labels, _("Total"), _("Plus ancienne depuis le")],
        rows=[[line.college, *line.buckets, line.total, _date(line.oldest)] for line in lines],
        footer=[[_("Total"), *total, sum(total), _date(oldest)]],
        chart=charts.stacked_bars(
            chart_id="chart-file",
            title=_("Candidatures en attente par ancienneté"),
            rows=[
                (line.college, {str(i): n for i, n in enumerate(line.buckets)}) for line in lines
            ],
            series=series,
        ),
    )


def _date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT") if moment else ""


def activity_table() -> Table:
    months, names, cells = selectors.activity_by_month()
    rows = []
    for month in months:
        for name in names:
            posts, requests = cells.get((month, name), (0, 0))
            if posts or requests:
                rows.append([_month_label(month), name, posts, requests])
    series = charts.series_of([(name, name) for name in names])
    chart_rows = [
        (
            _month_label(month),
            {name: sum(cells.get((month, name), (0, 0))) for name in names},
        )
        for month in months
    ]
    return Table(
        slug="activite",
        has_data=bool(rows),
        title=_("Activité par collège"),
        caption=_(
            "Messages écrits et demandes déposées par collège et par mois (12 derniers mois)"
        ),
        headers=[_("Mois"), _("Collège"), _("Messages"), _("Demandes")],
        rows=rows,
        chart=charts.stacked_bars(
            chart_id="chart-activite",
            title=_("Messages et demandes par mois, par collège"),
            rows=chart_rows,
            series=series,
        ),
    )


def turnout_table() -> Table:
    ballots = selectors.turnout_per_ballot()
    rows = []
    for ballot in ballots:
        share = (
            round(100 * ballot.participant_count / ballot.elector_count, 1)
            if ballot.elector_count
            else 0
        )
        rows.append(
            [
                ballot.question,
                ballot.college.name,
                _date(ballot.closes_at),
                ballot.participant_count,
                ballot.elector_count,
                formats.number_format(share, 1),
            ]
        )
    return Table(
        slug="participation",
        has_data=any(b.participant_count for b in ballots),
        title=_("Participation aux scrutins"),
        caption=_("Votants et inscrits de chaque scrutin ouvert ou clos"),
        headers=[
            _("Scrutin"),
            _("Collège"),
            _("Clôture"),
            _("Votants"),
            _("Inscrits"),
            _("Participation (%)"),
        ],
        rows=rows,
        chart=charts.bars(
            chart_id="chart-participation",
            title=_("Votants par scrutin"),
            rows=[(b.question, b.participant_count) for b in ballots[:15]],
            label=_("Votants"),
        ),
    )


def funnel_table() -> Table:
    counts = selectors.request_funnel()
    labels = {
        "filed": _("Déposées"),
        "supported": _("Soutenues"),
        "position": _("Reprises dans une position"),
        "adopted": _("Adoptées par un collège"),
        "escalated": _("Portées à l'IPM"),
        "decided": _("Arbitrées par l'IPM"),
    }
    filed = counts["filed"] or 0
    rows = [
        [
            labels[step],
            counts[step],
            formats.number_format(round(100 * counts[step] / filed, 1) if filed else 0, 1),
        ]
        for step in selectors.FUNNEL_STEPS
    ]
    return Table(
        slug="entonnoir",
        has_data=bool(filed),
        title=_("De la demande à la décision"),
        caption=_("Demandes d'évolution ayant atteint chaque étape"),
        headers=[_("Étape"), _("Demandes"), _("Part des demandes déposées (%)")],
        rows=rows,
        chart=charts.bars(
            chart_id="chart-entonnoir",
            title=_("Demandes ayant atteint chaque étape"),
            rows=[(labels[step], counts[step]) for step in selectors.FUNNEL_STEPS],
            label=_("Demandes"),
        ),
    )


def reports_table() -> Table:
    lines = selectors.reports_per_college()
    series = charts.series_of([("open", _("Ouverts")), ("handled", _("Traités"))])
    return Table(
        slug="signalements",
        has_data=bool(lines),
        title=_("Signalements"),
        caption=_("Signalements ouverts et traités par collège"),
        headers=[_("Collège"), _("Ouverts"), _("Traités")],
        rows=[[r["post__thread__college__name"], r["open"], r["handled"]] for r in lines],
        footer=[[_("Total"), sum(r["open"] for r in lines), sum(r["handled"] for r in lines)]],
        chart=charts.stacked_bars(
            chart_id="chart-signalements",
            title=_("Signalements ouverts et traités par collège"),
            rows=[
                (r["post__thread__college__name"], {"open": r["open"], "handled": r["handled"]})
                for r in lines
            ],
            series=series,
        ),
    )


def moderation_table() -> Table:
    months, cells = selectors.moderation_actions_by_month()
    actions = ModerationAction.Action
    used = [a for a in actions.values if any(key[1] == a for key in cells)]
    series = charts.series_of([(a, str(actions(a).label)) for a in used])
    rows = [
        [
            _month_label(m),
            *[cells.get((m, a), 0) for a in used],
            sum(cells.get((m, a), 0) for a in used),
        ]
        for m in months
    ]
    return Table(
        slug="moderation",
        has_data=bool(used),
        title=_("Actions de modération"),
        caption=_("Actions de modération par mois et par type (12 derniers mois)"),
        headers=[_("Mois"), *[s.label for s in series], _("Total")],
        rows=rows,
        chart=charts.stacked_bars(
            chart_id="chart-moderation",
            title=_("Actions de modération par mois"),
            rows=[(_month_label(m), {a: cells.get((m, a), 0) for a in used}) for m in months],
            series=series,
        ),
    )


def background_table() -> Table:
    """What waits for the task worker: an age that grows means mail has stopped (26.3)."""
    labels = {
        "mails_due": _("Courriels à envoyer"),
        "mails_later": _("Courriels en attente d'une nouvelle tentative"),
        "tasks_ready": _("Tâches de fond en attente"),
        "tasks_running": _("Tâches de fond en cours"),
    }
    now = timezone.now()
    rows = []
    for line in selectors.background_queues(now=now):
        waited = int((now - line.oldest).total_seconds() // 60) if line.oldest else ""
        rows.append([labels[line.key], line.count, _datetime(line.oldest), waited])
    return Table(
        slug="courriels",
        title=_("File des courriels et des tâches de fond"),
        caption=_("Courriels et tâches de fond qui attendent, et depuis quand"),
        headers=[_("File"), _("Nombre"), _("La plus ancienne depuis le"), _("Attente (minutes)")],
        rows=rows,
        note=_(
            "Une attente qui ne cesse de croître signale que le programme des tâches de fond "
            "(manage.py db_worker) est arrêté ou bloqué."
        ),
    )


def _datetime(moment) -> str:
    if not moment:
        return ""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


STAFF_TABLES: dict[str, Callable[[], Table]] = {
    "file-de-validation": queue_table,
    "courriels": background_table,
    "activite": activity_table,
    "participation": turnout_table,
    "entonnoir": funnel_table,
    "signalements": reports_table,
    "moderation": moderation_table,
}

"""Public and staff dashboards, and each table as CSV. Staff pages need staff and a second factor."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from club.core import exports
from club.dashboards.tables import PUBLIC_TABLES, STAFF_TABLES
from colleges.views.common import staff_required


def _download(table, prefix: str, fmt: str) -> HttpResponse:
    return exports.download(
        table.export_rows(), filename=f"{prefix}-{table.slug}", fmt=fmt, title=table.title
    )


def public(request):
    tables = [build() for build in PUBLIC_TABLES.values()]
    return render(
        request,
        "dashboards/public.html",
        {
            "page_title": _("Tableaux de bord"),
            "tables": tables,
            "csv_url": "dashboards:public_csv",
            "xlsx_url": "dashboards:public_xlsx",
        },
    )


def public_csv(request, table: str, fmt: str = "csv"):
    if table not in PUBLIC_TABLES:
        raise Http404
    return _download(PUBLIC_TABLES[table](), "club", fmt)


@staff_required
def staff(request):
    tables = [build() for build in STAFF_TABLES.values()]
    return render(
        request,
        "dashboards/staff.html",
        {
            "page_title": _("Tableaux de bord de l'équipe"),
            "tables": tables,
            "csv_url": "dashboards:staff_csv",
            "xlsx_url": "dashboards:staff_xlsx",
        },
    )


@staff_required
def staff_csv(request, table: str, fmt: str = "csv"):
    if table not in STAFF_TABLES:
        raise Http404
    return _download(STAFF_TABLES[table](), "equipe", fmt)

"""Public and staff dashboards, and each table as CSV. Staff pages need staff and a second factor."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from club.dashboards.tables import PUBLIC_TABLES, STAFF_TABLES
from colleges.views.common import staff_required


def _csv_response(table, prefix: str) -> HttpResponse:
    response = HttpResponse(table.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{table.slug}.csv"'
    return response


def public(request):
    tables = [build() for build in PUBLIC_TABLES.values()]
    return render(
        request,
        "dashboards/public.html",
        {"page_title": _("Tableaux de bord"), "tables": tables, "csv_url": "dashboards:public_csv"},
    )


def public_csv(request, table: str):
    if table not in PUBLIC_TABLES:
        raise Http404
    return _csv_response(PUBLIC_TABLES[table](), "club")


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
        },
    )


@staff_required
def staff_csv(request, table: str):
    if table not in STAFF_TABLES:
        raise Http404
    return _csv_response(STAFF_TABLES[table](), "equipe")

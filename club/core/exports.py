"""Tables people download: the same rows as CSV or as an XLSX workbook.

CSV is UTF-8 with a BOM and « ; » between fields, what French spreadsheets open without asking;
XLSX keeps numbers as numbers and dates as dates, with the headers in bold and frozen. A text
that starts with « = » stays text in both: a member's words never become a formula.
"""

import csv
import io
from collections.abc import Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_START = ("=", "+", "-", "@")


def as_csv(rows: Sequence[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(rows: Sequence[Sequence], *, title: str) -> bytes:
    """One sheet: the first row is the header."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Tableau"  # Excel's limit on a sheet's name
    widths: dict[int, int] = {}
    for row_index, row in enumerate(rows, start=1):
        for column_index, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_index, column=column_index, value=value)
            if isinstance(value, str) and value.startswith(FORMULA_START):
                cell.data_type = "s"  # text, never a formula
            if row_index == 1:
                cell.font = Font(bold=True)
            widths[column_index] = max(widths.get(column_index, 0), len(str(value or "")))
    for column_index, width in widths.items():
        sheet.column_dimensions[get_column_letter(column_index)].width = min(max(width, 8), 60) + 2
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(rows: Sequence[Sequence], *, filename: str, fmt: str, title: str) -> HttpResponse:
    """The rows as a file named `filename`.`fmt` (csv or xlsx)."""
    content = as_csv(rows) if fmt == "csv" else as_xlsx(rows, title=title)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response

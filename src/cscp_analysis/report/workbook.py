"""``results.xlsx``: the tables beside a report as one Excel workbook, with an About sheet.

An ``About`` sheet first (the audit, the report date, the audience, the disclosure rule
in force, and what each sheet and column means: ``templates/report/tables.yaml``), then
one sheet per table of :func:`cscp_analysis.report.tables.export_tables`, with the
report's headings: counts as numbers, rates and interval bounds as numbers in a
percentage format (``0%``: rounded to a whole percent, as the report shows them),
dates as dates, a disclosure marker (``<5``, ``*``) as a text cell. The header row is
bold and frozen, with a filter. Every text cell goes through
:func:`~cscp_analysis.io.formulas.formula_safe` and is stored as a string, never a
formula. The workbook's properties and the zip entries' times are fixed (the report
date), so the same results give the same bytes.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from cscp_analysis.analysis.disclosure import audience_label
from cscp_analysis.analysis.narrative import long_date, month_name
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.io.formulas import formula_safe
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.tables import TableSpec, table_specs, wording

#: The Excel number format of each kind of column.
FORMATS = {"share": "0%", "date": "d mmmm yyyy", "count": "0"}
#: Column widths, in characters.
NARROWEST, WIDEST = 8, 60
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")
#: The time stamped on the zip entries (the zip format's earliest date).
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _text(value: str) -> str:
    """Text as a cell holds it: formula-safe, characters XML cannot hold replaced."""
    return formula_safe(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


def _cell_value(value: object, kind: str) -> object:
    """A table value as an Excel cell takes it (``None`` for a blank)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return _text(value)
    if kind == "date":
        return pd.Timestamp(value).to_pydatetime()
    if kind == "count":
        return int(value)
    return float(value)


def _put(sheet: Worksheet, row: int, column: int, value: object, number_format: str = ""):
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a string, never a formula
    elif number_format and value is not None:
        cell.number_format = number_format
    return cell


def _header(sheet: Worksheet, headings: list[str], row: int = 1) -> None:
    for column, heading in enumerate(headings, start=1):
        cell = _put(sheet, row, column, _text(heading))
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(sheet: Worksheet, texts: list[list[str]]) -> None:
    """Each column as wide as its longest text (within limits); long text wraps."""
    for index, column in enumerate(texts, start=1):
        longest = max((len(t) for t in column), default=0)
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(longest + 2, NARROWEST), WIDEST)
        if longest + 2 > WIDEST:
            for cell in sheet.iter_rows(min_col=index, max_col=index, min_row=2):
                cell[0].alignment = _WRAP


def table_sheet(sheet: Worksheet, spec: TableSpec, rows: pd.DataFrame) -> None:
    """One table: the report's headings, frozen and bold, then a row per row of ``rows``."""
    _header(sheet, [c.heading for c in spec.columns])
    texts = [[c.heading] for c in spec.columns]
    for r, record in enumerate(rows[[c.key for c in spec.columns]].itertuples(index=False),
                               start=2):
        for c, (column, value) in enumerate(zip(spec.columns, record, strict=True), start=1):
            cell_value = _cell_value(value, column.kind)
            _put(sheet, r, c, cell_value, FORMATS.get(column.kind, ""))
            texts[c - 1].append("" if cell_value is None else
                                long_date(cell_value) if column.kind == "date" else
                                f"{cell_value:.0%}" if column.kind == "share"
                                and not isinstance(cell_value, str) else str(cell_value))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _widths(sheet, texts)


def disclosure_rows(threshold: int) -> list[tuple[str, str]]:
    """The About sheet's lines on the disclosure rule in force and how hidden cells look."""
    about, k = wording()["about"], threshold
    below = {"k": k, "below": k - 1}
    values = {"disclosure": (about["suppressed"] if k else about["exact"]).format(**below),
              "hidden": (about["suppressed_hidden"] if k else about["exact_hidden"]
                         ).format(**below)}
    return [(about["items"][key], " ".join(value.split())) for key, value in values.items()]


def about_rows(results: AuditResults, settings: ReportSettings) -> list[tuple[str, str]]:
    """The About sheet's first lines: what the audit is, the report's date, audience and
    the disclosure rule in force."""
    items, info = wording()["about"]["items"], results.info
    values = {
        "audit": info.id, "title": info.title,
        "theme": f"{results.theme.title} ({results.theme.id})",
        "conducted": month_name(info.conducted), "conducted_by": info.conducted_by or "",
        "as_of": long_date(settings.as_of), "audience": audience_label(settings.audience),
    }
    return [(items[key], " ".join(value.split())) for key, value in values.items()
            ] + disclosure_rows(settings.threshold)


@dataclass(frozen=True)
class Book:
    """What one workbook holds: its title, the About sheet's first lines, the tables'
    declarations (in sheet order) and the theme whose rule settings they name (if one)."""

    title: str
    items: list[tuple[str, str]]
    specs: Mapping[str, TableSpec]
    threshold: int
    theme: Any = None


def about_sheet(sheet: Worksheet, book: Book, tables: Mapping[str, pd.DataFrame]) -> None:
    """The About sheet: what the book is about and the rule in force, then each sheet and
    column."""
    about, specs = wording()["about"], book.specs
    present = [spec for name, spec in specs.items() if name in tables]
    rows_note = "suppressed_rows" if book.threshold else "exact_rows"
    # (cells, whether the first cell is bold, whether every cell is bold)
    lines: list[tuple[tuple[str, ...], bool, bool]] = [
        ((book.title,), True, True),
        ((" ".join(about["intro"].split()),), False, False), ((), False, False),
        *((pair, True, False) for pair in book.items), ((), False, False),
        (tuple(about["sheets_heading"]), True, True),
        *(((spec.sheet, f"tables/{spec.file}", " ".join(filter(None, (
            spec.described(book.theme), getattr(spec, rows_note))))), True, False)
          for spec in present),
        *(((spec.sheet, about["absent_heading"], spec.absent), True, False)
          for name, spec in specs.items() if name not in tables and spec.absent),
        ((), False, False), (tuple(about["columns_heading"]), True, True),
        *(((spec.sheet, column.heading, column.meaning), False, False)
          for spec in present for column in spec.columns),
    ]
    for r, (cells, first_bold, all_bold) in enumerate(lines, start=1):
        for c, value in enumerate(cells, start=1):
            cell = _put(sheet, r, c, _text(value))
            cell.alignment = _WRAP
            if all_bold or (first_bold and c == 1):
                cell.font = _BOLD
        if len(cells) == 1:  # the title and the introduction: across the three columns
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    for letter, width in zip("ABC", (26, 34, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.row_dimensions[2].height = 60  # the introduction, wrapped


def build_book(book: Book, tables: Mapping[str, pd.DataFrame], as_of) -> Workbook:
    """The workbook of ``tables`` (columns by key) as ``book`` declares them, stamped with
    the report date ``as_of``."""
    workbook = Workbook()
    about = workbook.active
    about.title = wording()["about"]["sheet"]
    about_sheet(about, book, tables)
    for name, spec in book.specs.items():
        if name in tables:
            table_sheet(workbook.create_sheet(spec.sheet), spec, tables[name])
    stamp = datetime.datetime.combine(pd.Timestamp(as_of).date(), datetime.time())
    props = workbook.properties
    props.created = props.modified = stamp
    props.creator = props.lastModifiedBy = "cscp_analysis"
    props.title = _text(book.title)
    return workbook


def audit_book(results: AuditResults, settings: ReportSettings) -> Book:
    """What an audit's ``results.xlsx`` holds: the tables of
    :func:`~cscp_analysis.report.tables.table_specs`."""
    title = wording()["about"]["title"].format(title=results.info.title)
    return Book(title, about_rows(results, settings), table_specs(), settings.threshold,
                results.theme)


def build_workbook(results: AuditResults, settings: ReportSettings,
                   tables: Mapping[str, pd.DataFrame]) -> Workbook:
    """The workbook of ``tables`` (:func:`~cscp_analysis.report.tables.export_tables`)."""
    return build_book(audit_book(results, settings), tables, settings.as_of)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip file whose entries all carry :data:`ZIP_TIME`, not the time of writing."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_TIME)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """A file (openpyxl writes each sheet to a temporary file first), as :meth:`writestr`."""
        data = Path(filename).read_bytes()
        self.writestr(arcname or Path(filename).name, data, compress_type, compresslevel)


def save_workbook(book: Workbook, path: str | Path) -> Path:
    """Save ``book`` with its properties as set (openpyxl's ``save`` stamps the time
    of saving on it) and fixed entry times, so the same workbook gives the same bytes."""
    path = Path(path)
    with _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    return path


def write_workbook(results: AuditResults, settings: ReportSettings,
                   tables: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write ``results.xlsx`` of ``tables`` to ``path``."""
    return save_workbook(build_workbook(results, settings, tables), path)

"""Reading an audit's input as text: a folder of CSVs or one .xlsx workbook.

Every cell is read as the text the analyst sees (blank = ``""``) into a
:class:`RawTable` indexed by the spreadsheet row number (header = row 1), so that every
later message can quote a value exactly as typed and point at its row. Nothing here
judges the values: that is ``validate.py``. Input files are only ever read.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from cscp_analysis.contract.codes import fold
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.contract.tables import AUDIT_TABLES

TABLE_FILES = tuple(AUDIT_TABLES)
FIRST_DATA_ROW = 2  # the header is row 1 in a spreadsheet


@dataclass
class RawTable:
    """One input table as typed: every cell text, blank = ""."""

    name: str  # cases, judgements, ...
    file: str  # how problems name it: "cases.csv", or the workbook's name
    frame: pd.DataFrame  # index = the spreadsheet row number
    sheet: str | None = None  # the sheet, for a workbook
    #: column letter of each column, for a sheet whose problems name cells (an Excel tool)
    letters: dict[str, str] | None = None

    def problem(self, row: int | None = None, column: str | None = None,
                value: str | None = None, message: str = "") -> Problem:
        """A problem located in this table: by row and column, or by cell."""
        if self.letters is not None and row is not None and column in self.letters:
            return Problem(self.file, sheet=self.sheet, row=row, value=value, message=message,
                           cell=f"{self.letters[column]}{row}")
        return Problem(self.file, sheet=self.sheet, row=row, column=column, value=value,
                       message=message)


def column_or_blank(frame: pd.DataFrame, column: str) -> pd.Series:
    """A raw column, or blanks where the table does not have it (an optional column)."""
    if column in frame:
        return frame[column]
    return pd.Series("", index=frame.index, dtype="str")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_from_rows(
    rows: list[list[str]], file: str, sheet: str | None = None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A text frame indexed by spreadsheet row from a header row and data rows.

    Wholly blank rows are dropped (their numbers still count), and so are columns with
    neither a name nor a value (Excel often saves a few). A header that repeats a name,
    a column with values but no name, and a row with more values than the header has
    names are located problems: nothing typed is silently lost.
    """
    from openpyxl.utils import get_column_letter

    problems: list[Problem] = []
    if not rows or not any(h.strip() for h in rows[0]):
        what = "sheet" if sheet else "file"
        return None, [Problem(file, sheet=sheet,
                              message=f"the {what} is empty (expected a header row)")]
    header = [h.strip() for h in rows[0]]
    width = len(header)
    data = [(r + [""] * width)[:width] for r in rows[1:]]
    for number, r in enumerate(rows[1:], start=FIRST_DATA_ROW):
        extra = [v for v in r[width:] if v.strip()]
        if extra:
            problems.append(Problem(file, sheet=sheet, row=number, value=extra[0],
                                    message=f"'{extra[0]}' is beyond the last named column "
                                    f"({get_column_letter(width)}): give the column a name"))
    keep, seen = [], {}
    for i, name in enumerate(header):
        letter = get_column_letter(i + 1)
        if not name:
            if any(r[i].strip() for r in data):
                problems.append(Problem(file, sheet=sheet, row=1, column=letter,
                                        message="this column has values but no name"))
            continue
        if fold(name) in seen:
            problems.append(Problem(file, sheet=sheet, row=1, column=name, value=name,
                                    message=f"'{name}' names two columns "
                                    f"({seen[fold(name)]} and {letter})"))
            continue
        seen[fold(name)] = letter
        keep.append(i)
    index = range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(data))
    frame = pd.DataFrame([[r[i] for i in keep] for r in data], columns=[header[i] for i in keep],
                         index=index, dtype="str")
    if len(keep):
        frame = frame[~(frame.apply(lambda s: s.str.strip() == "").all(axis=1))]
    return frame, problems


def read_csv_text(path: Path, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV as text; a UTF-8 byte-order mark (Excel "CSV UTF-8") is accepted."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(label, row=data[: exc.start].count(b"\n") + 1,
                    message="the file is not UTF-8 text (this row has a character that cannot "
                    "be read); in Excel use Save As > 'CSV UTF-8 (Comma delimited)'")
        ]
    return table_from_rows(list(csv.reader(io.StringIO(text, newline=""))), label)


def _cell_text(cell) -> str:
    """The text an analyst sees in a workbook cell, in the same form a CSV would hold."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        shows_time = any(ch in (cell.number_format or "").lower() for ch in ("h", "s"))
        if value.time() == dt.time(0, 0) and not shows_time:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_rows(ws) -> list[list[str]]:
    """Every row of a worksheet as the text an analyst sees (see ``_cell_text``)."""
    return [[_cell_text(c) for c in r] for r in ws.iter_rows()]


def read_workbook(path: Path) -> tuple[dict, dict[str, RawTable], list[Problem]]:
    """Read the ``audit`` key/value sheet and every table sheet of an audit workbook."""
    from openpyxl import load_workbook

    problems: list[Problem] = []
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a non-workbook
        raise AuditValidationError(
            [Problem(path.name, message=f"cannot be read as an .xlsx workbook ({exc})")]
        ) from None
    sheets = {fold(name): name for name in wb.sheetnames}
    tables: dict[str, RawTable] = {}
    meta: dict = {}
    try:
        if "audit" not in sheets:
            problems.append(Problem(path.name, sheet="audit", message="required sheet is missing"))
        else:
            for row in wb[sheets["audit"]].iter_rows(min_row=2):
                cells = [_cell_text(c) for c in row[:2]]
                if len(cells) == 2 and cells[0].strip():
                    meta[cells[0].strip()] = cells[1].strip()
        for name in TABLE_FILES:
            if fold(name) not in sheets:
                continue
            frame, found = table_from_rows(sheet_rows(wb[sheets[fold(name)]]), path.name,
                                           sheet=name)
            problems += found
            if frame is not None:
                tables[name] = RawTable(name, path.name, frame, sheet=name)
    finally:
        wb.close()
    return meta, tables, problems


def read_folder(path: Path) -> tuple[dict, dict[str, RawTable], list[Problem], dict[str, str]]:
    """Read audit.yaml and the CSV tables of an audit folder."""
    problems: list[Problem] = []
    inputs: dict[str, str] = {}
    meta: dict = {}
    yaml_path = path / "audit.yaml"
    if not yaml_path.exists():
        problems.append(Problem("audit.yaml", message="required file is missing"))
    else:
        inputs["audit.yaml"] = sha256(yaml_path)
        try:
            meta = yaml.safe_load(yaml_path.read_text(encoding="utf-8-sig")) or {}
        except UnicodeDecodeError:
            problems.append(Problem("audit.yaml", message="the file is not UTF-8 text"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)  # where the YAML parser gave up
            what = getattr(exc, "problem", None) or "not valid YAML"
            problems.append(Problem("audit.yaml", row=mark.line + 1 if mark else None,
                                    message=f"{what} (expected key: value lines, "
                                    "e.g. 'theme: cse')"))
        if not isinstance(meta, dict):
            problems.append(Problem("audit.yaml", message="expected key: value lines, "
                                    "e.g. 'theme: cse'"))
            meta = {}
    tables: dict[str, RawTable] = {}
    for name in TABLE_FILES:
        file = path / f"{name}.csv"
        if not file.exists():
            continue
        inputs[file.name] = sha256(file)
        frame, found = read_csv_text(file, file.name)
        problems += found
        if frame is not None:
            tables[name] = RawTable(name, file.name, frame)
    return meta, tables, problems, inputs


"""Reading one returned audit tool: its description and every filled row, cells checked.

Each sheet's filled rows are read as the text the auditor sees and checked through the
same validator as ``load_audit`` (``io/validate.check_table``, from the contract's
declarations and its one date parser); every problem names the workbook, sheet and
cell. Values are then put in the contract's canonical form (``io/tidy.py``), as the text
ingest writes. Checks across the rows of one tool (a case twice, an answer twice,
unknown questions, NHS numbers) are here; checks across tools are in ``merge.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cscp_analysis.capture.layout import (
    META_KEYS,
    META_SHEET,
    NHS_NUMBER,
    PANEL_SHEETS,
    REQUIRED,
    SHEETS,
    TOOL_MARK,
    is_blank,
    sheets_for,
)
from cscp_analysis.contract.codes import DEFAULT_AREAS, PANEL, SCALES, fold
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.contract.tables import AUDIT_TABLES, CODE_LIST, DATE, DATETIME
from cscp_analysis.contract.themes import Theme, ThemeError, load_theme
from cscp_analysis.io.audit import date_only_column
from cscp_analysis.io.formulas import from_spreadsheet
from cscp_analysis.io.read import RawTable
from cscp_analysis.io.tidy import text_or_na, tidy_columns
from cscp_analysis.io.validate import check_table
from cscp_analysis.io.workbook import check_sheet_size, open_workbook


@dataclass
class Row:
    """One filled row of a tool sheet: canonical values and the cell each came from."""

    tool: str
    sheet: str
    row: int
    values: dict[str, object]
    cells: dict[str, str]

    def where(self, column: str) -> tuple[str, str]:
        """(workbook, cell) of a column of this row."""
        return self.tool, self.cells[column]


@dataclass
class Tool:
    """One returned workbook, read and checked."""

    name: str
    meta: dict[str, str]
    meta_cells: dict[str, str]
    agency: str
    theme: Theme | None
    rows: dict[str, list[Row]] = field(default_factory=dict)
    unanswered: int = 0
    answered: int = 0


def cell_problem(tool: str, sheet: str, cell: str, message: str,
                 value: object = None) -> Problem:
    """A problem located at one cell of a tool."""
    return Problem(file=tool, sheet=sheet, cell=cell, message=message,
                   value=None if value is None else str(value),
                   row=int(re.sub(r"\D", "", cell)) if re.search(r"\d", cell) else None)


def cell_text(value: object) -> str:
    """The contract text of a tool cell, for the validator.

    A real Excel date-time whose clock reads exactly 00:00 is a date (Excel cannot tell
    "a date" from "midnight", and the tool formats every date-time cell with a time).
    Text the tool was given with a quote in front (``io.formulas``) is read without it.
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(from_spreadsheet(value))


def iso_text(value: pd.Timestamp, date_only: bool) -> str | None:
    """ISO text written for a date or date-time: the date alone at exactly midnight."""
    if pd.isna(value):
        return None
    if date_only or (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.date().isoformat()
    return value.strftime("%Y-%m-%dT%H:%M:%S" if value.second else "%Y-%m-%dT%H:%M")


def _read_meta(ws, name: str, problems: list[Problem]) -> tuple[dict[str, str], dict[str, str]]:
    meta: dict[str, str] = {}
    cells: dict[str, str] = {}
    for row in range(2, ws.max_row + 1):
        key = ws.cell(row=row, column=1).value
        if isinstance(key, str) and key.strip() in META_KEYS:
            value = ws.cell(row=row, column=2).value
            meta[key.strip()] = "" if is_blank(value) else cell_text(value).strip()
            cells[key.strip()] = f"B{row}"
    if meta.get("tool") != TOOL_MARK:
        problems.append(Problem(file=name, sheet=META_SHEET, message=(
            "this workbook is not an audit tool made by 'cscp-analysis template' "
            "(its hidden audit sheet is missing or changed)")))
    return meta, cells


def read_tool(path: str | Path, problems: list[Problem]) -> Tool | None:
    """Read and check one returned audit tool, appending every problem to ``problems``.

    Returns None when the workbook is not an audit tool at all.
    """
    path = Path(path)
    name = path.name
    if not path.is_file():
        problems.append(Problem(file=name, message=f"{path} not found"))
        return None
    try:
        wb = open_workbook(path, name, tool=True)
        for ws in wb.worksheets:
            check_sheet_size(ws, name, tool=True)
    except AuditValidationError as exc:
        problems += exc.problems
        return None
    merged = [cell_problem(name, ws.title, str(cells).split(":")[0], (
        f"cells {cells} are merged: unmerge them (Home > Merge & Center) so that each cell "
        "holds its own value")) for ws in wb.worksheets for cells in ws.merged_cells.ranges]
    if merged:
        problems += merged
        return None
    if META_SHEET not in wb.sheetnames:
        problems.append(Problem(file=name, message=(
            "this workbook is not an audit tool made by 'cscp-analysis template' "
            "(it has no audit sheet)")))
        return None
    before = len(problems)
    meta, meta_cells = _read_meta(wb[META_SHEET], name, problems)
    if len(problems) > before:
        return None
    try:
        theme = load_theme(meta.get("theme", ""))
    except ThemeError as exc:
        problems.append(cell_problem(name, META_SHEET, meta_cells.get("theme", "B5"), str(exc)))
        return Tool(name, meta, meta_cells, PANEL, None)
    known_agencies = {fold(a): a for a in (*theme.agencies, PANEL)}
    agency = known_agencies.get(fold(meta.get("agency", "")) if meta.get("agency") else "panel")
    if agency is None:
        problems.append(cell_problem(name, META_SHEET, meta_cells["agency"],
                                     f"unknown agency '{meta['agency']}'", meta["agency"]))
        agency = PANEL
    tool = Tool(name, meta, meta_cells, agency, theme)
    areas = tuple(a.strip() for a in meta.get("areas", "").split(";") if a.strip())
    lists = {"areas": areas or DEFAULT_AREAS, "cohort_groups": theme.cohort_groups,
             "agencies": theme.agencies,
             "finding_areas": tuple(a.title for a in theme.finding_areas)}
    has_missing = any(a.rule for a in theme.finding_areas)
    for sheet in sheets_for({"mfh"} if has_missing else set(), panel=agency == PANEL):
        if sheet not in wb.sheetnames:
            if sheet not in PANEL_SHEETS:  # (a panel's tool made before it had learning)
                problems.append(Problem(file=name, sheet=sheet, message="the sheet is missing"))
            continue
        tool.rows[sheet] = _read_sheet(wb[sheet], tool, lists, problems)
    _check_tool(tool, problems)
    return tool


def _filled_rows(ws, tool: Tool, headers: dict[str, int], problems: list[Problem]):
    """The rows of a sheet to read: (row number, raw cell values); blank rows skipped.

    On the judgements sheet a row with neither answer nor comment is an unanswered
    question (counted), and a comment without an answer is a problem.
    """
    sheet = ws.title
    for r in range(2, ws.max_row + 1):
        raw = {spec.name: ws.cell(row=r, column=headers[spec.name]).value
               for spec in SHEETS[sheet]}
        if sheet == "judgements":
            filled = [k for k in ("answer", "comment") if not is_blank(raw[k])]
            if not filled:
                if not is_blank(raw["case_id"]) and not is_blank(raw["question_id"]):
                    tool.unanswered += 1
                continue
            if "answer" not in filled:
                problems.append(cell_problem(tool.name, sheet, _cell(ws, headers, "answer", r), (
                    "the answer is blank but a comment is given: choose an answer "
                    "('Not applicable' if the question does not apply)")))
                continue
        elif all(is_blank(v) for v in raw.values()):
            continue
        yield r, raw


def _cell(ws, headers: dict[str, int], name: str, row: int) -> str:
    return f"{ws.cell(row=row, column=headers[name]).column_letter}{row}"


def _read_sheet(ws, tool: Tool, lists: dict, problems: list[Problem]) -> list[Row]:
    """The filled rows of one data sheet, their cells checked and canonicalised."""
    sheet = ws.title
    headers = {}
    for col in range(1, ws.max_column + 1):
        value = ws.cell(row=1, column=col).value
        if isinstance(value, str) and value.strip():
            headers.setdefault(value.strip().casefold(), col)
    missing = False
    for index, spec in enumerate(SHEETS[sheet]):
        if spec.name not in headers:
            letter = chr(ord("A") + index)
            problems.append(cell_problem(tool.name, sheet, f"{letter}1",
                                         f"header '{spec.name}' is missing"))
            missing = True
    if missing:
        return []
    filled = list(_filled_rows(ws, tool, headers, problems))
    names = [spec.name for spec in SHEETS[sheet]]
    frame = pd.DataFrame([[cell_text(raw[n]) for n in names] for _, raw in filled],
                         columns=names, index=[r for r, _ in filled], dtype="str")
    letters = {n: ws.cell(row=1, column=headers[n]).column_letter for n in names}
    parts, found = [], []
    for scale, part in _by_answer_scale(frame, sheet, tool.theme):
        bound = {**lists, **({"scale": SCALES[scale]} if scale else {})}
        table = RawTable(sheet, tool.name, part, sheet=sheet, letters=letters)
        found += check_table(table, AUDIT_TABLES[sheet], bound, REQUIRED[sheet])
        parts.append(_canonical(part, sheet, bound))
    problems += sorted(found, key=lambda p: (p.row or 0, len(p.cell or ""), p.cell or ""))
    values = pd.concat(parts) if parts else frame
    rows = [Row(tool.name, sheet, r, {n: values.at[r, n] for n in names},
                {n: f"{letters[n]}{r}" for n in names}) for r in frame.index]
    if sheet == "judgements":
        tool.answered += len(rows)
    return rows


def _by_answer_scale(frame: pd.DataFrame, sheet: str, theme: Theme):
    """The sheet's rows in parts that share one code list: each answer is on its
    question's scale (None: not a question of the theme, reported on its question_id)."""
    if sheet != "judgements":
        yield None, frame
        return
    scales = {fold(q.id): q.scale for q in theme.questions}
    scale = frame["question_id"].str.strip().str.casefold().map(scales)
    for name in dict.fromkeys(scale.dropna()):
        yield name, frame[scale == name]
    if scale.isna().any():
        yield None, frame[scale.isna()]


def _canonical(part: pd.DataFrame, sheet: str, lists: dict) -> pd.DataFrame:
    """The canonical text of each cell of ``part``, as ingest writes it (None: blank, or
    unreadable as its kind and so reported)."""
    tidy = tidy_columns(part, AUDIT_TABLES[sheet], lists, read_blanks=False)
    out = pd.DataFrame(index=part.index)
    for spec in SHEETS[sheet]:
        col = spec.declared
        if col is None:  # the question's finding area and wording
            column = text_or_na(part[spec.name])
        elif col.kind in (DATE, DATETIME):
            flags = tidy.get(date_only_column(col.name), pd.Series(True, index=part.index))
            column = [iso_text(v, d) for v, d in zip(tidy[col.name], flags, strict=True)]
        elif col.kind == CODE_LIST:  # each agency once
            column = tidy[col.name].map(lambda v: "; ".join(dict.fromkeys(v.split("; "))),
                                        na_action="ignore")
        else:
            column = tidy[col.name]
        out[spec.name] = pd.Series([None if pd.isna(v) else str(v) for v in column],
                                   index=part.index, dtype=object)
    return out


def _check_tool(tool: Tool, problems: list[Problem]) -> None:
    """Checks within one workbook: duplicate cases and answers, unknown questions."""
    first_case: dict[str, str] = {}
    for row in tool.rows.get("cases", []):
        case_id = row.values["case_id"]
        if case_id is None:
            continue
        if NHS_NUMBER.match(str(case_id)):
            problems.append(cell_problem(tool.name, "cases", row.cells["case_id"], (
                f"'{case_id}' looks like an NHS number: use the audit's own case reference")))
        if case_id in first_case:
            problems.append(cell_problem(tool.name, "cases", row.cells["case_id"],
                                         f"case '{case_id}' appears twice (also cell "
                                         f"{first_case[case_id]})", case_id))
        else:
            first_case[case_id] = row.cells["case_id"]
    first_answer: dict[tuple, str] = {}
    question_ids = {q.id for q in tool.theme.questions}
    for row in tool.rows.get("judgements", []):
        qid = row.values["question_id"]
        if qid is not None and qid not in question_ids:
            problems.append(cell_problem(tool.name, "judgements", row.cells["question_id"], (
                f"'{qid}' is not a question of theme {tool.theme.id}"), qid))
        key = (row.values["case_id"], qid)
        if None in key:
            continue
        if key in first_answer:
            problems.append(cell_problem(tool.name, "judgements", row.cells["answer"], (
                f"case '{key[0]}' question '{qid}' is answered twice (also cell "
                f"{first_answer[key]})")))
        else:
            first_answer[key] = row.cells["answer"]

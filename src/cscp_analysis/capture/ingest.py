"""Read completed audit tools back into one audit folder (``cscp-analysis ingest``).

Each agency's workbook is checked cell by cell (every problem names the workbook,
sheet and cell), the tools are merged into the contract's tables with the agency of
each tool on its judgements, and the (case, question) pairs on which agencies
disagree are listed: the findings count them as disputed until the panel answers.
The workbooks are only read, never changed; the folder is written all at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml
from openpyxl import load_workbook

from cscp_analysis.analysis.narrative import counted
from cscp_analysis.capture.layout import (
    AUDIT_KEYS,
    CASE_REQUIRED,
    META_KEYS,
    META_SHEET,
    NHS_NUMBER,
    REQUIRED,
    SHEETS,
    TOOL_MARK,
    is_blank,
    iso_datetime,
    sheets_for,
)
from cscp_analysis.contract.codes import (
    CASE_TYPES,
    DEFAULT_AREAS,
    EPISODE_KINDS,
    GENDERS,
    PANEL,
    SCALES,
    YES_NO,
    YES_NO_UNKNOWN,
    fold,
)
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.contract.tables import AUDIT_ID
from cscp_analysis.contract.themes import Theme, ThemeError, load_theme

OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "cases": ("case_id", "area", "case_type", "age_years", "age_months", "gender",
              "cohort_group", "agencies"),
    "judgements": ("case_id", "question_id", "answer", "agency", "comment"),
    "voice": ("case_id", "said", "consent_to_share", "tags", "agency"),
    "episodes": ("case_id", "episode_id", "kind", "missing_from", "returned", "rhi_offered",
                 "rhi_accepted", "rhi_held", "placing_authority", "rhi_report_received"),
    "meetings": ("case_id", "stage", "held_on", "agencies_invited", "agencies_attended"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S",
                    "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M")


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


@dataclass
class IngestResult:
    """What ingest wrote and found: the folder, the disagreements and notes for the analyst."""

    folder: Path
    audit: dict
    disagreements: pd.DataFrame
    notes: list[str]
    written: list[str] = field(default_factory=list)  # files (re)written in the folder
    kept: list[str] = field(default_factory=list)  # files already there and left as they are


# ---------------------------------------------------------------- reading one tool


def _problem(tool: str, sheet: str, cell: str, message: str, value: object = None) -> Problem:
    return Problem(file=tool, sheet=sheet, cell=cell, message=message,
                   value=None if value is None else str(value),
                   row=int(re.sub(r"\D", "", cell)) if re.search(r"\d", cell) else None)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_when(value: object, date_only: bool) -> str | None:
    """ISO text of a date (or date-time) cell, or None when it is not one."""
    if isinstance(value, dt.datetime):
        if date_only and (value.hour, value.minute, value.second) != (0, 0, 0):
            return None
        return value.date().isoformat() if date_only else iso_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    if not date_only:
        for fmt in DATETIME_FORMATS:
            try:
                return iso_datetime(dt.datetime.strptime(text, fmt))
            except ValueError:
                pass
    return None


def _code_lists(theme: Theme, areas: tuple[str, ...]) -> dict[tuple[str, str], tuple[str, ...]]:
    """The allowed values of each (sheet, column) that holds a code."""
    lists = {
        ("cases", "area"): areas,
        ("cases", "case_type"): tuple(CASE_TYPES),
        ("cases", "gender"): GENDERS,
        ("voice", "consent_to_share"): YES_NO,
        ("episodes", "kind"): tuple(EPISODE_KINDS),
        ("episodes", "rhi_offered"): YES_NO_UNKNOWN,
        ("episodes", "rhi_accepted"): YES_NO_UNKNOWN,
        ("episodes", "rhi_report_received"): YES_NO,
        ("meetings", "stage"): ("1", "2"),
    }
    if theme.cohort_groups:
        lists[("cases", "cohort_group")] = theme.cohort_groups
    return lists


def _convert(
    tool: str, sheet: str, name: str, kind: str, raw: object, cell: str,
    allowed: tuple[str, ...] | None, agencies: tuple[str, ...], problems: list[Problem],
) -> object:
    """The canonical value of one filled cell, or None after recording a problem."""
    shown = raw.strftime("%Y-%m-%d %H:%M") if isinstance(raw, dt.datetime) else _text(raw)
    if kind in {"date", "datetime"}:
        value = _parse_when(raw, kind == "date")
        if value is None:
            example = "2016-03-01" if kind == "date" else "2016-03-01 22:30"
            problems.append(_problem(tool, sheet, cell,
                                     f"'{shown}' is not a date (expected e.g. {example})", shown))
        return value
    if kind == "int":
        low, high = (0, 18) if name == "age_years" else (0, 11)
        if re.fullmatch(r"\d+", shown) and low <= int(shown) <= high:
            return int(shown)
        problems.append(_problem(tool, sheet, cell,
                                 f"'{shown}' is not a whole number from {low} to {high}", shown))
        return None
    if kind == "list":
        parts = [p.strip() for p in shown.split(";") if p.strip()]
        known = {fold(a): a for a in agencies}
        bad = [p for p in parts if fold(p) not in known]
        if bad:
            problems.append(_problem(tool, sheet, cell,
                                     f"'{bad[0]}' is not one of {', '.join(agencies)}", shown))
            return None
        return "; ".join(dict.fromkeys(known[fold(p)] for p in parts))
    if allowed is not None:
        known = {fold(a): a for a in allowed}
        if fold(shown) not in known:
            problems.append(_problem(tool, sheet, cell,
                                     f"'{shown}' is not one of {', '.join(allowed)}", shown))
            return None
        return known[fold(shown)]
    if name == "tags":
        return "; ".join(p.strip() for p in shown.split(";") if p.strip())
    return shown


def _read_meta(ws, name: str, problems: list[Problem]) -> tuple[dict[str, str], dict[str, str]]:
    meta: dict[str, str] = {}
    cells: dict[str, str] = {}
    for row in range(2, ws.max_row + 1):
        key = ws.cell(row=row, column=1).value
        if isinstance(key, str) and key.strip() in META_KEYS:
            value = ws.cell(row=row, column=2).value
            meta[key.strip()] = "" if is_blank(value) else _text(value)
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
    with path.open("rb") as f:  # read the bytes once; openpyxl never sees the path
        wb = load_workbook(f, data_only=True)
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
        problems.append(_problem(name, META_SHEET, meta_cells.get("theme", "B5"), str(exc)))
        return Tool(name, meta, meta_cells, PANEL, None)
    known_agencies = {fold(a): a for a in (*theme.agencies, PANEL)}
    agency = known_agencies.get(fold(meta.get("agency", "")) if meta.get("agency") else "panel")
    if agency is None:
        problems.append(_problem(name, META_SHEET, meta_cells["agency"],
                                 f"unknown agency '{meta['agency']}'", meta["agency"]))
        agency = PANEL
    tool = Tool(name, meta, meta_cells, agency, theme)
    areas = tuple(a.strip() for a in meta.get("areas", "").split(";") if a.strip())
    lists = _code_lists(theme, areas or DEFAULT_AREAS)
    has_missing = any(a.rule for a in theme.finding_areas)
    for sheet in sheets_for({"mfh"} if has_missing else set()):
        if sheet not in wb.sheetnames:
            problems.append(Problem(file=name, sheet=sheet, message="the sheet is missing"))
            continue
        tool.rows[sheet] = _read_sheet(wb[sheet], tool, lists, problems)
    _check_tool(tool, problems)
    return tool


def _read_sheet(ws, tool: Tool, lists, problems: list[Problem]) -> list[Row]:
    """The filled rows of one data sheet, values checked and canonicalised."""
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
            problems.append(_problem(tool.name, sheet, f"{letter}1",
                                     f"header '{spec.name}' is missing"))
            missing = True
    if missing:
        return []
    theme = tool.theme
    rows: list[Row] = []
    for r in range(2, ws.max_row + 1):
        raw = {spec.name: ws.cell(row=r, column=headers[spec.name]).value
               for spec in SHEETS[sheet]}
        cells = {spec.name: f"{ws.cell(row=r, column=headers[spec.name]).column_letter}{r}"
                 for spec in SHEETS[sheet]}
        if sheet == "judgements":
            filled = [k for k in ("answer", "comment") if not is_blank(raw[k])]
            if not filled:
                if not is_blank(raw["case_id"]) and not is_blank(raw["question_id"]):
                    tool.unanswered += 1
                continue
            if "answer" not in filled:
                problems.append(_problem(tool.name, sheet, cells["answer"], (
                    "the answer is blank but a comment is given: choose an answer "
                    "('Not applicable' if the question does not apply)")))
                continue
        elif all(is_blank(v) for v in raw.values()):
            continue
        values: dict[str, object] = {}
        for spec in SHEETS[sheet]:
            value = raw[spec.name]
            if is_blank(value):
                values[spec.name] = None
                if spec.name in REQUIRED[sheet]:
                    problems.append(_problem(tool.name, sheet, cells[spec.name],
                                             f"{spec.name} is blank"))
                continue
            allowed = lists.get((sheet, spec.name))
            if sheet == "judgements" and spec.name == "answer":
                allowed = _answer_scale(theme, raw["question_id"])
            if sheet == "judgements" and spec.name in {"finding_area", "question"}:
                values[spec.name] = _text(value)
                continue
            values[spec.name] = _convert(tool.name, sheet, spec.name, spec.kind, value,
                                         cells[spec.name], allowed, theme.agencies, problems)
        rows.append(Row(tool.name, sheet, r, values, cells))
        if sheet == "judgements":
            tool.answered += 1
    return rows


def _answer_scale(theme: Theme, question_id: object) -> tuple[str, ...] | None:
    try:
        return SCALES[theme.question(_text(question_id)).scale]
    except KeyError:
        return None  # an unknown question is reported on its question_id cell


def _check_tool(tool: Tool, problems: list[Problem]) -> None:
    """Checks within one workbook: duplicate cases and answers, unknown questions, dates."""
    first_case: dict[str, str] = {}
    for row in tool.rows.get("cases", []):
        case_id = row.values["case_id"]
        if case_id is None:
            continue
        if NHS_NUMBER.match(str(case_id)):
            problems.append(_problem(tool.name, "cases", row.cells["case_id"], (
                f"'{case_id}' looks like an NHS number: use the audit's own case reference")))
        if case_id in first_case:
            problems.append(_problem(tool.name, "cases", row.cells["case_id"],
                                     f"case '{case_id}' appears twice (also cell "
                                     f"{first_case[case_id]})", case_id))
        else:
            first_case[case_id] = row.cells["case_id"]
    first_answer: dict[tuple, str] = {}
    question_ids = {q.id for q in tool.theme.questions}
    for row in tool.rows.get("judgements", []):
        qid = row.values["question_id"]
        if qid is not None and qid not in question_ids:
            problems.append(_problem(tool.name, "judgements", row.cells["question_id"], (
                f"'{qid}' is not a question of theme {tool.theme.id}"), qid))
        key = (row.values["case_id"], qid)
        if None in key:
            continue
        if key in first_answer:
            problems.append(_problem(tool.name, "judgements", row.cells["answer"], (
                f"case '{key[0]}' question '{qid}' is answered twice (also cell "
                f"{first_answer[key]})")))
        else:
            first_answer[key] = row.cells["answer"]
    for row in tool.rows.get("episodes", []):
        start = row.values["missing_from"]
        for later, earlier in (("returned", "missing_from"), ("rhi_held", "returned")):
            a, b = row.values[later], row.values[earlier]
            if a is None or b is None or start is None:
                continue
            if _before(a, b):
                problems.append(_problem(tool.name, "episodes", row.cells[later],
                                         f"{a} is before {earlier} {b}", a))


def _before(a: str, b: str) -> bool:
    """Whether ISO time ``a`` is before ``b``; calendar dates when either is date-only."""
    if len(a) == 10 or len(b) == 10:
        return a[:10] < b[:10]
    return a < b


# ---------------------------------------------------------------- merging


def _check_same_audit(tools: list[Tool], audit: dict | None, problems: list[Problem],
                      described_by: str = "the --audit file") -> dict:
    """The merged audit.yaml: every tool (and the audit.yaml given, if any) must describe
    one audit."""
    merged: dict[str, str] = {}
    origin: dict[str, str] = {}
    if audit:
        for key in AUDIT_KEYS:
            if audit.get(key) not in (None, ""):
                value = audit[key]
                merged[key] = "; ".join(value) if isinstance(value, list) else str(value)
                origin[key] = described_by
    for tool in tools:
        for key in AUDIT_KEYS:
            value = tool.meta.get(key, "")
            if not value:
                continue
            if key not in merged:
                merged[key], origin[key] = value, f"{tool.name}"
            elif fold(merged[key]) != fold(value):
                problems.append(_problem(tool.name, META_SHEET, tool.meta_cells[key], (
                    f"{key} '{value}' does not match '{merged[key]}' of {origin[key]}: "
                    "every tool must be made for the same audit"), value))
    first = tools[0]
    for key in ("id", "title", "conducted"):
        if not merged.get(key):
            problems.append(_problem(first.name, META_SHEET, first.meta_cells.get(key, "B2"), (
                f"the tools record no audit {key}: make them with --audit, or pass "
                "--audit to ingest")))
    if merged.get("id") and not AUDIT_ID.fullmatch(merged["id"]):
        problems.append(Problem(file=origin["id"], message=(
            f"audit id '{merged['id']}' may use only a-z, 0-9 and '-'")))
    out: dict = {k: merged[k] for k in AUDIT_KEYS if merged.get(k)}
    if "areas" in out:
        out["areas"] = [a.strip() for a in out["areas"].split(";") if a.strip()]
    return out


def _merge_cases(tools: list[Tool], theme: Theme, problems: list[Problem]):
    """One row per case: the panel's value where it gives one, else the agencies' agreed one."""
    found: dict[str, list[Row]] = {}
    panel: dict[str, bool] = {}
    for tool in tools:
        for row in tool.rows.get("cases", []):
            if row.values["case_id"] is not None:
                found.setdefault(row.values["case_id"], []).append(row)
                panel[row.tool] = tool.agency == PANEL
    merged: list[dict] = []
    sources: list[Row] = []
    for case_id, rows in found.items():
        out: dict[str, object] = {"case_id": case_id}
        for name in OUTPUT_COLUMNS["cases"][1:]:
            given = [r for r in rows if r.values.get(name) is not None]
            if name == "agencies":
                names = {a for r in given for a in str(r.values[name]).split("; ")}
                order = [a for a in theme.agencies if a in names]
                out[name] = "; ".join(order) if order else None
                continue
            chosen = [r for r in given if panel[r.tool]] or given
            out[name] = chosen[0].values[name] if chosen else None
            for other in chosen[1:]:
                if other.values[name] != chosen[0].values[name]:
                    t0, c0 = chosen[0].where(name)
                    problems.append(_problem(other.tool, "cases", other.cells[name], (
                        f"case '{case_id}' {name} '{other.values[name]}' disagrees with "
                        f"'{chosen[0].values[name]}' in {t0} sheet cases cell {c0}: correct "
                        "one, or give the value in the panel's tool"), other.values[name]))
            if out[name] is None and name in CASE_REQUIRED:
                problems.append(_problem(rows[0].tool, "cases", rows[0].cells[name],
                                         f"case '{case_id}' has no {name} in any tool"))
        merged.append(out)
        sources.append(rows[0])
    return merged, sources


def _merge(tools: list[Tool], theme: Theme, problems: list[Problem]):
    """The contract's tables from every tool, with each output row's source row."""
    cases, case_src = _merge_cases(tools, theme, problems)
    case_order = {c["case_id"]: i for i, c in enumerate(cases)}
    q_order = {q.id: i for i, q in enumerate(theme.questions)}
    tables: dict[str, list[dict]] = {"cases": cases}
    sources: dict[str, list[Row]] = {"cases": case_src}

    def known_case(row: Row) -> bool:
        case_id = row.values["case_id"]
        if case_id is not None and case_id not in case_order:
            problems.append(_problem(row.tool, row.sheet, row.cells["case_id"], (
                f"case '{case_id}' is not on the cases sheet of any tool"), case_id))
            return False
        return case_id is not None

    judged: list[tuple[tuple, dict, Row]] = []
    first: dict[tuple, Row] = {}
    for t_index, tool in enumerate(tools):
        for row in tool.rows.get("judgements", []):
            v = row.values
            if not known_case(row) or v["answer"] is None or v["question_id"] not in q_order:
                continue
            key = (v["case_id"], v["question_id"], tool.agency)
            if key in first and first[key].tool != tool.name:
                problems.append(_problem(tool.name, "judgements", row.cells["answer"], (
                    f"{tool.agency} already answered case '{key[0]}' question '{key[1]}' in "
                    f"{first[key].tool} cell {first[key].cells['answer']}")))
                continue
            first.setdefault(key, row)
            out = {"case_id": v["case_id"], "question_id": v["question_id"],
                   "answer": v["answer"], "agency": tool.agency, "comment": v["comment"]}
            judged.append(((case_order[key[0]], q_order[key[1]], t_index), out, row))
    judged.sort(key=lambda item: item[0])
    tables["judgements"] = [out for _, out, _ in judged]
    sources["judgements"] = [row for _, _, row in judged]

    for sheet in ("voice", "episodes", "meetings"):
        tables[sheet], sources[sheet] = [], []
        seen: dict[tuple, Row] = {}
        for tool in tools:
            for row in tool.rows.get(sheet, []):
                if not known_case(row):
                    continue
                out = {k: row.values.get(k) for k in OUTPUT_COLUMNS[sheet]}
                if sheet == "voice":
                    out["agency"] = tool.agency
                    key = tuple(v for k, v in out.items() if k != "agency")
                elif sheet == "episodes":
                    key = (out["case_id"], out["missing_from"])
                else:
                    key = tuple(out.values())
                if key in seen:
                    earlier = seen[key]
                    same = {k: earlier.values.get(k) for k in OUTPUT_COLUMNS[sheet]} == {
                        k: row.values.get(k) for k in OUTPUT_COLUMNS[sheet]}
                    if sheet == "episodes" and not same:
                        problems.append(_problem(row.tool, sheet, row.cells["missing_from"], (
                            f"case '{key[0]}' episode from {key[1]} is also in {earlier.tool} "
                            f"sheet episodes row {earlier.row} with different details")))
                    continue
                seen[key] = row
                tables[sheet].append(out)
                sources[sheet].append(row)
    return tables, sources


def disagreements(judgements: pd.DataFrame) -> pd.DataFrame:
    """The (case, question) pairs on which the agencies' answers differ.

    Parameters
    ----------
    judgements : case_id, question_id, answer, agency (``Panel`` for the panel's answer).

    Returns
    -------
    One row per disagreement: case_id, question_id, answers (``"Health: No; Police: Yes"``),
    panel_answer (<NA> while the panel has not answered) and status: ``disputed`` (the
    findings leave it out of the rate and count it as disputed) or ``settled by panel``.
    """
    columns = ["case_id", "question_id", "answers", "panel_answer", "status"]
    rows = []
    for (case_id, question_id), group in judgements.groupby(
        ["case_id", "question_id"], sort=False
    ):
        agencies = group[group["agency"] != PANEL]
        if agencies["answer"].nunique() < 2:
            continue
        panel = group.loc[group["agency"] == PANEL, "answer"]
        answers = "; ".join(f"{a}: {x}" for a, x in zip(agencies["agency"], agencies["answer"],
                                                          strict=True))
        settled = len(panel) > 0
        rows.append({
            "case_id": case_id, "question_id": question_id, "answers": answers,
            "panel_answer": panel.iloc[0] if settled else pd.NA,
            "status": "settled by panel" if settled else "disputed",
        })
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------- writing

#: Every file ingest may write into the audit folder; nothing else there is ever touched.
INGEST_FILES: tuple[str, ...] = ("audit.yaml", "cases.csv", "judgements.csv", "voice.csv",
                                 "episodes.csv", "meetings.csv")


def _csv_text(columns: tuple[str, ...], rows: list[dict]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return buffer.getvalue()


def _located(problem: Problem, sources: dict[str, list[Row]], tools: list[Tool]) -> Problem:
    """A problem the loader found in the written folder, pointed back at the workbook cell."""
    table = Path(problem.file).name.removesuffix(".csv")
    rows = sources.get(table, [])
    if problem.row is None or not 2 <= problem.row < len(rows) + 2:
        return problem
    src = rows[problem.row - 2]
    cell = src.cells.get(problem.column or "")
    if cell is None:
        cell = f"A{src.row}"
    return Problem(file=src.tool, sheet=src.sheet, cell=cell, row=src.row,
                   value=problem.value, message=problem.message)


def _norm(value: object) -> str:
    """An audit.yaml value as comparable text (a list as ``a; b``, blank as ``""``)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v).strip() for v in value)
    return str(value).strip()


def _audit_differs(existing: dict, info: dict) -> str | None:
    """Why an existing audit.yaml does not describe the audit ``info`` describes, or None."""
    for key in AUDIT_KEYS:
        there, here = _norm(existing.get(key)), _norm(info.get(key))
        if fold(there) != fold(here):
            return f"its {key} is '{there}', the tools' is '{here}'"
    return None


def _cases_differ(path: Path, merged: list[dict]) -> str | None:
    """Why the merged cases would lose something of an existing cases.csv, or None.

    The tools are usually prefilled from this very file: the merged cases may add cases
    and fill blanks, but must keep every case, column and value it has.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except (UnicodeDecodeError, csv.Error):
        return "it cannot be read as UTF-8 CSV"
    by_id = {fold(str(c["case_id"])): c for c in merged}
    for row in rows:
        extra = [k for k, v in row.items() if k is None or (
            k.strip() not in OUTPUT_COLUMNS["cases"] and (v or "").strip())]
        if extra:
            name = "a column with no name" if extra[0] is None else f"column '{extra[0]}'"
            return f"it has {name}, which ingest does not write"
        case_id = (row.get("case_id") or "").strip()
        if not case_id:
            continue
        case = by_id.get(fold(case_id))
        if case is None:
            return f"its case '{case_id}' is in none of the tools"
        for column, value in row.items():
            value = (value or "").strip()
            if not value or column.strip() == "case_id":
                continue
            now = case.get(column.strip())
            if column.strip() == "agencies":
                have = {fold(a) for a in str(now or "").split(";")}
                lost = [a.strip() for a in value.split(";") if a.strip() and fold(a) not in have]
                if lost:
                    return f"its case '{case_id}' lists agency '{lost[0]}', the tools do not"
            elif now is None or fold(str(now)) != fold(value):
                return (f"its case '{case_id}' has {column.strip()} '{value}', the tools "
                        f"'{'' if now is None else now}'")
    return None


def _plan_files(out: Path, contents: dict[str, str], info: dict,
                cases: list[dict]) -> tuple[dict[str, str], list[str], list[str]]:
    """Which files to write, which existing ones to keep, and the conflicts (with reasons).

    A file that exists with the same content is kept as it is. An existing ``audit.yaml``
    that describes the same audit is kept (with its comments and any extra keys); an
    existing ``cases.csv`` whose every case and value the merged cases keep is replaced
    (the tools were made from it). Any other existing file is a conflict.
    """
    write: dict[str, str] = {}
    keep: list[str] = []
    conflicts: list[str] = []
    for name, text in contents.items():
        target = out / name
        if not target.exists():
            write[name] = text
            continue
        if target.is_file() and target.read_bytes() == text.encode("utf-8"):
            keep.append(name)
            continue
        reason = "it has other content"
        if name == "audit.yaml" and target.is_file():
            try:
                existing = yaml.safe_load(target.read_text(encoding="utf-8-sig")) or {}
            except (yaml.YAMLError, UnicodeDecodeError):
                existing = None
            if isinstance(existing, dict):
                reason = _audit_differs(existing, info)
                if reason is None:
                    keep.append(name)
                    continue
        elif name == "cases.csv" and target.is_file():
            reason = _cases_differ(target, cases)
            if reason is None:
                write[name] = text
                continue
        write[name] = text
        conflicts.append(f"{name} ({reason})")
    return write, keep, conflicts


def _read_description(path: Path, label: str, problems: list[Problem]) -> dict | None:
    """An audit.yaml describing the audit, or None after recording why it cannot be read."""
    if not path.is_file():
        problems.append(Problem(file=label, message=(
            f"{path} not found (expected an audit.yaml, or a folder holding one)")))
        return None
    try:
        described = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(Problem(file=label, message=(
            f"is not a readable YAML file ({type(exc).__name__}): expected id, theme, title "
            "and conducted")))
        return None
    if not isinstance(described, dict):
        problems.append(Problem(file=label, message="expected id, theme, title and conducted"))
        return None
    return described


def ingest(
    workbooks: list[str | Path], out: str | Path, force: bool = False,
    audit: str | Path | None = None,
) -> IngestResult:
    """Check and merge completed audit tools into one audit folder in contract form.

    Parameters
    ----------
    workbooks : the returned tools, one per agency (and the panel's, if any).
    out : the audit folder to write (it may already hold the audit's ``audit.yaml`` and
        ``cases.csv``, from which the tools were made). Only the files of
        :data:`INGEST_FILES` are ever written; any other file in the folder is untouched.
        An existing one of them with other content is refused unless ``force`` (see
        :func:`_plan_files` for what is not a conflict).
    audit : optional audit.yaml (or folder holding one) describing the audit, for tools
        made without ``--audit``; its id and theme must match the tools'. Without it, an
        ``audit.yaml`` already in ``out`` describes the audit.

    Raises
    ------
    AuditValidationError with every problem found, each naming workbook, sheet and cell;
    FileExistsError naming every conflicting file. Nothing is written then.
    """
    out = Path(out)
    if not workbooks:
        raise ValueError("give at least one completed audit tool")
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} is a file: --out must be the audit folder")
    names = [Path(w).name for w in workbooks]
    if len(set(names)) < len(names):
        raise ValueError("two workbooks have the same file name; rename one")
    problems: list[Problem] = []
    tools = [t for t in (read_tool(w, problems) for w in workbooks) if t is not None]
    if not tools or any(t.theme is None for t in tools):
        raise AuditValidationError(problems)
    described, origin = None, "the --audit file"
    if audit is not None:
        path = Path(audit)
        path = path / "audit.yaml" if path.is_dir() else path
        described = _read_description(path, path.name, problems)
    elif (out / "audit.yaml").is_file():
        origin = str(out / "audit.yaml")
        described = _read_description(out / "audit.yaml", origin, problems)
    info = _check_same_audit(tools, described, problems, origin)
    theme = tools[0].theme
    tables, sources = _merge(tools, theme, problems)
    if problems:
        raise AuditValidationError(problems)
    has_missing = any(a.rule for a in theme.finding_areas)
    contents = {"audit.yaml": yaml.safe_dump(info, sort_keys=False, allow_unicode=True)}
    for table in sheets_for({"mfh"} if has_missing else set()):
        contents[f"{table}.csv"] = _csv_text(OUTPUT_COLUMNS[table], tables[table])
    write, keep, conflicts = _plan_files(out, contents, info, tables["cases"])
    if conflicts and not force:
        raise FileExistsError(
            f"{out} already has {'; '.join(conflicts)}: use --force to replace "
            f"{'it' if len(conflicts) == 1 else 'them'} (ingest writes only "
            f"{', '.join(contents)}; other files in the folder are never touched)")
    _write_files(out, contents, write, sources, tools)
    notes = [
        f"{t.name} ({t.agency}): {counted(t.answered, 'answer')}, "
        f"{counted(t.unanswered, 'question')} left blank"
        for t in tools
    ]
    judgements = pd.DataFrame(tables["judgements"], columns=OUTPUT_COLUMNS["judgements"])
    return IngestResult(out, info, disagreements(judgements), notes, list(write), keep)


def _write_files(out: Path, contents: dict[str, str], write: dict[str, str],
                 sources: dict[str, list[Row]], tools: list[Tool]) -> None:
    """Write ``write`` into ``out``, each file atomically, after the whole folder loads.

    Every file goes first to a hidden temporary folder inside ``out`` (with a copy of the
    files kept as they are), which must pass the package's own loader; each is then
    moved into place with ``os.replace``. On any failure nothing in ``out`` changes.
    """
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".ingest-{uuid.uuid4().hex[:8]}"
    try:
        tmp.mkdir()
        for name, text in contents.items():
            if name in write:
                (tmp / name).write_text(text, encoding="utf-8", newline="")
            else:
                shutil.copyfile(out / name, tmp / name)
        _check_loads(tmp, sources, tools)
        for name in write:
            os.replace(tmp / name, out / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if created:
            shutil.rmtree(out, ignore_errors=True)
        raise
    shutil.rmtree(tmp, ignore_errors=True)


def _check_loads(folder: Path, sources: dict[str, list[Row]], tools: list[Tool]) -> None:
    """The written folder must pass the package's own loader (when it is installed)."""
    try:
        from cscp_analysis.io.load import load_audit
    except ModuleNotFoundError as exc:  # the loader is not part of this build
        if exc.name != "cscp_analysis.io.load":
            raise
        return
    try:
        load_audit(folder)
    except AuditValidationError as exc:
        raise AuditValidationError([_located(p, sources, tools) for p in exc.problems]) from None

"""Merging the returned tools into the contract's tables (one audit).

Every tool must describe the same audit; each case's details come from the panel's tool
where it gives them, otherwise the agencies' must agree; judgements carry the agency
of the tool they came from; voice rows, episodes and meetings may come from any tool;
the learning comes from the panel's tool (or tools), in their order, a line given twice
kept once (no line at all: no learning table, so a learning.csv kept by hand stays), and
must name no case (checked here, with every other problem, not only once the rest is
right).
Every disagreement is a problem naming both cells.
"""

from __future__ import annotations

import pandas as pd

from cscp_analysis.capture.layout import AUDIT_KEYS, CASE_REQUIRED, META_SHEET
from cscp_analysis.capture.tool import Row, Tool, cell_problem
from cscp_analysis.contract.codes import PANEL, fold
from cscp_analysis.contract.errors import Problem
from cscp_analysis.contract.tables import AUDIT_ID, AUDIT_TABLES
from cscp_analysis.contract.themes import Theme
from cscp_analysis.io.deidentified import NAMES_A_CASE, cases_named

#: The columns ingest writes for each table: the declared ones, and for voice the agency
#: of the tool the words came from (an extra column the contract carries through).
OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    name: (*t.names, *(("agency",) if name == "voice" else ()))
    for name, t in AUDIT_TABLES.items()
}


def check_same_audit(tools: list[Tool], audit: dict | None, problems: list[Problem],
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
                problems.append(cell_problem(tool.name, META_SHEET, tool.meta_cells[key], (
                    f"{key} '{value}' does not match '{merged[key]}' of {origin[key]}: "
                    "every tool must be made for the same audit"), value))
    first = tools[0]
    for key in ("id", "title", "conducted"):
        if not merged.get(key):
            problems.append(cell_problem(first.name, META_SHEET, first.meta_cells.get(key, "B2"), (
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
                    problems.append(cell_problem(other.tool, "cases", other.cells[name], (
                        f"case '{case_id}' {name} '{other.values[name]}' disagrees with "
                        f"'{chosen[0].values[name]}' in {t0} sheet cases cell {c0}: correct "
                        "one, or give the value in the panel's tool"), other.values[name]))
            if out[name] is None and name in CASE_REQUIRED:
                problems.append(cell_problem(rows[0].tool, "cases", rows[0].cells[name],
                                         f"case '{case_id}' has no {name} in any tool"))
        merged.append(out)
        sources.append(rows[0])
    return merged, sources


def merge(tools: list[Tool], theme: Theme, problems: list[Problem]):
    """The contract's tables from every tool, with each output row's source row."""
    cases, case_src = _merge_cases(tools, theme, problems)
    case_order = {c["case_id"]: i for i, c in enumerate(cases)}
    q_order = {q.id: i for i, q in enumerate(theme.questions)}
    tables: dict[str, list[dict]] = {"cases": cases}
    sources: dict[str, list[Row]] = {"cases": case_src}

    def known_case(row: Row) -> bool:
        case_id = row.values["case_id"]
        if case_id is not None and case_id not in case_order:
            problems.append(cell_problem(row.tool, row.sheet, row.cells["case_id"], (
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
                problems.append(cell_problem(tool.name, "judgements", row.cells["answer"], (
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
                        problems.append(cell_problem(row.tool, sheet, row.cells["missing_from"], (
                            f"case '{key[0]}' episode from {key[1]} is also in {earlier.tool} "
                            f"sheet episodes row {earlier.row} with different details")))
                    continue
                seen[key] = row
                tables[sheet].append(out)
                sources[sheet].append(row)
    if any(tool.rows.get("learning") for tool in tools):
        tables["learning"], sources["learning"] = _merge_learning(tools)
        problems += _learning_naming_cases(sources["learning"], cases)
    return tables, sources


def _learning_naming_cases(rows: list[Row], cases: list[dict]) -> list[Problem]:
    """A problem at each line of learning whose text names a case of the audit: the
    loader's check (``io.deidentified``), run here so it is reported with the tools' own
    problems; it names the case id, never the text."""
    case_keys = {fold(str(c["case_id"])): str(c["case_id"]) for c in cases}
    text = pd.Series([r.values.get("text") for r in rows], dtype="object").fillna("")
    return [cell_problem(rows[i].tool, "learning", rows[i].cells["text"],
                         NAMES_A_CASE.format(case=case), case)
            for i, case in cases_named(text, case_keys).items()]


def _merge_learning(tools: list[Tool]) -> tuple[list[dict], list[Row]]:
    """The panel's learning from every tool that has the sheet, a line given twice once."""
    lines: dict[tuple, tuple[dict, Row]] = {}
    for tool in tools:
        for row in tool.rows.get("learning", []):
            out = {k: row.values.get(k) for k in OUTPUT_COLUMNS["learning"]}
            lines.setdefault(tuple(out.values()), (out, row))
    return [out for out, _ in lines.values()], [row for _, row in lines.values()]

"""Checking an audit's raw tables: every problem found, each located (data-contract section 9).

Column rules come from the declarations (``contract/tables.py``) as pandera schemas
(``contract/schemas.py``); :func:`check_schema` turns their failures into located
problems for any :class:`~cscp_analysis.io.read.RawTable`: a CSV or workbook sheet
(by row and column) or an Excel tool's sheet (by cell), so ``load_audit`` and ingest
share every cell check. Rules across rows or tables (duplicates, unknown cases,
question ids and answer scales, episode order and overlap) are here too, vectorised
over whole columns; a message is built only for a failing row.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from cscp_analysis.contract.codes import DEFAULT_AREAS, PANEL, SCALES, fold
from cscp_analysis.contract.errors import Problem
from cscp_analysis.contract.schemas import schema, table_schema
from cscp_analysis.contract.tables import AUDIT_ID, CONDUCTED, Table
from cscp_analysis.contract.themes import Theme, ThemeError, builtin_theme_ids, load_theme
from cscp_analysis.io.audit import AuditInfo
from cscp_analysis.io.read import RawTable, column_or_blank


def check_meta(
    meta: dict, where: Problem, base: Path | None
) -> tuple[AuditInfo | None, Theme | None, list[Problem]]:
    """Check audit.yaml (or the workbook's ``audit`` sheet) and load its theme.

    ``where`` is an empty problem naming the file (and sheet) that holds the keys.
    """
    problems: list[Problem] = []

    def bad(key: str, value, message: str) -> None:
        problems.append(replace(where, column=key, value=str(value), message=message))

    for key in ("id", "theme", "title", "conducted"):
        if str(meta.get(key) or "").strip() == "":
            problems.append(replace(where, column=key, message=f"key {key} is required"))
    audit_id = str(meta.get("id") or "").strip()
    if audit_id and not AUDIT_ID.fullmatch(audit_id):
        bad("id", audit_id, f"'{audit_id}' may use only a-z, 0-9 and - (it names output folders)")
    conducted = meta.get("conducted")
    if isinstance(conducted, dt.date):  # YAML read 2016-06-01 as a date
        conducted = conducted.strftime("%Y-%m")
    conducted = str(conducted or "").strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d", conducted):  # a workbook cell Excel made a date
        conducted = conducted[:7]
    if conducted and not CONDUCTED.fullmatch(conducted):
        bad("conducted", conducted,
            f"'{conducted}' is not a month (expected YYYY-MM, e.g. 2016-06)")
    lists = {}
    for key, default in (("areas", DEFAULT_AREAS), ("agencies", ())):
        value = meta.get(key) or list(default)
        if isinstance(value, str):
            value = [a.strip() for a in value.split(";") if a.strip()]
        if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
            bad(key, value, f"'{value}' is not a list of names (write [Name one, Name two] "
                "or Name one; Name two)")
            value = list(default)
        lists[key] = tuple(a.strip() for a in value)
    theme = None
    theme_name = str(meta.get("theme") or "").strip()
    if theme_name:
        candidate = (base / theme_name) if base is not None else Path(theme_name)
        is_file = candidate.suffix in {".yaml", ".yml"} and candidate.exists()
        try:
            theme = load_theme(candidate if is_file else theme_name)
        except ThemeError as exc:
            bad("theme", theme_name, f"'{theme_name}' cannot be used: {exc}" if is_file else
                f"'{theme_name}' is not a known theme "
                f"(one of {', '.join(builtin_theme_ids())}, or a theme .yaml file)")
    if problems:
        return None, theme, problems
    info = AuditInfo(
        id=audit_id, theme=theme.id, title=str(meta["title"]).strip(), conducted=conducted,
        conducted_by=str(meta.get("conducted_by") or "").strip(),
        areas=lists["areas"], agencies=lists["agencies"],
    )
    return info, theme, problems


def _quote(value) -> str:
    return f"'{value}'"


def check_schema(table: RawTable, declared: pa.DataFrameSchema) -> list[Problem]:
    """Run a declared schema over a raw table and turn its failures into located problems."""
    problems: list[Problem] = []
    columns = declared.columns
    missing = [c for c, col in columns.items() if col.required and c not in table.frame]
    # a spare column whose name is close to a missing one ("Case ID" for case_id) is a hint
    spare = {fold(c).replace(" ", "_"): c for c in table.frame.columns if c not in columns}
    for col in missing:
        near = difflib.get_close_matches(col, list(spare), n=1, cutoff=0.6)
        hint = f" (is '{spare[near[0]]}' meant to be {col}?)" if near else ""
        problems.append(table.problem(row=1, column=col,
                                      message=f"required column {col} is missing{hint}"))
    present = {c: col for c, col in columns.items() if c in table.frame}
    try:
        schema(present, declared.name).validate(table.frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        for case in exc.failure_cases.itertuples(index=False):
            value = "" if case.failure_case is None else str(case.failure_case)
            row = None if case.index is None else int(case.index)
            message = case.check.replace("{v}", _quote(value))
            problems.append(table.problem(row=row, column=case.column, value=value,
                                          message=message))
    return problems


def check_table(table: RawTable, declared: Table, lists: Mapping[str, Sequence] | None = None,
                required: Iterable[str] | None = None) -> list[Problem]:
    """Check a raw table against its declaration, bound code lists taken from ``lists``."""
    return check_schema(table, table_schema(declared, lists, required))


def case_refs(table: RawTable, case_keys: dict[str, str]) -> list[Problem]:
    """Every row's case_id must name a case in cases.csv (ignoring case and spaces)."""
    ids = column_or_blank(table.frame, "case_id")
    folded = ids.str.strip().str.casefold()
    unknown = (folded != "") & ~folded.isin(case_keys.keys())
    return [
        table.problem(row=int(r), column="case_id", value=v,
                      message=f"{_quote(v)} is not a case in cases.csv")
        for r, v in ids[unknown].items()
    ]


def duplicates(table: RawTable, keys: list[str], what: str) -> list[Problem]:
    """Rows whose key repeats an earlier row's (compared ignoring case and spaces)."""
    if any(k not in table.frame for k in keys):
        return []
    folded = pd.DataFrame({k: table.frame[k].str.strip().str.casefold() for k in keys})
    dup = folded.duplicated(keep="first") & ~(folded == "").any(axis=1)
    first_row = folded.reset_index().groupby(keys, sort=False)["index"].first()
    problems = []
    for row in folded.index[dup]:
        key = tuple(folded.loc[row, k] for k in keys)
        first = int(first_row.loc[key if len(keys) > 1 else key[0]])
        shown = ", ".join(table.frame.loc[row, k].strip() or "(blank)" for k in keys)
        problems.append(table.problem(row=int(row), column=keys[-1], value=shown,
                                      message=f"{_quote(shown)} duplicates row {first} ({what})"))
    return problems


def check_judgements(table: RawTable, theme: Theme) -> list[Problem]:
    """Question ids must be the theme's, each answer on its question's scale, and one
    answer per case, question and agency (a blank agency is the panel)."""
    problems = []
    f = table.frame
    if "question_id" in f:
        qid = f["question_id"]
        folded = qid.str.strip().str.casefold()
        answer = column_or_blank(f, "answer")
        answer_folded = answer.str.strip().str.casefold()
        questions = {fold(q.id): q for q in theme.questions}
        known = ", ".join(q.id for q in theme.questions)
        for row in f.index[(folded != "") & ~folded.isin(questions)]:
            problems.append(table.problem(
                row=int(row), column="question_id", value=qid[row],
                message=f"{_quote(qid[row])} is not a question of theme {theme.id} ({known})"))
        for key, q in questions.items():
            scale = SCALES[q.scale]
            off = (folded == key) & (answer_folded != "") & ~answer_folded.isin(
                {fold(a) for a in scale})
            for row in f.index[off]:
                problems.append(table.problem(
                    row=int(row), column="answer", value=answer[row],
                    message=f"{_quote(answer[row])} is not on the {q.scale} scale of {q.id} "
                    f"({', '.join(scale)})"))
    if {"case_id", "question_id"} <= set(f.columns):
        keyed = table.frame.copy()
        keyed["agency"] = column_or_blank(f, "agency").map(lambda a: a.strip() or PANEL)
        problems += duplicates(replace(table, frame=keyed),
                               ["case_id", "question_id", "agency"],
                               "one answer per case, question and agency")
    return problems


def _order_problem(table, rows, column, later, later_only, earlier, earlier_only,
                   later_raw, earlier_col, earlier_raw, word) -> list[Problem]:
    """Rows where ``later`` is before ``earlier``; date-only values compare by calendar date."""
    coarse = later_only | earlier_only
    before = (later < earlier) & ~coarse | (later.dt.normalize() < earlier.dt.normalize()) & coarse
    before &= later.notna() & earlier.notna()
    return [
        table.problem(row=int(r), column=column, value=later_raw[r],
                      message=f"{later_raw[r]} is {word} {earlier_col} {earlier_raw[r]}")
        for r in rows[before]
    ]


def check_episodes(table: RawTable, dates: Mapping[str, tuple[pd.Series, pd.Series]]
                   ) -> list[Problem]:
    """Returns after starts, interviews after returns, no overlapping episodes of a child.

    ``dates`` holds each date-time column parsed once (``tidy.parse_date_columns``).
    """
    f = table.frame
    if not {"case_id", "missing_from"} <= set(f.columns):
        return []
    start, start_d = dates["missing_from"]
    ret, ret_d = dates["returned"]
    held, held_d = dates["rhi_held"]
    raw_ret = column_or_blank(f, "returned").str.strip()
    raw_held = column_or_blank(f, "rhi_held").str.strip()
    raw_start = f["missing_from"].str.strip()
    rows = f.index.to_series()
    problems = _order_problem(table, rows, "returned", ret, ret_d, start, start_d,
                              raw_ret, "missing_from", raw_start, "before")
    problems += _order_problem(table, rows, "rhi_held", held, held_d, ret, ret_d,
                               raw_held, "returned", raw_ret, "before")
    no_return = held.notna() & (raw_ret == "")
    problems += [
        table.problem(row=int(r), column="rhi_held", value=raw_held[r],
                      message=f"{raw_held[r]} is an interview for an episode with no returned "
                      "date")
        for r in rows[no_return]
    ]
    # overlap: sort each child's episodes by start; an episode must not start before the
    # latest return among the child's earlier episodes (a still-missing one never returns)
    open_end = np.iinfo(np.int64).max
    ep = pd.DataFrame({"child": f["case_id"].str.strip().str.casefold(), "start": start,
                       "start_d": start_d, "end_d": ret_d, "row": rows,
                       "end": ret.to_numpy(dtype="datetime64[ns]").astype(np.int64)})
    ep.loc[ret.isna(), "end"] = open_end
    unreadable = ret.isna() & (raw_ret != "")  # reported as a bad date; its end is unknown
    ep = ep[ep["start"].notna() & ~unreadable].sort_values(["child", "start", "row"],
                                                          kind="stable")
    by_child = ep.groupby("child", sort=False)
    latest = by_child["end"].cummax()
    holder = ep["row"].where(ep["end"] == latest)  # the row whose return is the latest so far
    ep["latest"], ep["holder"] = latest, holder.groupby(ep["child"]).ffill()
    ep["holder_d"] = ep["end_d"].where(ep["end"] == latest).groupby(ep["child"]).ffill()
    prev = ep.groupby("child", sort=False)[["latest", "holder", "holder_d"]].shift()
    has_prev = prev["latest"].notna()
    prev_open = has_prev & (prev["latest"] == open_end)
    prev_end = pd.to_datetime(prev["latest"].where(has_prev & ~prev_open), unit="ns")
    coarse = prev["holder_d"].fillna(False).astype(bool) | ep["start_d"]
    overlaps = prev_open | (has_prev & ~prev_open & (
        (~coarse & (ep["start"] < prev_end))
        | (coarse & (ep["start"].dt.normalize() < prev_end.dt.normalize()))
    ))
    for i in ep.index[overlaps]:
        other = int(prev.at[i, "holder"])
        why = "still missing" if prev_open[i] else f"returned {raw_ret[other]}"
        problems.append(table.problem(row=int(ep.at[i, "row"]), column="missing_from",
                                      value=raw_start[i],
                                      message=f"{raw_start[i]} overlaps the episode on row "
                                      f"{other} of the same child ({why})"))
    if "episode_id" in f:
        with_id = replace(table, frame=f[f["episode_id"].str.strip() != ""])
        problems += duplicates(with_id, ["case_id", "episode_id"], "episode ids are unique "
                                "within a case")
    return problems



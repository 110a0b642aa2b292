"""Checking an audit's raw tables: every problem found, each located (data-contract section 9).

Column rules come from the declarations (``contract/tables.py``) as cell checks
(``contract/schemas.py``); :func:`check_schema` runs them over whole columns and turns
the failing cells into located problems for any :class:`~cscp_analysis.io.read.RawTable`:
a CSV or workbook sheet (by row and column) or an Excel tool's sheet (by cell), so
``load_audit`` and ingest share every cell check. Rules across rows or tables
(duplicates, unknown cases, question ids and answer scales, episode order and overlap)
are here too, vectorised over whole columns; a message is built only for a failing row.
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
from numpy.typing import ArrayLike

from cscp_analysis.contract.codes import DEFAULT_AREAS, PANEL, SCALES, fold
from cscp_analysis.contract.errors import Problem
from cscp_analysis.contract.names import id_problem
from cscp_analysis.contract.schemas import ColumnChecks, table_checks
from cscp_analysis.contract.tables import CONDUCTED, Table
from cscp_analysis.contract.themes import Theme, ThemeError, builtin_theme_ids, load_theme
from cscp_analysis.io.audit import AuditInfo
from cscp_analysis.io.read import RawTable


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
    for key in ("theme", "title", "conducted_by"):
        if isinstance(meta.get(key), list | dict):
            bad(key, meta[key], f"'{_typed(meta[key])}' is not text")
    audit_id = str(meta.get("id") or "").strip()
    if audit_id and id_problem(audit_id):
        bad("id", audit_id, id_problem(audit_id))
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
            if not is_file:
                bad("theme", theme_name, f"'{theme_name}' is not a known theme "
                    f"(one of {', '.join(builtin_theme_ids())}, or a theme .yaml file)")
            else:
                for said in str(exc).splitlines():  # each problem of the theme file
                    bad("theme", theme_name, f"'{theme_name}' cannot be used: {said}")
    if problems:
        return None, theme, problems
    info = AuditInfo(
        id=audit_id, theme=theme.id, title=str(meta["title"]).strip(), conducted=conducted,
        conducted_by=str(meta.get("conducted_by") or "").strip(),
        areas=lists["areas"], agencies=lists["agencies"],
    )
    return info, theme, problems


def _typed(value) -> str:
    """A list or mapping read from YAML, as it would be typed in one line."""
    if isinstance(value, list):
        return "[" + ", ".join(_typed(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_typed(v)}" for k, v in value.items()) + "}"
    return str(value)


def _quote(value) -> str:
    return f"'{value}'"


def check_schema(table: RawTable, columns: Sequence[ColumnChecks]) -> list[Problem]:
    """Run a table's cell checks over its columns and turn failing cells into located problems.

    Problems come column by column in declared order, each column's checks in order,
    rows in order; a message is built only for a failing cell.
    """
    problems: list[Problem] = []
    missing = [c.name for c in columns if c.required and c.name not in table.frame]
    # a spare column whose name is close to a missing one ("Case ID" for case_id) is a hint
    declared = {c.name for c in columns}
    spare = {fold(c).replace(" ", "_"): c for c in table.frame.columns if c not in declared}
    for col in missing:
        near = difflib.get_close_matches(col, list(spare), n=1, cutoff=0.6)
        hint = f" (is '{spare[near[0]]}' meant to be {col}?)" if near else ""
        problems.append(table.problem(row=1, column=col,
                                      message=f"required column {col} is missing{hint}"))
    for col in columns:
        if col.name not in table.frame:
            continue
        cells = table.cells(col.name)
        for check in col.checks:
            failing = np.flatnonzero(~check.ok(cells))
            if not len(failing):
                continue
            raw, rows = cells.raw.iloc[failing], cells.raw.index[failing]
            problems += [table.problem(row=int(row), column=col.name, value=value,
                                       message=check.error.replace("{v}", _quote(value)))
                         for row, value in zip(rows, raw, strict=True)]
    return problems


def check_table(table: RawTable, declared: Table, lists: Mapping[str, Sequence] | None = None,
                required: Iterable[str] | None = None) -> list[Problem]:
    """Check a raw table against its declaration, bound code lists taken from ``lists``."""
    return check_schema(table, table_checks(declared, lists, required))


def case_keys_of(cases: RawTable) -> dict[str, str] | None:
    """Each case id of cases.csv by its folded form (None: cases.csv has no case_id)."""
    if "case_id" not in cases.frame:
        return None
    cells = cases.cells("case_id")
    keys = dict(zip(cells.folded.tolist(), cells.stripped.tolist(), strict=True))
    keys.pop("", None)
    return keys


def case_refs(table: RawTable, case_keys: dict[str, str]) -> list[Problem]:
    """Every row's case_id must name a case in cases.csv (ignoring case and spaces)."""
    cells = table.cells("case_id")
    unknown = ~cells.blank & (cells.lookup(case_keys) < 0)
    return [
        table.problem(row=int(r), column="case_id", value=v,
                      message=f"{_quote(v)} is not a case in cases.csv")
        for r, v in cells.raw[unknown].items()
    ]


def duplicates(table: RawTable, keys: list[str], what: str) -> list[Problem]:
    """Rows whose key repeats an earlier row's (compared ignoring case and spaces); a row
    with a blank key part is not compared."""
    if any(k not in table.frame for k in keys):
        return []
    cells = [table.cells(k) for k in keys]
    codes = pd.DataFrame({k: c.key_codes for k, c in zip(keys, cells, strict=True)},
                         index=table.frame.index)
    keyed = ~np.logical_or.reduce([c.blank for c in cells])
    codes = codes[keyed]
    dup = codes.duplicated(keep="first").to_numpy(dtype=bool)
    if not dup.any():
        return []
    first_row = codes.reset_index().groupby(keys, sort=False)["index"].first()
    problems = []
    for row in codes.index[dup]:
        key = tuple(codes.loc[row, k] for k in keys)
        first = int(first_row.loc[key if len(keys) > 1 else key[0]])
        shown = ", ".join(c.stripped.loc[row] or "(blank)" for c in cells)
        problems.append(table.problem(row=int(row), column=keys[-1], value=shown,
                                      message=f"{_quote(shown)} duplicates row {first} ({what})"))
    return problems


def check_judgements(table: RawTable, theme: Theme) -> list[Problem]:
    """Question ids must be the theme's, each answer on its question's scale, and one
    answer per case, question and agency (a blank agency is the panel)."""
    problems = []
    f = table.frame
    if "question_id" in f:
        qid, answer = table.cells("question_id"), table.cells("answer")
        folded, answer_folded = qid.folded, answer.folded
        questions = {fold(q.id): q for q in theme.questions}
        known = ", ".join(q.id for q in theme.questions)
        for row in f.index[~qid.blank & ~folded.isin(questions).to_numpy(dtype=bool)]:
            problems.append(table.problem(
                row=int(row), column="question_id", value=qid.raw[row],
                message=f"{_quote(qid.raw[row])} is not a question of theme {theme.id} "
                f"({known})"))
        for key, q in questions.items():
            scale = SCALES[q.scale]
            off = ((folded == key) & ~answer_folded.isin({fold(a) for a in scale})
                   ).to_numpy(dtype=bool) & ~answer.blank
            for row in f.index[off]:
                problems.append(table.problem(
                    row=int(row), column="answer", value=answer.raw[row],
                    message=f"{_quote(answer.raw[row])} is not on the {q.scale} scale of {q.id} "
                    f"({', '.join(scale)})"))
    if {"case_id", "question_id"} <= set(f.columns):
        agency = table.cells("agency").stripped
        keyed = f.assign(agency=agency.where(agency != "", PANEL))
        problems += duplicates(replace(table, frame=keyed),
                               ["case_id", "question_id", "agency"],
                               "one answer per case, question and agency")
    return problems


def _order_problem(table, rows, column, later, later_only, earlier, earlier_only,
                   later_raw, earlier_col, earlier_raw, word) -> list[Problem]:
    """Rows where ``later`` is before ``earlier``; date-only values compare by calendar date."""
    coarse = (later_only | earlier_only).to_numpy(dtype=bool)
    late, early = later.to_numpy(dtype="datetime64[ns]"), earlier.to_numpy(dtype="datetime64[ns]")
    days = "datetime64[D]"
    before = np.where(coarse, late.astype(days) < early.astype(days), late < early)  # NaT: False
    return [
        table.problem(row=int(r), column=column, value=later_raw[r],
                      message=f"{later_raw[r]} is {word} {earlier_col} {earlier_raw[r]}")
        for r in rows[before]
    ]


def episode_dates(table: RawTable) -> dict[str, tuple[pd.Series, pd.Series]]:
    """Each date-time column of an episodes table, parsed once: (values, date-only flags)."""
    return {c: table.cells(c).dates() for c in ("missing_from", "returned", "rhi_held")}


def check_episodes(table: RawTable) -> list[Problem]:
    """Returns after starts, interviews after returns, no overlapping episodes of a child."""
    f = table.frame
    if not {"case_id", "missing_from"} <= set(f.columns):
        return []
    dates = episode_dates(table)
    start, start_d = dates["missing_from"]
    ret, ret_d = dates["returned"]
    held, held_d = dates["rhi_held"]
    raw_ret = table.cells("returned").stripped
    raw_held = table.cells("rhi_held").stripped
    raw_start = table.cells("missing_from").stripped
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
    unreadable = ret.isna() & (raw_ret != "")  # reported as a bad date; its end is unknown
    usable = (start.notna() & ~unreadable).to_numpy(dtype=bool)
    child = table.cells("case_id").key_codes
    for later, earlier, open_before in overlapping(child, start, start_d, ret, ret_d, usable):
        why = "still missing" if open_before else f"returned {raw_ret.iat[earlier]}"
        problems.append(table.problem(row=int(rows.iat[later]), column="missing_from",
                                      value=raw_start.iat[later],
                                      message=f"{raw_start.iat[later]} overlaps the episode on "
                                      f"row {int(rows.iat[earlier])} of the same child ({why})"))
    if "episode_id" in f:
        problems += duplicates(table, ["case_id", "episode_id"],
                               "episode ids are unique within a case")
    return problems


def overlapping(child: np.ndarray, start: pd.Series, start_d: ArrayLike, end: pd.Series,
                end_d: ArrayLike, usable: np.ndarray) -> list[tuple[int, int, bool]]:
    """Episodes that start before the same child's earlier episodes have all ended.

    Each child's usable episodes are taken in order of start, those starting together in
    order of end (a blank end, still missing, never ends), then of position; an episode
    overlaps when it starts before the latest end among the child's earlier episodes.
    Where either value is date-only, calendar dates are compared, so an episode may start
    on the day the other ended. ``child`` numbers each episode's child. Returns, by
    position, (position, position of the earlier episode that first reached that latest
    end, whether that one is still open) for each overlap. ``load_audit`` and the SSDA903
    import share it.
    """
    pos = np.flatnonzero(usable)
    if len(pos) < 2:
        return []
    start_ns = start.to_numpy(dtype="datetime64[ns]").view(np.int64)[pos]
    end_values = end.to_numpy(dtype="datetime64[ns]")[pos]
    open_end = np.iinfo(np.int64).max
    end_ns = np.where(np.isnat(end_values), open_end, end_values.view(np.int64))
    start_only = np.asarray(start_d, dtype=bool)[pos]
    end_only = np.asarray(end_d, dtype=bool)[pos]
    kid = child[pos]
    same_kid, same_start = kid[1:] == kid[:-1], start_ns[1:] == start_ns[:-1]
    in_order = (kid[1:] > kid[:-1]) | same_kid & ((start_ns[1:] > start_ns[:-1])
                                                  | same_start & (end_ns[1:] >= end_ns[:-1]))
    if not in_order.all():  # (a file sorted by child then start, as most are, is kept as it is)
        order = np.lexsort((end_ns, start_ns, kid))  # stable: ties stay in file order
        kid, start_ns, end_ns = kid[order], start_ns[order], end_ns[order]
        start_only, end_only, pos = start_only[order], end_only[order], pos[order]
    first = np.ones(len(kid), dtype=bool)
    first[1:] = kid[1:] != kid[:-1]
    # the latest end so far within each child, and the episode that first reached it
    # (each end itself when every child's ends only grow, as they do without overlaps)
    growing = first[1:] | (end_ns[1:] >= end_ns[:-1])
    latest = end_ns if growing.all() else pd.Series(end_ns).groupby(kid).cummax().to_numpy()
    prev_latest = np.roll(latest, 1)
    reaches = first | (end_ns > prev_latest)
    holder = np.maximum.accumulate(np.where(reaches, np.arange(len(kid)), -1))
    prev_holder = np.roll(holder, 1)
    day = 86_400 * 10**9
    coarse = end_only[prev_holder] | start_only
    prev_open = prev_latest == open_end
    ends_day = np.where(prev_open, 0, prev_latest // day)
    overlaps = ~first & (prev_open | np.where(coarse, start_ns // day < ends_day,
                                              start_ns < prev_latest))
    found = [(int(pos[i]), int(pos[prev_holder[i]]), bool(prev_open[i]))
             for i in np.flatnonzero(overlaps)]
    return sorted(found)

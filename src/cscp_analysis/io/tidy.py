"""Tidying checked raw tables into the canonical tables every analysis takes.

Each declared column (``contract/tables.py``) is tidied by its kind: text trimmed (blank
becomes <NA>), codes in their canonical spelling, ``;``-lists re-joined with ``"; "``,
whole numbers as int64, dates as datetime64[ns] with a ``<column>_date_only`` flag for
date-time columns. A blank cell the contract gives a meaning (``kind`` blank = ``M``)
is read as that meaning. The forms and their column order are in ``io/audit.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from cscp_analysis.contract.codes import SCALES, canonical_map, fold
from cscp_analysis.contract.dates import parse_dates
from cscp_analysis.contract.tables import (
    CASES,
    CODE,
    CODE_LIST,
    DATE,
    DATETIME,
    JUDGEMENTS,
    TEXT_LIST,
    WHOLE,
    Table,
)
from cscp_analysis.contract.themes import Theme
from cscp_analysis.io.audit import TIDY_COLUMNS, date_only_column
from cscp_analysis.io.read import column_or_blank

Dates = Mapping[str, tuple[pd.Series, pd.Series]]


def text_or_na(raw: pd.Series) -> pd.Series:
    """Trimmed text; blank becomes <NA>."""
    stripped = raw.str.strip()
    return stripped.where(stripped != "").astype("str")


def canonical(raw: pd.Series, codes: Sequence) -> pd.Series:
    """Canonical spellings of coded text; blank (or off the list) becomes <NA>.

    Whole-number codes (meeting stages) come back as numbers.
    """
    mapped = raw.str.strip().str.casefold().map(canonical_map(codes))
    if all(isinstance(c, int) for c in codes):
        return mapped.astype("int64" if mapped.notna().all() else "Int64")
    return mapped.astype("str")


def list_canonical(raw: pd.Series, codes: Sequence) -> pd.Series:
    """A ``;``-list of codes in canonical spellings joined by ``"; "``; empty (or naming a
    code off the list) becomes <NA>."""
    mapping = canonical_map(codes)

    def joined(cell: str) -> str | None:
        parts = [mapping.get(fold(p)) for p in cell.split(";") if p.strip()]
        return None if None in parts else "; ".join(parts)

    out = raw.map(joined)
    return out.where(out != "").astype("str")


def text_list(raw: pd.Series) -> pd.Series:
    """A ``;``-list of free text, each part trimmed, joined by ``"; "``; empty becomes <NA>."""
    joined = raw.map(lambda cell: "; ".join(p.strip() for p in cell.split(";") if p.strip()))
    return joined.where(joined != "").astype("str")


def whole(raw: pd.Series) -> pd.Series:
    """Whole numbers as int64 (Int64 with <NA> where a cell is blank or not a number)."""
    stripped = raw.str.strip()
    numbers = pd.to_numeric(stripped.where(stripped != ""), errors="coerce")
    return numbers.astype("int64" if numbers.notna().all() else "Int64")


def parse_date_columns(frame: pd.DataFrame, table: Table) -> dict[str, tuple[pd.Series, pd.Series]]:
    """Each date and date-time column of ``table`` parsed once: (values, date-only flags)."""
    return {c.name: parse_dates(column_or_blank(frame, c.name), c.kind == DATETIME)
            for c in table.columns if c.kind in (DATE, DATETIME)}


def tidy_columns(frame: pd.DataFrame, table: Table, lists: Mapping[str, Sequence] | None = None,
                 dates: Dates | None = None, read_blanks: bool = True) -> dict[str, pd.Series]:
    """Every declared column of ``table`` tidied by its kind, and the date-only flags.

    ``lists`` binds the bound code lists (areas, agencies, ...); a column whose list is
    not bound (an answer's scale) is tidied as text. ``dates`` may hold the date columns
    already parsed (:func:`parse_date_columns`). Without ``read_blanks`` a blank stays
    <NA> even where the contract gives it a meaning (ingest writes what was typed).
    A value that is not valid becomes <NA>.
    """
    lists = lists or {}
    dates = dates if dates is not None else parse_date_columns(frame, table)
    out: dict[str, pd.Series] = {}
    flags: dict[str, pd.Series] = {}
    for col in table.columns:
        raw = column_or_blank(frame, col.name)
        if read_blanks and col.blank_means is not None:
            raw = raw.where(raw.str.strip() != "", col.blank_means)
        codes = col.bound_codes(lists) if col.kind in (CODE, CODE_LIST) else None
        if col.kind in (DATE, DATETIME):
            out[col.name], date_only = dates[col.name]
            if col.kind == DATETIME:
                flags[date_only_column(col.name)] = date_only
        elif col.kind == CODE and codes is not None:
            out[col.name] = canonical(raw, codes)
        elif col.kind == CODE_LIST and codes is not None:
            out[col.name] = list_canonical(raw, codes)
        elif col.kind in (CODE_LIST, TEXT_LIST):
            out[col.name] = text_list(raw)
        elif col.kind == WHOLE:
            out[col.name] = whole(raw)
        else:
            out[col.name] = text_or_na(raw)
    return out | flags


def _tidy(frame: pd.DataFrame, table: Table, columns: dict[str, pd.Series]) -> pd.DataFrame:
    """The tidy form's columns in order (``io/audit.py``), then ``row``, then extra columns."""
    out = pd.DataFrame({c: columns[c] for c in TIDY_COLUMNS[table.name]}, index=frame.index)
    out["row"] = pd.Series(frame.index, index=frame.index, dtype="int64")
    for extra in frame.columns:
        if extra not in out:
            out[extra] = frame[extra]
    return out.reset_index(drop=True)


def _case_ids(raw: pd.Series, case_keys: dict[str, str]) -> pd.Series:
    """Case ids in the spelling of cases.csv (matched ignoring case and spaces)."""
    return raw.str.strip().str.casefold().map(case_keys).astype("str")


def tidy_cases(f: pd.DataFrame, lists: Mapping[str, Sequence]) -> pd.DataFrame:
    columns = tidy_columns(f, CASES, lists)
    columns["age_in_months"] = columns["age_years"] * 12 + columns["age_months"]
    return _tidy(f, CASES, columns)


def tidy_judgements(f: pd.DataFrame, theme: Theme, lists: Mapping[str, Sequence],
                    case_keys: dict[str, str]) -> pd.DataFrame:
    qmap = {fold(q.id): q for q in theme.questions}
    columns = tidy_columns(f, JUDGEMENTS, lists)
    answers = [scale_value(qmap[fold(q)], a) for q, a in zip(f["question_id"], f["answer"],
                                                              strict=True)]
    columns["case_id"] = _case_ids(f["case_id"], case_keys)
    columns["question_id"] = f["question_id"].map(lambda q: qmap[fold(q)].id).astype("str")
    columns["answer"] = pd.Series(answers, index=f.index, dtype="str")
    return _tidy(f, JUDGEMENTS, columns)


def scale_value(question, answer: str) -> str:
    """The canonical spelling of an answer on its question's scale."""
    return canonical_map(SCALES[question.scale])[fold(answer)]


def tidy_case_table(f: pd.DataFrame, table: Table, lists: Mapping[str, Sequence],
                    case_keys: dict[str, str], dates: Dates | None = None) -> pd.DataFrame:
    """A table of rows about cases (voice, episodes, meetings), case ids as in cases.csv."""
    columns = tidy_columns(f, table, lists, dates)
    columns["case_id"] = _case_ids(column_or_blank(f, "case_id"), case_keys)
    return _tidy(f, table, columns)


def no_rows(table: Table) -> pd.DataFrame:
    """A raw table with the declared columns and no rows (an optional file not given)."""
    return pd.DataFrame({c: pd.Series(dtype="str") for c in table.names})


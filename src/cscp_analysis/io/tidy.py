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

from cscp_analysis.contract.cells import Cells, map_distinct, numbers, positions, take_text
from cscp_analysis.contract.codes import SCALES, canonical_map, fold
from cscp_analysis.contract.tables import (
    CASES,
    CODE,
    CODE_LIST,
    DATE,
    DATETIME,
    JUDGEMENTS,
    TEXT_LIST,
    WHOLE,
    Column,
    Table,
)
from cscp_analysis.contract.themes import Theme
from cscp_analysis.io.audit import TIDY_COLUMNS, date_only_column
from cscp_analysis.io.read import RawTable


def text_or_na(raw: pd.Series) -> pd.Series:
    """Trimmed text; blank becomes <NA>."""
    stripped = raw.str.strip()
    return stripped.where(stripped != "").astype("str")


def _codes_of(folded: pd.Series, codes: Sequence) -> pd.Series:
    """Canonical spellings of folded codes; blank (or off the list) becomes <NA>.

    Whole-number codes (meeting stages) come back as numbers.
    """
    at = positions(folded, [fold(c) for c in codes])
    if all(isinstance(c, int) for c in codes):
        numbers = pd.Series(pd.array(list(codes), dtype="Int64").take(at, allow_fill=True),
                            index=folded.index)
        return numbers.astype("int64") if (at >= 0).all() else numbers
    return take_text([str(c) for c in codes], at, folded.index)


def canonical(raw: pd.Series, codes: Sequence) -> pd.Series:
    """Canonical spellings of coded text; blank (or off the list) becomes <NA>.

    Whole-number codes (meeting stages) come back as numbers.
    """
    return _codes_of(Cells(raw).folded, codes)


def list_canonical(raw: pd.Series, codes: Sequence) -> pd.Series:
    """A ``;``-list of codes in canonical spellings joined by ``"; "``; empty (or naming a
    code off the list) becomes <NA>."""
    mapping = canonical_map(codes)

    def joined(cell: str) -> str | None:
        parts = [mapping.get(fold(p)) for p in cell.split(";") if p.strip()]
        return None if None in parts else "; ".join(parts) or None

    return map_distinct(raw, joined)


def text_list(raw: pd.Series) -> pd.Series:
    """A ``;``-list of free text, each part trimmed, joined by ``"; "``; empty becomes <NA>."""
    return map_distinct(raw, lambda cell: "; ".join(
        p.strip() for p in cell.split(";") if p.strip()) or None)


def whole(raw: pd.Series) -> pd.Series:
    """Whole numbers as int64 (Int64 with <NA> where a cell is blank or not a number)."""
    stripped = raw.str.strip()
    values = numbers(stripped.where(stripped != ""))
    return values.astype("int64" if values.notna().all() else "Int64")


def _tidy_column(cells: Cells, col: Column, codes: tuple | None,
                 blank_means: str | None) -> pd.Series:
    """One declared column tidied by its kind (dates are tidied by the caller)."""
    if col.kind == CODE and codes is not None:
        folded = cells.folded
        if blank_means is not None:
            folded = folded.where(~cells.blank, fold(blank_means))
        return _codes_of(folded, codes)
    raw = cells.raw if blank_means is None else cells.raw.where(~cells.blank, blank_means)
    if col.kind == CODE_LIST and codes is not None:
        return list_canonical(raw, codes)
    if col.kind in (CODE_LIST, TEXT_LIST):
        return text_list(raw)
    if col.kind == WHOLE:
        return whole(raw)
    return cells.stripped.where(~cells.blank)


def tidy_columns(source: pd.DataFrame | RawTable, table: Table,
                 lists: Mapping[str, Sequence] | None = None,
                 read_blanks: bool = True) -> dict[str, pd.Series]:
    """Every declared column of ``table`` tidied by its kind, and the date-only flags.

    ``source`` is a raw table (whose columns' derived forms are computed once, and so
    shared with the checks that read them) or a raw frame. ``lists`` binds the bound
    code lists (areas, agencies, ...); a column whose list is not bound (an answer's
    scale) is tidied as text. Without ``read_blanks`` a blank stays <NA> even where the
    contract gives it a meaning (ingest writes what was typed). A value that is not
    valid becomes <NA>.
    """
    if not isinstance(source, RawTable):
        source = RawTable(table.name, "", source)
    lists = lists or {}
    out: dict[str, pd.Series] = {}
    flags: dict[str, pd.Series] = {}
    for col in table.columns:
        cells = source.cells(col.name)
        if col.kind in (DATE, DATETIME):
            out[col.name], date_only = cells.dates(col.kind == DATETIME)
            if col.kind == DATETIME:
                flags[date_only_column(col.name)] = date_only
            continue
        codes = col.bound_codes(lists) if col.kind in (CODE, CODE_LIST) else None
        blank_means = col.blank_means if read_blanks else None
        out[col.name] = _tidy_column(cells, col, codes, blank_means)
    return out | flags


def _tidy(source: RawTable, table: Table, columns: dict[str, pd.Series]) -> pd.DataFrame:
    """The tidy form's columns in order (``io/audit.py``), then ``row``, then extra columns."""
    frame = source.frame
    out = {c: columns[c] for c in TIDY_COLUMNS[table.name]}
    out["row"] = pd.Series(frame.index, index=frame.index, dtype="int64")
    for extra in frame.columns:
        if extra not in out:
            out[extra] = frame[extra]
    return pd.DataFrame(out, index=frame.index, copy=False).reset_index(drop=True)


def _case_ids(source: RawTable, case_keys: dict[str, str]) -> pd.Series:
    """Case ids in the spelling of cases.csv (matched ignoring case and spaces)."""
    return take_text(list(case_keys.values()), source.cells("case_id").lookup(case_keys),
                     source.frame.index)


def tidy_cases(source: RawTable, lists: Mapping[str, Sequence]) -> pd.DataFrame:
    columns = tidy_columns(source, CASES, lists)
    columns["age_in_months"] = columns["age_years"] * 12 + columns["age_months"]
    return _tidy(source, CASES, columns)


def tidy_judgements(source: RawTable, theme: Theme, lists: Mapping[str, Sequence],
                    case_keys: dict[str, str]) -> pd.DataFrame:
    questions = {fold(q.id): q for q in theme.questions}
    columns = tidy_columns(source, JUDGEMENTS, lists)
    question = source.cells("question_id").folded
    answer = source.cells("answer").folded
    columns["case_id"] = _case_ids(source, case_keys)
    columns["question_id"] = map_distinct(question, lambda q: questions[q].id)
    canonical_answer = pd.Series(pd.NA, index=answer.index, dtype="str")
    for key, q in questions.items():  # each answer in the spelling of its question's scale
        mine = (question == key).to_numpy(dtype=bool)
        if mine.any():
            canonical_answer[mine] = _codes_of(answer[mine], SCALES[q.scale])
    columns["answer"] = canonical_answer
    return _tidy(source, JUDGEMENTS, columns)


def tidy_case_table(source: RawTable, table: Table, lists: Mapping[str, Sequence],
                    case_keys: dict[str, str]) -> pd.DataFrame:
    """A table of rows about cases (voice, episodes, meetings), case ids as in cases.csv."""
    columns = tidy_columns(source, table, lists)
    columns["case_id"] = _case_ids(source, case_keys)
    return _tidy(source, table, columns)


def tidy_table(source: RawTable, table: Table, lists: Mapping[str, Sequence]) -> pd.DataFrame:
    """A table that names no case (the panel's learning), tidied by its declaration."""
    return _tidy(source, table, tidy_columns(source, table, lists))


def no_rows(table: Table) -> RawTable:
    """A raw table with the declared columns and no rows (an optional file not given)."""
    return RawTable(table.name, f"{table.name}.csv",
                    pd.DataFrame({c: pd.Series(dtype="str") for c in table.names}))

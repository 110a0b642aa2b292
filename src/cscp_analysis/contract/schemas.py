"""pandera schemas built from the table declarations (``tables.py``).

Each schema checks the *raw* text typed (every cell read as a string, blank = ``""``),
column by column: required values, codes (ignoring case and surrounding spaces), whole
numbers and ranges, dates (with the one parser of ``dates.py``). The ``error`` of each
check is the phrase shown to the person who typed it, with ``{v}`` standing for the
bad value, so the located messages of data-contract section 9 come straight from the
declarations. ``load_audit`` and ingest of the Excel tools check with the same schemas;
checks that span rows or tables (duplicates, unknown cases, episode order) are in
``io/validate.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
import pandera.pandas as pa

from cscp_analysis.contract.codes import fold
from cscp_analysis.contract.dates import DATE_EXPECTED, DATETIME_EXPECTED, parse_dates
from cscp_analysis.contract.tables import (
    CODE,
    CODE_LIST,
    DATE,
    DATETIME,
    TEXT,
    TEXT_LIST,
    WHOLE,
    Column,
    Table,
)

REQUIRED = "a value is required"


def blank(s: pd.Series) -> pd.Series:
    """True where a raw cell is empty or only spaces."""
    return s.str.strip() == ""


def _check(fn, error: str) -> pa.Check:
    return pa.Check(fn, error=error)


def _codes_check(codes: Sequence, error: str) -> pa.Check:
    folded = {fold(v) for v in codes}
    return _check(lambda s: blank(s) | s.str.strip().str.casefold().isin(folded), error)


def _code_list_check(codes: Sequence, error: str) -> pa.Check:
    folded = {fold(v) for v in codes}

    def ok(s: pd.Series) -> pd.Series:
        return s.map(lambda cell: all(fold(p) in folded for p in cell.split(";") if p.strip()))

    return _check(ok, error)


def _whole_checks(low: int, high: int) -> list[pa.Check]:
    def is_int(s: pd.Series) -> pd.Series:
        return blank(s) | s.str.strip().str.fullmatch(r"[+-]?\d+(\.0+)?")

    def within(s: pd.Series) -> pd.Series:
        n = pd.to_numeric(s.where(is_int(s) & ~blank(s)), errors="coerce")
        return n.isna() | n.between(low, high)

    return [_check(is_int, "{v} is not a whole number"),
            _check(within, f"{{v}} is out of range ({low}\u2013{high})")]


def _date_check(time_ok: bool) -> pa.Check:
    return _check(lambda s: blank(s) | parse_dates(s, time_ok)[0].notna(),
                  DATETIME_EXPECTED if time_ok else DATE_EXPECTED)


def column_schema(col: Column, lists: Mapping[str, Sequence], required: bool) -> pa.Column:
    """The checks of one declared column, its bound code lists taken from ``lists``."""
    checks = [_check(lambda s: ~blank(s), REQUIRED)] if required else []
    if col.kind in (CODE, CODE_LIST):
        codes = col.bound_codes(lists)
        if codes is not None:
            error = col.off_list.format(v="{v}", codes=", ".join(str(c) for c in codes))
            make = _codes_check if col.kind == CODE else _code_list_check
            checks.append(make(codes, error))
    elif col.kind == WHOLE:
        checks += _whole_checks(col.low, col.high)
    elif col.kind in (DATE, DATETIME):
        checks.append(_date_check(col.kind == DATETIME))
    elif col.kind not in (TEXT, TEXT_LIST):
        raise ValueError(f"column {col.name}: unknown kind {col.kind!r}")
    return pa.Column(str, checks, required=required)


def schema(columns: dict[str, pa.Column], name: str) -> pa.DataFrameSchema:
    """A table schema; extra columns are allowed and carried through."""
    return pa.DataFrameSchema(columns, name=name, strict=False)


def table_schema(
    table: Table, lists: Mapping[str, Sequence] | None = None,
    required: Iterable[str] | None = None,
) -> pa.DataFrameSchema:
    """The schema of a declared table, its bound code lists taken from ``lists``.

    ``required`` overrides which columns must have a value (an Excel tool's cases
    sheet requires only case_id: the other details may come from another tool).
    """
    must = set(table.required if required is None else required)
    return schema({c.name: column_schema(c, lists or {}, c.name in must)
                   for c in table.columns}, table.name)

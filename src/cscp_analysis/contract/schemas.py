"""The cell checks of each declared column, built from the table declarations (``tables.py``).

Each check tests the *raw* text typed (every cell read as a string, blank = ``""``)
over a whole column at once (:class:`~cscp_analysis.contract.cells.Cells`): required
values, codes (ignoring case and surrounding spaces), whole numbers and ranges, dates
(with the one parser of ``dates.py``). The ``error`` of each check is the phrase shown
to the person who typed it, with ``{v}`` standing for the bad value, so the located
messages of data-contract section 9 come straight from the declarations. ``load_audit``,
ingest of the Excel tools and the recommendations log check with the same checks
(``io/validate.check_table``); checks that span rows or tables (duplicates, unknown
cases, episode order) are in ``io/validate.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from cscp_analysis.contract.cells import Cells, numbers
from cscp_analysis.contract.codes import fold
from cscp_analysis.contract.dates import DATE_EXPECTED, DATETIME_EXPECTED
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
#: A whole number as typed: an optional sign, digits, and at most a zero fraction (``12.0``).
WHOLE_NUMBER = r"[+-]?\d+(\.0+)?"
HIDDEN = "{v} holds a hidden character (shown as its \\u code): retype the id without it"
#: A published text's problems; the text is not quoted (it may identify a child).
CONTROL = ("holds a control character (such as NUL), which no page or workbook can show: "
           "retype the text without it")
INVISIBLE = "shows nothing (only zero-width or direction characters): write the text"
#: Characters no published text may hold: the C0 controls but tab, newline and carriage
#: return, and DEL (openpyxl refuses the same ones in a workbook cell).
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_INVISIBLE = r"^[\p{Cf}\p{Z}\s]+$"


@dataclass(frozen=True)
class CellCheck:
    """One check of a column: ``ok`` is True where a cell passes; ``error`` is the phrase
    for a cell that fails (``{v}`` = the value as typed)."""

    ok: Callable[[Cells], np.ndarray]
    error: str


@dataclass(frozen=True)
class ColumnChecks:
    """The checks of one declared column, in the order their problems are listed."""

    name: str
    required: bool  # the column must be present and every cell must have a value
    checks: tuple[CellCheck, ...]


def _codes_ok(codes: Sequence) -> Callable[[Cells], np.ndarray]:
    folded = {fold(v) for v in codes}
    return lambda c: c.blank | c.folded.isin(folded).to_numpy(dtype=bool)


def _code_list_ok(codes: Sequence) -> Callable[[Cells], np.ndarray]:
    folded = {fold(v) for v in codes}

    def each(cell: str) -> bool:
        return all(fold(p) in folded for p in cell.split(";") if p.strip())

    return lambda c: c.per_value(each, dtype=bool)


def _is_whole(c: Cells) -> np.ndarray:
    return c.blank | c.stripped.str.fullmatch(WHOLE_NUMBER).to_numpy(dtype=bool)


def _whole_checks(low: int, high: int) -> list[CellCheck]:
    def within(c: Cells) -> np.ndarray:
        n = numbers(c.stripped.where(_is_whole(c) & ~c.blank))
        return (n.isna() | n.between(low, high)).to_numpy(dtype=bool)

    return [CellCheck(_is_whole, "{v} is not a whole number"),
            CellCheck(within, f"{{v}} is out of range ({low}\u2013{high})")]


def _date_check(time_ok: bool) -> CellCheck:
    def ok(c: Cells) -> np.ndarray:
        return c.blank | c.dates(time_ok)[0].notna().to_numpy(dtype=bool)

    return CellCheck(ok, DATETIME_EXPECTED if time_ok else DATE_EXPECTED)


def _matches(c: Cells, pattern: str) -> np.ndarray:
    """Where each cell's raw text matches the RE2 ``pattern`` (one pass over the column)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pa.array(c.raw, type=pa.large_string())
    return pc.match_substring_regex(text, pattern).to_numpy(zero_copy_only=False)


def column_checks(col: Column, lists: Mapping[str, Sequence], required: bool) -> ColumnChecks:
    """The checks of one declared column, its bound code lists taken from ``lists``."""
    checks = [CellCheck(lambda c: ~c.blank, REQUIRED)] if required else []
    if col.is_id:
        checks.append(CellCheck(lambda c: c.printable, HIDDEN))
    if col.published:
        checks += [CellCheck(lambda c: ~_matches(c, _CONTROL), CONTROL),
                   CellCheck(lambda c: c.blank | ~_matches(c, _INVISIBLE), INVISIBLE)]
    if col.kind in (CODE, CODE_LIST):
        codes = col.bound_codes(lists)
        if codes is not None:
            error = col.off_list.format(v="{v}", codes=", ".join(str(c) for c in codes))
            make = _codes_ok if col.kind == CODE else _code_list_ok
            checks.append(CellCheck(make(codes), error))
    elif col.kind == WHOLE:
        checks += _whole_checks(col.low, col.high)
    elif col.kind in (DATE, DATETIME):
        checks.append(_date_check(col.kind == DATETIME))
    elif col.kind not in (TEXT, TEXT_LIST):
        raise ValueError(f"column {col.name}: unknown kind {col.kind!r}")
    return ColumnChecks(col.name, required, tuple(checks))


def table_checks(
    table: Table, lists: Mapping[str, Sequence] | None = None,
    required: Iterable[str] | None = None,
) -> tuple[ColumnChecks, ...]:
    """The checks of every column of a declared table, its bound code lists from ``lists``.

    ``required`` overrides which columns must have a value (an Excel tool's cases
    sheet requires only case_id: the other details may come from another tool).
    """
    must = set(table.required if required is None else required)
    return tuple(column_checks(c, lists or {}, c.name in must) for c in table.columns)

"""One raw column and the forms read from it, each computed once over the whole column.

Checking a column (``schemas.py``, ``io/validate.py``) and tidying it (``io/tidy.py``)
read the same forms of its text: the text trimmed, whether each cell is blank, the
folded form codes are matched by (trimmed, case folded) and the dates it holds.
:class:`Cells` computes each the first time it is asked for, so a million-row column
is trimmed once, folded once and its dates parsed once, however many checks read it.
Work that only a Python function can do (``;``-lists) is done once per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import cached_property

import numpy as np
import pandas as pd

from cscp_analysis.contract.dates import parse_trimmed


class Cells:
    """A raw text column (every cell a string, blank = ``""``) and its derived forms."""

    def __init__(self, raw: pd.Series):
        self.raw = raw
        self._dates: dict[bool, tuple[pd.Series, pd.Series]] = {}
        self._lookup: tuple[Collection[str], np.ndarray] | None = None

    @cached_property
    def stripped(self) -> pd.Series:
        """Each cell without surrounding spaces (the raw column itself when no cell has
        any, so a million-row column is not held twice)."""
        stripped = self.raw.str.strip()
        return self.raw if text_bytes(stripped) == text_bytes(self.raw) else stripped

    @cached_property
    def blank(self) -> np.ndarray:
        """True where a cell is empty or only spaces."""
        return (self.stripped == "").to_numpy(dtype=bool)

    @cached_property
    def folded(self) -> pd.Series:
        """The form codes are matched by: trimmed and case folded (``codes.fold``).

        For ASCII text, lower case is the case fold, and it is computed without a
        Python call per cell.
        """
        if bool(self.stripped.str.isascii().all()):
            return self.stripped.str.lower()
        return self.stripped.str.casefold()

    @cached_property
    def key_codes(self) -> np.ndarray:
        """Each cell's number among the column's distinct folded forms, in order of first
        appearance: cells that name the same thing (ignoring case and surrounding spaces)
        share a number, so rows are compared as whole numbers, not text."""
        return pd.factorize(self.folded)[0]

    @cached_property
    def printable(self) -> np.ndarray:
        """Whether each cell prints as it is (``str.isprintable``): over the whole column
        when it is ASCII text (as ids are), else once per distinct value."""
        import pyarrow as pa
        import pyarrow.compute as pc

        text = pa.array(self.raw, type=pa.large_string())
        if pc.all(pc.string_is_ascii(text)).as_py() is not False:
            return pc.ascii_is_printable(text).to_numpy(zero_copy_only=False)
        return self.per_value(str.isprintable, dtype=bool)

    @cached_property
    def distinct(self) -> tuple[np.ndarray, list[str]]:
        """The raw column factorised: each cell's position in the distinct raw values."""
        codes, uniques = pd.factorize(self.raw)
        return codes, uniques.tolist()

    def per_value(self, fn: Callable[[str], object], dtype=object) -> np.ndarray:
        """``fn`` of each cell's raw text, called once per distinct value."""
        codes, uniques = self.distinct
        values = np.array([fn(v) for v in uniques], dtype=dtype)
        if len(values) == 0:
            return np.zeros(len(codes), dtype=dtype)
        return values[codes]

    def lookup(self, keys: Collection[str]) -> np.ndarray:
        """Each cell's position in ``keys`` by its folded form (-1 where it is not there).

        The answer for the last ``keys`` asked about is kept: the case ids of cases.csv
        are looked up once per table for both the check and the tidying.
        """
        if self._lookup is None or self._lookup[0] is not keys:
            self._lookup = (keys, positions(self.folded, list(keys)))
        return self._lookup[1]

    def dates(self, time_ok: bool = True) -> tuple[pd.Series, pd.Series]:
        """The cells read by the contract's one date parser: (values, date-only flags)."""
        if time_ok not in self._dates:
            self._dates[time_ok] = parse_trimmed(self.stripped, time_ok)
        return self._dates[time_ok]


def text_bytes(values: pd.Series) -> int:
    """The bytes of UTF-8 text a text column holds, all cells together."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.sum(pc.binary_length(pa.array(values, type=pa.large_string()))).as_py() or 0


def positions(values: pd.Series, keys: Sequence[str] | pd.Index | pd.Series) -> np.ndarray:
    """Each value's position in ``keys`` (-1 where it is not there), by one hash lookup
    (in Arrow: no Python string per value)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.index_in(pa.array(values, type=pa.large_string()),
                        value_set=pa.array(keys, type=pa.large_string()))
    return found.fill_null(-1).to_numpy(zero_copy_only=False)


def numbers(text: pd.Series) -> pd.Series:
    """Text read as numbers exactly as ``pandas.to_numeric(text, errors="coerce")`` reads
    it (NaN where a value is missing or not a number). A column of plain whole numbers
    (digits after an optional minus: ages) is read by pyarrow in one pass."""
    import pyarrow as pa

    if len(text):
        try:
            whole = pa.array(text, type=pa.large_string()).cast(pa.int64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            values = whole.to_numpy(zero_copy_only=False)  # float64 with NaN when some are
            return pd.Series(values, index=text.index, copy=False)
    return pd.to_numeric(text, errors="coerce")


def take_text(texts: Sequence[str | None], at: np.ndarray, index: pd.Index) -> pd.Series:
    """Text from ``texts`` at each position of ``at`` (<NA> at -1 or where it is None)."""
    if not len(at):  # (an empty table: the case ids of a whole audit need not be copied)
        return pd.Series([], index=index, dtype="str")
    return pd.Series(pd.array(list(texts), dtype="str").take(at, allow_fill=True), index=index)


def map_distinct(values: pd.Series, fn: Callable[[str], str | None]) -> pd.Series:
    """``fn`` of each value as text (<NA> where it gives None), called once per distinct
    value; <NA> values stay <NA>."""
    codes, uniques = pd.factorize(values)
    return take_text([fn(u) for u in uniques.tolist()], codes, values.index)

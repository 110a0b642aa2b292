"""The one reader of the contract's dates and date-times (data-contract section 2).

Every part of the package that reads a date typed by a person (``load_audit``, ingest of
the Excel tools, the recommendations log, the SSDA903 import, ``--as-of`` and cycle files)
parses it here, so a value accepted in one place is accepted in all of them.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Accepted date and date-time spellings: a pattern the whole text must match, the
#: strptime format that reads it, and whether it is date-only (has no clock time).
_ISO, _DMY = r"\d{4}-\d\d-\d\d", r"\d{1,2}/\d{1,2}/\d{4}"
_HM, _HMS = r"\d{1,2}:\d\d", r"\d{1,2}:\d\d:\d\d"
DATE_PATTERNS: tuple[tuple[str, str, bool], ...] = (
    (_ISO, "%Y-%m-%d", True),
    (_DMY, "%d/%m/%Y", True),
    (f"{_ISO} {_HM}", "%Y-%m-%d %H:%M", False),
    (f"{_ISO}T{_HM}", "%Y-%m-%dT%H:%M", False),
    (f"{_ISO} {_HMS}", "%Y-%m-%d %H:%M:%S", False),
    (f"{_ISO}T{_HMS}", "%Y-%m-%dT%H:%M:%S", False),
    (f"{_DMY} {_HM}", "%d/%m/%Y %H:%M", False),
    (f"{_DMY} {_HMS}", "%d/%m/%Y %H:%M:%S", False),
)
#: The first and last moments a date may be: the range of a nanosecond timestamp, so a
#: year such as 0216 or 9999 is refused as not a date (not read as another one).
EARLIEST = np.datetime64("1677-09-22T00:00:00", "s")
LATEST = np.datetime64("2262-04-11T23:59:59", "s")
#: What the analyst is told when a value is not a date (``{v}`` is the value as typed).
DATE_EXPECTED = "{v} is not a date (expected 2016-03-01 or 01/03/2016)"
DATETIME_EXPECTED = (
    "{v} is not a date or date-time (expected 2016-03-01, 2016-03-01 22:30 or 01/03/2016 22:30)"
)


def parse_dates(raw: pd.Series, time_ok: bool = True) -> tuple[pd.Series, pd.Series]:
    """Parse raw date text in any accepted style (surrounding spaces ignored).

    Returns the parsed values (``NaT`` for blank or unparseable, e.g. 31/02/2016, and,
    without ``time_ok``, for a value with a clock time) and whether each value was
    *date-only* (had no clock time), which rule 6.1 needs. Each value is parsed once,
    with the one format whose pattern it matches (a text matches at most one pattern).
    """
    return parse_trimmed(raw.astype("str").str.strip(), time_ok)


def parse_trimmed(text: pd.Series, time_ok: bool = True) -> tuple[pd.Series, pd.Series]:
    """:func:`parse_dates` of text already trimmed of surrounding spaces.

    A column whose every value is ISO text (``2016-03-01``, with or without a clock time:
    the common case) is read in one pass (:func:`_iso_column`). Otherwise the pattern of
    the column's first value is tried first, and the others only while some values are
    still unmatched, so a column typed in one style costs one pattern match and one parse
    over the whole column.
    """
    iso = _iso_column(text, time_ok)
    if iso is not None:
        return iso
    values = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    date_only = np.zeros(len(text), dtype=bool)
    todo = (text != "").to_numpy(dtype=bool, copy=True)
    patterns = [p for p in DATE_PATTERNS if time_ok or p[2]]
    if todo.any():
        first = text.iat[int(np.argmax(todo))]
        patterns.sort(key=lambda p: re.fullmatch(p[0], first) is None)
    for pattern, fmt, is_date in patterns:
        if not todo.any():
            break
        hit = todo & text.str.fullmatch(pattern).to_numpy(dtype=bool)
        if not hit.any():
            continue
        parsed = _parse(text, hit, fmt)
        seconds = parsed.astype("datetime64[s]")
        inside = (seconds >= EARLIEST) & (seconds <= LATEST)  # False for NaT
        values[inside] = parsed[inside].astype("datetime64[ns]")
        date_only |= is_date & inside
        todo &= ~hit
    return (pd.Series(values, index=text.index, copy=False),
            pd.Series(date_only, index=text.index, copy=False))


def _parse(text: pd.Series, rows: np.ndarray, fmt: str) -> np.ndarray:
    """The ``rows`` of ``text`` (which match the pattern of ``fmt``) parsed by ``fmt``;
    NaT elsewhere and where a value is no real date.

    The rows are first read by pyarrow's strict ISO 8601 parser (day-first text put in ISO
    order first), which refuses the whole column if any value is not a real date
    (2016-02-30) or has a one-digit hour; then pandas reads them value by value with ``fmt``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    chosen = pc.if_else(pa.array(rows), pa.array(text, type=pa.large_string()), None)
    if fmt.startswith("%d/%m/%Y"):  # 1/3/2016 -> 2016-03-01
        chosen = pc.replace_substring_regex(chosen, r"^(\d)/", r"0\1/")
        chosen = pc.replace_substring_regex(chosen, r"^(\d\d)/(\d)/", r"\1/0\2/")
        chosen = pc.replace_substring_regex(chosen, r"^(\d\d)/(\d\d)/(\d{4})", r"\3-\2-\1")
    try:
        return chosen.cast(pa.timestamp("s")).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        pass
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[s]")
    part = text if rows.all() else text[rows]
    out[rows] = pd.to_datetime(part, format=fmt, errors="coerce").to_numpy().astype(
        "datetime64[s]")
    return out


#: The lengths of the ISO spellings the contract accepts among those pyarrow's strict ISO
#: 8601 reader reads (date 10; then 13 with the hour alone, which is refused; 16 with
#: hours and minutes, 19 with seconds: a space or T between date and time).
_ISO_DATE, _ISO_MINUTES, _ISO_SECONDS = 10, 16, 19


def _iso_column(text: pd.Series, time_ok: bool) -> tuple[pd.Series, pd.Series] | None:
    """:func:`parse_trimmed` in one pass when every value is blank or ISO text that
    pyarrow's strict ISO 8601 reader reads; None when one is not (it is then read pattern
    by pattern).

    That reader takes ``YYYY-MM-DD`` (two-digit month and day, a real date), optionally
    followed by a space or ``T`` and ``HH``, ``HH:MM`` or ``HH:MM:SS`` (two-digit hour,
    a real time), and nothing else. Among those, a value's length tells its spelling: the
    contract's are 10 (date-only), 16 and 19 characters long; a value of another length
    (the hour alone) matches no contract pattern and is NaT, as it is read pattern by
    pattern.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(text, type=pa.large_string())
    lengths = pc.binary_length(arr).to_numpy(zero_copy_only=False)
    filled = lengths > 0
    if not filled.any():
        return None
    try:
        parsed = pc.if_else(pa.array(filled), arr, None).cast(pa.timestamp("s"))
    except pa.ArrowInvalid:
        return None
    seconds = parsed.to_numpy(zero_copy_only=False)
    date_only = lengths == _ISO_DATE
    accepted = date_only
    if time_ok:
        accepted = date_only | (lengths == _ISO_MINUTES) | (lengths == _ISO_SECONDS)
    inside = accepted & (seconds >= EARLIEST) & (seconds <= LATEST)  # False for NaT
    values = np.where(inside, seconds, np.datetime64("NaT")).astype("datetime64[ns]")
    return (pd.Series(values, index=text.index, copy=False),
            pd.Series(date_only & inside, index=text.index, copy=False))

"""The one reader of the contract's dates and date-times (data-contract section 2).

Every part of the package that reads a date typed by a person (``load_audit``, ingest of
the Excel tools, the recommendations log, the SSDA903 import, ``--as-of`` and cycle files)
parses it here, so a value accepted in one place is accepted in all of them.
"""

from __future__ import annotations

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
    with the one format whose pattern it matches; a column in one style costs a pattern
    match or two and one parse.
    """
    text = raw.astype("str").str.strip()
    values = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    date_only = pd.Series(False, index=raw.index)
    todo = text != ""
    for pattern, fmt, is_date in DATE_PATTERNS:
        if not todo.any():
            break
        if not (time_ok or is_date):
            continue
        rows = todo & text.str.fullmatch(pattern)
        if rows.any():
            values[rows] = pd.to_datetime(text[rows], format=fmt, errors="coerce").astype(
                "datetime64[ns]")
            date_only[rows] = is_date & values[rows].notna()
            todo &= ~rows
    return values, date_only


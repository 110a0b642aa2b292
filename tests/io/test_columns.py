"""Whole-column reading: the one date parser and the folded forms give, over a whole
column at once, exactly what reading each value on its own gives."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cscp_analysis.contract.cells import Cells
from cscp_analysis.contract.codes import fold
from cscp_analysis.contract.dates import DATE_PATTERNS, parse_dates

EARLIEST, LATEST = dt.datetime(1677, 9, 22), dt.datetime(2262, 4, 11, 23, 59, 59)


def one_value(text: str, time_ok: bool) -> tuple[dt.datetime | None, bool]:
    """One value read on its own: the pattern it matches, then strptime with its format."""
    text = text.strip()
    for pattern, fmt, is_date in DATE_PATTERNS:
        if re.fullmatch(pattern, text, flags=re.ASCII):
            if not (time_ok or is_date):
                return None, False
            try:
                value = dt.datetime.strptime(text, fmt)
            except ValueError:
                return None, False
            if not EARLIEST <= value <= LATEST:
                return None, False
            return value, is_date
    return None, False


def spelt(draw, style: str) -> str:
    """A date-like text in one of the contract's styles, sometimes not a real date."""
    year = draw(st.sampled_from([2016, 2015, 1900, 2262, 9999, 216, 1677]))
    month, day = draw(st.integers(0, 13)), draw(st.integers(0, 32))
    hour, minute, second = draw(st.integers(0, 24)), draw(st.integers(0, 60)), draw(
        st.integers(0, 59))
    h = str(hour) if draw(st.booleans()) else f"{hour:02d}"
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    dmy = f"{day}/{month}/{year:04d}" if draw(st.booleans()) else (
        f"{day:02d}/{month:02d}/{year:04d}")
    clock = f"{h}:{minute:02d}" + (f":{second:02d}" if draw(st.booleans()) else "")
    text = {"iso": iso, "dmy": dmy, "iso time": f"{iso} {clock}", "iso T": f"{iso}T{clock}",
            "dmy time": f"{dmy} {clock}", "other": draw(st.sampled_from(
                ["", "  ", "soon", "2016-3-1", "31-02-2016", "2016-03-01 22", "1/1/16"]))}[style]
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", "  "]))


@st.composite
def date_column(draw):
    styles = ["iso", "dmy", "iso time", "iso T", "dmy time", "other"]
    if draw(st.booleans()):  # most columns are typed in one style throughout
        style = draw(st.sampled_from(styles))
        return [spelt(draw, style) for _ in range(draw(st.integers(1, 12)))]
    return [spelt(draw, draw(st.sampled_from(styles))) for _ in range(draw(st.integers(1, 12)))]


@settings(max_examples=400, deadline=None)
@given(date_column(), st.booleans())
def test_a_column_parses_as_each_value_does_on_its_own(texts, time_ok):
    values, date_only = parse_dates(pd.Series(texts, dtype="str"), time_ok)
    for text, value, only in zip(texts, values, date_only, strict=True):
        want, want_only = one_value(text, time_ok)
        assert (None if pd.isna(value) else value.to_pydatetime()) == want, text
        assert only == want_only, text


@pytest.mark.parametrize("text", ["0216-03-01", "9999-12-31 10:00", "01/03/0216"])
def test_a_year_out_of_range_is_not_a_date_not_another_date(text):
    values, _ = parse_dates(pd.Series([text, "2016-03-01"], dtype="str"))
    assert pd.isna(values[0]) and values[1] == pd.Timestamp("2016-03-01")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="aBcß İ\u00e9Z \t", max_size=5), max_size=10))
def test_folded_cells_are_each_value_folded(texts):
    cells = Cells(pd.Series(texts, dtype="str"))
    assert list(cells.folded) == [fold(t) for t in texts]
    assert list(cells.blank) == [t.strip() == "" for t in texts]

"""The input tables of the data contract, declared as pandera schemas.

Each schema checks the *raw* text the analyst typed (every cell read as a string,
blank = ``""``), column by column: required values, codes (ignoring case and
surrounding spaces), whole numbers and ranges, dates. The ``error`` of each check
is the phrase shown to the analyst, with ``{v}`` standing for the bad value, so the
located messages of data-contract section 9 come straight from the declarations.
Checks that span rows or tables (duplicates, unknown cases, episode order) live in
``load.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa

from cscp_analysis.contract.codes import (
    CASE_TYPES,
    EPISODE_KINDS,
    GENDERS,
    MEETING_STAGES,
    REC_STATUSES,
    YES_NO,
    YES_NO_UNKNOWN,
    fold,
)

REQUIRED = "a value is required"

#: Accepted date and date-time spellings (data-contract section 2): a pattern the whole
#: text must match, the strptime format that reads it, and whether it is date-only.
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
DATE_EXPECTED = "{v} is not a date (expected 2016-03-01 or 01/03/2016)"
DATETIME_EXPECTED = (
    "{v} is not a date or date-time (expected 2016-03-01, 2016-03-01 22:30 or 01/03/2016 22:30)"
)


def blank(s: pd.Series) -> pd.Series:
    """True where a raw cell is empty or only spaces."""
    return s.str.strip() == ""


def parse_dates(raw: pd.Series, time_ok: bool = True) -> tuple[pd.Series, pd.Series]:
    """Parse raw date text in any accepted style.

    Returns the parsed values (``NaT`` for blank or unparseable, e.g. 31/02/2016) and
    whether each value was *date-only* (had no clock time), which rule 6.1 needs.
    Each value is parsed once, with the one format whose pattern it matches; a column
    in one style costs a pattern match or two and one parse.
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


def _check(fn, error: str) -> pa.Check:
    return pa.Check(fn, error=error)


def text(required: bool = True) -> pa.Column:
    """A free-text column."""
    checks = [_check(lambda s: ~blank(s), REQUIRED)] if required else []
    return pa.Column(str, checks, required=required)


def code(values: Iterable[str], required: bool = True, what: str = "") -> pa.Column:
    """A coded column: one of ``values``, ignoring case and surrounding spaces."""
    values = list(values)
    folded = {fold(v) for v in values}
    listing = ", ".join(str(v) for v in values)
    checks = [_check(lambda s: ~blank(s), REQUIRED)] if required else []
    checks.append(
        _check(
            lambda s: blank(s) | s.str.strip().str.casefold().isin(folded),
            f"{{v}} is not {what or 'one of'} {listing}".replace("  ", " "),
        )
    )
    return pa.Column(str, checks, required=required)


def code_list(values: Iterable[str], what: str) -> pa.Column:
    """A ``;``-separated list of codes, each one of ``values`` (e.g. agencies)."""
    folded = {fold(v) for v in values}

    def ok(s: pd.Series) -> pd.Series:
        return s.map(lambda cell: all(fold(p) in folded for p in cell.split(";") if p.strip()))

    return pa.Column(
        str, [_check(ok, f"{{v}} names {what} not on the list: {', '.join(values)}")],
        required=False,
    )


def whole_number(lo: int, hi: int, required: bool = True) -> pa.Column:
    """A whole number from ``lo`` to ``hi``."""
    checks = [_check(lambda s: ~blank(s), REQUIRED)] if required else []

    def is_int(s: pd.Series) -> pd.Series:
        return blank(s) | s.str.strip().str.fullmatch(r"[+-]?\d+(\.0+)?")

    def within(s: pd.Series) -> pd.Series:
        n = pd.to_numeric(s.where(is_int(s) & ~blank(s)), errors="coerce")
        return n.isna() | n.between(lo, hi)

    checks += [
        _check(is_int, "{v} is not a whole number"),
        _check(within, f"{{v}} is out of range ({lo}\u2013{hi})"),
    ]
    return pa.Column(str, checks, required=required)


def date(required: bool = True, time_ok: bool = False) -> pa.Column:
    """A date (or, with ``time_ok``, a date or date-time) in either accepted style."""
    checks = [_check(lambda s: ~blank(s), REQUIRED)] if required else []
    checks.append(
        _check(
            lambda s: blank(s) | parse_dates(s, time_ok)[0].notna(),
            DATETIME_EXPECTED if time_ok else DATE_EXPECTED,
        )
    )
    return pa.Column(str, checks, required=required)


def schema(columns: dict[str, pa.Column], name: str) -> pa.DataFrameSchema:
    """A table schema; extra columns are allowed and carried through."""
    return pa.DataFrameSchema(columns, name=name, strict=False)


def cases_schema(areas: Iterable[str], cohort_groups: Iterable[str], agencies: Iterable[str]):
    """cases.csv (data-contract section 3). ``cohort_groups`` empty = any text."""
    groups = list(cohort_groups)
    return schema(
        {
            "case_id": text(),
            "area": code(areas, what="one of the audit's areas:"),
            "case_type": code(CASE_TYPES),
            "age_years": whole_number(0, 18),
            "age_months": whole_number(0, 11, required=False),
            "gender": code(GENDERS),
            "cohort_group": code(groups, required=False, what="one of the theme's cohort groups:")
            if groups
            else text(required=False),
            "agencies": code_list(agencies, "an agency"),
        },
        "cases",
    )


def judgements_schema():
    """judgements.csv (section 4); answers are checked per question in load.py."""
    return schema(
        {
            "case_id": text(),
            "question_id": text(),
            "answer": text(),
            "agency": text(required=False),
            "comment": text(required=False),
        },
        "judgements",
    )


def voice_schema():
    """voice.csv (section 5)."""
    return schema(
        {
            "case_id": text(),
            "said": text(),
            "consent_to_share": code(YES_NO),
            "tags": text(required=False),
        },
        "voice",
    )


def episodes_schema():
    """episodes.csv (section 6)."""
    return schema(
        {
            "case_id": text(),
            "episode_id": text(required=False),
            "kind": code(EPISODE_KINDS, required=False),
            "missing_from": date(time_ok=True),
            "returned": date(required=False, time_ok=True),
            "rhi_offered": code(YES_NO_UNKNOWN, required=False),
            "rhi_accepted": code(YES_NO_UNKNOWN, required=False),
            "rhi_held": date(required=False, time_ok=True),
            "placing_authority": text(required=False),
            "rhi_report_received": code(YES_NO, required=False),
        },
        "episodes",
    )


def meetings_schema(agencies: Iterable[str]):
    """meetings.csv (section 6)."""
    agencies = list(agencies)
    return schema(
        {
            "case_id": text(),
            "stage": code([str(s) for s in MEETING_STAGES]),
            "held_on": date(),
            "agencies_invited": code_list(agencies, "an agency"),
            "agencies_attended": code_list(agencies, "an agency"),
        },
        "meetings",
    )


def recommendations_schema():
    """recommendations.csv (section 8)."""
    return schema(
        {
            "rec_id": text(),
            "audit_id": text(),
            "finding_area": text(required=False),
            "recommendation": text(),
            "owner": text(),
            "agreed_on": date(),
            "due_by": date(required=False),
            "status": code(REC_STATUSES),
            "fed_back_on": date(required=False),
        },
        "recommendations",
    )


AUDIT_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
CONDUCTED = re.compile(r"\d{4}-(0[1-9]|1[0-2])")

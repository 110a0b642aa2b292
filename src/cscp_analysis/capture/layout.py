"""The Excel audit tool's layout: the sheets and columns shared by ``template`` and ``ingest``.

One agency's auditor fills one tool (a workbook). Its sheets mirror the contract's
tables (``cases``, ``judgements``, ``voice`` and, for missing-from-home audits,
``episodes`` and ``meetings``); a hidden ``audit`` sheet of ``key``/``value`` rows
records which audit, theme and agency the tool was made for, so ingest can check
that every returned workbook belongs to the same audit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

TOOL_MARK = "cscp-analysis audit tool"
TOOL_VERSION = "1"
META_SHEET = "audit"
LISTS_SHEET = "lists"
INSTRUCTIONS_SHEET = "instructions"
#: keys of the hidden ``audit`` sheet, in order (row 2 onwards; row 1 is ``key``/``value``)
META_KEYS: tuple[str, ...] = (
    "tool", "tool_version", "id", "theme", "title", "conducted", "conducted_by", "areas",
    "agency",
)
#: audit.yaml keys carried by the tool
AUDIT_KEYS: tuple[str, ...] = ("id", "theme", "title", "conducted", "conducted_by", "areas")
#: rows left open for typing in sheets that are not prefilled
INPUT_ROWS = 200


@dataclass(frozen=True)
class Column:
    """One column of a tool sheet.

    ``kind`` says how ingest reads it: ``text``, ``code`` (one value of a code list),
    ``int``, ``date``, ``datetime`` or ``list`` (``;``-separated codes). ``locked``
    columns are written by the template and protected from the auditor.
    """

    name: str
    width: int
    kind: str = "text"
    locked: bool = False


SHEETS: dict[str, tuple[Column, ...]] = {
    "cases": (
        Column("case_id", 12),
        Column("area", 26, "code"),
        Column("case_type", 12, "code"),
        Column("age_years", 10, "int"),
        Column("age_months", 11, "int"),
        Column("gender", 14, "code"),
        Column("cohort_group", 24, "code"),
        Column("agencies", 44, "list"),
    ),
    "judgements": (
        Column("case_id", 12, locked=True),
        Column("finding_area", 28, locked=True),
        Column("question", 60, locked=True),
        Column("answer", 22, "code"),
        Column("comment", 50),
        Column("question_id", 24, locked=True),
    ),
    "voice": (
        Column("case_id", 12),
        Column("said", 70),
        Column("consent_to_share", 17, "code"),
        Column("tags", 40),
    ),
    "episodes": (
        Column("case_id", 12),
        Column("episode_id", 11),
        Column("kind", 7, "code"),
        Column("missing_from", 17, "datetime"),
        Column("returned", 17, "datetime"),
        Column("rhi_offered", 12, "code"),
        Column("rhi_accepted", 13, "code"),
        Column("rhi_held", 17, "datetime"),
        Column("placing_authority", 24),
        Column("rhi_report_received", 19, "code"),
    ),
    "meetings": (
        Column("case_id", 12),
        Column("stage", 7, "code"),
        Column("held_on", 13, "date"),
        Column("agencies_invited", 44, "list"),
        Column("agencies_attended", 44, "list"),
    ),
}
#: sheets every tool has; ``episodes`` and ``meetings`` only for themes with the MFH rules
COMMON_SHEETS: tuple[str, ...] = ("cases", "judgements", "voice")
MISSING_SHEETS: tuple[str, ...] = ("episodes", "meetings")
#: columns that must be filled on every non-blank row of a sheet
REQUIRED: dict[str, tuple[str, ...]] = {
    "cases": ("case_id",),
    "judgements": ("case_id", "question_id"),
    "voice": ("case_id", "said", "consent_to_share"),
    "episodes": ("case_id", "missing_from"),
    "meetings": ("case_id", "stage", "held_on"),
}
#: columns the merged cases table must have a value for (from some tool)
CASE_REQUIRED: tuple[str, ...] = ("area", "case_type", "age_years", "gender")

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
#: what looks like an NHS number (ten digits, maybe spaced 3-3-4): never a case id
NHS_NUMBER = re.compile(r"^\d{3}[ -]?\d{3}[ -]?\d{4}$")


def sheets_for(theme_rules: set[str]) -> tuple[str, ...]:
    """The data sheets of a tool for a theme whose finding areas use ``theme_rules``."""
    return COMMON_SHEETS + (MISSING_SHEETS if theme_rules else ())


def column_letter(sheet: str, name: str) -> str:
    """The spreadsheet column letter of ``name`` in the template's layout of ``sheet``."""
    index = [c.name for c in SHEETS[sheet]].index(name)
    return chr(ord("A") + index)


def is_blank(value: object) -> bool:
    """True for an empty cell: ``None`` or text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())


def iso_datetime(value: dt.datetime) -> str:
    """ISO text for a cell's date-time: date only when the clock reads exactly midnight."""
    if (value.hour, value.minute, value.second) == (0, 0, 0):
        return value.date().isoformat()
    return value.strftime("%Y-%m-%dT%H:%M")

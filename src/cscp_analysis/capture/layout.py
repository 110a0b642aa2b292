"""The Excel audit tool's layout: the sheets and columns shared by ``template`` and ``ingest``.

One agency's auditor fills one tool (a workbook). Its sheets mirror the contract's
tables (``cases``, ``judgements``, ``voice`` and, for missing-from-home audits,
``episodes`` and ``meetings``; the panel's tool also has ``learning``); a hidden
``audit`` sheet of ``key``/``value`` rows records which audit, theme and agency the tool
was made for, so ingest can check that every returned workbook belongs to the same audit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cscp_analysis.contract import tables
from cscp_analysis.contract.tables import AUDIT_TABLES, CASES

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
    """One column of a tool sheet: a declared column of the contract, or one the tool adds.

    ``declared`` is the contract's column (``contract/tables.py``): its kind, code list,
    range and whether it is required come from there. ``width`` and ``locked`` (written by
    the template and protected from the auditor) are the tool's presentation.
    """

    name: str
    width: int
    locked: bool = False
    declared: tables.Column | None = None  # None: a column only the tool has

    @property
    def kind(self) -> str:
        return self.declared.kind if self.declared else tables.TEXT


#: Column widths in the tool (a name means the same column in every sheet).
WIDTHS: dict[str, int] = {
    "case_id": 12, "area": 26, "case_type": 12, "age_years": 10, "age_months": 11,
    "gender": 14, "cohort_group": 24, "agencies": 44,
    "finding_area": 28, "question": 60, "answer": 22, "comment": 50, "question_id": 24,
    "said": 70, "consent_to_share": 17, "tags": 40,
    "episode_id": 11, "kind": 7, "missing_from": 17, "returned": 17, "rhi_offered": 12,
    "rhi_accepted": 13, "rhi_held": 17, "placing_authority": 24, "rhi_report_received": 19,
    "stage": 7, "held_on": 13, "agencies_invited": 44, "agencies_attended": 44,
    "text": 80, "on": 13,
}
#: Widths of a column whose name another sheet uses for a narrower one.
SHEET_WIDTHS: dict[tuple[str, str], int] = {("learning", "kind"): 22}
#: Declared columns a tool does not have: a judgement's agency is the tool's own (its
#: ``audit`` sheet says whose tool it is).
FROM_TOOL_AGENCY: dict[str, tuple[str, ...]] = {"judgements": ("agency",)}
#: The judgements sheet shows each question's finding area and wording (from the theme)
#: beside the answer, and its id last; the other sheets keep the declared order.
ORDER: dict[str, tuple[str, ...]] = {
    "judgements": ("case_id", "finding_area", "question", "answer", "comment", "question_id"),
}
LOCKED: dict[str, tuple[str, ...]] = {
    "judgements": ("case_id", "finding_area", "question", "question_id"),
}


def _sheet(table: tables.Table) -> tuple[Column, ...]:
    omitted = FROM_TOOL_AGENCY.get(table.name, ())
    names = ORDER.get(table.name) or tuple(n for n in table.names if n not in omitted)
    return tuple(
        Column(n, SHEET_WIDTHS.get((table.name, n), WIDTHS[n]),
               n in LOCKED.get(table.name, ()),
               table.column(n) if n in table.names else None)
        for n in names
    )


SHEETS: dict[str, tuple[Column, ...]] = {name: _sheet(t) for name, t in AUDIT_TABLES.items()}
#: sheets every tool has; ``episodes`` and ``meetings`` only for themes with the MFH rules;
#: ``learning`` only in the panel's tool (the learning is the panel's own)
COMMON_SHEETS: tuple[str, ...] = ("cases", "judgements", "voice")
MISSING_SHEETS: tuple[str, ...] = ("episodes", "meetings")
PANEL_SHEETS: tuple[str, ...] = ("learning",)
#: The columns a filled row of a tool sheet must have a value in: the declared required
#: ones, except that a tool's cases row needs only its case_id (another tool, usually the
#: panel's, may give the other details).
REQUIRED: dict[str, tuple[str, ...]] = {
    name: ("case_id",) if name == "cases" else t.required for name, t in AUDIT_TABLES.items()
}
#: columns the merged cases table must have a value for (from some tool)
CASE_REQUIRED: tuple[str, ...] = tuple(n for n in CASES.required if n != "case_id")

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
#: what looks like an NHS number (ten digits, maybe spaced 3-3-4): never a case id
NHS_NUMBER = re.compile(r"^\d{3}[ -]?\d{3}[ -]?\d{4}$")


def sheets_for(theme_rules: set[str], panel: bool = False) -> tuple[str, ...]:
    """The data sheets of a tool for a theme whose finding areas use ``theme_rules``
    (the panel's tool: ``panel``)."""
    return COMMON_SHEETS + (MISSING_SHEETS if theme_rules else ()) + (
        PANEL_SHEETS if panel else ())


def is_blank(value: object) -> bool:
    """True for an empty cell: ``None`` or text of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())

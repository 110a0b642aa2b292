"""Where the recommendations log meets its audits (data-contract section 8).

The log spans audits: it is checked on its own when it is read
(:mod:`cscp_analysis.io.recommendations`), and here against the audits it is given with
(a cycle's, or one audit's in :func:`cscp_analysis.analysis.results.analyse`):

- a row of one of these audits whose ``finding_area`` is not an area of that audit's
  theme is a located error; areas are matched like codes (trimmed, ignoring case) and
  given the theme's spelling; a blank area is allowed;
- a row of a cycle's log whose ``audit_id`` names none of the cycle's audits is ordinary
  (a log spans more audits than a cycle): it is left out of the cycle's reports, and the
  ids are reported once as a notice, with a did-you-mean for ids spelt almost like one of
  the cycle's;
- such an id that is spelt almost like one of the cycle's audits *and has its date* (the
  same digits) is taken for a typing mistake (``2016-06-msh`` for ``2016-06-mfh``) and
  is a located error: another audit of the same month spelt so alike is unlikely, while
  the same theme a year apart (``2017-06-mfh``) is common and is only a notice.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from cscp_analysis.contract.codes import fold
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.io.audit import Audit

#: How alike (difflib's ratio) an id must be to one of the cycle's to be suggested.
NEAR = 0.85


def log_label(log: pd.DataFrame) -> str:
    """The log's file name as loaded (``recommendations.csv``), for located problems."""
    return next(iter(log.attrs.get("inputs") or {}), "the recommendations log")


@dataclass(frozen=True)
class OutsideAudits:
    """The audit ids of a cycle's log that name none of its audits (its rows are left out
    of the cycle's reports), each with the cycle's audit it is spelt almost like."""

    label: str = ""
    ids: tuple[str, ...] = ()
    near: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def listed(self) -> str:
        """The ids, each near miss with its did-you-mean."""
        return ", ".join(f"{i} (did you mean {self.near[i]}?)" if i in self.near else i
                         for i in self.ids)

    def notice(self) -> str:
        """One line for the analyst ("" when there is nothing to say)."""
        if not self.ids:
            return ""
        return (f"{self.label}: rows of audits outside this cycle are left out of its "
                f"reports: {self.listed()}")


def _near(audit_id: str, known: Sequence[str]) -> str | None:
    close = difflib.get_close_matches(audit_id, list(known), n=1, cutoff=NEAR)
    return close[0] if close else None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def area_problems(log: pd.DataFrame, audit: Audit, label: str) -> list[Problem]:
    """A located problem for each of ``audit``'s rows whose finding area is not its theme's."""
    areas = [a.title for a in audit.theme.finding_areas]
    known = {fold(a) for a in areas}
    mine = log[(log["audit_id"] == audit.id) & log["finding_area"].notna()]
    problems = []
    for row, value in zip(mine["row"], mine["finding_area"], strict=True):
        if fold(value) in known:
            continue
        close = difflib.get_close_matches(value, areas, n=1, cutoff=0.6)
        hint = f": did you mean '{close[0]}'?" if close else ""
        problems.append(Problem(label, row=int(row), column="finding_area", value=value,
                                message=f"'{value}' is not a finding area of audit {audit.id} "
                                f"({', '.join(areas)}){hint}"))
    return problems


def with_theme_areas(log: pd.DataFrame, audits: Sequence[Audit]) -> pd.DataFrame:
    """The log with the finding areas of ``audits``' rows in their themes' spelling."""
    out = log.copy()
    for audit in audits:
        spelling = {fold(a.title): a.title for a in audit.theme.finding_areas}
        mine = (out["audit_id"] == audit.id) & out["finding_area"].notna()
        out.loc[mine, "finding_area"] = out.loc[mine, "finding_area"].map(
            lambda v, s=spelling: s.get(fold(v), v))
    return out


def meet_audit(log: pd.DataFrame, audit: Audit) -> pd.DataFrame:
    """The log as one audit reads it: its rows' finding areas checked and in its theme's
    spelling (other audits' rows untouched).

    Raises
    ------
    AuditValidationError
        For each of the audit's rows whose finding area is not its theme's.
    """
    problems = area_problems(log, audit, log_label(log))
    if problems:
        raise AuditValidationError(problems)
    return with_theme_areas(log, [audit])


def meet_cycle(log: pd.DataFrame, audits: Sequence[Audit], label: str | None = None,
               ) -> tuple[pd.DataFrame, list[Problem], OutsideAudits]:
    """Check a cycle's log against its audits (every audit must have loaded).

    Returns the log with its finding areas in the themes' spelling, the located problems
    (finding areas not of the audit's theme; ids taken for a typing mistake of one of the
    cycle's) and the ids of other audits (the notice).
    """
    label = label or log_label(log)
    ids = [a.id for a in audits]
    problems = [p for a in audits for p in area_problems(log, a, label)]
    outside: list[str] = []
    near: dict[str, str] = {}
    for row, audit_id in zip(log["row"], log["audit_id"], strict=True):
        if audit_id in ids:
            continue
        close = _near(audit_id, ids)
        if close and _digits(close) == _digits(audit_id):
            problems.append(Problem(
                label, row=int(row), column="audit_id", value=audit_id,
                message=f"'{audit_id}' is not an audit of this cycle ({', '.join(ids)}): "
                f"did you mean '{close}'? (spelt almost alike with the same date, so "
                "taken for a typing mistake)"))
            continue
        if audit_id not in outside:
            outside.append(audit_id)
        if close:
            near[audit_id] = close
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return (with_theme_areas(log, audits), problems,
            OutsideAudits(label, tuple(sorted(outside)), near))

"""The same question across audits and audit cycles, without over-reading small samples.

A change between two consecutive rows is called an ``improvement`` or a ``decline``
only when their 95 % Wilson intervals do not overlap (intervals that touch count as
overlapping); otherwise it is ``no clear change``. Where either side has no answered
cases the change is ``not comparable``.

Every function takes audits or their
:class:`~cscp_analysis.analysis.results.AuditResults` (whose answers are computed once).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from cscp_analysis.analysis.findings import OUTCOMES, case_answers, wilson_interval
from cscp_analysis.io.audit import Audit

IMPROVEMENT = "improvement"
DECLINE = "decline"
NO_CLEAR_CHANGE = "no clear change"
NOT_COMPARABLE = "not comparable"


def change_between(
    before: tuple[float, float] | None, after: tuple[float, float] | None
) -> str:
    """Describe the change from one interval to the next (see the module docstring)."""
    if before is None or after is None:
        return NOT_COMPARABLE
    if any(np.isnan(v) for v in (*before, *after)):
        return NOT_COMPARABLE
    if after[0] > before[1]:
        return IMPROVEMENT
    if after[1] < before[0]:
        return DECLINE
    return NO_CLEAR_CHANGE


def _question_counts(audit: Audit, question_id: str) -> dict[str, int]:
    """One question's outcome counts; an ``AuditResults`` gives its answers computed once."""
    if hasattr(audit, "answers"):
        answers = audit.answers
    else:
        answers = case_answers(audit.judgements, audit.theme)
    counts = answers.loc[answers["question_id"] == question_id, "outcome"].value_counts()
    return {o: int(counts.get(o, 0)) for o in OUTCOMES}


def compare_groups(groups: Mapping[str, Sequence[Audit]], question_id: str) -> pd.DataFrame:
    """One question's results per group of audits (e.g. per audit cycle), in the given order.

    Each group's counts pool the case-level answers of its audits that ask the question
    (audits whose theme lacks it add nothing). Columns ``group``, ``audits`` (ids joined
    by ``"; "``), ``met``, ``partly``, ``not_met``, ``not_applicable``, ``disputed``,
    ``answered``, ``rate``, ``ci_low``, ``ci_high``, ``change`` (against the previous
    row; <NA> on the first).
    """
    rows = []
    previous: tuple[float, float] | None = None
    for i, (label, audits) in enumerate(groups.items()):
        totals = dict.fromkeys(OUTCOMES, 0)
        ids = []
        for audit in audits:
            ids.append(audit.id)
            if question_id in {q.id for q in audit.theme.questions}:
                for key, value in _question_counts(audit, question_id).items():
                    totals[key] += value
        answered = totals["met"] + totals["partly"] + totals["not_met"]
        interval = wilson_interval(totals["met"], answered)
        rows.append({
            "group": label, "audits": "; ".join(ids), **totals, "answered": answered,
            "rate": totals["met"] / answered if answered else np.nan,
            "ci_low": interval[0] if interval else np.nan,
            "ci_high": interval[1] if interval else np.nan,
            "change": pd.NA if i == 0 else change_between(previous, interval),
        })
        previous = interval
    columns = ["group", "audits", *OUTCOMES, "answered", "rate", "ci_low", "ci_high", "change"]
    table = pd.DataFrame(rows, columns=columns)
    for column in ("rate", "ci_low", "ci_high"):
        table[column] = table[column].astype("float64")
    table["change"] = table["change"].astype("str")
    return table


def compare_audits(audits: Sequence[Audit], question_id: str) -> pd.DataFrame:
    """One question across single audits, oldest first (by ``conducted``, then id).

    Same columns as :func:`compare_groups`, with ``audit_id``, ``theme`` and
    ``conducted`` in place of ``group``/``audits``.
    """
    ordered = sorted(audits, key=lambda a: (a.info.conducted, a.id))
    table = compare_groups({a.id: [a] for a in ordered}, question_id)
    table = table.drop(columns=["audits"]).rename(columns={"group": "audit_id"})
    table.insert(1, "theme", pd.Series([a.theme.id for a in ordered], dtype="str"))
    table.insert(2, "conducted", pd.Series([a.info.conducted for a in ordered], dtype="str"))
    return table


def shared_questions(audits: Sequence[Audit]) -> list[str]:
    """Question ids asked in more than one of ``audits``, in order of first appearance."""
    seen: dict[str, int] = {}
    for audit in audits:
        for question in audit.theme.questions:
            seen[question.id] = seen.get(question.id, 0) + 1
    return [qid for qid, n in seen.items() if n > 1]


def same_theme_groups(audits: Sequence[Audit]) -> dict[str, list[Audit]]:
    """Audits of the same theme (theme id to its audits, oldest first), where 2 or more.

    Only these can be compared for change: audits of different themes sample different
    children for different reasons, so a difference between them is not a trend.
    """
    groups: dict[str, list[Audit]] = {}
    for audit in sorted(audits, key=lambda a: (a.info.conducted, a.id)):
        groups.setdefault(audit.theme.id, []).append(audit)
    return {theme: group for theme, group in groups.items() if len(group) > 1}


def side_by_side(audits: Sequence[Audit], question_id: str) -> pd.DataFrame:
    """One question's results in audits of different themes, oldest first, with no change.

    The columns of :func:`compare_audits` without ``change``: audits of different themes
    are set side by side, never read as a trend. Audits that do not ask the question
    are left out.
    """
    asking = [a for a in audits if question_id in {q.id for q in a.theme.questions}]
    return compare_audits(asking, question_id).drop(columns="change")


#: The columns of :func:`shared_areas`, in order.
SHARED_AREA_COLUMNS = ("finding_area", "audit_id", "conducted", "met", "answered", "rate",
                       "ci_low", "ci_high", "flag")


def shared_areas(results: Sequence, threshold: int = 0) -> pd.DataFrame:
    """Finding areas (by title) that appear in more than one audit: each audit's own figures.

    ``results`` are the cycle's :class:`~cscp_analysis.analysis.results.AuditResults`,
    in cycle order; an area counts in an audit when some answer to it was rated. One row
    per (area, audit), areas in the order they first appear, then
    the audits in cycle order; columns :data:`SHARED_AREA_COLUMNS`: the audit's own
    pooled ``met``/``answered``, ``rate`` and Wilson interval (never pooled across audits:
    each theme sampled different children), and ``flag`` as its key messages flag the
    area (``to_improve``, ``working_well`` or <NA>, by the audit theme's levels). With a
    ``threshold`` an area's figures are given only where its audit's report publishes
    every count they are summed from (:func:`~cscp_analysis.analysis.key_messages.
    published_areas`); elsewhere they are <NA>, and the flag is the report's own
    (``flagged_shown``).
    """
    from cscp_analysis.analysis.key_messages import published_areas

    rows = []
    for r in results:
        flags = r.flagged_shown(threshold)
        flags = flags[flags["level"] == "area"]
        flag_of = dict(zip(flags["finding_area"], flags["flag"], strict=True))
        shown = (set(r.areas["finding_area"]) if not threshold else
                 published_areas(r.shown(threshold)["findings"]))
        for area in r.areas[r.areas["answered"] > 0].to_dict("records"):
            figures = {c: area[c] if area["finding_area"] in shown else pd.NA
                       for c in ("met", "answered", "rate", "ci_low", "ci_high")}
            rows.append({"finding_area": area["finding_area"], "audit_id": r.id,
                         "conducted": r.info.conducted, **figures,
                         "flag": flag_of.get(area["finding_area"], pd.NA)})
    table = pd.DataFrame(rows, columns=list(SHARED_AREA_COLUMNS))
    audits = table.groupby("finding_area", sort=False)["audit_id"].transform("nunique")
    table = table[audits > 1]
    order = {a: i for i, a in enumerate(dict.fromkeys(table["finding_area"]))}
    table = table.sort_values("finding_area", key=lambda s: s.map(order), kind="stable")
    return table.reset_index(drop=True)

"""The tables beside the cycle overview: each one's rows, as the overview shows them.

The companion of :mod:`cscp_analysis.report.tables` for the cycle: the audits of the
cycle, each audit's finding areas (the figures behind the overview's charts), themes
across audits, the missing-from-home rules by audit, the recommendations by audit and
the questions compared across audits. ``templates/report/tables.yaml``
(``overview_tables``) declares their sheets and columns; the rows come from the very
functions the overview's sections show, so every count is what the overview shows:
each audit's cells from its ``results.shown(threshold)`` (a hidden cell is the report's
marker, ``<5`` or ``*``; a figure the overview leaves blank is blank), rates rounded to
a whole percent as the overview rounds them, labels beside codes. A table the overview
does not show is left out (findings by audit under a threshold, the rules without an
MFH audit, recommendations without a log).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cscp_analysis.analysis.compare import shared_areas
from cscp_analysis.analysis.narrative import month_name
from cscp_analysis.analysis.published import CASES
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import labels
from cscp_analysis.report.overview import (
    recommendations_table,
    same_theme_tables,
    side_by_side_tables,
)
from cscp_analysis.report.overview_rules import kept_share, rule_table
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.tables import overview_specs, results_rows
from cscp_analysis.report.wording import share


def _blank(value: object) -> object:
    """A cell as a table beside the report holds it: ``None`` for a missing value."""
    return None if not isinstance(value, str) and pd.isna(value) else value


def _counts(values) -> pd.Series:
    """Counts as shown, a blank as ``None``: whole numbers stay whole (a float column
    would write 13 as 13.0), markers stay text."""
    return pd.Series([_blank(v) for v in values], dtype=object)


def _audits(results: Sequence[AuditResults], k: int) -> pd.DataFrame:
    return pd.DataFrame({
        "audit": [r.info.title for r in results], "audit_id": [r.id for r in results],
        "theme": [r.theme.title for r in results], "theme_id": [r.theme.id for r in results],
        "conducted": [month_name(r.info.conducted) for r in results],
        "cases": [r.shown_count(k, CASES) for r in results],
        "finding_areas": ["; ".join(a.title for a in r.theme.finding_areas) for r in results]})


def _areas(results: Sequence[AuditResults]) -> pd.DataFrame:
    """Each audit's pooled finding areas, exact (the overview draws them only so)."""
    return pd.concat([results_rows(r.areas, ["finding_area", "questions"], True).assign(
        audit=r.info.title, audit_id=r.id) for r in results], ignore_index=True)


def _themes(results: Sequence[AuditResults], k: int) -> pd.DataFrame:
    table = shared_areas(results, k)
    titles = {r.id: r.info.title for r in results}
    flags = labels("flags")
    return pd.DataFrame({
        "finding_area": table["finding_area"], "audit": table["audit_id"].map(titles),
        "audit_id": table["audit_id"], "conducted": table["conducted"].map(month_name),
        **{c: _counts(table[c]) for c in ("met", "answered")},
        **{c: [share(_blank(v)) for v in table[c]] for c in ("rate", "ci_low", "ci_high")},
        "flag": [None if pd.isna(f) else flags[f] for f in table["flag"]]})


def _rules(results: Sequence[AuditResults], k: int) -> pd.DataFrame:
    """Each MFH audit's rules; the share only where the overview gives one (exact counts)."""
    table = rule_table(results, k)
    return table.assign(
        conducted=table["conducted"].map(month_name),
        share=[None if k else share(kept_share(a, b))
               for a, b in zip(table["kept"], table["of"], strict=True)])


def _comparison(results: Sequence[AuditResults], k: int) -> pd.DataFrame:
    words, titles = labels("compared"), {r.id: r.info.title for r in results}
    parts = [table.assign(compared=words["same_theme"], question=q.text, question_id=q.id)
             for _, q, table in same_theme_tables(results, k)]
    parts += [table.assign(compared=words["themes"], question=q.text, question_id=q.id,
                           change=None)
              for q, table in side_by_side_tables(results, k)]
    if not parts:
        return pd.DataFrame()
    table = pd.concat(parts, ignore_index=True)
    return table.assign(
        audit=table["audit_id"].map(titles), theme_id=table["theme"],
        conducted=table["conducted"].map(month_name),
        met=_counts(table["met"]), answered=_counts(table["answered"]),
        **{c: [share(_blank(v)) for v in table[c]] for c in ("rate", "ci_low", "ci_high")},
        change=[None if c is None or pd.isna(c) or c == "<NA>" else c
                for c in table["change"]])


def overview_tables(results: Sequence[AuditResults], settings: ReportSettings
                    ) -> dict[str, pd.DataFrame]:
    """The tables beside the cycle overview (columns by key, in :func:`overview_specs`
    order), each only where the overview shows it."""
    k = settings.threshold
    tables = {"audits": _audits(results, k), "themes": _themes(results, k),
              "rules": _rules(results, k), "comparison": _comparison(results, k)}
    if not settings.suppressed:
        tables["areas"] = _areas(results)
    by_audit = recommendations_table(results, settings)
    if by_audit is not None:
        tables["recommendations"] = by_audit.assign(
            overdue=_counts(by_audit["overdue"]))
    specs = overview_specs()
    return {name: tables[name] for name in specs
            if name in tables and len(tables[name])}

"""The machine-readable audit summary, ``cscp-audit-summary/1`` (data-contract section 10).

``build_summary`` gives the dict that ``cscp-analysis summary`` prints and every report
run writes as ``summary.json``. Count maps hold only non-zero entries keyed by the
contract's canonical codes; findings follow the theme file's order; ``ci95`` is the
Wilson 95 % interval rounded to 3 decimal places (``rate`` is given unrounded).
"""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd

from cscp_analysis import __version__
from cscp_analysis.analysis.cohort import age_range_months, nonzero_map
from cscp_analysis.analysis.findings import OUTCOMES
from cscp_analysis.analysis.recommendations import DateLike, recommendations_summary
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.contract.codes import LEARNING_KINDS
from cscp_analysis.io.audit import Audit

SCHEMA = "cscp-audit-summary/1"


def _number(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def cohort_block(results: AuditResults) -> dict[str, Any]:
    """The ``cohort`` block: case count, count maps, age range in months and the narrative."""
    ages = age_range_months(results.audit.cases)
    block: dict[str, Any] = {"cases": int(len(results.audit.cases))}
    for breakdown in ("case_type", "gender", "area", "cohort_group"):
        block[breakdown] = nonzero_map(results.breakdown(breakdown), "code")
    block["age_months"] = None if ages is None else {"min": ages[0], "max": ages[1]}
    block["narrative"] = results.cohort_paragraph
    return block


def findings_block(results: AuditResults) -> list[dict[str, Any]]:
    """The ``findings`` list: one entry per theme question, in theme order."""
    block = []
    for row in results.questions.itertuples(index=False):
        rate = _number(float(row.rate))
        entry: dict[str, Any] = {"question_id": row.question_id, "finding_area": row.finding_area}
        entry |= {o: int(getattr(row, o)) for o in OUTCOMES}
        entry["rate"] = rate
        entry["ci95"] = (
            None if rate is None else [round(float(row.ci_low), 3), round(float(row.ci_high), 3)]
        )
        entry["question"] = row.question
        block.append(entry)
    return block


def learning_block(results: AuditResults) -> dict[str, int]:
    """The ``learning`` block: how many lines of the panel's learning of each kind (only
    kinds with a line, in the contract's order). The text itself is not in the summary."""
    counts = results.learning["kind"].value_counts()
    return {kind: int(counts[kind]) for kind in LEARNING_KINDS if counts.get(kind, 0)}


def build_summary(
    audit: Audit,
    recommendations: pd.DataFrame | None = None,
    as_of: DateLike | None = None,
) -> dict[str, Any]:
    """The section 10 summary of one audit, as a JSON-ready dict.

    The same as ``analyse(audit, recommendations=..., as_of=...).summary()``.

    Parameters
    ----------
    audit
        A loaded audit (:func:`cscp_analysis.io.load.load_audit`).
    recommendations
        The partnership's recommendations table; adds a ``recommendations`` block for
        this audit and for all audits.
    as_of
        The date overdue recommendations are judged at (never today's date; without it
        ``overdue`` is null).
    """
    return build_summary_from(AuditResults(audit, recommendations, as_of))


def build_summary_from(results: AuditResults) -> dict[str, Any]:
    """The section 10 summary from an :class:`AuditResults` (its tables, computed once)."""
    audit, recommendations = results.audit, results.recommendations
    summary: dict[str, Any] = {
        "schema": SCHEMA,
        "audit": {
            "id": audit.info.id,
            "theme": audit.theme.id,
            "title": audit.info.title,
            "conducted": audit.info.conducted,
        },
        "cohort": cohort_block(results),
        "findings": findings_block(results),
        "voice": {"children_heard": results.children_heard,
                  "shareable_quotes": len(results.voice)},
    }
    if len(results.learning):
        summary["learning"] = learning_block(results)
    if results.missing_block is not None:
        summary["missing"] = results.missing_block
    if recommendations is not None:
        as_of = results.as_of
        this_audit = recommendations_summary(recommendations, as_of, audit.info.id)
        everything = recommendations_summary(recommendations, as_of)
        summary["recommendations"] = {
            "as_of": this_audit.pop("as_of"),
            "audit": {k: v for k, v in this_audit.items() if k != "audit_id"},
            "all_audits": {k: v for k, v in everything.items() if k not in ("as_of", "audit_id")},
        }
    # load_recommendations records the sha256 of the file it read
    recs_inputs = recommendations.attrs.get("inputs", {}) if recommendations is not None else {}
    summary["provenance"] = {
        "package_version": __version__,
        "inputs": dict(sorted({**audit.inputs, **recs_inputs}.items())),
    }
    return summary


def summary_json(summary: dict[str, Any]) -> str:
    """The summary as the text ``cscp-analysis summary`` prints: JSON, indent 2, stable keys."""
    return json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False)

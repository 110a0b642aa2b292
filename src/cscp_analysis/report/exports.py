"""The files beside a theme report: ``summary.json`` and the report's tables as CSV.

:func:`write_outputs` is the theme notebook's last cell when the batch gives it an
``output_dir``: the same :class:`~cscp_analysis.analysis.results.AuditResults` the HTML
figures come from gives ``summary.json`` (exact counts, for the analysts) and
``tables/cohort.csv``, ``findings.csv`` and, for missing-from-home audits,
``missing.csv`` (no case ids, no text but the question wording), disclosure-controlled
exactly as the report is: both read ``results.shown(threshold)``. The CSVs are UTF-8
with a byte-order mark and CRLF line ends, so Excel opens them correctly, and every
text cell is formula-safe (``io.formulas``: an area called ``=HYPERLINK(…)`` is written
``'=HYPERLINK(…)``, shown as text, never run); numbers stay numbers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from cscp_analysis.analysis.findings import OUTCOMES
from cscp_analysis.analysis.published import is_hidden
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.io.formulas import formula_safe_table
from cscp_analysis.report.settings import ReportSettings

#: The cohort breakdowns the CSV lists (age is given by band in the report only).
CSV_BREAKDOWNS = ("case_type", "gender", "area", "cohort_group")


def _interval_bound(values: pd.Series, rates: pd.Series) -> list[object]:
    """An interval bound as ``summary.json`` gives it: 3 decimals, none without a rate; a
    bound hidden by disclosure control keeps its marker."""
    return [v if is_hidden(v) else None if pd.isna(rate) else round(float(v), 3)
            for v, rate in zip(values, rates, strict=True)]


def export_tables(results: AuditResults, threshold: int = 0) -> dict[str, pd.DataFrame]:
    """The report's aggregate tables as the CSVs have them, from ``results.shown(threshold)``.

    With no threshold the counts are exact and only categories with children are listed;
    with one, every category is listed and the cells are those the report hides.
    """
    shown = results.shown(threshold)
    cohort = shown["cohort"]
    cohort = cohort[cohort["breakdown"].isin(CSV_BREAKDOWNS)]
    if not threshold:
        cohort = cohort[cohort["cases"] > 0]
    cohort = pd.DataFrame({"breakdown": cohort["breakdown"], "value": cohort["code"],
                           "cases": cohort["cases"]}).reset_index(drop=True)
    q = shown["findings"]
    findings = pd.DataFrame({
        "question_id": q["question_id"], "finding_area": q["finding_area"],
        **{o: q[o] if threshold else q[o].astype("int64") for o in OUTCOMES},
        "rate": q["rate"] if threshold else q["rate"].astype("float64"),
        "question": q["question"],
        "ci95_low": _interval_bound(q["ci_low"], q["rate"]),
        "ci95_high": _interval_bound(q["ci_high"], q["rate"]),
    })
    tables = {"cohort": cohort, "findings": findings}
    if "missing" in shown:
        missing = shown["missing"]
        tables["missing"] = missing[~missing["measure"].str.startswith("_")].reset_index(
            drop=True)  # the worked-out rests are the report's, not the CSV's
    return tables


def write_json(path: Path, data: Any) -> None:
    """JSON as the batch publishes it: indent 2, UTF-8 text (not escaped), a final newline."""
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")


def write_outputs(results: AuditResults, settings: ReportSettings,
                  output_dir: str | Path) -> Path:
    """Write ``summary.json`` and ``tables/*.csv`` of one audit into ``output_dir``."""
    out = Path(output_dir)
    tables = out / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    write_json(out / "summary.json", results.summary())
    for name, frame in export_tables(results, settings.threshold).items():
        formula_safe_table(frame).to_csv(tables / f"{name}.csv", index=False, encoding="utf-8-sig",
                     lineterminator="\r\n")
    return out

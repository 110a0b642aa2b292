"""Run one job: its notebook executed with papermill, then its report folder in staging.

Each notebook runs in its own empty working folder (the kernel's cwd, set through
nbclient rather than ``os.chdir``, which is process-wide) with this interpreter's kernel
(``batch.kernels``). The HTML is converted here, in the parent, never in a kernel.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.jobs import Job
from cscp_analysis.batch.kernels import KERNEL_NAME, KERNELS, kernel_manager_class
from cscp_analysis.batch.render import notebook_to_html


def _execute(job: Job, staging: Path, timeout: float) -> Any:
    """Run one notebook with papermill in its own working folder; return the executed nb."""
    import papermill as pm

    work = staging / "work"
    work.mkdir(parents=True, exist_ok=True)
    output = staging / f"{job.key}.ipynb"
    try:
        return pm.execute_notebook(
            str(job.notebook),
            str(output),
            parameters=dict(job.parameters),
            kernel_name=KERNEL_NAME,
            language="python",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            start_timeout=min(timeout, 120),
            kernel_manager_class=kernel_manager_class(),
            resources={"metadata": {"path": str(work)}},
        )
    finally:
        KERNELS.forget()
        shutil.rmtree(work, ignore_errors=True)


def _clean_notebook(nb) -> Any:
    """Drop run-to-run noise from an executed notebook (papermill times, cell timings)."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    return nb


def error_line(exc: BaseException) -> str:
    """A one-line description of a failure that shows no data (no message text)."""
    cell = getattr(exc, "exec_count", None)
    where = f" in cell {cell}" if cell is not None else ""
    name = getattr(exc, "ename", None) or type(exc).__name__
    return f"{name}{where}"


def page_header(cycle: Cycle) -> dict[str, str]:
    """What a report's page header names: the cycle, its date, its audience."""
    from cscp_analysis.analysis.disclosure import audience_label
    from cscp_analysis.analysis.narrative import long_date

    return {"cycle": cycle.title, "as_of": long_date(cycle.as_of),
            "audience": audience_label(cycle.audience)}


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")


def build_job(job: Job, staging: Path, timeout: float, cycle: Cycle,
              recommendations=None) -> None:
    """Execute one job and write its whole report folder into ``staging``.

    Raises whatever the run raised; ``staging`` then holds the executed notebook only.
    """
    import nbformat

    from cscp_analysis.analysis.summary import build_summary

    staging.mkdir(parents=True, exist_ok=True)
    nb = _clean_notebook(_execute(job, staging, timeout))
    nbformat.write(nb, str(staging / f"{job.key}.ipynb"))
    page = notebook_to_html(nb, title=job.title, page=page_header(cycle))
    (staging / "report.html").write_text(page, encoding="utf-8")
    audit = job.audit
    if audit is not None:
        from cscp_analysis.analysis.disclosure import suppress_tables, threshold_for

        summary = build_summary(audit, recommendations=recommendations, as_of=cycle.as_of)
        _write_json(staging / "summary.json", summary)
        tables = staging / "tables"
        tables.mkdir(exist_ok=True)
        shown = suppress_tables(audit_tables(audit, summary),
                                threshold_for(cycle.audience, cycle.suppress_below),
                                len(audit.cases))  # disclosure control, as in the report
        for name, frame in shown.items():
            frame.to_csv(tables / f"{name}.csv", index=False, encoding="utf-8-sig",
                         lineterminator="\r\n")


def audit_tables(audit, summary: Mapping[str, Any]) -> dict[str, Any]:
    """The report's aggregate tables as DataFrames, for CSV export (no case ids, no text).

    Built from the same library functions and ``summary.json`` the report uses.
    """
    import pandas as pd

    tables: dict[str, pd.DataFrame] = {}
    cohort = summary.get("cohort", {})
    rows = [
        {"breakdown": key, "value": value, "cases": count}
        for key in ("case_type", "gender", "area", "cohort_group")
        for value, count in (cohort.get(key) or {}).items()
    ]
    tables["cohort"] = pd.DataFrame(rows, columns=["breakdown", "value", "cases"])
    findings = pd.DataFrame(summary.get("findings", []))
    if len(findings) and "ci95" in findings:
        ci = findings.pop("ci95")
        findings["ci95_low"] = [c[0] if c else None for c in ci]
        findings["ci95_high"] = [c[1] if c else None for c in ci]
        if "question" not in findings:
            texts = {q.id: q.text for q in audit.theme.questions}
            findings.insert(2, "question", findings["question_id"].map(texts))
    tables["findings"] = findings
    missing = summary.get("missing")
    if missing:
        flat = []
        for block, values in missing.items():
            if isinstance(values, Mapping):
                flat += [{"measure": f"{block}.{k}", "value": v} for k, v in values.items()]
            else:
                flat.append({"measure": block, "value": values})
        tables["missing"] = pd.DataFrame(flat, columns=["measure", "value"])
    return tables


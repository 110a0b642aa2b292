"""Run one job: its notebook executed with papermill, then its report folder in staging.

The batch has validated every audit already: a theme notebook is given that audit
(``io.prepared``) and the staging folder, and computes and writes ``summary.json``,
``tables/*.csv``, ``results.xlsx`` and ``charts/`` itself, so every figure comes from one
place; the overview notebook, given the cycle's audits, writes its own tables, workbook
and charts the same way. Each
notebook runs in its own working folder (the kernel's cwd, set through nbclient rather
than ``os.chdir``, which is process-wide) with this interpreter's kernel
(``batch.kernels``). The HTML is converted here, in the parent, never in a kernel.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.failed import step
from cscp_analysis.batch.jobs import Job
from cscp_analysis.batch.kernels import KERNEL_NAME, KERNELS, kernel_manager_class
from cscp_analysis.batch.pages import page_header
from cscp_analysis.batch.pdf import Printer, RunningHeader
from cscp_analysis.batch.render import has_brief, notebook_to_html

log = logging.getLogger(__name__)

#: A job's private working folder inside its staging folder: the kernel's cwd, removed
#: when the notebook ends (it holds the prepared audit).
WORK = "work"
#: The learning brief beside a theme report (issue 12): the notebook's ``brief`` cells.
BRIEF_FILE = "learning-brief.html"


def _execute(notebook: Path, parameters: Mapping[str, Any], staging: Path, key: str,
             timeout: float) -> Any:
    """Run one notebook with papermill in its own working folder; return the executed nb.

    The working folder (``staging/work``, with the prepared audit in it) is removed after.
    """
    import papermill as pm

    work = staging / WORK
    work.mkdir(parents=True, exist_ok=True)
    output = staging / f"{key}.ipynb"
    try:
        return pm.execute_notebook(
            str(notebook),
            str(output),
            parameters=dict(parameters),
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


#: Cells shown to an analyst exploring in JupyterLab; their outputs (case-level tables)
#: are never kept in the executed notebook the batch writes.
ANALYST_TAG = "analyst"


def _clean_notebook(nb) -> Any:
    """Drop run-to-run noise (papermill times, cell timings) and the analyst cells' outputs.

    The analyst cells show ``AuditResults`` tables, some of them case by case (case ids);
    they are for someone running the notebook by hand, so the batch's copy keeps their
    code and drops what they displayed.
    """
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and ANALYST_TAG in cell.metadata.get("tags", []):
            cell.outputs = []
            cell.execution_count = None
    return nb


def build_job(job: Job, staging: Path, timeout: float, cycle: Cycle,
              recommendations=None, printer: Printer | None = None) -> None:
    """Execute one job and write its whole report folder into ``staging``.

    A theme report's notebook is handed the audit validated by the batch (``prepared``,
    a file in the job's private working folder ``staging/work``, never published) and
    writes ``summary.json``, ``tables/*.csv``, ``results.xlsx`` and ``charts/`` into
    ``output_dir`` (``..``: the staging folder) from the same results its report shows
    (the overview: its tables, workbook and charts, no summary); here the
    executed notebook is saved and converted to HTML, and every report page printed to
    PDF by ``printer`` (none without one). Raises ``StepFailed`` naming the step that
    failed, caused by what it raised; ``staging`` then holds at most the executed
    notebook. Printing never fails the job: a page the printer cannot print is published
    without its PDF (``Printer.failures``).
    """
    import nbformat

    from cscp_analysis.io.prepared import PREPARED_FILE, save_prepared
    from cscp_analysis.report.exports import WORKBOOK_FILE

    def stage(name: str):
        log.debug(f"{job.key}: {name}")
        return step(name)

    parameters = dict(job.parameters)
    with stage("preparing the audit"):
        staging.mkdir(parents=True, exist_ok=True)
        if job.prepared is not None:
            (staging / WORK).mkdir(exist_ok=True)
            save_prepared(staging / WORK / PREPARED_FILE, job.prepared, recommendations)
            # relative to the kernel's working folder, so the executed notebook names no
            # machine path and two runs of a cycle pass the same parameters
            parameters["prepared"] = PREPARED_FILE
        parameters["output_dir"] = ".."  # the staging folder, from the kernel's cwd
    with stage("running the notebook"):
        nb = _clean_notebook(_execute(job.notebook, parameters, staging, job.key, timeout))
    with stage("saving the notebook"):
        nbformat.write(nb, str(staging / f"{job.key}.ipynb"))
    with stage("checking its outputs"):
        expected = "summary.json" if job.audit is not None else WORKBOOK_FILE
        if not (staging / expected).is_file():
            raise MissingOutputs(f"{job.notebook.name} wrote no {expected} into output_dir")
    with stage("converting to HTML"):
        page = notebook_to_html(nb, title=job.title, page=page_header(cycle))
    with stage("writing the report"):
        (staging / "report.html").write_text(page, encoding="utf-8")
    if has_brief(nb):
        with step("converting the learning brief to HTML"):
            page = notebook_to_html(nb, title=job.title, page=page_header(cycle), brief=True)
        with step("writing the learning brief"):
            (staging / BRIEF_FILE).write_text(page, encoding="utf-8")
    # Last, once every report page of the folder is written: each printed beside itself.
    if printer is not None:
        header = page_header(cycle)
        printer.print_folder(staging, RunningHeader(job.title, header["as_of"],
                                                    header["marking"]), name=job.key)


class MissingOutputs(RuntimeError):
    """A theme notebook ran but did not write its summary and tables (see ``write_outputs``)."""

"""The audit-cycle batch: run every notebook of a cycle and publish offline HTML reports.

``cscp-analysis run params/<cycle>.yaml`` reads the cycle's parameter file, validates
every input first (``batch.inputs``: bad input is located problems, nothing written),
then runs one theme notebook per audit plus the cycle overview (``batch.jobs``), several
at once, and publishes for each under ``outputs/<cycle>/<id>/`` (``batch.execute``,
``batch.publish``): the executed notebook, ``report.html`` (``batch.render``),
``summary.json`` and the report's tables as CSV, and each report page printed to PDF by
one headless Chromium for the whole run (``batch.pdf``; without Chromium the run says so
once and publishes the reports without PDFs). Last comes ``index.html``
(``batch.index``). Under a disclosure threshold the files with exact counts (summary,
notebooks) go to ``outputs/_internal/<cycle>/`` instead (``batch.layout``).

A job that fails at any step (its notebook, the HTML, writing, publishing; a full disk,
a name too long, an I/O error) is reported as failed with a one-line reason and the
others go on (``batch.failed``); its notebook and traceback are kept in the private
``_failed/`` and its HTML is never published; a failed or interrupted run never replaces
a good earlier report. The run holds the cycle's lock and first clears what an
interrupted run left (``batch.claim``).

This module is the scheduler: a pool of worker threads (the work happens in the kernels),
a timeout per notebook that stops its kernel (``batch.kernels``), progress lines (one per
job started and finished, with the time since the run began), and the summary printed at
the end. Progress goes through ``logging`` and, for each run, into a log file in the
cycle's private folder (``cscp_analysis.logs.run_log``). Known pitfalls of the stack are
in ``docs/reports.md``.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from cscp_analysis.batch.claim import claim_cycle
from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.execute import build_job
from cscp_analysis.batch.failed import (
    FAILED_DIR,
    StepFailed,
    error_line,
    forget_failed,
    keep_failed,
    step,
)
from cscp_analysis.batch.index import write_index
from cscp_analysis.batch.inputs import check_cycle
from cscp_analysis.batch.jobs import Job, JobResult, default_notebook_dir, plan_jobs
from cscp_analysis.batch.kernels import KERNELS
from cscp_analysis.batch.layout import CycleFolders, cycle_folders, holds_exact, placements
from cscp_analysis.batch.pdf import Printer
from cscp_analysis.batch.publish import STAGING_PREFIX, has_report, publish_all
from cscp_analysis.logs import run_log

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 600.0


@dataclass
class CycleRun:
    """The outcome of running a cycle."""

    cycle: Cycle
    out: Path
    results: list[JobResult]
    seconds: float
    internal: Path | None = None  # the exact-count files' folder (batch.layout), if apart
    failed_dir: Path | None = None  # where failed runs are kept (never published)
    index_error: str = ""  # why index.html could not be written ("" when it was)
    log: Path | None = None  # this run's log file (cscp_analysis.logs.run_log)
    #: report pages published without their PDF, each with a one-line reason
    pdf_failures: list[tuple[str, str]] = field(default_factory=list)
    pdf_unavailable: str = ""  # why no PDFs were printed at all ("" when they were)

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if not r.ok]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or self.index_error or self.pdf_failures else 0


def _progress_logger(listener: Callable[[str], None] | None) -> Callable[..., None]:
    """``say(message, level=INFO)``: log a progress line with the seconds since the start
    (and hand the message to ``listener``, if any)."""
    start = time.monotonic()

    def say(message: str, level: int = logging.INFO) -> None:
        log.log(level, f"[{time.monotonic() - start:6.1f}s] {message}")
        if listener is not None:
            listener(message)

    return say


def run_cycle(params: str | Path, out: str | Path = "outputs", jobs: int | None = None,
              timeout: float | None = None, notebook_dir: str | Path | None = None,
              progress: Callable[[str], None] | None = None) -> CycleRun:
    """Run every notebook of an audit cycle and publish its reports.

    Parameters
    ----------
    params
        The cycle's parameter file.
    out
        The outputs folder; reports go to ``<out>/<cycle>/``.
    jobs
        Notebooks run at once (default: the number of CPU cores).
    timeout
        Seconds one notebook may take before its kernel is stopped and it counts as failed
        (default: the cycle's ``settings.timeout``, else 600).
    notebook_dir
        Where the notebooks are (default: the project's ``notebooks/``).
    progress
        Also handed each progress line (they always go to the ``logging`` module and the
        run's log file).

    Raises
    ------
    AuditValidationError
        When the parameter file or any input is invalid; nothing is written then.
    CycleInUse
        When another run of the same cycle is under way; nothing is written then.
    """
    started = time.monotonic()
    say = _progress_logger(progress)
    notebooks = Path(notebook_dir) if notebook_dir else default_notebook_dir()
    inputs = check_cycle(params, notebooks)
    cycle = inputs.cycle
    if timeout is None:
        timeout = float(cycle.settings.get("timeout", DEFAULT_TIMEOUT))
    plan = plan_jobs(inputs, notebooks)

    folders = cycle_folders(cycle, out)
    root = folders.public
    root.mkdir(parents=True, exist_ok=True)
    folders.internal.mkdir(parents=True, exist_ok=True)
    workers = max(1, jobs or os.cpu_count() or 1)
    with (claim_cycle(folders, [j.key for j in plan]) as restored,
          run_log(folders.private, "run") as log_file):
        for line in restored:
            say(line)
        log.debug(f"parameters {params}; notebooks {notebooks}; published folder {root}; "
                  f"private folder {folders.private}; kernels run {sys.executable}")
        if inputs.notice:
            say(inputs.notice)
        say(f"cycle {cycle.name}: {len(plan)} notebooks, {workers} at a time, "
            f"timeout {timeout:g}s")
        staging_root = folders.private / f"{STAGING_PREFIX}{os.getpid()}"
        printer = Printer(say)  # one browser for the run; says once if there is none

        def work(job: Job) -> BaseException | None:
            say(f"start  {job.key} ({job.notebook.name})")
            try:
                build_job(job, staging_root / job.key, timeout, cycle, inputs.recommendations,
                          printer=printer)
            except Exception as exc:  # a failed notebook must not stop the others
                return exc
            return None

        def finish(job: Job, exc: BaseException | None, seconds: float,
                   timed_out: bool) -> JobResult:
            return _finish(job, exc, seconds, timed_out, timeout, staging_root, folders, say)

        try:
            results = _schedule(plan, workers, timeout, work, finish)
        finally:
            printer.close()
            shutil.rmtree(staging_root, ignore_errors=True)
        if printer.printed:
            say(f"PDFs: {printer.printed} printed by one Chromium in {printer.seconds:.1f}s")
        ordered = [results[j.key] for j in plan if j.key in results]
        index_error = ""
        try:
            write_index(cycle, ordered, root, plan)
        except OSError as exc:  # the earlier index.html stays whole
            index_error = error_line(exc)
            say(f"FAILED index.html: {index_error}", logging.WARNING)
        run = CycleRun(cycle, root, ordered, time.monotonic() - started,
                       folders.internal if folders.separate else None,
                       folders.private / FAILED_DIR, index_error, log_file,
                       list(printer.failures), printer.unavailable)
        say(f"finished in {run.seconds:.1f}s: {len(ordered) - len(run.failed)} published, "
            f"{len(run.failed)} failed")
    return run


def _schedule(plan: list[Job], workers: int, timeout: float,
              work: Callable[[Job], BaseException | None],
              finish: Callable[[Job, BaseException | None, float, bool], JobResult]
              ) -> dict[str, JobResult]:
    """Run ``work`` for every job on a pool of threads, ``finish`` each as it ends (in this
    thread); stop a job's kernel once it runs over ``timeout``, every kernel on Ctrl-C."""
    thread_of: dict[str, int] = {}

    def tracked(job: Job) -> BaseException | None:
        thread_of[job.key] = threading.get_ident()
        return work(job)

    results: dict[str, JobResult] = {}
    running: dict[Future, tuple[Job, float]] = {}
    timed_out: set[str] = set()
    pending = list(plan)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cscp-nb") as pool:
        try:
            while pending or running:
                while pending and len(running) < workers:
                    job = pending.pop(0)
                    running[pool.submit(tracked, job)] = (job, time.monotonic())
                done, _ = wait(list(running), timeout=0.5, return_when=FIRST_COMPLETED)
                now = time.monotonic()
                for fut, (job, t0) in running.items():
                    late = now - t0 > timeout and job.key not in timed_out
                    if fut not in done and late and KERNELS.kill(thread_of.get(job.key, 0)):
                        timed_out.add(job.key)
                for fut in done:
                    job, t0 = running.pop(fut)
                    results[job.key] = finish(job, fut.result(), time.monotonic() - t0,
                                              job.key in timed_out)
        except BaseException:
            # Interrupted: stop every kernel so the workers end now, publish nothing more.
            # A kernel still starting registers itself later: stop kernels until every
            # worker has ended, or a notebook started just before Ctrl-C would run on.
            pending.clear()
            for fut in running:
                fut.cancel()
            while not all(fut.done() for fut in running):
                for thread in thread_of.values():
                    KERNELS.kill(thread)
                wait(list(running), timeout=0.2)
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return results


def _finish(job: Job, exc: BaseException | None, seconds: float, timed_out: bool,
            timeout: float, staging_root: Path, folders: CycleFolders,
            say: Callable[..., None]) -> JobResult:
    """Publish a finished job's folder, or keep its notebook aside if it (or publishing it)
    failed. Never raises for the job's own failures: they are its result."""
    result = JobResult(job.key, job.title, ok=exc is None, seconds=seconds)
    failed_dir = folders.private / FAILED_DIR
    if exc is None:
        try:
            with step("publishing"):
                publish_all(placements(staging_root / job.key, job.key, folders))
        except StepFailed as failure:
            exc = failure
        else:
            forget_failed(failed_dir, job.key)  # an earlier failure is no longer the latest
            result.published = True
            say(f"done   {job.key} in {seconds:.1f}s")
            return result
    result.ok = False
    result.error = f"timed out after {timeout:g}s" if timed_out else error_line(exc)
    result.kept, result.not_kept = keep_failed(staging_root / job.key, failed_dir, job.key, exc)
    earlier = folders.public / job.key
    result.kept_earlier = has_report(earlier) and not (folders.separate and holds_exact(earlier))
    say(f"FAILED {job.key} after {seconds:.1f}s: {result.error}", logging.WARNING)
    for path in result.kept:
        log.debug(f"{job.key}: kept {path} (never published)")
    return result


def failure_report(run: CycleRun) -> str:
    """The closing summary printed after a run: what failed and where to look."""
    lines = []
    if not run.failed:
        lines.append(f"All {len(run.results)} reports published in {run.out}")
    else:
        lines.append(f"{len(run.failed)} of {len(run.results)} notebooks failed:")
    for r in run.failed:
        earlier = " (the earlier report was kept)" if r.kept_earlier else ""
        kept = [p for p in r.kept if p.suffix == ".ipynb"] or list(r.kept)
        what = "executed notebook" if kept and kept[0].suffix == ".ipynb" else "traceback"
        where = f"; {what} kept at {kept[0]}" if kept else ""
        if r.not_kept:
            where += f"; its traceback could not be kept ({r.not_kept})"
        lines.append(f"  {r.key}: {r.error}{where}{earlier}")
    for page, reason in run.pdf_failures:
        lines.append(f"  {page}: its PDF could not be printed ({reason}); the HTML report "
                     "was published")
    if run.index_error:
        lines.append(f"index.html could not be written ({run.index_error}); the earlier "
                     f"index, if any, was kept in {run.out}")
    return "\n".join(lines)

"""The audit-cycle batch: run every notebook of a cycle and publish offline HTML reports.

``cscp-analysis run params/<cycle>.yaml`` reads the cycle's parameter file, validates
every audit first (bad input: located problems, nothing written), then executes one
theme notebook per audit plus the cycle overview with papermill, several at once, and
publishes for each under ``outputs/<cycle>/<id>/``: the executed notebook,
``report.html`` (no code, table of contents, alt text, print styles, nothing loaded
from outside the file), ``summary.json`` and the report's tables as CSV. A notebook
that fails is kept aside in ``outputs/<cycle>/_failed/`` and its HTML is never
published. Each report folder is built in a staging folder and moved into place only
when complete, so a failed or interrupted run never replaces a good earlier report.

Known pitfalls handled here (see ``docs/reports.md``): kernels always run this
interpreter whatever kernelspecs the user has; kernels talk over IPC sockets (no TCP
port races between parallel kernels); the working folder is set per notebook;
parameters are passed as typed Python values (an id ``007`` stays a string).
"""

from __future__ import annotations

import dataclasses
import difflib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cscp_analysis.contract.codes import AUDIENCES
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.io.bundled import SAMPLE, bundled_recommendations
from cscp_analysis.report.render import notebook_to_html, templates_dir

OVERVIEW_KEY = "cycle-overview"
OVERVIEW_NOTEBOOK = "cycle_overview"
KERNEL_NAME = "cscp-analysis"
DEFAULT_TIMEOUT = 600.0
FAILED_DIR = "_failed"


# ---------------------------------------------------------------- the cycle's parameters


@dataclass(frozen=True)
class Cycle:
    """One audit cycle, as its parameter file describes it.

    ``audits`` holds each audit as written (a bundled sample name or a path resolved
    against the parameter file's folder); ``as_of`` is the ISO date the report speaks for;
    ``recommendations`` is the path of the recommendations log, ``""`` when the cycle
    gives none (``recommendations: sample`` in the file names the bundled synthetic log).
    ``audit_entries`` keeps each audit as typed in the file with its line, for messages.
    """

    name: str
    title: str
    audits: tuple[str, ...]
    as_of: str
    audience: str = "business_group"
    suppress_below: int = 0
    recommendations: str = ""  # a path; "" = no recommendations for this cycle
    settings: Mapping[str, Any] = field(default_factory=dict)
    source: Path | None = None
    audit_entries: tuple[tuple[str, int | None], ...] = ()


#: The keys a cycle parameter file may have, and those of its ``settings``.
CYCLE_KEYS = ("cycle", "title", "audits", "as_of", "audience", "suppress_below",
              "recommendations", "settings")
SETTINGS_KEYS = ("timeout",)
#: ``recommendations: sample`` names the bundled synthetic recommendations log.
_CYCLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class _TextDatesLoader(yaml.SafeLoader):
    """YAML's safe loader, but dates stay the text typed (so 2023-13-01 is located, not a crash)."""


_TextDatesLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                 lambda loader, node: loader.construct_scalar(node))


def _resolve_input(value: str, base: Path) -> str:
    """A path relative to the parameter file, made absolute; a bare sample name unchanged."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return str(path)
    if (base / path).exists():
        return str((base / path).resolve())
    if path.exists():
        return str(path.resolve())
    return value


def _unknown_key(where: str, key: str, known: Sequence[str], line: int | None,
                 prefix: str = "") -> Problem:
    """An unknown key, with the nearest known key suggested when one is close."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f": did you mean {prefix}{close[0]}?" if close else ""
    return Problem(where, row=line, column=f"{prefix}{key}", value=key,
                   message=f"unknown key '{prefix}{key}'{hint} (expected one of "
                   f"{', '.join(prefix + k for k in known)})")


def _lines(text: str) -> tuple[dict[str, int], list[int], dict[str, int]]:
    """Line numbers (1-based) of the top-level keys, the audits items and the settings keys."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}, [], {}
    if not isinstance(root, yaml.MappingNode):
        return {}, [], {}
    keys: dict[str, int] = {}
    items: list[int] = []
    settings: dict[str, int] = {}
    for key, value in root.value:
        keys.setdefault(str(key.value), key.start_mark.line + 1)
        if key.value == "audits" and isinstance(value, yaml.SequenceNode):
            items = [item.start_mark.line + 1 for item in value.value]
        if key.value == "settings" and isinstance(value, yaml.MappingNode):
            settings = {str(k.value): k.start_mark.line + 1 for k, _ in value.value}
    return keys, items, settings


def _parse_as_of(value: Any) -> str | None:
    """The ISO text of an ``as_of`` date written 2023-03-31 or 31/03/2023; None if neither."""
    import pandas as pd

    from cscp_analysis.contract.dates import parse_dates

    parsed = parse_dates(pd.Series([str(value)], dtype="str"), time_ok=False)[0].iloc[0]
    return None if pd.isna(parsed) else parsed.date().isoformat()


def parse_cycle(path: str | Path) -> tuple[Cycle | None, list[Problem]]:
    """Read a cycle parameter file, collecting every problem in it.

    Returns the cycle as far as it could be read (None when the file cannot be read as a
    YAML mapping at all) and the problems, each naming the file, the line, the key, the
    value and what was expected.
    """
    path = Path(path)
    where = path.name
    if not path.is_file():
        return None, [Problem(where, message=f"the parameter file {path} does not exist")]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(where, message="the file is not UTF-8 text: save it as UTF-8")]
    try:
        raw = yaml.load(text, Loader=_TextDatesLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        return None, [Problem(where, row=row, message=f"is not valid YAML ({type(exc).__name__})")]
    if not isinstance(raw, dict):
        return None, [Problem(where, message="expected a mapping with at least the keys "
                              "audits and as_of")]
    line, item_lines, setting_lines = _lines(text)
    base = path.resolve().parent
    problems = [_unknown_key(where, str(k), CYCLE_KEYS, line.get(str(k)))
                for k in raw if str(k) not in CYCLE_KEYS]

    def problem(key: str, value: Any, message: str) -> None:
        shown = None if value is None else str(value)
        problems.append(Problem(where, row=line.get(key), column=key, value=shown,
                                message=message))

    name = raw.get("cycle")
    name = path.stem if name in (None, "") else str(name)
    if not _CYCLE_NAME.fullmatch(name):
        problem("cycle", name, f"'{name}' is not a folder name (expected letters, digits, "
                "'-', '_' or '.', e.g. 2024-cycle-1)")
    audits = raw.get("audits")
    entries: list[tuple[str, int | None]] = []
    if isinstance(audits, list) and audits:
        for i, entry in enumerate(audits):
            at = item_lines[i] if i < len(item_lines) else line.get("audits")
            if entry is None or isinstance(entry, (dict, list)) or str(entry).strip() == "":
                problems.append(Problem(where, row=at, column="audits", value=str(entry or ""),
                                        message="a list item is not an audit (expected an "
                                        "audit folder, a workbook or a bundled sample name)"))
                continue
            entries.append((str(entry).strip(), at))
    else:
        problem("audits", None if audits is None else audits,
                "expected a non-empty list of audit folders, workbooks or bundled sample names")
    as_of_raw = raw.get("as_of")
    as_of = _parse_as_of(as_of_raw) if as_of_raw not in (None, "") else None
    if as_of_raw in (None, ""):
        problem("as_of", None, "as_of is missing (expected the date the reports speak for, "
                "e.g. 2023-03-31 or 31/03/2023)")
    elif as_of is None:
        problem("as_of", as_of_raw, f"'{as_of_raw}' is not a date (expected 2023-03-31 or "
                "31/03/2023)")
    audience = raw.get("audience")
    audience = "business_group" if audience in (None, "") else str(audience)
    if audience not in AUDIENCES:
        problem("audience", audience, f"'{audience}' is not one of {', '.join(AUDIENCES)}")
    suppress = raw.get("suppress_below")
    suppress = 0 if suppress in (None, "") else suppress
    if not isinstance(suppress, int) or isinstance(suppress, bool) or suppress < 0:
        problem("suppress_below", suppress, f"'{suppress}' is not a whole number of 0 or more")
        suppress = 0
    recs = raw.get("recommendations")
    recs = "" if recs is None else str(recs).strip()
    if recs == SAMPLE:
        recs = str(bundled_recommendations())
    elif recs:
        found = _resolve_input(recs, base)
        if not Path(found).is_file():
            problem("recommendations", recs, f"'{recs}' is not a file (expected the path of "
                    f"a recommendations.csv or .xlsx relative to {where}, "
                    f"'{SAMPLE}' for the bundled synthetic log, or blank for "
                    "none)")
        recs = found
    settings = raw.get("settings")
    settings = {} if settings is None else settings
    if not isinstance(settings, dict):
        problem("settings", settings, "expected a mapping such as 'timeout: 600'")
        settings = {}
    for key in settings:
        if str(key) not in SETTINGS_KEYS:
            problems.append(_unknown_key(where, str(key), SETTINGS_KEYS,
                                         setting_lines.get(str(key)), prefix="settings."))
    timeout = settings.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int | float)
                                or timeout <= 0):
        problems.append(Problem(where, row=setting_lines.get("timeout"),
                                column="settings.timeout", value=str(timeout),
                                message=f"'{timeout}' is not a number of seconds above 0"))
    cycle = Cycle(
        name=name,
        title=str(raw.get("title") or f"Audit cycle {path.stem}"),
        audits=tuple(_resolve_input(a, base) for a, _ in entries),
        as_of=as_of or "",
        audience=audience,
        suppress_below=int(suppress),
        recommendations=recs,
        settings=dict(settings),
        source=path.resolve(),
        audit_entries=tuple(entries),
    )
    return cycle, sorted(problems, key=lambda p: p.row or 0)


def read_cycle(path: str | Path) -> Cycle:
    """Read and check a cycle parameter file (YAML).

    Raises
    ------
    AuditValidationError
        Every problem in the file, each naming the line, the key, the value and what was
        expected.
    """
    cycle, problems = parse_cycle(path)
    if problems or cycle is None:
        raise AuditValidationError(problems)
    return cycle


def _audit_problems(cycle: Cycle) -> tuple[dict[str, Any], list[Problem]]:
    """Load every audit of the cycle and its recommendations log; every problem found."""
    from cscp_analysis.io.bundled import sample_audit_ids
    from cscp_analysis.io.load import load_audit
    from cscp_analysis.io.recommendations import load_recommendations

    where = cycle.source.name if cycle.source else "the parameter file"
    entries = cycle.audit_entries or tuple((a, None) for a in cycle.audits)
    problems: list[Problem] = []
    audits: dict[str, Any] = {}
    first: dict[str, int | None] = {}
    for entry, (written, line) in zip(cycle.audits, entries, strict=True):
        label = Path(entry).name
        try:
            audit = load_audit(entry)
        except AuditValidationError as exc:
            problems += [dataclasses.replace(p, file=f"{label}/{p.file}") for p in exc.problems]
            continue
        except (FileNotFoundError, ValueError):
            problems.append(Problem(where, row=line, column="audits", value=written,
                                    message=f"'{written}' is not an audit folder, workbook or "
                                    f"bundled sample (expected a path relative to {where}, or "
                                    f"one of {', '.join(sample_audit_ids())})"))
            continue
        if audit.id in audits or audit.id in (OVERVIEW_KEY, FAILED_DIR):
            also = f" (also line {first[audit.id]})" if first.get(audit.id) else ""
            problems.append(Problem(where, row=line, column="audits", value=written,
                                    message=f"audit id '{audit.id}' is used twice in this "
                                    f"cycle{also}"))
            continue
        audits[audit.id] = audit
        first[audit.id] = line
    if cycle.recommendations and Path(cycle.recommendations).is_file():
        try:
            load_recommendations(cycle.recommendations)
        except AuditValidationError as exc:
            problems += exc.problems
        except ValueError as exc:
            problems.append(Problem(Path(cycle.recommendations).name, message=str(exc)))
    return audits, problems


def validate_cycle(cycle: Cycle) -> dict[str, Any]:
    """Load and validate every audit of the cycle (and its recommendations) before any run.

    Returns the loaded audits keyed by audit id. Raises ``AuditValidationError`` with
    every problem of every input, each prefixed by the audit it belongs to; an audit the
    file names but that cannot be found is located at its line of the parameter file.
    """
    audits, problems = _audit_problems(cycle)
    if problems:
        raise AuditValidationError(problems)
    return audits


def check_cycle(path: str | Path) -> tuple[Cycle, dict[str, Any]]:
    """Read a cycle parameter file and validate every input it names, all in one pass.

    Returns the cycle and its loaded audits keyed by audit id.

    Raises
    ------
    AuditValidationError
        Every problem of the parameter file and of every audit and the recommendations
        log at once (the audits are checked even when the file has problems of its own).
    """
    cycle, problems = parse_cycle(path)
    if cycle is None:
        raise AuditValidationError(problems)
    audits, more = _audit_problems(cycle)
    if problems or more:
        raise AuditValidationError(problems + more)
    return cycle, audits


# ---------------------------------------------------------------- jobs


@dataclass(frozen=True)
class Job:
    """One notebook run: which notebook, its parameters and the output folder name."""

    key: str  # the output folder: the audit id, or "cycle-overview"
    notebook: Path
    parameters: Mapping[str, Any]
    title: str


@dataclass
class JobResult:
    """What became of one job."""

    key: str
    title: str
    ok: bool
    seconds: float
    error: str = ""  # one line, no data: the exception type and the failing cell number
    published: bool = False
    kept_earlier: bool = False


def default_notebook_dir() -> Path:
    """The project's ``notebooks/`` folder (source checkout), else ``./notebooks``."""
    checkout = Path(__file__).resolve().parents[3] / "notebooks"
    return checkout if checkout.is_dir() else Path.cwd() / "notebooks"


def theme_notebook(theme_id: str, notebook_dir: Path) -> Path:
    """The notebook for a theme: ``<theme>.ipynb``, else the generic ``cse.ipynb``.

    The theme notebooks are driven by the theme file, so an audit of a theme that has
    no notebook of its own is reported with the CSE notebook's generic sections.
    """
    own = notebook_dir / f"{theme_id}.ipynb"
    return own if own.is_file() else notebook_dir / "cse.ipynb"


def plan_jobs(cycle: Cycle, audits: Mapping[str, Any], notebook_dir: Path) -> list[Job]:
    """One job per audit (its theme's notebook) and one for the cycle overview.

    Every parameter is a plain string, list or number, so ids such as ``007`` stay text.
    """
    common = {
        "as_of": str(cycle.as_of),
        "audience": str(cycle.audience),
        "suppress_below": int(cycle.suppress_below),
        "recommendations": str(cycle.recommendations),
        "cycle": str(cycle.name),
    }
    by_id = dict(zip([a.id for a in audits.values()], cycle.audits, strict=True))
    jobs = [
        Job(
            key=str(audit_id),
            notebook=theme_notebook(audit.theme.id, notebook_dir),
            parameters={"audit": str(by_id[audit_id]), **common},
            title=str(audit.info.title),
        )
        for audit_id, audit in audits.items()
    ]
    jobs.append(Job(
        key=OVERVIEW_KEY,
        notebook=notebook_dir / f"{OVERVIEW_NOTEBOOK}.ipynb",
        parameters={"audits": [str(a) for a in cycle.audits], "title": str(cycle.title),
                    **common},
        title=str(cycle.title),
    ))
    return jobs


# ---------------------------------------------------------------- kernels


def _kernel_manager_class():
    """A kernel manager that always runs this interpreter, over IPC where possible.

    Built lazily so importing this module stays cheap.
    """
    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import AsyncKernelManager

    class ProjectKernelManager(AsyncKernelManager):
        """Launches ``sys.executable -m ipykernel_launcher``: never a user-level kernelspec.

        On POSIX the kernel's sockets are IPC files, so parallel kernels cannot race for
        TCP ports (papermill #511); elsewhere jupyter_client's in-process port cache
        keeps the ports of kernels started by this process distinct.
        """

        def __init__(self, **kwargs):
            if os.name == "posix":
                # A unique absolute socket prefix per kernel: the default is a relative
                # "kernel-ipc", shared by every kernel and resolved against each cwd.
                kwargs.setdefault("transport", "ipc")
                kwargs.setdefault("ip", os.path.join(
                    tempfile.gettempdir(), f"cscp-{uuid.uuid4().hex[:12]}-ipc"))
            super().__init__(**kwargs)

        @property
        def kernel_spec(self):
            if self._kernel_spec is None:
                env = {"PYTHONHASHSEED": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
                self._kernel_spec = KernelSpec(
                    argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    display_name=f"cscp-analysis ({sys.executable})",
                    language="python",
                    env=env,
                )
            return self._kernel_spec

        async def _async_pre_start_kernel(self, **kw):
            # The kernel's own console chatter (shutdown notices) is not the batch's output:
            # everything a notebook shows is in the executed notebook.
            kw.setdefault("stdout", subprocess.DEVNULL)
            kw.setdefault("stderr", subprocess.DEVNULL)
            return await super()._async_pre_start_kernel(**kw)

        async def _async_post_start_kernel(self, **kw):
            await super()._async_post_start_kernel(**kw)
            _KERNELS.register(self)

    return ProjectKernelManager


class _KernelRegistry:
    """Which kernel process each worker thread is running, so a timeout can end it."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_thread: dict[int, Any] = {}

    def register(self, km) -> None:
        with self._lock:
            self._by_thread[threading.get_ident()] = km

    def forget(self) -> None:
        with self._lock:
            self._by_thread.pop(threading.get_ident(), None)

    def kill(self, thread_id: int) -> bool:
        with self._lock:
            km = self._by_thread.get(thread_id)
        pid = getattr(getattr(km, "provisioner", None), "pid", None)
        if not pid:
            return False
        try:
            os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
        except OSError:
            return False
        return True


_KERNELS = _KernelRegistry()


# ---------------------------------------------------------------- tables for Excel users


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


# ---------------------------------------------------------------- one job


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
            kernel_manager_class=_kernel_manager_class(),
            resources={"metadata": {"path": str(work)}},
        )
    finally:
        _KERNELS.forget()
        shutil.rmtree(work, ignore_errors=True)


def _clean_notebook(nb) -> Any:
    """Drop run-to-run noise from an executed notebook (papermill times, cell timings)."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    return nb


def _error_line(exc: BaseException) -> str:
    """A one-line description of a failure that shows no data (no message text)."""
    cell = getattr(exc, "exec_count", None)
    where = f" in cell {cell}" if cell is not None else ""
    name = getattr(exc, "ename", None) or type(exc).__name__
    return f"{name}{where}"


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")


def build_job(job: Job, staging: Path, timeout: float, cycle: Cycle,
              audit=None, recommendations=None) -> None:
    """Execute one job and write its whole report folder into ``staging``.

    Raises whatever the run raised; ``staging`` then holds the executed notebook only.
    """
    import nbformat

    from cscp_analysis.analysis.summary import build_summary

    staging.mkdir(parents=True, exist_ok=True)
    nb = _clean_notebook(_execute(job, staging, timeout))
    nbformat.write(nb, str(staging / f"{job.key}.ipynb"))
    from cscp_analysis.analysis.disclosure import audience_label, suppress_tables, threshold_for
    from cscp_analysis.analysis.narrative import long_date

    kicker = (f"{cycle.title} · position on {long_date(cycle.as_of)} · "
              f"for the {audience_label(cycle.audience)}")
    page = notebook_to_html(nb, title=job.title, kicker=kicker)
    (staging / "report.html").write_text(page, encoding="utf-8")
    if audit is not None:
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


def publish(staging: Path, final: Path) -> None:
    """Move a complete report folder into place, replacing any earlier one.

    The new folder is renamed next to the old one first, so the old report stays whole
    until the moment it is swapped out; only complete folders are ever visible.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    incoming = final.parent / f".incoming-{final.name}-{os.getpid()}"
    outgoing = final.parent / f".outgoing-{final.name}-{os.getpid()}"
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.rmtree(outgoing, ignore_errors=True)
    shutil.move(str(staging), str(incoming))
    if final.exists():
        os.replace(final, outgoing)
    os.replace(incoming, final)
    shutil.rmtree(outgoing, ignore_errors=True)


# ---------------------------------------------------------------- the index


def write_index(cycle: Cycle, results: Sequence[JobResult], out: Path) -> Path:
    """Write ``index.html``: every report of the cycle, linked relatively, with its status."""
    from cscp_analysis.analysis.disclosure import audience_label as _audience
    from cscp_analysis.analysis.narrative import long_date as _long_date

    rows = []
    for r in results:
        link_ok = (out / r.key / "report.html").is_file()
        name = html.escape(r.title)
        cell = f'<a href="{html.escape(r.key)}/report.html">{name}</a>' if link_ok else name
        if r.ok:
            status = "Published"
        elif link_ok:
            status = ("This run failed (" + html.escape(r.error) + "); the report linked is "
                      "the last good one")
        else:
            status = "Failed (" + html.escape(r.error) + "); no report published"
        extra = ""
        if link_ok and (out / r.key / "tables").is_dir():
            extra = (f' · <a href="{html.escape(r.key)}/summary.json">summary.json</a>'
                     f' · tables: ' + ", ".join(
                         f'<a href="{html.escape(r.key)}/tables/{p.name}">{html.escape(p.stem)}</a>'
                         for p in sorted((out / r.key / "tables").glob("*.csv"))))
        rows.append(f"<tr><td>{cell}{extra}</td><td>{html.escape(r.key)}</td><td>{status}</td>"
                    f'<td class="num"><span class="noise">{r.seconds:.1f} s</span></td></tr>')
    css = (templates_dir() / "cscp" / "report.css").read_text(encoding="utf-8")
    failed = [r for r in results if not r.ok]
    verdict = (f"{len(failed)} of {len(results)} reports failed in this run."
               if failed else f"All {len(results)} reports were produced.")
    page = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(cycle.title)}: reports</title>
<style>
{css}
</style>
</head>
<body>
<main>
<h1>{html.escape(cycle.title)}</h1>
<p>Reports of audit cycle <strong>{html.escape(cycle.name)}</strong>, as of
{html.escape(_long_date(cycle.as_of))}, for the {html.escape(_audience(cycle.audience))}.</p>
<p>{verdict}</p>
<table>
<caption>Reports of this cycle</caption>
<thead><tr><th>Report</th><th>Folder</th><th>Status of this run</th>
<th class="num">Time</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<p class="note">Every report opens offline in a web browser and prints cleanly.</p>
</main>
</body>
</html>
"""
    target = out / "index.html"
    temp = out / f".index-{os.getpid()}.html"
    temp.write_text(page, encoding="utf-8")
    os.replace(temp, target)
    return target


# ---------------------------------------------------------------- the batch


@dataclass
class CycleRun:
    """The outcome of running a cycle."""

    cycle: Cycle
    out: Path
    results: list[JobResult]
    seconds: float

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if not r.ok]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def _progress_printer(stream=None) -> Callable[[str], None]:
    start = time.monotonic()
    lock = threading.Lock()

    def say(message: str) -> None:
        with lock:
            print(f"[{time.monotonic() - start:6.1f}s] {message}", file=stream or sys.stderr,
                  flush=True)

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

    Raises
    ------
    AuditValidationError
        When the parameter file or any input is invalid; nothing is written then.
    """
    started = time.monotonic()
    say = progress or _progress_printer()
    cycle, audits = check_cycle(params)
    if timeout is None:
        timeout = float(cycle.settings.get("timeout", DEFAULT_TIMEOUT))
    notebooks = Path(notebook_dir) if notebook_dir else default_notebook_dir()
    plan = plan_jobs(cycle, audits, notebooks)
    missing = sorted({str(j.notebook) for j in plan if not j.notebook.is_file()})
    if missing:
        raise AuditValidationError([Problem(m, message="notebook not found") for m in missing])
    from cscp_analysis.io.recommendations import load_recommendations

    recs = load_recommendations(cycle.recommendations) if cycle.recommendations else None

    root = Path(out) / cycle.name
    root.mkdir(parents=True, exist_ok=True)
    staging_root = root / f".staging-{os.getpid()}"
    workers = max(1, jobs or os.cpu_count() or 1)
    results: dict[str, JobResult] = {}
    say(f"cycle {cycle.name}: {len(plan)} notebooks, {workers} at a time, timeout {timeout:g}s")

    thread_of: dict[str, int] = {}

    def work(job: Job) -> BaseException | None:
        thread_of[job.key] = threading.get_ident()
        say(f"start  {job.key} ({job.notebook.name})")
        try:
            build_job(job, staging_root / job.key, timeout, cycle, audits.get(job.key), recs)
        except Exception as exc:  # a failed notebook must not stop the others
            return exc
        return None

    running: dict[Future, tuple[Job, float]] = {}
    timed_out: set[str] = set()
    pending = list(plan)
    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cscp-nb") as pool:
            try:
                while pending or running:
                    while pending and len(running) < workers:
                        job = pending.pop(0)
                        running[pool.submit(work, job)] = (job, time.monotonic())
                    done, _ = wait(list(running), timeout=0.5, return_when=FIRST_COMPLETED)
                    now = time.monotonic()
                    for fut, (job, t0) in running.items():
                        late = now - t0 > timeout and job.key not in timed_out
                        if fut not in done and late and _KERNELS.kill(thread_of.get(job.key, 0)):
                            timed_out.add(job.key)
                    for fut in done:
                        job, t0 = running.pop(fut)
                        results[job.key] = _finish(job, fut.result(), time.monotonic() - t0,
                                                   job.key in timed_out, timeout, staging_root,
                                                   root, say)
            except BaseException:
                # Interrupted: stop every kernel so the workers end now, publish nothing more.
                pending.clear()
                for thread in thread_of.values():
                    _KERNELS.kill(thread)
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        shutil.rmtree(staging_root, ignore_errors=True)
    ordered = [results[j.key] for j in plan if j.key in results]
    write_index(cycle, ordered, root)
    run = CycleRun(cycle, root, ordered, time.monotonic() - started)
    say(f"finished in {run.seconds:.1f}s: {len(ordered) - len(run.failed)} published, "
        f"{len(run.failed)} failed")
    return run


def _finish(job: Job, exc: BaseException | None, seconds: float, timed_out: bool,
            timeout: float, staging_root: Path, root: Path,
            say: Callable[[str], None]) -> JobResult:
    """Publish a finished job's folder, or keep its notebook aside if it failed."""
    result = JobResult(job.key, job.title, ok=exc is None, seconds=seconds)
    if exc is None:
        publish(staging_root / job.key, root / job.key)
        result.published = True
        say(f"done   {job.key} in {seconds:.1f}s")
        return result
    result.error = f"timed out after {timeout:g}s" if timed_out else _error_line(exc)
    _keep_failed(staging_root / job.key, root, job.key, exc)
    result.kept_earlier = (root / job.key / "report.html").is_file()
    say(f"FAILED {job.key} after {seconds:.1f}s: {result.error}")
    return result


def _keep_failed(staging: Path, root: Path, key: str, exc: BaseException) -> None:
    """Keep a failed run's executed notebook and traceback for the analyst; never its HTML.

    Both may show data, so they go to ``_failed/``, which the index never links.
    """
    target = root / FAILED_DIR
    target.mkdir(exist_ok=True)
    executed = staging / f"{key}.ipynb"
    if executed.is_file():
        os.replace(executed, target / f"{key}.ipynb")
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    (target / f"{key}.log").write_text(trace, encoding="utf-8")
    shutil.rmtree(staging, ignore_errors=True)


def failure_report(run: CycleRun) -> str:
    """The closing summary printed after a run: what failed and where to look."""
    if not run.failed:
        return f"All {len(run.results)} reports published in {run.out}"
    lines = [f"{len(run.failed)} of {len(run.results)} notebooks failed:"]
    for r in run.failed:
        kept = " (the earlier report was kept)" if r.kept_earlier else ""
        lines.append(f"  {r.key}: {r.error}; executed notebook kept at "
                     f"{run.out / FAILED_DIR / (r.key + '.ipynb')}{kept}")
    return "\n".join(lines)

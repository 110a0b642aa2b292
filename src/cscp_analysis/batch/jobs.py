"""The jobs of a cycle: one notebook run per audit (its theme's notebook) and the overview.

A theme report is ``notebooks/theme_report.ipynb`` unless the theme file names a notebook
of its own (``notebook: my_theme.ipynb``). That name is only ever looked up inside the
notebooks folder: it must be a bare file name (``notebook_problem`` says why not), and a
theme id is never part of a path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cscp_analysis.batch.inputs import CycleInputs

#: The overview's output folder; no audit may use this id.
OVERVIEW_KEY = "cycle-overview"
OVERVIEW_NOTEBOOK = "cycle_overview.ipynb"
#: The notebook every theme's report uses unless its theme file names its own.
THEME_NOTEBOOK = "theme_report.ipynb"
NOTEBOOK_NAME = re.compile(r"[a-z0-9_-]+\.ipynb")
THEME_ID = re.compile(r"[a-z0-9-]{1,64}")


@dataclass(frozen=True)
class Job:
    """One notebook run: which notebook, its parameters and the output folder name."""

    key: str  # the output folder: the audit id, or "cycle-overview"
    notebook: Path
    parameters: Mapping[str, Any]
    title: str
    audit: Any = None  # the validated audit a theme report is about (None for the overview)
    #: what the batch hands the kernel, validated: the audit, or the overview's audits
    prepared: Any = None


@dataclass
class JobResult:
    """What became of one job."""

    key: str
    title: str
    ok: bool
    seconds: float
    error: str = ""  # one line, no data: the exception, cell, system error and step
    published: bool = False
    kept_earlier: bool = False
    kept: list[Path] = field(default_factory=list)  # a failure's notebook and traceback, kept
    not_kept: str = ""  # why they could not be kept (one line, no data)


def default_notebook_dir() -> Path:
    """The project's ``notebooks/`` folder (source checkout), else ``./notebooks``."""
    checkout = Path(__file__).resolve().parents[3] / "notebooks"
    return checkout if checkout.is_dir() else Path.cwd() / "notebooks"


def theme_notebook(theme, notebook_dir: Path) -> Path:
    """The notebook a theme's audits run: the theme's own ``notebook:``, else the default."""
    return notebook_dir / (theme.notebook or THEME_NOTEBOOK)


def notebook_problem(theme, notebook_dir: Path) -> str | None:
    """Why a theme's notebook cannot be run (None when it can)."""
    if not THEME_ID.fullmatch(theme.id):
        return (f"theme id '{theme.id}' cannot be used (expected 1 to 64 lowercase letters, "
                "digits or '-')")
    name = theme.notebook or THEME_NOTEBOOK
    if not NOTEBOOK_NAME.fullmatch(name):
        return (f"theme '{theme.id}' names notebook '{name}', which is not a notebook file "
                "name (expected lowercase letters, digits, '_' or '-' and .ipynb, e.g. "
                "my_theme.ipynb, a file in the notebooks folder)")
    if not (notebook_dir / name).is_file():
        return f"theme '{theme.id}' names notebook '{name}', which is not in {notebook_dir}"
    return None


def _given(inputs: CycleInputs, audit: str | None = None) -> dict[str, Any]:
    """What the run details show of the parameter file: its name, its sha256 and its
    values as it gives them (for a theme report, ``audit``: its own audit as typed)."""
    from cscp_analysis.io.provenance import sha256_file

    cycle = inputs.cycle
    if cycle.source is None:
        return {}
    values = dict(cycle.given)
    if audit is not None:
        typed = dict(zip(cycle.audits, (w for w, _ in cycle.audit_entries), strict=False))
        values = {("audit" if k == "audits" else k): (typed.get(audit, audit)
                                                      if k == "audits" else v)
                  for k, v in values.items()}
    return {"file": cycle.source.name, "sha256": sha256_file(cycle.source), "values": values}


def plan_jobs(inputs: CycleInputs, notebook_dir: Path) -> list[Job]:
    """One job per audit (its theme's notebook) and one for the cycle overview.

    Every parameter is a plain string, list or number, so ids such as ``007`` stay text;
    ``given`` is the parameter file as :func:`_given` describes it.
    """
    cycle = inputs.cycle
    common = {
        "as_of": str(cycle.as_of),
        "audience": str(cycle.audience),
        "suppress_below": int(cycle.suppress_below),
        "recommendations": str(cycle.recommendations),
        "cycle": str(cycle.name),
    }
    jobs = [
        Job(
            key=str(audit_id),
            notebook=theme_notebook(audit.theme, notebook_dir),
            parameters={"audit": str(inputs.entries[audit_id]), **common,
                        "given": _given(inputs, str(inputs.entries[audit_id]))},
            title=str(audit.info.title),
            audit=audit,
            prepared=audit,
        )
        for audit_id, audit in inputs.audits.items()
    ]
    jobs.append(Job(
        key=OVERVIEW_KEY,
        notebook=notebook_dir / OVERVIEW_NOTEBOOK,
        parameters={"audits": [str(a) for a in cycle.audits], "title": str(cycle.title),
                    **common, "given": _given(inputs)},
        title=str(cycle.title),
        prepared=list(inputs.audits.values()),
    ))
    return jobs

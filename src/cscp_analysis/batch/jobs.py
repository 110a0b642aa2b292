"""The jobs of a cycle: one notebook run per audit (its theme's notebook) and the overview."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cscp_analysis.batch.inputs import CycleInputs

#: The overview's output folder; no audit may use this id.
OVERVIEW_KEY = "cycle-overview"
OVERVIEW_NOTEBOOK = "cycle_overview"


@dataclass(frozen=True)
class Job:
    """One notebook run: which notebook, its parameters and the output folder name."""

    key: str  # the output folder: the audit id, or "cycle-overview"
    notebook: Path
    parameters: Mapping[str, Any]
    title: str
    audit: Any = None  # the validated audit a theme report is about (None for the overview)


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
    """The notebook for a theme: ``theme_report.ipynb``, unless ``<theme>.ipynb`` is beside it.

    The theme report is driven by the theme file, so every theme uses the one notebook;
    a partnership may still put a notebook of its own for a theme beside it.
    """
    own = notebook_dir / f"{theme_id}.ipynb"
    return own if own.is_file() else notebook_dir / "theme_report.ipynb"


def plan_jobs(inputs: CycleInputs, notebook_dir: Path) -> list[Job]:
    """One job per audit (its theme's notebook) and one for the cycle overview.

    Every parameter is a plain string, list or number, so ids such as ``007`` stay text.
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
            notebook=theme_notebook(audit.theme.id, notebook_dir),
            parameters={"audit": str(inputs.entries[audit_id]), **common},
            title=str(audit.info.title),
            audit=audit,
        )
        for audit_id, audit in inputs.audits.items()
    ]
    jobs.append(Job(
        key=OVERVIEW_KEY,
        notebook=notebook_dir / f"{OVERVIEW_NOTEBOOK}.ipynb",
        parameters={"audits": [str(a) for a in cycle.audits], "title": str(cycle.title),
                    **common},
        title=str(cycle.title),
    ))
    return jobs

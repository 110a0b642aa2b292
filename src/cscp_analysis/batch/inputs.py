"""Every input a cycle names, loaded and validated once, before any notebook runs.

The audits and the recommendations log are read and checked here, all problems listed at
once (each audit's own problems prefixed by its folder, an audit that cannot be found
located at its line of the parameter file), and the log is checked against the audits
(``io.log_audits``: finding areas, ids mistyped; rows of other audits are a notice, not
a problem). What is loaded is kept (``CycleInputs``) and handed to the notebooks, so
nothing is validated a second time.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cscp_analysis.batch.cycle import Cycle, parse_cycle
from cscp_analysis.batch.failed import FAILED_DIR
from cscp_analysis.batch.jobs import (
    OVERVIEW_KEY,
    OVERVIEW_NOTEBOOK,
    default_notebook_dir,
    notebook_problem,
)
from cscp_analysis.contract.errors import AuditValidationError, Problem


@dataclass(frozen=True)
class CycleInputs:
    """A checked cycle and what it names: audits by id (in the file's order), each audit's
    entry as resolved from the file, the recommendations log (None when there is none;
    finding areas in the themes' spelling) and the notice of its rows of other audits
    ("" when there are none), shown once per run."""

    cycle: Cycle
    audits: dict[str, Any]
    entries: dict[str, str]
    recommendations: Any = None
    notice: str = ""


def _load_inputs(cycle: Cycle, notebook_dir: Path) -> tuple[CycleInputs, list[Problem]]:
    """Load every audit of the cycle and its recommendations log, find every notebook the
    cycle runs; every problem found."""
    from cscp_analysis.io.bundled import sample_audit_ids
    from cscp_analysis.io.load import load_audit
    from cscp_analysis.io.log_audits import area_problems, meet_cycle, with_theme_areas
    from cscp_analysis.io.recommendations import load_recommendations

    where = cycle.source.name if cycle.source else "the parameter file"
    lines = cycle.audit_entries or tuple((a, None) for a in cycle.audits)
    problems: list[Problem] = []
    audits: dict[str, Any] = {}
    entries: dict[str, str] = {}
    first: dict[str, int | None] = {}
    for entry, (written, line) in zip(cycle.audits, lines, strict=True):
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
        unrunnable = notebook_problem(audit.theme, notebook_dir)
        if unrunnable:
            problems.append(Problem(where, row=line, column="audits", value=written,
                                    message=f"audit '{audit.id}': {unrunnable}"))
        audits[audit.id] = audit
        entries[audit.id] = entry
        first[audit.id] = line
    overview = notebook_dir / OVERVIEW_NOTEBOOK
    if not overview.is_file():
        problems.append(Problem(str(overview), message="notebook not found"))
    recommendations = None
    if cycle.recommendations and Path(cycle.recommendations).is_file():
        try:
            recommendations = load_recommendations(cycle.recommendations)
        except AuditValidationError as exc:
            problems += exc.problems
        except ValueError as exc:
            problems.append(Problem(Path(cycle.recommendations).name, message=str(exc)))
    notice = ""
    if recommendations is not None:
        label = Path(cycle.recommendations).name
        if len(audits) == len(lines):  # every audit's id known
            recommendations, more, outside = meet_cycle(recommendations,
                                                        list(audits.values()), label)
            notice = outside.notice()
        else:  # rows of an audit that did not load cannot be told from other audits' rows
            more = [p for a in audits.values()
                    for p in area_problems(recommendations, a, label)]
            recommendations = with_theme_areas(recommendations, list(audits.values()))
        problems += more
    return CycleInputs(cycle, audits, entries, recommendations, notice), problems


def check_cycle(path: str | Path, notebook_dir: str | Path | None = None) -> CycleInputs:
    """Read a cycle parameter file and load and validate every input it names, in one pass.

    ``notebook_dir`` is where the notebooks are (default: the project's ``notebooks/``);
    every notebook the cycle would run must be there.

    Raises
    ------
    AuditValidationError
        Every problem of the parameter file and of every audit and the recommendations
        log, and every notebook that is missing or may not be used, at once (the audits
        are checked even when the file has problems of its own).
    """
    cycle, problems = parse_cycle(path)
    if cycle is None:
        raise AuditValidationError(problems)
    notebooks = Path(notebook_dir) if notebook_dir else default_notebook_dir()
    inputs, more = _load_inputs(cycle, notebooks)
    if problems or more:
        raise AuditValidationError(problems + more)
    return inputs

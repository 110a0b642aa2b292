"""Read completed audit tools back into one audit folder (``cscp-analysis ingest``).

Each agency's workbook is read and checked cell by cell (``tool.py``: every problem
names the workbook, sheet and cell), the tools are merged into the contract's tables
with the agency of each tool on its judgements (``merge.py``), the folder is written
all at once (``folder.py``), and the (case, question) pairs on which agencies disagree
are listed: the findings count them as disputed until the panel answers. The
workbooks are only read, never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from cscp_analysis.analysis.findings import case_answers
from cscp_analysis.analysis.narrative import counted
from cscp_analysis.capture.folder import csv_text, plan_files, write_files
from cscp_analysis.capture.layout import sheets_for
from cscp_analysis.capture.merge import OUTPUT_COLUMNS, check_same_audit, merge
from cscp_analysis.capture.tool import read_tool
from cscp_analysis.contract.codes import PANEL
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.contract.yaml_safe import read_yaml


@dataclass
class IngestResult:
    """What ingest wrote and found: the folder, the disagreements and notes for the analyst."""

    folder: Path
    audit: dict
    disagreements: pd.DataFrame
    notes: list[str]
    written: list[str] = field(default_factory=list)  # files (re)written in the folder
    kept: list[str] = field(default_factory=list)  # files already there and left as they are


def disagreements(judgements: pd.DataFrame) -> pd.DataFrame:
    """The (case, question) pairs on which the agencies' answers differ.

    Parameters
    ----------
    judgements : case_id, question_id, answer, agency (``Panel`` for the panel's answer).

    Returns
    -------
    One row per disagreement, in the order the pairs first appear: case_id, question_id,
    answers (``"Health: No; Police: Yes"``), panel_answer (<NA> while the panel has not
    answered) and status: ``disputed`` (the findings leave it out of the rate and count
    it as disputed) or ``settled by panel``. Which pairs these are, and the panel's
    answer, is the case-level answer rule of the findings
    (:func:`~cscp_analysis.analysis.findings.case_answers`).
    """
    keys = ["case_id", "question_id"]
    columns = [*keys, "answers", "panel_answer", "status"]
    answers = case_answers(judgements)
    split = answers[~answers["agencies_agree"].fillna(True).astype(bool)]
    if split.empty:
        return pd.DataFrame(columns=columns)
    by_agency = judgements[judgements["agency"].fillna(PANEL) != PANEL]
    said = (by_agency["agency"] + ": " + by_agency["answer"]).groupby(
        [by_agency["case_id"], by_agency["question_id"]], sort=False).agg("; ".join)
    order = judgements[keys].drop_duplicates().astype("str")
    table = order.merge(split, on=keys).merge(
        said.rename("answers").reset_index().astype("str"), on=keys)
    settled = table["source"] == "panel"
    table["panel_answer"] = table["answer"].where(settled)
    table["status"] = settled.map({True: "settled by panel", False: "disputed"})
    return table[columns]


def _read_description(path: Path, label: str, problems: list[Problem]) -> dict | None:
    """An audit.yaml describing the audit, or None after recording why it cannot be read."""
    if not path.is_file():
        problems.append(Problem(file=label, message=(
            f"{path} not found (expected an audit.yaml, or a folder holding one)")))
        return None
    doc, found = read_yaml(path, label, "is not a readable YAML file ({problem}): expected id, "
                           "theme, title and conducted")
    problems += found
    if doc is None:
        return None
    described = doc.data or {}
    if not isinstance(described, dict):
        problems.append(Problem(file=label, message="expected id, theme, title and conducted"))
        return None
    return described


def ingest(
    workbooks: list[str | Path], out: str | Path, force: bool = False,
    audit: str | Path | None = None,
) -> IngestResult:
    """Check and merge completed audit tools into one audit folder in contract form.

    Parameters
    ----------
    workbooks : the returned tools, one per agency (and the panel's, if any).
    out : the audit folder to write (it may already hold the audit's ``audit.yaml`` and
        ``cases.csv``, from which the tools were made). Only the files of
        ``folder.INGEST_FILES`` are ever written; any other file in the folder is
        untouched. An existing one of them with other content is refused unless
        ``force`` (see ``folder.plan_files`` for what is not a conflict).
    audit : optional audit.yaml (or folder holding one) describing the audit, for tools
        made without ``--audit``; its id and theme must match the tools'. Without it, an
        ``audit.yaml`` already in ``out`` describes the audit.

    Raises
    ------
    AuditValidationError with every problem found, each naming workbook, sheet and cell;
    FileExistsError naming every conflicting file. Nothing is written then.
    """
    out = Path(out)
    if not workbooks:
        raise ValueError("give at least one completed audit tool")
    if out.exists() and not out.is_dir():
        raise FileExistsError(f"{out} is a file: --out must be the audit folder")
    names = [Path(w).name for w in workbooks]
    if len(set(names)) < len(names):
        raise ValueError("two workbooks have the same file name; rename one")
    problems: list[Problem] = []
    tools = [t for t in (read_tool(w, problems) for w in workbooks) if t is not None]
    if not tools or any(t.theme is None for t in tools):
        raise AuditValidationError(problems)
    described, origin = None, "the --audit file"
    if audit is not None:
        path = Path(audit)
        path = path / "audit.yaml" if path.is_dir() else path
        described = _read_description(path, path.name, problems)
    elif (out / "audit.yaml").is_file():
        origin = str(out / "audit.yaml")
        described = _read_description(out / "audit.yaml", origin, problems)
    info = check_same_audit(tools, described, problems, origin)
    theme = tools[0].theme
    tables, sources = merge(tools, theme, problems)
    if problems:
        raise AuditValidationError(problems)
    has_missing = any(a.rule for a in theme.finding_areas)
    contents = {"audit.yaml": yaml.safe_dump(info, sort_keys=False, allow_unicode=True)}
    # learning.csv only when a panel's tool holds a line of learning
    for table in sheets_for({"mfh"} if has_missing else set(), panel="learning" in tables):
        contents[f"{table}.csv"] = csv_text(OUTPUT_COLUMNS[table], tables[table])
    write, keep, conflicts = plan_files(out, contents, info, tables["cases"])
    if conflicts and not force:
        raise FileExistsError(
            f"{out} already has {'; '.join(conflicts)}: use --force to replace "
            f"{'it' if len(conflicts) == 1 else 'them'} (ingest writes only "
            f"{', '.join(contents)}; other files in the folder are never touched)")
    write_files(out, contents, write, sources, tools)
    notes = [
        f"{t.name} ({t.agency}): {counted(t.answered, 'answer')}, "
        f"{counted(t.unanswered, 'question')} left blank"
        for t in tools
    ]
    judgements = pd.DataFrame(tables["judgements"], columns=OUTPUT_COLUMNS["judgements"])
    return IngestResult(out, info, disagreements(judgements), notes, list(write), keep)

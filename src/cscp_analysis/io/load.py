"""Load an audit (a folder of CSVs or one .xlsx workbook): read, validate, tidy.

``load_audit`` is the one call analysts and notebooks use. It reads every cell as
text (``audit_input.py``, each file by ``read.py``), checks the tables against the
contract's declarations and the cross-table rules (``validate.py``), and either returns an
:class:`~cscp_analysis.io.audit.Audit` with canonical tables (``tidy.py``) or raises
:class:`~cscp_analysis.contract.errors.AuditValidationError` listing every problem
found, each located as the analyst sees it in a spreadsheet. Input files are only
ever read.
"""

from __future__ import annotations

import logging
from pathlib import Path

from cscp_analysis.contract.codes import DEFAULT_AGENCIES, DEFAULT_AREAS
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.contract.tables import AUDIT_TABLES, EPISODES, LEARNING, MEETINGS, VOICE
from cscp_analysis.io.audit import Audit
from cscp_analysis.io.audit_input import TABLE_FILES, read_folder, read_workbook
from cscp_analysis.io.bundled import sample_audit_ids, sample_root
from cscp_analysis.io.deidentified import case_ids_in_text
from cscp_analysis.io.read import sha256
from cscp_analysis.io.tidy import (
    no_rows,
    tidy_case_table,
    tidy_cases,
    tidy_judgements,
    tidy_table,
)
from cscp_analysis.io.validate import (
    case_keys_of,
    case_refs,
    check_episodes,
    check_judgements,
    check_meta,
    check_table,
    duplicates,
)

log = logging.getLogger(__name__)


def resolve_audit_path(audit: str | Path) -> Path:
    """A path to an audit folder or workbook; a bare bundled sample name also works."""
    path = Path(audit)
    if path.exists():
        return path
    candidate = sample_root() / str(audit)
    if "/" not in str(audit) and candidate.is_dir():
        return candidate
    raise FileNotFoundError(
        f"no audit folder or workbook at {str(audit)!r} "
        f"(bundled samples: {', '.join(sample_audit_ids())})"
    )



def load_audit(audit: str | Path) -> Audit:
    """Load and validate one audit from a folder, a workbook, or a bundled sample name.

    Raises
    ------
    AuditValidationError
        With every problem found, each located by file (and sheet), row and column.
    """
    path = resolve_audit_path(audit)
    workbook = not path.is_dir()
    if not workbook:
        meta, tables, problems, inputs = read_folder(path)
        meta_where, base = Problem("audit.yaml"), path
    elif path.suffix.lower() in {".xlsx", ".xlsm"}:
        meta, tables, problems = read_workbook(path)
        inputs = {path.name: sha256(path)}
        meta_where, base = Problem(path.name, sheet="audit"), path.parent
    else:
        raise FileNotFoundError(f"{path} is neither an audit folder nor an .xlsx workbook")
    log.debug(f"read {path}: {', '.join(inputs)}")

    unreadable_meta = any(p.file == "audit.yaml" and p.column is None for p in problems)
    info, theme, meta_problems = (None, None, []) if unreadable_meta else check_meta(
        meta, meta_where, base)
    problems += meta_problems
    lists = {
        "areas": list(info.areas) if info else list(DEFAULT_AREAS),
        "cohort_groups": theme.cohort_groups if theme else (),
        "agencies": [*(theme.agencies if theme else DEFAULT_AGENCIES),
                     *(info.agencies if info else ())],
        "finding_areas": [a.title for a in theme.finding_areas] if theme else [],
    }
    needs_episodes = theme is not None and any(a.rule for a in theme.finding_areas)
    unreadable = {p.sheet if workbook else p.file for p in problems}
    for name in ["cases", "judgements"] + (["episodes"] if needs_episodes else []):
        if name in tables or (name if workbook else f"{name}.csv") in unreadable:
            continue
        problems.append(Problem(path.name, sheet=name, message="required sheet is missing")
                        if workbook else
                        Problem(f"{name}.csv", message="required file is missing"))

    case_keys: dict[str, str] | None = None  # None: cases unusable, so no reference checks
    for name, t in tables.items():
        problems += check_table(t, AUDIT_TABLES[name], lists)
    if "cases" in tables:
        problems += duplicates(tables["cases"], ["case_id"], "case ids are unique within an audit")
        case_keys = case_keys_of(tables["cases"])
    for name, t in tables.items():
        if name != "cases" and case_keys is not None and "case_id" in AUDIT_TABLES[name].names:
            problems += case_refs(t, case_keys)
    if "learning" in tables and case_keys is not None:
        problems += case_ids_in_text(tables["learning"], "text", case_keys)
    if "judgements" in tables and theme is not None:
        problems += check_judgements(tables["judgements"], theme)
    if "episodes" in tables:
        problems += check_episodes(tables["episodes"])

    if problems or info is None or theme is None:
        raise AuditValidationError(_in_reading_order(problems))

    def table(declared):
        return tables.get(declared.name) or no_rows(declared)

    return Audit(
        info=info,
        theme=theme,
        cases=tidy_cases(tables["cases"], lists),
        judgements=tidy_judgements(tables["judgements"], theme, lists, case_keys),
        voice=tidy_case_table(table(VOICE), VOICE, lists, case_keys),
        episodes=tidy_case_table(table(EPISODES), EPISODES, lists, case_keys),
        meetings=tidy_case_table(table(MEETINGS), MEETINGS, lists, case_keys),
        learning=tidy_table(table(LEARNING), LEARNING, lists),
        source=path,
        inputs=inputs,
    )


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Problems by table in contract order, then row, then column: as an analyst reads them."""
    order = {name: i for i, name in enumerate(("audit", *TABLE_FILES))}

    def key(p: Problem):
        table = p.sheet or p.file.split(".")[0]
        return (order.get(table, 99), p.file, p.row or 0, p.column or "")

    return sorted(problems, key=key)


"""Writing the merged audit into its folder: which files, and all or nothing.

Only the files of :data:`INGEST_FILES` are ever written; an existing one with other
content is a conflict unless it describes the same audit (``audit.yaml``) or the tools
keep all of it (``cases.csv``). Every file is written to a hidden folder first, which
must pass the package's own loader; a problem the loader finds is pointed back at the
workbook cell the value came from.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import uuid
from pathlib import Path

import yaml

from cscp_analysis.capture.layout import AUDIT_KEYS
from cscp_analysis.capture.merge import OUTPUT_COLUMNS
from cscp_analysis.capture.tool import Row, Tool
from cscp_analysis.contract.codes import fold
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.contract.tables import AUDIT_TABLES

#: Every file ingest may write into the audit folder; nothing else there is ever touched.
INGEST_FILES: tuple[str, ...] = ("audit.yaml", *(f"{name}.csv" for name in AUDIT_TABLES))


def csv_text(columns: tuple[str, ...], rows: list[dict]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return buffer.getvalue()


def _located(problem: Problem, sources: dict[str, list[Row]], tools: list[Tool]) -> Problem:
    """A problem the loader found in the written folder, pointed back at the workbook cell."""
    table = Path(problem.file).name.removesuffix(".csv")
    rows = sources.get(table, [])
    if problem.row is None or not 2 <= problem.row < len(rows) + 2:
        return problem
    src = rows[problem.row - 2]
    cell = src.cells.get(problem.column or "")
    if cell is None:
        cell = f"A{src.row}"
    return Problem(file=src.tool, sheet=src.sheet, cell=cell, row=src.row,
                   value=problem.value, message=problem.message)


def _norm(value: object) -> str:
    """An audit.yaml value as comparable text (a list as ``a; b``, blank as ``""``)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v).strip() for v in value)
    return str(value).strip()


def _audit_differs(existing: dict, info: dict) -> str | None:
    """Why an existing audit.yaml does not describe the audit ``info`` describes, or None."""
    for key in AUDIT_KEYS:
        there, here = _norm(existing.get(key)), _norm(info.get(key))
        if fold(there) != fold(here):
            return f"its {key} is '{there}', the tools' is '{here}'"
    return None


def _cases_differ(path: Path, merged: list[dict]) -> str | None:
    """Why the merged cases would lose something of an existing cases.csv, or None.

    The tools are usually prefilled from this very file: the merged cases may add cases
    and fill blanks, but must keep every case, column and value it has.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except (UnicodeDecodeError, csv.Error):
        return "it cannot be read as UTF-8 CSV"
    by_id = {fold(str(c["case_id"])): c for c in merged}
    for row in rows:
        extra = [k for k, v in row.items() if k is None or (
            k.strip() not in OUTPUT_COLUMNS["cases"] and (v or "").strip())]
        if extra:
            name = "a column with no name" if extra[0] is None else f"column '{extra[0]}'"
            return f"it has {name}, which ingest does not write"
        case_id = (row.get("case_id") or "").strip()
        if not case_id:
            continue
        case = by_id.get(fold(case_id))
        if case is None:
            return f"its case '{case_id}' is in none of the tools"
        for column, value in row.items():
            value = (value or "").strip()
            if not value or column.strip() == "case_id":
                continue
            now = case.get(column.strip())
            if column.strip() == "agencies":
                have = {fold(a) for a in str(now or "").split(";")}
                lost = [a.strip() for a in value.split(";") if a.strip() and fold(a) not in have]
                if lost:
                    return f"its case '{case_id}' lists agency '{lost[0]}', the tools do not"
            elif now is None or fold(str(now)) != fold(value):
                return (f"its case '{case_id}' has {column.strip()} '{value}', the tools "
                        f"'{'' if now is None else now}'")
    return None


def plan_files(out: Path, contents: dict[str, str], info: dict,
                cases: list[dict]) -> tuple[dict[str, str], list[str], list[str]]:
    """Which files to write, which existing ones to keep, and the conflicts (with reasons).

    A file that exists with the same content is kept as it is. An existing ``audit.yaml``
    that describes the same audit is kept (with its comments and any extra keys); an
    existing ``cases.csv`` whose every case and value the merged cases keep is replaced
    (the tools were made from it). Any other existing file is a conflict.
    """
    write: dict[str, str] = {}
    keep: list[str] = []
    conflicts: list[str] = []
    for name, text in contents.items():
        target = out / name
        if not target.exists():
            write[name] = text
            continue
        if target.is_file() and target.read_bytes() == text.encode("utf-8"):
            keep.append(name)
            continue
        reason = "it has other content"
        if name == "audit.yaml" and target.is_file():
            try:
                existing = yaml.safe_load(target.read_text(encoding="utf-8-sig")) or {}
            except (yaml.YAMLError, UnicodeDecodeError):
                existing = None
            if isinstance(existing, dict):
                reason = _audit_differs(existing, info)
                if reason is None:
                    keep.append(name)
                    continue
        elif name == "cases.csv" and target.is_file():
            reason = _cases_differ(target, cases)
            if reason is None:
                write[name] = text
                continue
        write[name] = text
        conflicts.append(f"{name} ({reason})")
    return write, keep, conflicts



def write_files(out: Path, contents: dict[str, str], write: dict[str, str],
                 sources: dict[str, list[Row]], tools: list[Tool]) -> None:
    """Write ``write`` into ``out``, each file atomically, after the whole folder loads.

    Every file goes first to a hidden temporary folder inside ``out`` (with a copy of the
    files kept as they are), which must pass the package's own loader; each is then
    moved into place with ``os.replace``. On any failure nothing in ``out`` changes.
    """
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".ingest-{uuid.uuid4().hex[:8]}"
    try:
        tmp.mkdir()
        for name, text in contents.items():
            if name in write:
                (tmp / name).write_text(text, encoding="utf-8", newline="")
            else:
                shutil.copyfile(out / name, tmp / name)
        _check_loads(tmp, sources, tools)
        for name in write:
            os.replace(tmp / name, out / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if created:
            shutil.rmtree(out, ignore_errors=True)
        raise
    shutil.rmtree(tmp, ignore_errors=True)


def _check_loads(folder: Path, sources: dict[str, list[Row]], tools: list[Tool]) -> None:
    """The written folder must pass the package's own loader (when it is installed)."""
    try:
        from cscp_analysis.io.load import load_audit
    except ModuleNotFoundError as exc:  # the loader is not part of this build
        if exc.name != "cscp_analysis.io.load":
            raise
        return
    try:
        load_audit(folder)
    except AuditValidationError as exc:
        raise AuditValidationError([_located(p, sources, tools) for p in exc.problems]) from None

"""An audit's input: audit.yaml and its tables, from a folder of CSVs or one workbook.

Each table is read as text by :mod:`cscp_analysis.io.read` (a CSV, or a workbook sheet's
rows), so every later message can quote a value exactly as typed; ``validate.py``
judges the values. Input files are only ever read.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from cscp_analysis.contract.codes import fold
from cscp_analysis.contract.errors import Problem, unknown_key
from cscp_analysis.contract.tables import AUDIT_KEYS, AUDIT_TABLES
from cscp_analysis.contract.yaml_safe import parse_yaml
from cscp_analysis.io.read import RawTable, read_csv_bytes, read_input, table_from_rows
from cscp_analysis.io.workbook import open_workbook, sheet_rows

TABLE_FILES = tuple(AUDIT_TABLES)


def read_workbook(path: Path) -> tuple[dict, dict[str, RawTable], list[Problem]]:
    """Read the ``audit`` key/value sheet and every table sheet of an audit workbook
    (opened and read within the limits of ``io/workbook.py``)."""
    problems: list[Problem] = []
    wb = open_workbook(path)
    sheets = {fold(name): name for name in wb.sheetnames}
    tables: dict[str, RawTable] = {}
    meta: dict = {}
    try:
        if "audit" not in sheets:
            problems.append(Problem(path.name, sheet="audit", message="required sheet is missing"))
        else:
            for number, row in enumerate(sheet_rows(wb[sheets["audit"]], path.name)[1:], 2):
                cells = (row + ["", ""])[:2]
                if cells[0].strip() in meta:
                    problems.append(Problem(path.name, sheet="audit", row=number,
                                            column="key", value=cells[0].strip(),
                                            message=f"key '{cells[0].strip()}' is given twice: "
                                            "keep one"))
                elif cells[0].strip():
                    meta[cells[0].strip()] = cells[1].strip()
                if cells[0].strip() and cells[0].strip() not in AUDIT_KEYS:
                    problems.append(replace(unknown_key(path.name, cells[0].strip(), AUDIT_KEYS,
                                                        number), sheet="audit"))
        for name in TABLE_FILES:
            if fold(name) not in sheets:
                continue
            frame, found = table_from_rows(sheet_rows(wb[sheets[fold(name)]], path.name),
                                           path.name, sheet=name)
            problems += found
            if frame is not None:
                tables[name] = RawTable(name, path.name, frame, sheet=name)
    finally:
        wb.close()
    return meta, tables, problems


def read_folder(path: Path) -> tuple[dict, dict[str, RawTable], list[Problem], dict[str, str]]:
    """Read audit.yaml and the CSV tables of an audit folder."""
    problems: list[Problem] = []
    inputs: dict[str, str] = {}
    meta: dict = {}
    yaml_path = path / "audit.yaml"
    data, refused = read_input(yaml_path, "audit.yaml") if (
        yaml_path.exists() or yaml_path.is_symlink()) else (None, [])
    if not yaml_path.exists() and not refused:
        problems.append(Problem("audit.yaml", message="required file is missing"))
    problems += refused
    if data is not None:
        inputs["audit.yaml"] = hashlib.sha256(data).hexdigest()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem("audit.yaml", message="the file is not UTF-8 text"))
            text = None
        doc, found = (None, []) if text is None else parse_yaml(
            text, "audit.yaml", "{problem} (expected key: value lines, e.g. 'theme: cse')")
        problems += found
        if doc is not None:
            meta = doc.data or {}
            if not isinstance(meta, dict):
                problems.append(Problem("audit.yaml", message="expected key: value lines, "
                                        "e.g. 'theme: cse'"))
                meta = {}
            problems += [unknown_key("audit.yaml", k, AUDIT_KEYS, doc.line((k,)))
                         for k in meta if k not in AUDIT_KEYS]
    tables: dict[str, RawTable] = {}
    for name in TABLE_FILES:
        file = path / f"{name}.csv"
        if not file.exists() and not file.is_symlink():
            continue
        data, found = read_input(file, file.name)
        if data is not None:
            inputs[file.name] = hashlib.sha256(data).hexdigest()
            frame, found = read_csv_bytes(data, file.name)
            del data
            if frame is not None:
                tables[name] = RawTable(name, file.name, frame)
        problems += found
    return meta, tables, problems, inputs

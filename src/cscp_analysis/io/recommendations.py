"""Reading and checking the partnership's recommendations log (data-contract section 8).

``recommendations.csv`` (or a workbook's ``recommendations`` sheet) spans audits. Its
columns are declared in ``contract/tables.py``; every problem is located like an
audit's (file, row, column, value). What the log says (overdue, loop closed) is worked
out in :mod:`cscp_analysis.analysis.recommendations`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cscp_analysis.contract.codes import REC_STATUSES, canonical_map
from cscp_analysis.contract.dates import parse_dates
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.contract.tables import AUDIT_ID, DATE, RECOMMENDATIONS
from cscp_analysis.io.read import RawTable, read_csv_text, sha256, table_from_rows
from cscp_analysis.io.validate import check_table
from cscp_analysis.io.workbook import open_workbook, sheet_rows


def _read_raw(path: Path) -> RawTable:
    """Every cell as text (blank = ""), indexed by spreadsheet row (header = row 1)."""
    sheet = None
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        wb = open_workbook(path)
        try:
            sheet = "recommendations" if "recommendations" in wb.sheetnames else wb.sheetnames[0]
            frame, problems = table_from_rows(sheet_rows(wb[sheet], path.name), path.name,
                                              sheet=sheet)
        finally:
            wb.close()
    else:
        frame, problems = read_csv_text(path, path.name)
    if problems:
        raise AuditValidationError(problems)
    return RawTable("recommendations", path.name, frame, sheet)


def load_recommendations(path: str | Path) -> pd.DataFrame:
    """Read and validate ``recommendations.csv`` (or a workbook's ``recommendations`` sheet).

    Every problem is collected and raised together as an
    :class:`~cscp_analysis.contract.errors.AuditValidationError` naming file, row (header =
    row 1), column, value and what was expected. Checks beyond the column rules of
    the declaration: ``rec_id`` unique (ignoring case),
    ``audit_id`` of the form ``[a-z0-9-]``, and ``due_by`` / ``fed_back_on`` not
    before ``agreed_on``.

    Returns
    -------
    DataFrame with the contract's columns (text trimmed, ``status`` canonical,
    ``audit_id`` lower case, dates as ``datetime64[ns]``, blank ``finding_area``
    <NA>, blank dates NaT), any extra columns untouched, and ``row``.
    """
    path = Path(path)
    if not path.exists() and not path.is_symlink():  # (a broken link, a folder: located)
        raise FileNotFoundError(
            f"{path} does not exist: expected the recommendations log, a recommendations.csv "
            "(or an .xlsx workbook with a recommendations sheet; data contract section 8)")
    raw = _read_raw(path)
    problems = check_table(raw, RECOMMENDATIONS)
    if any(p.row == 1 for p in problems):  # required columns missing: nothing else to check
        raise AuditValidationError(problems)
    frame = raw.frame.copy()
    for column in RECOMMENDATIONS.names:
        if column not in frame.columns:
            frame[column] = ""
    table = frame.copy()
    for column in table.columns:
        table[column] = table[column].astype("str").str.strip()
    table["audit_id"] = table["audit_id"].str.lower()
    statuses = canonical_map(REC_STATUSES)
    table["status"] = table["status"].str.casefold().map(statuses).astype("str")
    for column in RECOMMENDATIONS.of_kind(DATE):
        table[column] = parse_dates(table[column], time_ok=False)[0]
    for row, audit_id in table["audit_id"].items():
        if audit_id and not AUDIT_ID.fullmatch(audit_id):
            value = frame.at[row, "audit_id"]
            problems.append(raw.problem(row=int(row), column="audit_id", value=value,
                                        message=f"'{value}' is not an audit id "
                                        "(letters, digits and '-' only)"))
    seen: dict[str, int] = {}
    for row, rec_id in table["rec_id"].items():
        if not rec_id:
            continue
        key = rec_id.casefold()
        if key in seen:
            problems.append(raw.problem(row=int(row), column="rec_id", value=rec_id,
                                        message=f"'{rec_id}' appears twice (also row "
                                        f"{seen[key]})"))
        else:
            seen[key] = int(row)
    for column in ("due_by", "fed_back_on"):
        before = (table[column] < table["agreed_on"]).fillna(False)
        for row in before[before].index:
            problems.append(raw.problem(
                row=int(row), column=column, value=frame.at[row, column],
                message=f"{table.at[row, column]:%Y-%m-%d} is before agreed_on "
                f"{table.at[row, 'agreed_on']:%Y-%m-%d}"))
    if problems:
        raise AuditValidationError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    table["finding_area"] = table["finding_area"].replace("", pd.NA)
    table["row"] = table.index.to_numpy().astype("int64")
    table = table.reset_index(drop=True)
    table.attrs["inputs"] = {Path(path).name: sha256(Path(path))}
    return table


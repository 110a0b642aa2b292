"""Opening an .xlsx workbook safely, and reading its sheets as the text an analyst sees.

Audit workbooks (``io/audit_input.py``), recommendations logs (``io/recommendations.py``) and
returned audit tools (``capture/tool.py``) are all opened here, so a file that is not
a workbook, or one built to exhaust the machine, is a located problem naming the file
and the limit, never a traceback:

- only a regular file is opened (not a folder, a device or a pipe), of at most
  :data:`MAX_FILE_BYTES`;
- it must be a zip archive (an .xlsx is one): an empty file, or text saved under an
  .xlsx name, is refused before openpyxl sees it;
- the sizes its parts *declare* unpacked are added up before anything is unpacked: at
  most :data:`MAX_UNPACKED_BYTES` (:data:`MAX_TOOL_UNPACKED_BYTES` for a tool, which is
  held whole in memory). Python's zip reader never unpacks more than a part declares,
  so a "zip bomb" of a few megabytes that unpacks to gigabytes stops here;
- a sheet may use at most :data:`MAX_COLUMNS` columns and :data:`MAX_CELLS` cells
  (rows x columns of the range it uses; :data:`MAX_TOOL_CELLS` for a tool), checked on
  the range the sheet declares and again while its rows are read, so a 10 KB file whose
  one cell is at XFD1048576 is refused at once.
"""

from __future__ import annotations

import datetime as dt
import io
import stat
import zipfile
from pathlib import Path

from cscp_analysis.contract.errors import AuditValidationError, Problem

MAX_FILE_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 200_000_000
MAX_TOOL_UNPACKED_BYTES = 20_000_000
MAX_COLUMNS = 100
MAX_CELLS = 20_000_000
MAX_TOOL_CELLS = 1_000_000


def _refuse(label: str, message: str) -> AuditValidationError:
    return AuditValidationError([Problem(label, message=message)])


def _mb(n: int) -> str:
    return f"{n / 1_000_000:,.0f} MB"


def open_workbook(path: Path, label: str | None = None, tool: bool = False):
    """Open a workbook for reading once its file has passed the checks above.

    ``tool`` opens it whole (cells, merged ranges), as ingest needs; otherwise it is
    read-only, streamed row by row. The caller closes it.

    Raises
    ------
    AuditValidationError
        One problem naming the file (``label``, default its name) and what is wrong.
    """
    from openpyxl import load_workbook

    path = Path(path)
    label = path.name if label is None else label
    try:
        info = path.stat()
    except OSError as exc:
        raise _refuse(label, f"cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(label, "is not a regular file (a folder, device or pipe cannot be read "
                      "as a workbook)")
    if info.st_size == 0:
        raise _refuse(label, "the file is empty (expected an .xlsx workbook)")
    if info.st_size > MAX_FILE_BYTES:
        raise _refuse(label, f"the file is larger than {_mb(MAX_FILE_BYTES)} (the limit for "
                      "a workbook)")
    limit = MAX_TOOL_UNPACKED_BYTES if tool else MAX_UNPACKED_BYTES
    with path.open("rb") as f:  # read once: what is checked is what openpyxl opens
        data = io.BytesIO(f.read(MAX_FILE_BYTES + 1))
    if not zipfile.is_zipfile(data):
        raise _refuse(label, "is not an .xlsx workbook (it is not a zip archive: save it "
                      "from Excel as 'Excel Workbook (.xlsx)')")
    try:
        with zipfile.ZipFile(data) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(label, f"cannot be read as an .xlsx workbook ({exc})") from None
    if unpacked > limit:
        raise _refuse(label, f"unpacks to {_mb(unpacked)}, more than the limit of "
                      f"{_mb(limit)} for a workbook")
    data.seek(0)
    try:
        return load_workbook(data, read_only=not tool, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a broken workbook
        raise _refuse(label, f"cannot be read as an .xlsx workbook "
                      f"({type(exc).__name__}: {exc})") from None


def _range_problem(rows: int, columns: int, tool: bool) -> str | None:
    """Why a sheet using ``rows`` x ``columns`` cannot be read (None: it can)."""
    from openpyxl.utils import get_column_letter

    cells = MAX_TOOL_CELLS if tool else MAX_CELLS
    if columns > MAX_COLUMNS:
        return (f"uses column {get_column_letter(columns)}, beyond the limit of {MAX_COLUMNS} "
                f"columns (A to {get_column_letter(MAX_COLUMNS)}); clear the cells beyond it")
    if rows * columns > cells:
        return (f"uses {rows:,} rows x {columns:,} columns, more than the limit of {cells:,} "
                "cells; clear the rows below the data")
    return None


def check_sheet_size(ws, label: str, tool: bool = False) -> None:
    """Refuse a sheet whose used range is beyond the limits (``AuditValidationError``)."""
    problem = _range_problem(ws.max_row or 0, ws.max_column or 0, tool)
    if problem:
        raise AuditValidationError([Problem(label, sheet=ws.title, message=problem)])


def cell_text(cell) -> str:
    """The text an analyst sees in a workbook cell, in the same form a CSV would hold."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        shows_time = any(ch in (cell.number_format or "").lower() for ch in ("h", "s"))
        if value.time() == dt.time(0, 0) and not shows_time:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_rows(ws, label: str) -> list[list[str]]:
    """Every row of a read-only worksheet as the text an analyst sees (``cell_text``).

    The range the sheet declares is checked first; then it is set aside (a sheet may
    declare less than it holds) and each row is read as far as its last cell, the
    limits counted as the rows come.
    """
    check_sheet_size(ws, label)
    ws.reset_dimensions()
    rows: list[list[str]] = []
    cells = 0
    for number, row in enumerate(ws.iter_rows(), start=1):
        cells += len(row)
        if len(row) > MAX_COLUMNS:
            problem = _range_problem(number, len(row), tool=False)
        elif cells > MAX_CELLS:
            problem = f"holds more than the limit of {MAX_CELLS:,} cells"
        else:
            rows.append([cell_text(c) for c in row])
            continue
        raise AuditValidationError([Problem(label, sheet=ws.title, message=problem)])
    return rows

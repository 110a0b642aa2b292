"""Reading input files as text tables: a CSV, or the rows of a workbook's sheet.

Every cell is read as the text the analyst sees (blank = ``""``) into a
:class:`RawTable` indexed by the spreadsheet row number (header = row 1), so that every
later message can quote a value exactly as typed and point at its row. Nothing here
judges the values: that is ``validate.py``. Input files are only ever read.

A CSV is read by pyarrow's columnar reader, every column as text, when the file is
plain (a header without quotes, every row as wide as the header, UTF-8); anything else
(blank lines, ragged rows, text that is not UTF-8) is read by Python's ``csv`` module,
which gives the same cells and locates what is wrong. Only ordinary files are read
(never a pipe, a device or a link to nothing), a file may be at most
:data:`MAX_INPUT_BYTES` long and a cell at most :data:`MAX_CELL_CHARS` characters: each
is a located problem naming the file and the limit.
"""

from __future__ import annotations

import codecs
import csv
import errno
import hashlib
import io
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cscp_analysis.contract.cells import Cells
from cscp_analysis.contract.codes import fold
from cscp_analysis.contract.errors import Problem

FIRST_DATA_ROW = 2  # the header is row 1 in a spreadsheet
#: The largest input file read (a national extract of a million episodes is about 80 MB).
MAX_INPUT_BYTES = 256 * 2**20
#: The most characters a cell may hold: Excel's own limit for a cell.
MAX_CELL_CHARS = 32_767

#: What an input that is not an ordinary file is, by its file type.
_NOT_A_FILE = {stat.S_IFIFO: "a named pipe",
               stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket"}
NOT_A_FILE = "is {what}, not an ordinary file (only ordinary files are read)"
DANGLING_LINK = "is a link to {target}, which does not exist"
TOO_LARGE = ("is larger than {limit} MB, the most an input file may be (split it, or "
             "remove columns the contract does not use)")
CELL_TOO_LONG = ("this cell holds {n:,} characters, more than the {limit:,} a cell may hold "
                 "(Excel's own limit)")
NOT_UTF8 = ("the file is not UTF-8 text (this row has a character that cannot be read); "
            "in Excel use Save As > 'CSV UTF-8 (Comma delimited)'")


@dataclass
class RawTable:
    """One input table as typed: every cell text, blank = ""."""

    name: str  # cases, judgements, ...
    file: str  # how problems name it: "cases.csv", or the workbook's name
    frame: pd.DataFrame  # index = the spreadsheet row number
    sheet: str | None = None  # the sheet, for a workbook
    #: column letter of each column, for a sheet whose problems name cells (an Excel tool)
    letters: dict[str, str] | None = None
    #: each column's derived forms (trimmed, folded, dates), computed once when first read
    _cells: dict[str, Cells] = field(default_factory=dict, init=False, repr=False,
                                     compare=False)

    def problem(self, row: int | None = None, column: str | None = None,
                value: str | None = None, message: str = "") -> Problem:
        """A problem located in this table: by row and column, or by cell."""
        if self.letters is not None and row is not None and column in self.letters:
            return Problem(self.file, sheet=self.sheet, row=row, value=value, message=message,
                           cell=f"{self.letters[column]}{row}")
        return Problem(self.file, sheet=self.sheet, row=row, column=column, value=value,
                       message=message)

    def cells(self, column: str) -> Cells:
        """A column's :class:`~cscp_analysis.contract.cells.Cells` (blanks if it is absent)."""
        if column not in self._cells:
            self._cells[column] = Cells(column_or_blank(self.frame, column))
        return self._cells[column]


def column_or_blank(frame: pd.DataFrame, column: str) -> pd.Series:
    """A raw column, or blanks where the table does not have it (an optional column)."""
    if column in frame:
        return frame[column]
    return pd.Series("", index=frame.index, dtype="str")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_input(path: Path, label: str, limit: int = MAX_INPUT_BYTES
               ) -> tuple[bytes | None, list[Problem]]:
    """The bytes of an input file, or the problem that stops it being read.

    Only an ordinary file (or a link to one) is read: a named pipe would wait for ever
    and a device never ends. A file over ``limit`` bytes is refused before it is read.
    The file is opened without waiting and its type taken from the open file itself.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if path.is_symlink():
            return None, [Problem(label, message=DANGLING_LINK.format(
                target=os.readlink(path)))]
        raise
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):  # an error line, as for any file that cannot be read
        os.close(fd)
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(info.st_mode):
            what = _NOT_A_FILE.get(stat.S_IFMT(info.st_mode), "not a file")
            return None, [Problem(label, message=NOT_A_FILE.format(what=what))]
        too_large = [Problem(label, message=TOO_LARGE.format(limit=limit // 2**20))]
        if info.st_size > limit:
            return None, too_large
        data = f.read(info.st_size + 1)  # (asking for more would reserve the memory)
        if len(data) > info.st_size:  # it grew while being read
            data += f.read(limit + 1 - len(data))
    return (None, too_large) if len(data) > limit else (data, [])


def column_letter(number: int) -> str:
    """The spreadsheet letters of a 1-based column number (1 = A, 27 = AA)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def named_columns(header: list[str], has_values: Callable[[int], bool], file: str,
                  sheet: str | None = None) -> tuple[list[int], list[Problem]]:
    """The positions of the columns to keep, and the header's problems.

    A column with neither a name nor a value is dropped (Excel often saves a few); one
    with values but no name, and a name used twice (ignoring case), are problems.
    """
    problems: list[Problem] = []
    keep, seen = [], {}
    for i, name in enumerate(header):
        letter = column_letter(i + 1)
        if not name:
            if has_values(i):
                problems.append(Problem(file, sheet=sheet, row=1, column=letter,
                                        message="this column has values but no name"))
            continue
        if fold(name) in seen:
            problems.append(Problem(file, sheet=sheet, row=1, column=name, value=name,
                                    message=f"'{name}' names two columns "
                                    f"({seen[fold(name)]} and {letter})"))
            continue
        seen[fold(name)] = letter
        keep.append(i)
    return keep, problems


def _without_blank_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without its wholly blank rows (their numbers still count)."""
    if not len(frame.columns):
        return frame
    blank = np.arange(len(frame))  # rows blank in every column so far
    for column in frame.columns:  # most rows are ruled out by the first column
        if not len(blank):
            return frame
        values = frame[column] if len(blank) == len(frame) else frame[column].iloc[blank]
        blank = blank[(values.str.strip() == "").to_numpy(dtype=bool)]
    if not len(blank):
        return frame
    keep = np.ones(len(frame), dtype=bool)
    keep[blank] = False
    return frame[keep]


def table_from_rows(
    rows: list[list[str]], file: str, sheet: str | None = None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A text frame indexed by spreadsheet row from a header row and data rows.

    Wholly blank rows are dropped (their numbers still count), and so are columns with
    neither a name nor a value (Excel often saves a few). A header that repeats a name,
    a column with values but no name, and a row with more values than the header has
    names are located problems: nothing typed is silently lost.
    """
    problems: list[Problem] = []
    if not rows or not any(h.strip() for h in rows[0]):
        what = "sheet" if sheet else "file"
        return None, [Problem(file, sheet=sheet,
                              message=f"the {what} is empty (expected a header row)")]
    header = [h.strip() for h in rows[0]]
    width = len(header)
    data = [(r + [""] * width)[:width] for r in rows[1:]]
    for number, r in enumerate(rows[1:], start=FIRST_DATA_ROW):
        extra = [v for v in r[width:] if v.strip()]
        if extra:
            problems.append(Problem(file, sheet=sheet, row=number, value=extra[0],
                                    message=f"'{extra[0]}' is beyond the last named column "
                                    f"({column_letter(width)}): give the column a name"))
    keep, found = named_columns(header, lambda i: any(r[i].strip() for r in data), file, sheet)
    problems += found
    index = range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(data))
    frame = pd.DataFrame([[r[i] for i in keep] for r in data], columns=[header[i] for i in keep],
                         index=index, dtype="str")
    return _without_blank_rows(frame), problems


def _arrow_table(data: bytes, file: str) -> tuple[pd.DataFrame | None, list[Problem]] | None:
    """A plain CSV read by pyarrow, every column as text; None when the file is not plain.

    Plain: a header line without quotes, every row exactly as wide as the header and
    UTF-8 text. pyarrow refuses anything else, and then :func:`read_csv_bytes` reads
    the file with Python's ``csv`` module, which gives the same cells.
    """
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    end = data.find(b"\n", start)
    line = data[start:end if end >= 0 else len(data)].removesuffix(b"\r")
    if b'"' in line or b"\r" in line:
        return None
    try:
        header = [h.strip() for h in line.decode("utf-8").split(",")]
    except UnicodeDecodeError:
        return None
    if not any(header):
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(data).slice(start),
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, use_threads=False),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.large_string()),
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid:
        return None
    index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + table.num_rows)

    def has_values(i: int) -> bool:
        column = table.column(i).to_pandas()
        return bool((column.str.strip() != "").any())

    keep, problems = named_columns(header, has_values, file)
    frame = pd.DataFrame({header[i]: table.column(i).to_pandas().set_axis(index)
                          for i in keep}, index=index)
    return _without_blank_rows(frame), problems


def _long_cells(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Cells longer than :data:`MAX_CELL_CHARS`, each a located problem."""
    import pyarrow as pa
    import pyarrow.compute as pc

    problems = []
    for column in frame.columns:
        # a cell has no more characters than bytes: only a long one is measured
        if (pc.max(pc.binary_length(pa.array(frame[column]))).as_py() or 0) <= MAX_CELL_CHARS:
            continue
        lengths = frame[column].str.len()
        for row, n in lengths[lengths > MAX_CELL_CHARS].items():
            problems.append(Problem(file, row=int(row), column=column, message=CELL_TOO_LONG
                                    .format(n=int(n), limit=MAX_CELL_CHARS)))
    return problems


def use_system_allocator() -> None:
    """Have pyarrow (and so pandas' text columns) allocate with the C library's malloc.

    pyarrow's own default allocator (mimalloc) hands freed memory back to the system at
    once, so every new column of a million rows is paged in again: loading and
    summarising a million episodes spent a third of its CPU time in the kernel for it
    (benchmarks/bench_end_to_end.py). An allocator the user chose with
    ``ARROW_DEFAULT_MEMORY_POOL`` is kept.
    """
    import pyarrow as pa

    if not os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        pa.set_memory_pool(pa.system_memory_pool())


def read_csv_bytes(data: bytes, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A CSV's bytes as a text frame; a UTF-8 byte-order mark (Excel "CSV UTF-8") is accepted."""
    use_system_allocator()
    fast = _arrow_table(data, label)
    if fast is not None:
        frame, problems = fast
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return None, [Problem(label, row=data[: exc.start].count(b"\n") + 1,
                                  message=NOT_UTF8)]
        limit = csv.field_size_limit(MAX_INPUT_BYTES)  # cells are measured below
        try:
            frame, problems = table_from_rows(list(csv.reader(io.StringIO(text, newline=""))),
                                              label)
        finally:
            csv.field_size_limit(limit)
    if frame is None:
        return None, problems
    long_cells = _long_cells(frame, label)
    return (None, long_cells) if long_cells else (frame, problems)


def read_csv_text(path: Path, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV file as text (see :func:`read_input` for what is refused)."""
    data, problems = read_input(path, label)
    return (None, problems) if data is None else read_csv_bytes(data, label)

"""Located input problems (data-contract section 9).

Every problem names the file (and sheet), the row as the analyst sees it in a
spreadsheet (header = row 1), the column, the bad value and what was expected. A
character that does not print (a control character, a right-to-left mark) is shown
escaped (``\u202e``), so a message reads as it is and cannot steer the terminal.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located for the analyst."""

    file: str
    row: int | None = None
    column: str | None = None
    value: str | None = None  # the bad value as the analyst typed it
    message: str = ""  # the whole phrase, value included: "'19' is out of range (0–18)"
    sheet: str | None = None
    cell: str | None = None  # e.g. "D14", for workbooks read cell by cell

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f" sheet {self.sheet}"
        if self.cell:
            where += f" cell {self.cell}"
        elif self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return printable(f"{where}: {self.message}")


def unknown_key(where: str, key: str, known: Sequence[str], line: int | None,
                prefix: str = "") -> Problem:
    """An unknown key, with the nearest known key suggested when one is close."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f": did you mean {prefix}{close[0]}?" if close else ""
    return Problem(where, row=line, column=f"{prefix}{key}", value=key,
                   message=f"unknown key '{prefix}{key}'{hint} (expected one of "
                   f"{', '.join(prefix + k for k in known)})")


def printable(text: str) -> str:
    """``text`` with every character that does not print written as its escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in text)


class AuditValidationError(ValueError):
    """Raised with every problem found in an audit's input, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) found")

    def __str__(self) -> str:
        """Every problem, a line each: written only when asked for (the command line
        prints the first thousand itself; joining 300,000 messages cost 15 s)."""
        lines = "\n".join(str(p) for p in self.problems)
        return f"{len(self.problems)} problem(s) found:\n{lines}"

"""Names that become folder and file names, or that a person reads back: checked once.

Audit ids and cycle names name output folders and files, so they may use only
``a-z``, ``0-9`` and ``-`` (cycle names also ``_`` and ``.``) and at most
:data:`MAX_ID_LENGTH` characters (a file system refuses a name over 255 bytes, and a
report's path holds several); theme ids follow the same rule where the batch uses them
(``batch/jobs.py``). Any id (case ids too) that holds a hidden character (a control
character such as NUL, a right-to-left mark, a zero-width space) is refused: it would
look like another id, or reorder the text it is printed in.
"""

from __future__ import annotations

from cscp_analysis.contract.tables import AUDIT_ID

MAX_ID_LENGTH = 64


def hidden_character(text: str) -> str | None:
    """The first character of ``text`` that does not print (U+202E, U+0000, ...), if any."""
    return next((c for c in text if not c.isprintable()), None)


def code_point(char: str) -> str:
    """``U+202E``: how a hidden character is named in a message."""
    return f"U+{ord(char):04X}"


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an audit id (None: it can)."""
    hidden = hidden_character(value)
    if hidden is not None:
        return (f"'{value}' holds the hidden character {code_point(hidden)}: an id may use "
                "only a-z, 0-9 and - (it names output folders)")
    if len(value) > MAX_ID_LENGTH:
        return (f"'{value[:MAX_ID_LENGTH]}…' is {len(value)} characters long: an id may have "
                f"at most {MAX_ID_LENGTH} (it names output folders)")
    if not AUDIT_ID.fullmatch(value):
        return f"'{value}' may use only a-z, 0-9 and - (it names output folders)"
    return None

"""Free text that must name no case: finding the audit's case ids inside it.

The panel's learning (``learning.csv``, data-contract section 5a) is written for
publication, so a case id typed into it is refused. A case id counts where it stands
as a word of its own (not inside a longer word: ``C03`` is found in ``C03's plan`` and
``(C03)``, not in ``NC03`` or ``C030``), ignoring case. The search runs over the whole
column at once with RE2 (pyarrow's regular expressions: linear in the text whatever
the number of ids), never a Python call per row.

The problem names the case id found, which is already in ``cases.csv``, and never the
text: whatever else in it identifies the child must not be copied into messages, logs
or the located error's ``value``.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from cscp_analysis.contract.codes import fold
from cscp_analysis.contract.errors import Problem
from cscp_analysis.io.read import RawTable

#: What the analyst is told; ``{case}`` is the case id found (never the text itself).
NAMES_A_CASE = ("contains case id '{case}': the panel's learning is published, so its text "
                "must be de-identified (write about the child without the case id)")
#: Case ids searched for in one regular expression (RE2 limits a pattern's memory).
IDS_PER_PATTERN = 500
#: A character that cannot continue a word: neither a letter, a digit nor ``_``.
_NOT_WORD = r"[^\pL\pN_]"


def _literal(text: str) -> str:
    """``text`` as an RE2 pattern matching exactly it (letters and digits kept, every
    other character written by its code point)."""
    return "".join(ch if ch.isascii() and ch.isalnum() else f"\\x{{{ord(ch):x}}}"
                   for ch in text)


def first_case_id(text: pd.Series, case_ids: list[str]) -> pd.Series:
    """The first of ``case_ids`` each text holds as a word, as typed there (<NA>: none).

    Case is ignored; a blank or <NA> text holds none.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pa.array(text.astype("str"), type=pa.large_string())
    found = pa.nulls(len(values), type=pa.large_string())
    ids = sorted({c for c in case_ids if c}, key=lambda c: (-len(c), c))
    for start in range(0, len(ids), IDS_PER_PATTERN):
        alternatives = "|".join(_literal(c) for c in ids[start:start + IDS_PER_PATTERN])
        pattern = f"(?i)(?:^|{_NOT_WORD})(?P<id>{alternatives})(?:{_NOT_WORD}|$)"
        matched = pc.struct_field(pc.extract_regex(values, pattern), [0])
        found = pc.coalesce(found, matched)
    return pd.Series(found.to_pandas().to_numpy(), index=text.index, dtype="str")


def case_ids_in_text(table: RawTable, column: str,
                     case_keys: Mapping[str, str]) -> list[Problem]:
    """A located problem for each row whose ``column`` holds a case id of the audit.

    ``case_keys`` maps each case id's folded form to its spelling in ``cases.csv``; the
    problem names that spelling and the row and column, never the text.
    """
    if column not in table.frame or not case_keys:
        return []
    found = first_case_id(table.cells(column).raw, list(case_keys.values())).dropna()
    problems = []
    for row, typed in found.items():
        case = case_keys.get(fold(typed), typed)
        problems.append(table.problem(row=int(row), column=column, value=case,
                                      message=NAMES_A_CASE.format(case=case)))
    return problems

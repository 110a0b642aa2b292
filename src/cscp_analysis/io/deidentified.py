"""Free text that must name no case: finding the audit's case ids inside it.

The panel's learning (``learning.csv``, data-contract section 5a) is written for
publication, so a case id typed into it is refused. A case id counts where it stands
as a word of its own (not inside a longer word: ``C03`` is found in ``C03's plan`` and
``(C03)``, not in ``NC03`` or ``C030``), ignoring case. The search runs over the whole
column at once with pyarrow (its words looked up in a hash set, and RE2 regular
expressions for ids holding other characters), never a Python call per row.

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
#: A character of a word (a letter, a digit or ``_``), and one that is not.
_WORD, _NOT_WORD = r"[\pL\pN_]", r"[^\pL\pN_]"


def _literal(text: str) -> str:
    """``text`` as an RE2 pattern matching exactly it (letters and digits kept, every
    other character written by its code point)."""
    return "".join(ch if ch.isascii() and ch.isalnum() else f"\\x{{{ord(ch):x}}}"
                   for ch in text)


def _as_words(values, ids: list[str]):
    """Where each text holds one of ``ids`` (all of word characters only) as a whole word:
    the words of every text, split at every other character, looked up in one hash set
    (lower case). The first such word of each text, as typed (null: none)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    words = pc.split_pattern_regex(values, _NOT_WORD + "+")
    flat = pc.list_flatten(words)
    hit = pc.is_in(pc.utf8_lower(flat), value_set=pa.array([c.lower() for c in ids],
                                                           type=pa.large_string()))
    at = np.flatnonzero(hit.to_numpy(zero_copy_only=False))
    rows = pc.list_parent_indices(words).to_numpy()[at]
    rows, first = np.unique(rows, return_index=True)  # the first hit of each text
    found = np.full(len(values), None, dtype=object)
    found[rows] = flat.take(pa.array(at[first])).to_numpy(zero_copy_only=False)
    return pa.array(found, type=pa.large_string())


def _as_seen(values):
    """The text as a reader sees it: compatibility forms folded (NFKC: a full-width
    ``Ｃ０３`` is ``C03``) and invisible format characters dropped (a zero-width space
    or a direction mark typed or pasted inside ``C03`` does not hide it)."""
    import pyarrow.compute as pc

    return pc.replace_substring_regex(pc.utf8_normalize(values, form="NFKC"),
                                      pattern=r"\p{Cf}", replacement="")


def first_case_id(text: pd.Series, case_ids: list[str]) -> pd.Series:
    """A case id each text holds as a word, as typed there (<NA>: none); case is ignored.

    The ids are searched for with RE2, :data:`IDS_PER_PATTERN` to a pattern. When there
    are more ids of word characters only (``C03``, ``N12``: nearly every id) than one
    pattern holds, those are looked up word by word instead, in one pass whatever their
    number, and only the others (``C-7``) by RE2. Where a text holds several, the first
    found is given.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    values = _as_seen(pa.array(text.astype("str"), type=pa.large_string()))
    ids = sorted({c for c in case_ids if c}, key=lambda c: (-len(c), c))
    plain = pc.match_substring_regex(pa.array(ids, type=pa.large_string()),
                                     f"^{_WORD}+$").to_pylist()
    words = [c for c, simple in zip(ids, plain, strict=True) if simple]
    found = pa.nulls(len(values), pa.large_string())
    others = ids
    if len(words) > IDS_PER_PATTERN:  # (one RE2 pattern is quicker for a few ids)
        found = _as_words(values, words)
        others = [c for c, simple in zip(ids, plain, strict=True) if not simple]
    for start in range(0, len(others), IDS_PER_PATTERN):
        alternatives = "|".join(_literal(c) for c in others[start:start + IDS_PER_PATTERN])
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
    return [table.problem(row=int(row), column=column, value=case,
                          message=NAMES_A_CASE.format(case=case))
            for row, case in cases_named(table.cells(column).raw, case_keys).items()]


def cases_named(text: pd.Series, case_keys: Mapping[str, str]) -> pd.Series:
    """The case id each text names, spelt as in ``cases.csv``, for the texts naming one.

    ``case_keys`` maps each case id's folded form to that spelling; the index is
    ``text``'s. The one search both the loader and ``cscp-analysis ingest`` (before it
    writes anything) run over the panel's learning.
    """
    if not case_keys:
        return pd.Series([], dtype="str")
    found = first_case_id(text, list(case_keys.values())).dropna()
    return found.map(lambda typed: case_keys.get(fold(typed), typed)).astype("str")

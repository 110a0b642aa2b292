"""Disclosure control for tables meant for publication (off by default).

With ``suppress_below = k`` every count from 1 to k-1 is replaced by the marker
``"<k"`` (e.g. ``"<5"``: "fewer than 5"). Zero is shown unless ``suppress_zero`` is set.
Within a row, when a total is shown and exactly one of its parts was hidden, the
smallest other part is hidden too (marker ``"*"``: hidden to protect another cell), so
the small count cannot be worked back from the total. Any rate or interval derived from
a hidden count is shown as ``"*"`` as well. The internal Business Group report uses no
suppression (``suppress_below = None``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .findings import OUTCOMES, RATED

#: Marks a cell hidden only to protect another (secondary suppression) or derived from one.
SECONDARY_MARKER = "*"


def suppression_marker(suppress_below: int) -> str:
    """The text shown in place of a hidden count: ``"<5"`` for ``suppress_below = 5``."""
    return f"<{suppress_below}"


def _is_small(values: pd.Series, suppress_below: int, suppress_zero: bool) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    low = 0 if suppress_zero else 1
    return (numbers >= low) & (numbers < suppress_below)


def suppress(
    table: pd.DataFrame,
    suppress_below: int | None,
    counts: Sequence[str],
    totals: Mapping[str, Sequence[str]] | None = None,
    derived: Mapping[str, Sequence[str]] | None = None,
    suppress_zero: bool = False,
) -> pd.DataFrame:
    """A copy of ``table`` with small counts, and what could reveal them, replaced by a marker.

    Parameters
    ----------
    table
        Any count table (one row per category, question, area ...).
    suppress_below
        Hide counts below this (``None`` or 1 or less: return the table unchanged).
    counts
        The count columns to check.
    totals
        ``{total_column: part_columns}``: rows where exactly one part is hidden also
        hide the smallest other part (secondary suppression).
    derived
        ``{column: source_columns}``: hide ``column`` wherever any source is hidden
        (rates and interval bounds).
    suppress_zero
        Hide zero counts too.
    """
    if suppress_below is None or suppress_below <= 1:
        return table.copy()
    hidden = pd.DataFrame(False, index=table.index, columns=list(table.columns))
    for column in counts:
        hidden[column] = _is_small(table[column], suppress_below, suppress_zero)
    small = hidden.copy()
    for total, parts in (totals or {}).items():
        parts = list(parts)
        for index in table.index:
            if hidden.at[index, total]:
                continue
            hidden_parts = [p for p in parts if hidden.at[index, p]]
            if len(hidden_parts) == 1:
                others = [p for p in parts if not hidden.at[index, p]]
                if others:
                    smallest = min(others, key=lambda p: table.at[index, p])
                    hidden.at[index, smallest] = True
    for column, sources in (derived or {}).items():
        hidden[column] = hidden[list(sources)].any(axis=1)
    out = table.copy()
    marker = suppression_marker(suppress_below)
    for column in hidden.columns:
        if hidden[column].any():
            values = out[column].astype(object).where(~hidden[column], SECONDARY_MARKER)
            out[column] = values.where(~small[column], marker)
    return out


def suppress_findings(
    results: pd.DataFrame, suppress_below: int | None, suppress_zero: bool = False
) -> pd.DataFrame:
    """Disclosure control for a findings table (question or finding-area results).

    Hides small outcome counts, ``asked`` and ``answered``; keeps the counts of each
    row's ``asked`` and ``answered`` totals safe from subtraction; hides the rate and
    interval wherever met, partly, not met or answered is hidden.
    """
    counts = [c for c in (*OUTCOMES, "asked", "answered") if c in results.columns]
    totals = {}
    if "asked" in results.columns:
        totals["asked"] = list(OUTCOMES)
    if "answered" in results.columns:
        totals["answered"] = list(RATED)
    sources = [c for c in (*RATED, "answered") if c in results.columns]
    derived = {c: sources for c in ("rate", "ci_low", "ci_high") if c in results.columns}
    return suppress(results, suppress_below, counts, totals, derived, suppress_zero)

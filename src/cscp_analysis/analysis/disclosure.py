"""Disclosure control for tables meant for publication (off by default).

With ``suppress_below = k`` every count from 1 to k-1 is replaced by the marker
``"<k"`` (e.g. ``"<5"``: "fewer than 5"). Zero is shown unless ``suppress_zero`` is set.
Where a hidden count could still be worked out from the totals a table's counts add up
to, more counts are hidden (marker ``"*"``: hidden to protect another cell), chosen by
solving what a reader can work out (:mod:`cscp_analysis.analysis.deduction`). Any rate or
interval derived from a hidden count is shown as ``"*"`` as well. These are the
building blocks, one table at a time; :mod:`cscp_analysis.analysis.published` protects
everything one report shows together. The internal Business Group report uses no
suppression (``suppress_below = None``).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import pandas as pd

from cscp_analysis.analysis.deduction import SMALL, protect
from cscp_analysis.analysis.findings import OUTCOMES, RATED
from cscp_analysis.contract.codes import AUDIENCES

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
    fixed: Sequence[str] = (),
    column_total: Hashable | None = None,
    limits: Sequence[tuple[Sequence[tuple[str, int]], int]] = (),
) -> pd.DataFrame:
    """A copy of ``table`` with small counts, and what could reveal them, replaced by a marker.

    Each row is protected on its own: its count cells and the equations ``totals`` gives
    are handed to :func:`cscp_analysis.analysis.deduction.protect`, which hides the small
    counts (``"<k"``) and then, while a reader who knows the totals and this rule could
    still work any hidden count out, hides more (``"*"``).

    Parameters
    ----------
    table
        Any count table (one row per category, question, area ...).
    suppress_below
        Hide counts below this (``None`` or 1 or less: return the table unchanged). At 2,
        zeros are hidden too, since "fewer than 2" would otherwise mean exactly 1.
    counts
        The count columns to check.
    totals
        ``{total_column: part_columns}``: in every row the total is the sum of the parts.
    derived
        ``{column: source_columns}``: hide ``column`` wherever any source is hidden
        (rates and interval bounds).
    suppress_zero
        Hide zero counts too.
    fixed
        Columns published elsewhere (hidden only if nothing else can protect a cell).
    column_total
        The index of a row that sums every other row, column by column (an "All
        audits" row): the whole table is then protected as one system.
    limits
        ``(terms, at_most)``: in every row, the sum of coefficient * column over the
        ``(column, coefficient)`` terms is at most ``at_most`` (a reader knows it from
        the rules: ``asked`` is at most the number of cases).
    """
    if suppress_below is None or suppress_below <= 1:
        return table.copy()
    k = int(suppress_below)
    equations = [(total, tuple(parts)) for total, parts in (totals or {}).items()]
    rows = {}
    for index in table.index:
        values = {}
        for column in counts:
            value = pd.to_numeric(pd.Series([table.at[index, column]]), errors="coerce").iloc[0]
            if pd.notna(value):
                values[column] = int(value)
        rows[index] = (values, [(t, p) for t, p in equations
                                if t in values and all(c in values for c in p)],
                       [(terms, most) for terms, most in limits
                        if all(c in values for c, _ in terms)])
    if column_total is not None:
        return _marked(table, _protect_with_total_row(rows, column_total, k, suppress_zero,
                                                      fixed), k, derived)
    hidden: dict[tuple, str] = {}
    for index, (values, usable, bounded) in rows.items():
        for column, how in protect(values, usable, k, _zero_small(k, suppress_zero),
                                   fixed, limits=bounded).items():
            hidden[(index, column)] = how
    return _marked(table, hidden, k, derived)


def _protect_with_total_row(rows: Mapping, total_row: Hashable, k: int, suppress_zero: bool,
                            fixed: Sequence[str]) -> dict[tuple, str]:
    """Every row's cells and equations, and each column's total row, as one system."""
    values = {(i, c): v for i, (row, _, _) in rows.items() for c, v in row.items()}
    equations = [((i, t), tuple((i, p) for p in parts))
                 for i, (_, usable, _) in rows.items() for t, parts in usable]
    limits = [(tuple(((i, c), a) for c, a in terms), most)
              for i, (_, _, bounded) in rows.items() for terms, most in bounded]
    others = [i for i in rows if i != total_row]
    for column in rows[total_row][0]:
        if all(column in rows[i][0] for i in others):
            equations.append(((total_row, column), tuple((i, column) for i in others)))
    return protect(values, equations, k, _zero_small(k, suppress_zero),
                   [(i, c) for i in rows for c in fixed], limits=limits)


def _zero_small(k: int, suppress_zero: bool) -> bool:
    return suppress_zero or k == 2


def _marked(table: pd.DataFrame, hidden: Mapping[tuple, str], k: int,
            derived: Mapping[str, Sequence[str]] | None) -> pd.DataFrame:
    """``table`` with each hidden ``(index, column)`` cell replaced by its marker."""
    out = table.copy().astype({c: object for c in {c for _, c in hidden} | set(derived or {})})
    for (index, column), how in hidden.items():
        out.at[index, column] = suppression_marker(k) if how == SMALL else SECONDARY_MARKER
    for column, sources in (derived or {}).items():
        gone = [i for i in table.index if any((i, s) in hidden for s in sources)]
        out.loc[gone, column] = SECONDARY_MARKER
    return out


def suppress_findings(
    results: pd.DataFrame, suppress_below: int | None, suppress_zero: bool = False,
    cases: int | None = None,
) -> pd.DataFrame:
    """Disclosure control for a findings table (question or finding-area results).

    Hides small outcome counts, ``asked`` and ``answered``; keeps the counts of each
    row's ``asked`` and ``answered`` totals safe from subtraction (and, given the
    number of ``cases``, from the bound a question's ``asked`` has: at most every case);
    hides the rate and interval wherever met, partly, not met or answered is hidden.
    """
    counts = [c for c in (*OUTCOMES, "asked", "answered") if c in results.columns]
    totals = {}
    if "asked" in results.columns:
        totals["asked"] = list(OUTCOMES)
    if "answered" in results.columns:
        totals["answered"] = list(RATED)
    sources = [c for c in (*RATED, "answered") if c in results.columns]
    derived = {c: sources for c in ("rate", "ci_low", "ci_high") if c in results.columns}
    limits = [((("asked", 1),), int(cases))] if cases is not None and "asked" in counts else []
    return suppress(results, suppress_below, counts, totals, derived, suppress_zero,
                    limits=limits)


def suppress_findings_tables(
    questions: pd.DataFrame, areas: pd.DataFrame, suppress_below: int | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Question and finding-area results protected together, as a report shows both.

    An area's counts are the sums of its questions' counts, so protecting each table on
    its own would let a reader subtract shown question counts from a shown area count.
    Here every count of both tables is one system: each row's ``answered`` and ``asked``
    totals, and each area count as the sum of its questions' (matched on
    ``finding_area``). Rates and intervals are hidden wherever their counts are.
    """
    if suppress_below is None or suppress_below <= 1:
        return questions.copy(), areas.copy()
    k = int(suppress_below)
    columns = [c for c in (*OUTCOMES, "asked", "answered")
               if c in questions.columns and c in areas.columns]
    values: dict[tuple, int] = {}
    equations: list[tuple] = []
    for name, table in (("q", questions), ("a", areas)):
        for index in table.index:
            for column in columns:
                values[(name, index, column)] = int(table.at[index, column])
            if "answered" in columns:
                equations.append(((name, index, "answered"),
                                  tuple((name, index, c) for c in RATED)))
            if "asked" in columns:
                equations.append(((name, index, "asked"),
                                  tuple((name, index, c) for c in OUTCOMES)))
    for a_index, area in zip(areas.index, areas["finding_area"], strict=True):
        members = questions.index[questions["finding_area"] == area]
        for column in columns:
            equations.append((("a", a_index, column),
                              tuple(("q", q, column) for q in members)))
    hidden = protect(values, equations, k, _zero_small(k, False))
    sources = [c for c in (*RATED, "answered") if c in columns]
    out = []
    for name, table in (("q", questions), ("a", areas)):
        cells = {(i, c): how for (n, i, c), how in hidden.items() if n == name}
        derived = {c: sources for c in ("rate", "ci_low", "ci_high") if c in table.columns}
        out.append(_marked(table, cells, k, derived))
    return out[0], out[1]


# ---------------------------------------------------------------- audiences

#: The smallest threshold a report for the public uses, whatever ``suppress_below`` says.
PUBLIC_MINIMUM = 5


def audience_label(audience: str) -> str:
    """The audience as reports write it ("Business Group"); unknown values as given."""
    return AUDIENCES.get(audience, str(audience).replace("_", " "))


def threshold_for(audience: str, suppress_below: int | None) -> int:
    """The disclosure threshold a report actually uses.

    ``suppress_below`` as given for the Business Group and the partnership (internal
    readers; 0 = exact counts). A report for the ``public`` always hides counts below at
    least :data:`PUBLIC_MINIMUM`, so forgetting ``suppress_below`` can never publish small
    counts.
    """
    threshold = int(suppress_below or 0)
    if audience == "public":
        threshold = max(threshold, PUBLIC_MINIMUM)
    return threshold if threshold > 1 else 0


# ---------------------------------------------------------------- whole tables


#: Which measures of the ``missing`` CSV add up to which (rules 6.1-6.3).
MISSING_TOTALS: dict[str, tuple[str, ...]] = {
    "episodes": ("rhi.due", "_still_missing"),
    "rhi.due": ("rhi.within_72h", "rhi.late", "rhi.not_held"),
    "rhi.not_held": ("rhi.declined", "rhi.not_offered", "rhi.other"),
    "stage1.due": ("stage1.held", "stage1.not_held"),
    "stage2.due": ("stage2.held", "stage2.not_held"),
    "placed_in.requested": ("placed_in.reports_received", "_not_received"),
}


def missing_limits(cases: int, stage1: int = 5, stage2: int = 9
                   ) -> list[tuple[tuple[tuple[str, int], ...], int]]:
    """What the rules say of the missing-from-home measures (``suppress_measures``'s
    ``limits``), as a reader of the rule texts knows: a child who went missing is one
    of the ``cases`` and has an episode; a child is due a stage 1 meeting after
    ``stage1`` episodes and a stage 2 meeting (due a stage 1 one too) after ``stage2``;
    an episode of a child placed in is an episode, and an interview report is requested
    back for some of those."""
    return [
        ((("children", 1),), int(cases)),
        ((("children", 1), ("episodes", -1)), 0),
        ((("stage1.due", 1), ("children", -1)), 0),
        ((("stage2.due", 1), ("stage1.due", -1)), 0),
        ((("stage1.due", stage1), ("stage2.due", stage2 - stage1), ("episodes", -1)), 0),
        ((("placed_in.episodes", 1), ("episodes", -1)), 0),
        ((("placed_in.requested", 1), ("placed_in.episodes", -1)), 0),
    ]


def suppress_measures(
    table: pd.DataFrame, suppress_below: int | None, totals: Mapping[str, Sequence[str]],
    keep_virtual: bool = False,
    limits: Sequence[tuple[Sequence[tuple[str, int]], int]] = (),
) -> pd.DataFrame:
    """Disclosure control for a ``measure``/``value`` table of counts (e.g. ``missing.csv``).

    ``totals`` says which measures add up to which; a part named with a leading ``_``
    is not in the table but is the total less its other parts (for example the episodes
    still missing = episodes − episodes due an interview): it is worked out, protected
    like any other cell, and left out again (or, with ``keep_virtual``, added as rows
    after the others, so a report can say it). ``limits`` (:func:`missing_limits`) are
    the inequalities the rules give, as in :func:`suppress`.
    """
    if not suppress_below or suppress_below <= 1 or not len(table):
        return table.copy()
    values = dict(zip(table["measure"], pd.to_numeric(table["value"]), strict=True))
    row = dict(values)
    usable: dict[str, list[str]] = {}
    for total, parts in totals.items():
        known = [p for p in parts if p in values]
        virtual = [p for p in parts if p.startswith("_")]
        if total not in values or len(known) + len(virtual) != len(parts) or len(virtual) > 1:
            continue
        for part in virtual:
            row[part] = values[total] - sum(values[p] for p in known)
        usable[total] = list(parts)
    wide = pd.DataFrame([row])
    shown = suppress(wide, suppress_below, list(wide.columns), totals=usable, limits=limits)
    out = table.copy()
    out["value"] = [shown.at[0, m] for m in table["measure"]]
    if keep_virtual:
        extra = [c for c in wide.columns if c.startswith("_")]
        out = pd.concat([out, pd.DataFrame({"measure": extra,
                                            "value": [shown.at[0, c] for c in extra]})],
                        ignore_index=True)
    return out

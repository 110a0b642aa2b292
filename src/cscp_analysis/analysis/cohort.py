"""Cohort profile: who the audited children were (data-contract section 3).

Every function takes the tidy ``cases`` table (see :mod:`cscp_analysis.io.audit`) and
returns a small tidy DataFrame a notebook can plot directly. Count tables list every
known category in its canonical order (zero counts included, so charts keep a stable
shape); the summary JSON keeps only the non-zero entries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from cscp_analysis.contract.codes import CASE_TYPES, GENDERS

#: Age bands in whole years, inclusive: (label, youngest, oldest).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Under 1", 0, 0),
    ("1–4", 1, 4),
    ("5–9", 5, 9),
    ("10–15", 10, 15),
    ("16–18", 16, 18),
)


def _ordered_counts(values: pd.Series, order: Sequence[str], column: str) -> pd.DataFrame:
    """Count ``values`` into ``[column, cases]``: ``order`` first, then any others A–Z."""
    return _count_table(values.dropna().astype(str).value_counts().to_dict(), order, column)


def _count_table(counts: Mapping[str, int], order: Sequence[str], column: str) -> pd.DataFrame:
    """``counts`` as ``[column, cases]``: ``order`` first (zeros included), then others A–Z."""
    extra = sorted(v for v in counts if v not in set(order))
    categories = list(order) + extra
    return pd.DataFrame(
        {
            column: pd.Series(categories, dtype="str"),
            "cases": pd.Series([int(counts.get(c, 0)) for c in categories], dtype="int64"),
        }
    )


def case_type_counts(cases: pd.DataFrame) -> pd.DataFrame:
    """Cases per case type, in the contract's order, with the report label.

    Returns columns ``case_type`` (code), ``label`` (e.g. "Child in Need"), ``cases``.
    """
    table = _ordered_counts(cases["case_type"], list(CASE_TYPES), "case_type")
    table.insert(1, "label", table["case_type"].map(lambda c: CASE_TYPES.get(c, c)))
    return table


def gender_counts(cases: pd.DataFrame) -> pd.DataFrame:
    """Cases per gender (Female, Male, Other, Not recorded): columns ``gender``, ``cases``."""
    return _ordered_counts(cases["gender"], GENDERS, "gender")


def area_counts(cases: pd.DataFrame, areas: Sequence[str] = ()) -> pd.DataFrame:
    """Cases per area, in the audit's order of ``areas``: columns ``area``, ``cases``."""
    return _ordered_counts(cases["area"], areas, "area")


def cohort_group_counts(cases: pd.DataFrame, groups: Sequence[str] = ()) -> pd.DataFrame:
    """Cases per sampling (cohort) group, in the theme's order; blank groups are not counted.

    A theme that lists no groups gives only the groups that occur. Columns
    ``cohort_group``, ``cases``.
    """
    if "cohort_group" not in cases.columns:
        return _ordered_counts(pd.Series([], dtype="str"), groups, "cohort_group")
    return _ordered_counts(cases["cohort_group"], groups, "cohort_group")


def age_range_months(cases: pd.DataFrame) -> tuple[int, int] | None:
    """Youngest and oldest age in whole months (``None`` for an audit without cases)."""
    if len(cases) == 0:
        return None
    ages = cases["age_in_months"].astype("int64")
    return int(ages.min()), int(ages.max())


def age_band(age_years: int) -> str:
    """The label of the age band (:data:`AGE_BANDS`) holding an age in whole years."""
    for label, low, high in AGE_BANDS:
        if low <= age_years <= high:
            return label
    raise ValueError(f"age {age_years} is outside 0–18")


def age_band_counts(cases: pd.DataFrame) -> pd.DataFrame:
    """Cases per age band (under 1, 1–4, 5–9, 10–15, 16–18): columns ``age_band``, ``cases``."""
    counts: dict[str, int] = {}
    for age, n in cases["age_years"].astype("int64").value_counts().items():  # each age once
        band = age_band(int(age))
        counts[band] = counts.get(band, 0) + int(n)
    return _count_table(counts, [b[0] for b in AGE_BANDS], "age_band")


def nonzero_map(table: pd.DataFrame, key: str, value: str = "cases") -> dict[str, int]:
    """A count table as ``{code: count}`` keeping only non-zero entries (summary JSON form)."""
    return {str(k): int(v) for k, v in zip(table[key], table[value], strict=True) if int(v) > 0}

"""Cohort profile: counts, age range and age bands on small hand-made tables."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from cscp_analysis.analysis.cohort import (
    age_band,
    age_band_counts,
    age_range_months,
    area_counts,
    case_type_counts,
    cohort_group_counts,
    gender_counts,
    nonzero_map,
)
from cscp_analysis.contract.codes import CASE_TYPES, GENDERS

AREAS = ("Cumberland", "Westmorland and Furness")


def make_cases(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (case_type, gender, area, age_years, age_months, cohort_group)."""
    table = pd.DataFrame(
        rows, columns=["case_type", "gender", "area", "age_years", "age_months", "cohort_group"]
    )
    table.insert(0, "case_id", [f"C{i + 1:02d}" for i in range(len(rows))])
    table["age_years"] = table["age_years"].astype("int64")
    table["age_months"] = table["age_months"].astype("int64")
    table["age_in_months"] = table["age_years"] * 12 + table["age_months"]
    return table


CASES = make_cases([
    ("CP", "Female", "Cumberland", 12, 0, None),
    ("CIN", "Female", "Cumberland", 15, 3, "Single episode"),
    ("CP", "Male", "Westmorland and Furness", 0, 5, "Multiple episodes"),
    ("CLA_OOC", "Female", "Cumberland", 17, 0, "Single episode"),
])


def test_case_type_counts_in_contract_order_with_labels():
    table = case_type_counts(CASES)
    assert list(table["case_type"]) == list(CASE_TYPES)
    assert dict(zip(table["case_type"], table["cases"], strict=True))["CP"] == 2
    row = table[table["case_type"] == "CLA_OOC"].iloc[0]
    assert row["label"] == "Child Looked After placed out of county"
    assert row["cases"] == 1
    assert nonzero_map(table, "case_type") == {"CP": 2, "CIN": 1, "CLA_OOC": 1}


def test_gender_area_and_group_counts():
    assert nonzero_map(gender_counts(CASES), "gender") == {"Female": 3, "Male": 1}
    assert list(gender_counts(CASES)["gender"]) == list(GENDERS)
    areas = area_counts(CASES, AREAS)
    assert list(areas["area"]) == list(AREAS)
    assert list(areas["cases"]) == [3, 1]
    groups = cohort_group_counts(CASES, ("Multiple episodes", "Single episode", "Placed in"))
    assert list(groups["cohort_group"]) == ["Multiple episodes", "Single episode", "Placed in"]
    assert list(groups["cases"]) == [1, 2, 0]  # the blank group is not counted


def test_age_range_and_bands():
    assert age_range_months(CASES) == (5, 204)
    assert age_range_months(CASES.iloc[0:0]) is None
    bands = age_band_counts(CASES)
    assert list(bands["age_band"]) == ["Under 1", "1–4", "5–9", "10–15", "16–18"]
    assert list(bands["cases"]) == [1, 0, 0, 2, 1]
    assert [age_band(a) for a in (0, 1, 4, 5, 9, 10, 15, 16, 18)] == [
        "Under 1", "1–4", "1–4", "5–9", "5–9", "10–15", "10–15", "16–18", "16–18"]


case_rows = st.lists(
    st.tuples(
        st.sampled_from(list(CASE_TYPES)),
        st.sampled_from(GENDERS),
        st.sampled_from(AREAS),
        st.integers(0, 18),
        st.integers(0, 11),
        st.sampled_from([None, "Single episode", "Multiple episodes"]),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(case_rows)
def test_every_count_table_adds_up_to_the_cases(rows):
    cases = make_cases(rows)
    n = len(cases)
    assert case_type_counts(cases)["cases"].sum() == n
    assert gender_counts(cases)["cases"].sum() == n
    assert area_counts(cases, AREAS)["cases"].sum() == n
    assert age_band_counts(cases)["cases"].sum() == n
    grouped = sum(1 for r in rows if r[5] is not None)
    assert cohort_group_counts(cases, ("Single episode",))["cases"].sum() == grouped
    low, high = age_range_months(cases)
    assert low <= high

"""Findings: the case-level answer rule, rates and Wilson intervals, worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cscp_analysis.analysis.findings import (
    agency_agreement,
    agency_results,
    agency_results_by_area,
    area_results,
    case_answers,
    disputed_list,
    question_results,
    question_results_by_area,
    wilson_interval,
)
from cscp_analysis.contract.themes import theme_from_dict

THEME = theme_from_dict({
    "id": "tiny",
    "title": "Tiny",
    "finding_areas": [
        {"title": "Voice", "questions": [
            {"id": "heard", "text": "Is the child heard?"},
            {"id": "told", "text": "Was the child told why?"},
        ]},
        {"title": "Impact", "questions": [
            {"id": "impact", "text": "What was the impact?", "scale": "grade"},
        ]},
    ],
})


def judgements(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (case_id, question_id, answer, agency); comments hold a secret."""
    table = pd.DataFrame(rows, columns=["case_id", "question_id", "answer", "agency"])
    table["comment"] = "SECRET comment naming the child"
    return table


def counts(results: pd.DataFrame, question_id: str) -> tuple[int, ...]:
    row = results[results["question_id"] == question_id].iloc[0]
    return tuple(int(row[c]) for c in ("met", "partly", "not_met", "not_applicable", "disputed"))


def test_wilson_two_of_five():
    low, high = wilson_interval(2, 5)
    assert (round(low, 3), round(high, 3)) == (0.118, 0.769)
    # at 90 %, z = 1.64485: by hand, centre 0.67055 / 1.54111 = 0.43511, half 0.29241
    low, high = wilson_interval(2, 5, confidence=0.90)
    assert (round(low, 3), round(high, 3)) == (0.143, 0.728)
    assert wilson_interval(0, 0) is None
    low, high = wilson_interval(0, 4)
    assert low == 0.0 and round(high, 3) == 0.490
    low, high = wilson_interval(4, 4)
    assert high == pytest.approx(1.0) and round(low, 3) == 0.510
    with pytest.raises(ValueError):
        wilson_interval(6, 5)


J = judgements([
    # heard: C1 Panel Yes over disagreeing agencies; C2 agencies agree Yes; C3 agencies
    # disagree (disputed); C4 Panel Partly; C5 Panel Not applicable; C6 a lone agency No.
    ("C1", "heard", "Yes", "Panel"),
    ("C1", "heard", "No", "Police"),
    ("C1", "heard", "Partly", "Health"),
    ("C2", "heard", "Yes", "Police"),
    ("C2", "heard", "Yes", "Health"),
    ("C3", "heard", "Yes", "Police"),
    ("C3", "heard", "No", "Health"),
    ("C4", "heard", "Partly", "Panel"),
    ("C5", "heard", "Not applicable", "Panel"),
    ("C6", "heard", "No", "Education"),
    # told: only C1 answered (the other cases are not counted for it)
    ("C1", "told", "No", "Panel"),
    # impact: Good and Outstanding from two agencies is a dispute; Good is met;
    # Requires improvement is not met
    ("C1", "impact", "Good", "Police"),
    ("C1", "impact", "Outstanding", "Health"),
    ("C2", "impact", "Good", "Panel"),
    ("C3", "impact", "Requires improvement", "Panel"),
])


def test_case_level_answer_rule():
    answers = case_answers(J, THEME).set_index(["case_id", "question_id"])
    assert answers.loc[("C1", "heard"), "answer"] == "Yes"
    assert answers.loc[("C1", "heard"), "source"] == "panel"
    assert answers.loc[("C2", "heard"), "source"] == "agencies"
    assert answers.loc[("C3", "heard"), "outcome"] == "disputed"
    assert pd.isna(answers.loc[("C3", "heard"), "answer"])
    assert answers.loc[("C6", "heard"), "outcome"] == "not_met"
    assert answers.loc[("C1", "impact"), "outcome"] == "disputed"
    assert len(answers) == 6 + 1 + 3


def test_question_results_by_hand():
    results = question_results(case_answers(J, THEME), THEME)
    assert list(results["question_id"]) == ["heard", "told", "impact"]
    assert list(results["question"]) == [
        "Is the child heard?", "Was the child told why?", "What was the impact?"]
    # heard: met C1, C2; partly C4; not met C6; n/a C5; disputed C3
    assert counts(results, "heard") == (2, 1, 1, 1, 1)
    heard = results.iloc[0]
    assert heard["asked"] == 6 and heard["answered"] == 4
    assert heard["rate"] == 0.5  # disputed and n/a leave the denominator; Partly is not met
    assert (round(heard["ci_low"], 3), round(heard["ci_high"], 3)) == (0.150, 0.850)
    assert counts(results, "told") == (0, 0, 1, 0, 0)
    assert counts(results, "impact") == (1, 0, 1, 0, 1)


def test_partly_is_never_met_and_na_leaves_the_denominator():
    j = judgements([
        ("C1", "heard", "Partly", "Panel"),
        ("C2", "heard", "Partly", "Panel"),
        ("C3", "heard", "Not applicable", "Panel"),
    ])
    row = question_results(case_answers(j, THEME), THEME).iloc[0]
    assert (row["met"], row["partly"], row["answered"]) == (0, 2, 2)
    assert row["rate"] == 0.0
    only_na = judgements([("C1", "heard", "Not applicable", "Panel")])
    row = question_results(case_answers(only_na, THEME), THEME).iloc[0]
    assert row["answered"] == 0 and math.isnan(row["rate"]) and math.isnan(row["ci_low"])


def test_area_results_pool_questions_in_theme_order():
    areas = area_results(question_results(case_answers(J, THEME), THEME), THEME)
    assert list(areas["finding_area"]) == ["Voice", "Impact"]
    voice = areas.iloc[0]
    # heard (2, 1, 1, 1, 1) + told (0, 0, 1, 0, 0)
    assert (voice["met"], voice["partly"], voice["not_met"], voice["not_applicable"],
            voice["disputed"]) == (2, 1, 2, 1, 1)
    assert voice["rate"] == pytest.approx(2 / 5)
    assert round(voice["ci_low"], 3) == 0.118


def test_disputed_list_names_pairs_and_agency_answers_but_never_comments():
    table = disputed_list(J, case_answers(J, THEME), THEME)
    assert list(zip(table["case_id"], table["question_id"], strict=True)) == [
        ("C3", "heard"), ("C1", "impact")]
    assert table.iloc[0]["agency_answers"] == "Health: No; Police: Yes"
    assert "SECRET" not in table.to_csv()


def test_agency_results_and_agreement():
    table = agency_results(J, THEME)
    heard = table[table["question_id"] == "heard"].set_index("agency")
    assert list(heard.index) == ["Police", "Health", "Education"]  # the theme's agency order
    assert (heard.loc["Police", "met"], heard.loc["Police", "not_met"]) == (2, 1)
    assert heard.loc["Health", "partly"] == 1
    assert heard.loc["Police", "rate"] == pytest.approx(2 / 3)
    assert "Panel" not in set(table["agency"])
    agree = agency_agreement(case_answers(J, THEME), THEME).set_index("question_id")
    # heard: C1 (No vs Partly), C2 (Yes, Yes), C3 (Yes vs No) had two agencies
    assert (agree.loc["heard", "multi_agency"], agree.loc["heard", "agreed"]) == (3, 1)
    assert agree.loc["heard", "agreement_rate"] == pytest.approx(1 / 3)
    assert agree.loc["told", "multi_agency"] == 0 and math.isnan(agree.loc["told",
                                                                            "agreement_rate"])


def test_results_by_area():
    cases = pd.DataFrame({"case_id": ["C1", "C2", "C3", "C4", "C5", "C6"],
                          "area": ["West", "East", "East", "East", "West", "West"]})
    table = question_results_by_area(case_answers(J, THEME), cases, THEME, ["West", "East"])
    assert list(table["area"].unique()) == ["West", "East"]
    west = table[(table["area"] == "West") & (table["question_id"] == "heard")].iloc[0]
    assert (west["met"], west["not_met"], west["not_applicable"]) == (1, 1, 1)  # C1, C6, C5
    east = table[(table["area"] == "East") & (table["question_id"] == "heard")].iloc[0]
    assert (east["met"], east["partly"], east["disputed"]) == (1, 1, 1)  # C2, C4, C3
    by_area = area_results(table, THEME)
    assert list(by_area["area"]) == ["West", "West", "East", "East"]
    agencies = agency_results_by_area(J, cases, THEME, ["West", "East"])
    police_west = agencies[(agencies["area"] == "West") & (agencies["question_id"] == "heard")
                           & (agencies["agency"] == "Police")].iloc[0]
    assert (police_west["met"], police_west["not_met"]) == (0, 1)


ANSWERS = ["Yes", "Partly", "No", "Not applicable"]
AGENCIES = ["Panel", "Police", "Health", "Education"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 8), st.sampled_from(["heard", "told"]),
                          st.sampled_from(ANSWERS), st.sampled_from(AGENCIES)),
                min_size=0, max_size=40,
                unique_by=lambda r: (r[0], r[1], r[3])))
def test_properties_outcomes_add_up_and_rates_lie_in_their_intervals(rows):
    j = judgements([(f"C{c}", q, a, ag) for c, q, a, ag in rows])
    results = question_results(case_answers(j, THEME), THEME)
    for row in results.itertuples():
        asked = len({(c, q) for c, q, _, _ in rows if q == row.question_id})
        assert row.met + row.partly + row.not_met + row.not_applicable + row.disputed == asked
        assert row.asked == asked
        if row.answered:
            assert 0 <= row.ci_low <= row.rate <= row.ci_high <= 1
        else:
            assert math.isnan(row.rate)
    for row in area_results(results, THEME).itertuples():
        if row.answered:
            assert 0 <= row.ci_low <= row.rate <= row.ci_high <= 1

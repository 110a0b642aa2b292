"""The key messages' selection rule on tiny hand-made tables (docs/assumptions.md).

Wilson 95% intervals worked by hand (z² = 3.8415): 0 of 5 is 0 to 0.434 (wholly below
0.6); 2 of 5 is 0.118 to 0.769 (straddles both levels); 20 of 20 is 20 / 23.84 = 0.839
to 1 (wholly above 0.8); 1 of 1 is 0.207 to 1; 5 of 5 is 0.566 to 1 (straddles 0.8).
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import CASES_HEADER, write_audit

from cscp_analysis.analysis.findings import wilson_interval
from cscp_analysis.analysis.key_messages import (
    TO_IMPROVE,
    WORKING_WELL,
    flag,
    key_figures,
    publishable_flags,
)
from cscp_analysis.analysis.results import analyse
from cscp_analysis.contract.themes import Levels

LEVELS = Levels(0.6, 0.8)


def _rows(rows: list[tuple[str, str, int, int]], label: str) -> pd.DataFrame:
    """(finding area, id, met, answered) rows with their Wilson intervals."""
    records = []
    for area, ident, met, answered in rows:
        low, high = wilson_interval(met, answered)
        records.append({"finding_area": area, "question_id": ident, label: f"{ident}?",
                        "met": met, "answered": answered, "rate": met / answered,
                        "ci_low": low, "ci_high": high})
    return pd.DataFrame(records)


def test_the_hand_worked_intervals():
    assert wilson_interval(0, 5)[1] == pytest.approx(0.4345, abs=1e-4)
    assert wilson_interval(2, 5) == pytest.approx((0.1176, 0.7693), abs=1e-4)
    assert wilson_interval(20, 20)[0] == pytest.approx(20 / (20 + 1.959964 ** 2))
    assert wilson_interval(5, 5)[0] == pytest.approx(0.5655, abs=1e-4)


def test_a_wholly_low_interval_is_listed_a_straddling_one_is_not():
    questions = _rows([("A", "low", 0, 5), ("A", "mid", 2, 5), ("B", "high", 20, 20),
                       ("B", "five", 5, 5)], "question")
    areas = pd.DataFrame({"finding_area": ["A", "B"], "met": [2, 25], "answered": [10, 25]})
    areas[["ci_low", "ci_high"]] = [wilson_interval(2, 10), wilson_interval(25, 25)]
    areas["rate"] = areas["met"] / areas["answered"]
    # area A, 2 of 10: 0.057 to 0.510, wholly below 0.6; area B, 25 of 25: 0.867 to 1
    table = flag(questions, areas, LEVELS)
    assert list(zip(table["flag"], table["level"], table["label"], strict=True)) == [
        (TO_IMPROVE, "area", "A"), (WORKING_WELL, "area", "B")]
    # the questions of a flagged area are not listed again; "mid" straddles: never listed
    assert set(table["question_id"].dropna()) == set()
    # with the areas unflagged, the questions speak for themselves
    calm = areas.assign(ci_low=[0.3, 0.3], ci_high=[0.9, 0.9])
    table = flag(questions, calm, LEVELS)
    assert list(zip(table["flag"], table["question_id"], table["met"], table["answered"],
                    strict=True)) == [(TO_IMPROVE, "low", 0, 5), (WORKING_WELL, "high", 20, 20)]


def test_the_clearest_come_first_and_the_theme_levels_decide():
    questions = _rows([("A", "q1", 1, 6), ("A", "q2", 0, 5), ("A", "q3", 0, 9)], "question")
    areas = pd.DataFrame({"finding_area": ["A"], "met": [1], "answered": [20], "rate": [0.05],
                          "ci_low": [0.4], "ci_high": [0.9]})  # hand-set: not flagged
    table = flag(questions, areas, LEVELS)
    # upper bounds: 0 of 9 0.299, 0 of 5 0.434, 1 of 6 0.564: the lowest first
    assert list(table["question_id"]) == ["q3", "q2", "q1"]
    assert list(flag(questions, areas, Levels(0.4, 0.8))["question_id"]) == ["q3"]


def _one_case_audit(tmp_path, answers: dict[str, str]):
    folder = write_audit(
        tmp_path / "one", cases=(CASES_HEADER, [["C1", "Cumberland", "CP", "12", "", "Female"]]),
        judgements=(["case_id", "question_id", "answer", "agency", "comment"],
                    [["C1", q, a, "Panel", ""] for q, a in answers.items()]))
    return analyse(folder)


def test_a_one_case_audit_gives_no_clear_signal(tmp_path):
    # one case: 0 of 1 is 0 to 0.793, 1 of 1 is 0.207 to 1: nothing is clear either way
    results = _one_case_audit(tmp_path, {"voice_heard": "No", "rat_completed": "Yes",
                                         "impact": "Inadequate"})
    assert results.flagged.empty
    assert list(results.flagged.columns)[:3] == ["flag", "level", "finding_area"]
    assert key_figures(results).flags.empty


def test_only_published_figures_are_judged_under_a_threshold():
    questions = _rows([("A", "low", 0, 12), ("A", "hidden", 0, 9), ("B", "alone", 0, 8)],
                      "question")
    areas = pd.DataFrame({"finding_area": ["A", "B"], "met": [0, 0], "answered": [21, 8]})
    areas[["ci_low", "ci_high"]] = [wilson_interval(0, 21), wilson_interval(0, 8)]
    areas["rate"] = 0.0
    shown = pd.DataFrame({"finding_area": ["A", "A", "B"],
                          "question_id": ["low", "hidden", "alone"],
                          "met": [0, 0, 0], "answered": [12, "*", 8], "disputed": [0, 0, 0]})
    table = publishable_flags(questions, areas, shown, LEVELS)
    # area A has a question whose figures are hidden: neither it nor that question is
    # judged; area B's one question is published, so B is (and its question is not again).
    # Upper bounds 0 of 12: 3.84 / 15.84 = 0.243, 0 of 8: 3.84 / 11.84 = 0.324
    assert list(zip(table["level"], table["label"], strict=True)) == [
        ("question", "low?"), ("area", "B")]

"""The same question across audits and cycles: a change only where intervals do not overlap."""

from __future__ import annotations

import math

import pandas as pd

from cscp_analysis.analysis.compare import (
    change_between,
    compare_audits,
    compare_groups,
    same_theme_groups,
    shared_questions,
    side_by_side,
)
from cscp_analysis.contract.themes import load_theme
from cscp_analysis.io.audit import Audit, AuditInfo


def audit(audit_id: str, theme: str, conducted: str, answers: list[str]) -> Audit:
    """An audit whose Panel answered voice_heard once per case with ``answers``."""
    ids = [f"C{i + 1}" for i in range(len(answers))]
    judgements = pd.DataFrame({"case_id": ids, "question_id": "voice_heard",
                               "answer": answers, "agency": "Panel", "comment": pd.NA})
    empty = pd.DataFrame()
    return Audit(AuditInfo(audit_id, theme, audit_id, conducted), load_theme(theme),
                 pd.DataFrame({"case_id": ids}), judgements, empty, empty, empty)


def test_change_between():
    assert change_between((0.1, 0.4), (0.5, 0.9)) == "improvement"
    assert change_between((0.5, 0.9), (0.1, 0.4)) == "decline"
    assert change_between((0.1, 0.5), (0.4, 0.9)) == "no clear change"
    assert change_between((0.1, 0.5), (0.5, 0.9)) == "no clear change"  # touching overlaps
    assert change_between(None, (0.5, 0.9)) == "not comparable"


def test_small_samples_show_no_clear_change():
    # 2 of 5 then 4 of 5: 40 % to 80 % but [0.118, 0.769] overlaps [0.376, 0.964]
    early = audit("2016-06-cse", "cse", "2016-06", ["Yes"] * 2 + ["No"] * 3)
    later = audit("2022-09-neglect", "neglect", "2022-09", ["Yes"] * 4 + ["Partly"])
    table = compare_audits([later, early], "voice_heard")
    assert list(table["audit_id"]) == ["2016-06-cse", "2022-09-neglect"]  # oldest first
    assert list(table["theme"]) == ["cse", "neglect"]
    assert list(table["rate"]) == [0.4, 0.8]
    assert round(table.loc[0, "ci_low"], 3) == 0.118
    assert pd.isna(table.loc[0, "change"])
    assert table.loc[1, "change"] == "no clear change"


def test_large_difference_is_an_improvement_then_a_decline():
    low = audit("a-2016", "cse", "2016-06", ["Yes"] * 2 + ["No"] * 18)   # 10 %: [0.028, 0.301]
    high = audit("b-2018", "mfh", "2018-06", ["Yes"] * 18 + ["No"] * 2)  # 90 %: [0.699, 0.972]
    low2 = audit("c-2020", "neglect", "2020-06", ["No"] * 10 + ["Not applicable"])
    table = compare_audits([low, high, low2], "voice_heard")
    assert list(table["change"].iloc[1:]) == ["improvement", "decline"]
    assert table.loc[2, "not_applicable"] == 1 and table.loc[2, "answered"] == 10


def test_cycles_pool_their_audits_and_skip_audits_without_the_question():
    a = audit("a", "cse", "2016-06", ["Yes", "No"])
    b = audit("b", "mfh", "2016-09", ["Yes", "Yes", "Partly"])
    table = compare_groups({"2016/17": [a, b], "2017/18": []}, "voice_heard")
    first = table.iloc[0]
    assert (first["audits"], first["met"], first["partly"], first["not_met"]) == ("a; b", 3, 1, 1)
    assert first["rate"] == 0.6
    assert table.iloc[1]["answered"] == 0 and math.isnan(table.iloc[1]["rate"])
    assert table.iloc[1]["change"] == "not comparable"
    assert compare_groups({"x": [a]}, "gcp2_used").iloc[0]["answered"] == 0


def test_only_audits_of_the_same_theme_are_grouped_for_change():
    cse_2016 = audit("2016-06-cse", "cse", "2016-06", ["Yes", "No"])
    mfh_2016 = audit("2016-06-mfh", "mfh", "2016-06", ["Yes"])
    cse_2018 = audit("2018-03-cse", "cse", "2018-03", ["Yes", "Yes"])
    groups = same_theme_groups([cse_2018, mfh_2016, cse_2016])
    assert {k: [a.id for a in v] for k, v in groups.items()} == {
        "cse": ["2016-06-cse", "2018-03-cse"]}
    assert same_theme_groups([cse_2016, mfh_2016]) == {}


def test_shared_questions_and_side_by_side_without_change():
    cse = audit("2016-06-cse", "cse", "2016-06", ["Yes", "No"])
    mfh = audit("2016-06-mfh", "mfh", "2016-06", ["Yes"])
    neglect = audit("2022-09-neglect", "neglect", "2022-09", ["No"])
    shared = shared_questions([cse, mfh, neglect])
    assert shared[:2] == ["voice_heard", "impact"]  # every theme asks these two
    assert "rat_completed" not in shared  # CSE only
    table = side_by_side([neglect, cse, mfh], "voice_heard")
    assert "change" not in table.columns
    assert list(table["audit_id"]) == ["2016-06-cse", "2016-06-mfh", "2022-09-neglect"]
    assert list(table["met"]) == [1, 1, 0]

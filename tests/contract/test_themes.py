"""Themes as data: the built-in question banks, and a theme file of the user's own."""

from __future__ import annotations

import pytest
from conftest import CASES_HEADER, write_audit

from cscp_analysis.analysis.summary import build_summary
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.contract.themes import (
    ThemeError,
    builtin_theme_ids,
    builtin_theme_text,
    checked_theme,
    load_theme,
)
from cscp_analysis.contract.yaml_safe import parse_yaml
from cscp_analysis.io.load import load_audit

CONTRACT_QUESTIONS = {
    "cse": ["voice_heard", "trusted_relationship", "explained_to_child", "rat_completed",
            "rat_multi_agency", "rat_reviewed", "rat_shared", "plan_addresses_cse",
            "plan_shared", "ooc_risk_reduced", "ooc_oversight", "impact"],
    "mfh": ["voice_heard", "felt_listened_to", "rhi_informs_plan", "plan_reduces_risk",
            "plan_runaway_strategy", "right_agencies_invited", "police_hub_joined_up", "impact"],
    "neglect": ["gcp2_used", "day_in_my_life_used", "impact_chronology",
                "history_informs_assessment", "voice_heard", "focus_on_child", "impact"],
}


def test_builtin_themes_hold_the_contracts_questions_in_order():
    assert builtin_theme_ids() == ["cse", "mfh", "neglect"]
    for theme_id, ids in CONTRACT_QUESTIONS.items():
        theme = load_theme(theme_id)
        assert [q.id for q in theme.questions] == ids
        assert [q.id for q in theme.questions if q.scale == "grade"] == ["impact"]


@pytest.mark.parametrize("theme_id", builtin_theme_ids())
def test_each_builtin_theme_read_as_shipped_is_the_theme_its_file_checks_to(theme_id):
    """A built-in theme is read without the file check (quick commands load no pydantic):
    this is what lets them, for every theme the package ships."""
    doc, problems = parse_yaml(builtin_theme_text(theme_id), theme_id)
    assert problems == []
    checked = checked_theme(doc.data, doc, theme_id, [])
    assert load_theme(theme_id) == checked
    assert checked.questions and checked.id == theme_id


def test_a_builtin_theme_with_a_problem_would_be_caught_by_the_check():
    """The check the test above runs on each built-in theme is the user's file check."""
    doc, _ = parse_yaml(builtin_theme_text("mfh").replace("window_days: 90",
                                                           "window_days: ninety"), "mfh")
    with pytest.raises(ThemeError, match="key rules.window_days: 'ninety' is not a whole"):
        checked_theme(doc.data, doc, "mfh", [])


def test_mfh_rule_settings_and_rule_areas():
    theme = load_theme("MFH ")  # ids match ignoring case and spaces
    assert (theme.rules.window_days, theme.rules.stage1_threshold,
            theme.rules.stage2_threshold, theme.rules.counted_kinds) == (90, 5, 9, ("M",))
    assert [a.rule for a in theme.finding_areas if a.rule] == ["rhi", "stage_meetings",
                                                               "placed_in"]
    assert len(theme.cohort_groups) == 5


def test_unknown_theme_is_a_clear_error():
    with pytest.raises(ThemeError, match="unknown theme 'gangs': expected one of cse, mfh"):
        load_theme("gangs")


def test_an_audit_can_use_a_theme_file_of_its_own(tmp_path):
    folder = tmp_path / "audit"
    folder.mkdir()
    (folder / "exploitation.yaml").write_text(
        "id: exploitation\ntitle: Child Exploitation\nextra_agencies: [CAMHS]\n"
        "finding_areas:\n"
        "  - title: Safety\n"
        "    questions:\n"
        "      - {id: safety_plan, text: 'Is there a safety plan?'}\n"
        "      - {id: impact, text: 'What was the impact?', scale: grade}\n",
        encoding="utf-8")
    write_audit(folder, {"theme": "exploitation.yaml", "id": "2024-01-exploitation"},
                cases=(CASES_HEADER, [["C01", "Cumberland", "CP", "15", "", "Male"]]),
                judgements=(["case_id", "question_id", "answer", "agency"], [
                    ["C01", "safety_plan", "Partly", "CAMHS"],
                    ["C01", "impact", "Good", ""]]))
    audit = load_audit(folder)
    assert audit.theme.id == "exploitation"
    assert audit.theme.question("safety_plan").text == "Is there a safety plan?"
    findings = {f["question_id"]: f for f in build_summary(audit)["findings"]}
    assert (findings["safety_plan"]["partly"], findings["safety_plan"]["rate"]) == (1, 0.0)
    assert (findings["impact"]["met"], findings["impact"]["rate"]) == (1, 1.0)


def test_a_theme_file_with_a_bad_scale_is_refused(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\ntitle: X\nfinding_areas:\n  - title: A\n    questions:\n"
                    "      - {id: q, text: 'Q?', scale: stars}\n", encoding="utf-8")
    with pytest.raises(ThemeError, match="question 'q' has unknown scale 'stars'"):
        load_theme(path)


def test_a_broken_theme_file_is_a_located_problem_of_the_audit(tmp_path):
    folder = tmp_path / "audit"
    folder.mkdir()
    (folder / "mine.yaml").write_text("id: x\ntitle: [X\n", encoding="utf-8")
    write_audit(folder, {"theme": "mine.yaml"},
                cases=(CASES_HEADER, [["C01", "Cumberland", "CP", "15", "", "Male"]]),
                judgements=(["case_id", "question_id", "answer"], [["C01", "q", "Yes"]]))
    with pytest.raises(AuditValidationError) as info:
        load_audit(folder)
    [problem] = info.value.problems
    assert str(problem).startswith("audit.yaml, column theme: 'mine.yaml' cannot be used: ")
    assert "line 3: cannot be read as YAML" in str(problem)

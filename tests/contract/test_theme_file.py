"""Theme files checked against their declared keys: every problem at once, with line and key.

Before the declaration (contract/theme_file.py: ThemeFile, AreaFile, QuestionFile and
RulesFile) a misspelt ``window_day`` was silently ignored (wrong stage figures),
``finding_areas: 5``, a list-valued ``id`` or ``scale`` and an empty ``extra_agencies``
were TypeErrors, ``window_days: sixty`` an unlocated ValueError, ``window_days: 0``,
``counted_kinds: [M, X]`` and a stage 2 threshold below stage 1 were accepted, and
``cohort_groups: Single episode`` was split into single characters.
"""

from __future__ import annotations

from dataclasses import fields

import pytest
from conftest import CASES_HEADER, write_audit

from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.contract.theme_file import LevelsFile, RulesFile
from cscp_analysis.contract.themes import (
    AREA_RULES,
    Levels,
    MissingRules,
    ThemeError,
    load_theme,
)
from cscp_analysis.io.load import load_audit
from cscp_analysis.report.missing import RULE_BLOCKS

GOOD = ("id: mine\ntitle: Mine\nfinding_areas:\n  - title: Area\n    questions:\n"
        "      - {id: q1, text: 'First?'}\n")  # lines 1-6
RULES = "rules: {window_days: 60, stage1_threshold: 4, stage2_threshold: 8}\n"


def _problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "theme.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme(path)
    return [said.replace(f"{tmp_path}/", "") for said in str(caught.value).splitlines()]


def test_the_rule_settings_a_file_may_give_are_the_themes_own():
    """The file's ``rules:`` and ``levels:`` take their keys and defaults from the
    theme's MissingRules and Levels: one declaration, nothing to keep in step."""
    for plain, declared in ((MissingRules, RulesFile), (Levels, LevelsFile)):
        keys = [f.name for f in fields(plain)]
        assert list(declared.__pydantic_fields__) == keys
        assert {k: declared.__pydantic_fields__[k].default for k in keys} == {
            k: getattr(plain(), k) for k in keys}


def test_a_good_theme_file_with_rules(tmp_path):
    path = tmp_path / "theme.yaml"
    path.write_text(GOOD + RULES + "extra_agencies:\n", encoding="utf-8")
    theme = load_theme(path)
    assert (theme.rules.window_days, theme.rules.stage1_threshold,
            theme.rules.stage2_threshold, theme.rules.counted_kinds) == (60, 4, 8, ("M",))
    assert theme.agencies[-1] == "Other"  # a blank extra_agencies adds none
    assert (theme.levels.to_improve_below, theme.levels.working_well_above) == (0.6, 0.8)
    path.write_text(GOOD + "levels: {to_improve_below: 0.5, working_well_above: 0.9}\n",
                    encoding="utf-8")
    assert load_theme(path).levels == Levels(0.5, 0.9)


@pytest.mark.parametrize(("change", "problem"), [
    (("finding_areas:\n  - title: Area\n    questions:\n      - {id: q1, text: 'First?'}\n",
      "finding_areas: 5\n"),
     "theme.yaml line 3, key finding_areas: '5' is not a list of finding areas, each with a "
     "title and questions"),
    (("id: mine", "id: [a, b]"),
     "theme.yaml line 1, key id: '[a, b]' is not a theme id (text without hidden characters)"),
    (("id: mine", 'id: "mi\\u202ene"'),
     "theme.yaml line 1, key id: 'mi\\u202ene' is not a theme id (text without hidden "
     "characters)"),
    (("text: 'First?'", "text: 'First?', scale: [yes_no]"),
     "theme.yaml line 6, key finding_areas.questions.scale: '[yes_no]' is not a scale (yes_no "
     "or grade)"),
    (("text: 'First?'", "text: 'First?', scale: stars"),
     "theme.yaml line 6, key finding_areas.questions.scale: question 'q1' has unknown scale "
     "'stars' (expected yes_no or grade)"),
    (("title: Mine\n", "title: Mine\ncohort_groups: Single episode\n"),
     "theme.yaml line 3, key cohort_groups: 'Single episode' is not a list of cohort groups "
     "(write [Single episode, Multiple episodes], or one per line starting with '- ')"),
    (("title: Mine\n", "title: Mine\nextra_agencies: [CAMHS, [a]]\n"),
     "theme.yaml line 3, key extra_agencies: '[a]' is not an agency's name (text)"),
    (("    questions:", "    rule: stages\n    questions:"),
     "theme.yaml line 5, key finding_areas.rule: 'stages' is not a rule (rhi, stage_meetings, "
     "placed_in)"),
    (("title: Mine\n", "title: Mine\nnotebok: x.ipynb\n"),
     "theme.yaml line 3, key notebok: unknown key 'notebok': did you mean notebook? (expected "
     "one of id, title, description, cohort_groups, extra_agencies, finding_areas, rules, "
     "levels, notebook)"),
    (("title: Mine\n", "title: Mine\nlevels: {to_improve_below: 60}\n"),
     "theme.yaml line 3, key levels.to_improve_below: '60' is not a share between 0 and 1 "
     "(for example 0.6 for 60%)"),
    (("title: Mine\n", "title: Mine\nlevels: {to_improve_below: 0.7, working_well_above: 0.5}\n"),
     "theme.yaml line 3, key levels.working_well_above: '0.5' is below to_improve_below (0.7): "
     "an area cannot be working well at a rate that needs improving"),
    (("title: Mine\n", "title: Mine\nlevels: {working_well: 0.9}\n"),
     "theme.yaml line 3, key levels.working_well: unknown key 'levels.working_well': did you "
     "mean levels.working_well_above? (expected one of levels.to_improve_below, "
     "levels.working_well_above)"),
    (("title: Mine\n", "title: Mine\nnotebook: [a]\n"),
     "theme.yaml line 3, key notebook: '[a]' is not a notebook's file name (for example "
     "my_theme.ipynb)"),
])
def test_one_bad_key(tmp_path, change, problem):
    old, new = change
    assert old in GOOD
    assert _problems(tmp_path, GOOD.replace(old, new)) == [problem]


RULE_KEYS = ("rules.rhi_hours, rules.window_days, rules.stage1_threshold, "
             "rules.stage2_threshold, rules.counted_kinds, rules.required_agencies")


@pytest.mark.parametrize(("rules", "problem"), [
    ("rules:\n  window_day: 60\n",
     "theme.yaml line 8, key rules.window_day: unknown key 'rules.window_day': did you mean "
     f"rules.window_days? (expected one of {RULE_KEYS})"),
    ("rules:\n  window_days: sixty\n",
     "theme.yaml line 8, key rules.window_days: 'sixty' is not a whole number of days of 1 or "
     "more"),
    ("rules:\n  window_days: 0\n",
     "theme.yaml line 8, key rules.window_days: '0' is not a whole number of days of 1 or more"),
    ("rules:\n  window_days: '60'\n",
     "theme.yaml line 8, key rules.window_days: '60' is not a whole number of days of 1 or "
     "more"),
    ("rules:\n  rhi_hours: 72.5\n",
     "theme.yaml line 8, key rules.rhi_hours: '72.5' is not a whole number of hours of 1 or "
     "more"),
    ("rules:\n  counted_kinds: [M, X]\n",
     "theme.yaml line 8, key rules.counted_kinds: 'X' is not an episode kind (M or A)"),
    ("rules:\n  counted_kinds: []\n",
     "theme.yaml line 8, key rules.counted_kinds: '[]' is not a list of episode kinds (for "
     "example [M, A])"),
    ("rules:\n  stage1_threshold: 5\n  stage2_threshold: 3\n",
     "theme.yaml line 9, key rules.stage2_threshold: '3' is not above stage1_threshold (5): "
     "stage 2 is due after more episodes than stage 1"),
    ("rules:\n  stage2_threshold: 5\n",
     "theme.yaml line 8, key rules.stage2_threshold: '5' is not above stage1_threshold (5): "
     "stage 2 is due after more episodes than stage 1"),
    ("rules: 90\n",
     "theme.yaml line 7, key rules: '90' is not a mapping of rule settings (docs/themes.md)"),
])
def test_one_bad_rule_setting(tmp_path, rules, problem):
    assert _problems(tmp_path, GOOD + rules) == [problem]


def test_counted_kinds_are_read_in_any_case(tmp_path):
    path = tmp_path / "theme.yaml"
    path.write_text(GOOD + "rules:\n  counted_kinds: [m, ' a ']\n", encoding="utf-8")
    assert load_theme(path).rules.counted_kinds == ("M", "A")


def test_every_problem_of_a_theme_file_at_once_in_line_order(tmp_path):
    text = ("id: X Y\n"                                        # 1
            "title: [t]\n"                                     # 2
            "finding_areas:\n"                                 # 3
            "  - title: A\n"                                   # 4
            "    questions:\n"                                 # 5
            "      - {id: q, text: 'Q?', scale: stars}\n"      # 6
            "      - {id: q, text: 'Again?'}\n"                # 7
            "      - 5\n"                                      # 8
            "rules: {rhi_hours: yes, window_dayz: 3}\n")       # 9
    # the id's form ([a-z0-9-]) is the batch's to check, where the id names a report
    assert _problems(tmp_path, text) == [
        "theme.yaml line 2, key title: '[t]' is not the theme's title (text)",
        "theme.yaml line 6, key finding_areas.questions.scale: question 'q' has unknown scale "
        "'stars' (expected yes_no or grade)",
        "theme.yaml line 7, key finding_areas.questions.id: question id 'q' appears twice "
        "(also line 6)",
        "theme.yaml line 8, key finding_areas.questions: '5' is not a question (a mapping with "
        "id and text)",
        "theme.yaml line 9, key rules.rhi_hours: 'yes' is not a whole number of hours of 1 or "
        "more",
        "theme.yaml line 9, key rules.window_dayz: unknown key 'rules.window_dayz': did you "
        f"mean rules.window_days? (expected one of {RULE_KEYS})",
    ]


def test_missing_keys_are_named(tmp_path):
    assert _problems(tmp_path, "description: nothing else\n") == [
        "theme.yaml, key id: key id is required",
        "theme.yaml, key title: key title is required",
        "theme.yaml, key finding_areas: key finding_areas is required",
    ]


def test_a_theme_files_problems_are_problems_of_the_audit_that_names_it(tmp_path):
    folder = write_audit(tmp_path / "a", {"theme": "mine.yaml"},
                         cases=(CASES_HEADER, [["C01", "Cumberland", "CP", "12", "", "Female"]]),
                         judgements=(["case_id", "question_id", "answer"], [["C01", "q1", "Yes"]]))
    (folder / "mine.yaml").write_text(GOOD + "rules:\n  window_day: 60\n  window_days: 0\n",
                                      encoding="utf-8")
    with pytest.raises(AuditValidationError) as caught:
        load_audit(folder)
    theme = folder / "mine.yaml"
    assert [str(p) for p in caught.value.problems] == [
        f"audit.yaml, column theme: 'mine.yaml' cannot be used: {theme} line 8, key "
        f"rules.window_day: unknown key 'rules.window_day': did you mean rules.window_days? "
        f"(expected one of {RULE_KEYS})",
        f"audit.yaml, column theme: 'mine.yaml' cannot be used: {theme} line 9, key "
        "rules.window_days: '0' is not a whole number of days of 1 or more",
    ]


def test_the_rules_an_area_may_name_are_the_rules_the_report_shows():
    assert set(AREA_RULES) == set(RULE_BLOCKS)

"""The cohort paragraph: exact sentences for small hand-made cohorts."""

from __future__ import annotations

import pandas as pd
import pytest

from cscp_analysis.analysis import narrative
from cscp_analysis.analysis.narrative import (
    age_sentence,
    area_sentence,
    case_type_sentence,
    cohort_group_sentence,
    cohort_narrative,
    gender_sentence,
    join_list,
    number_words,
    sentence_start,
)

AREAS = ("Cumberland", "Westmorland and Furness")


def make_cases(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (case_type, gender, area, age_years, age_months[, cohort_group])."""
    rows = [r if len(r) == 6 else (*r, None) for r in rows]
    table = pd.DataFrame(
        rows, columns=["case_type", "gender", "area", "age_years", "age_months", "cohort_group"]
    )
    table.insert(0, "case_id", [f"C{i + 1:02d}" for i in range(len(rows))])
    table["age_in_months"] = (table["age_years"] * 12 + table["age_months"]).astype("int64")
    return table


def test_numbers_and_lists():
    assert [number_words(n) for n in (0, 1, 7, 10, 11, 23)] == [
        "zero", "one", "seven", "ten", "11", "23"]
    assert [sentence_start(n) for n in (1, 11, 12, 21)] == [
        "One", "Eleven", "Twelve", "Twenty-one"]
    assert join_list(["a"]) == "a"
    assert join_list(["a", "b"]) == "a and b"
    assert join_list(["a", "b", "c"]) == "a, b and c"


def test_five_cases_the_published_example():
    cases = make_cases([
        ("CP", "Female", "Cumberland", 12, 0),
        ("CIN", "Female", "Cumberland", 14, 2),
        ("EH", "Male", "Cumberland", 15, 0),
        ("CLA", "Female", "Westmorland and Furness", 16, 0),
        ("CLA_OOC", "Female", "Westmorland and Furness", 17, 0),
    ])
    assert cohort_narrative(cases, AREAS) == (
        "Five cases were audited: one Child Protection, one Child in Need, one Early Help, "
        "one Child Looked After and one Child Looked After placed out of county. "
        "The children were aged 12 to 17 years. Four were girls and one was a boy. "
        "Three cases were from Cumberland and two were from Westmorland and Furness."
    )


def test_one_case():
    cases = make_cases([("EH", "Male", "Cumberland", 9, 4)])
    assert cohort_narrative(cases, AREAS) == (
        "One case was audited: an Early Help case. The child was aged 9 years. "
        "The child was a boy. The case was from Cumberland."
    )
    placed = make_cases([("PLACED_IN", "Not recorded", "Cumberland", 15, 0)])
    assert case_type_sentence(placed) == (
        "One case was audited: a child placed in the county by another authority.")
    assert gender_sentence(placed) == "The child had no gender recorded."


def test_two_cases_same_type_same_age_one_gender():
    cases = make_cases([
        ("CP", "Female", "Cumberland", 14, 0),
        ("CP", "Female", "Cumberland", 14, 6),
    ])
    assert cohort_narrative(cases, AREAS) == (
        "Two cases were audited, both Child Protection. The children were both aged 14 years. "
        "Both were girls. Both cases were from Cumberland."
    )


def test_eleven_cases_figures_mid_sentence_words_at_the_start():
    cases = make_cases([("CP", "Male", "Cumberland", 10, 0)] * 11)
    assert case_type_sentence(cases) == "Eleven cases were audited, all Child Protection."
    assert gender_sentence(cases) == "All 11 were boys."
    assert area_sentence(cases, AREAS) == "All 11 cases were from Cumberland."
    unknown = make_cases([("CP", "Not recorded", "Cumberland", 10, 0)] * 3)
    assert gender_sentence(unknown) == "None of the three children had a gender recorded."
    others = make_cases([("CP", "Other", "Cumberland", 10, 0)] * 5)
    assert gender_sentence(others) == "All five had another gender recorded."


def test_twelve_cases_mixed_types_and_genders_with_a_baby_in_months():
    rows = (
        [("CP", "Female", "Cumberland", 0, 5)]
        + [("CP", "Female", "Cumberland", 6, 0)] * 10
        + [("CIN", "Other", "Westmorland and Furness", 18, 0)]
    )
    rows[3] = ("CIN", "Male", "Westmorland and Furness", 8, 0)
    rows[4] = ("NONE", "Not recorded", "Cumberland", 3, 0)
    cases = make_cases(rows)
    assert case_type_sentence(cases) == (
        "Twelve cases were audited: nine Child Protection, two Child in Need and one not "
        "previously known to children's social care.")
    assert age_sentence(cases) == "The children were aged 5 months to 18 years."
    assert gender_sentence(cases) == (
        "Nine were girls, one was a boy, one had another gender recorded and one had no "
        "gender recorded.")
    assert area_sentence(cases, AREAS) == (
        "Ten cases were from Cumberland and two were from Westmorland and Furness.")


def test_ages_in_months_under_one_year():
    babies = make_cases([("CP", "Male", "Cumberland", 0, 3), ("CP", "Male", "Cumberland", 0, 11)])
    assert age_sentence(babies) == "The children were aged 3 to 11 months."
    one = make_cases([("CP", "Male", "Cumberland", 0, 1)])
    assert age_sentence(one) == "The child was aged 1 month."
    toddler = make_cases([("CP", "Male", "Cumberland", 0, 6), ("CP", "Male", "Cumberland", 1, 2)])
    assert age_sentence(toddler) == "The children were aged 6 months to 1 year."


def test_boys_listed_after_girls_whatever_the_counts():
    cases = make_cases([("CP", "Male", "Cumberland", 10, 0)] * 3
                       + [("CP", "Female", "Cumberland", 10, 0)])
    assert gender_sentence(cases) == "One was a girl and three were boys."


def test_cohort_group_sentences():
    cases = make_cases([
        ("CLA", "Male", "Cumberland", 15, 0, "Single episode"),
        ("CLA", "Male", "Cumberland", 15, 0, "Multiple episodes"),
        ("CLA", "Male", "Cumberland", 15, 0, "Single episode"),
    ])
    order = ("Single episode", "Multiple episodes")
    assert cohort_group_sentence(cases, order) == (
        "The cases were drawn from two sampling groups: Single episode (two) and "
        "Multiple episodes (one).")
    partly = make_cases([
        ("CLA", "Male", "Cumberland", 15, 0, "Single episode"),
        ("CLA", "Male", "Cumberland", 15, 0, None),
    ])
    assert cohort_group_sentence(partly, order) == (
        "One case was drawn from the sampling group Single episode. "
        "One case had no sampling group recorded.")
    none = make_cases([("CLA", "Male", "Cumberland", 15, 0, None)])
    assert cohort_group_sentence(none, order) == ""


@pytest.mark.parametrize("n", [1, 2, 5, 11, 12, 150])
def test_the_paragraph_reads_for_any_size(n):
    cases = make_cases([("CIN", "Female", "Cumberland", 13, 0)] * n)
    text = cohort_narrative(cases, AREAS)
    first = text.split(".")[0]
    assert not first[0].isdigit()
    assert "  " not in text and ".." not in text
    if n == 150:
        assert first == "A total of 150 cases were audited, all Child in Need"


def test_dates_in_one_style():
    assert narrative.long_date("2023-03-31") == "31 March 2023"
    assert narrative.long_date(pd.Timestamp("2016-03-02")) == "2 March 2016"
    assert narrative.long_date(None) == "" and narrative.long_date(pd.NaT) == ""
    assert narrative.month_name("2016-06") == "June 2016"


def test_suppressed_cohort_sentence_gives_no_small_count():
    assert narrative.suppressed_cohort_sentence(14, 5) == (
        "Fourteen cases were audited. To protect the children's privacy, this version of the "
        "report does not describe them by type of involvement, age, gender or area in words; "
        'the table below shows each group of 5 or more children, and smaller groups as "<5".')
    assert narrative.suppressed_cohort_sentence(3, 5).startswith("Fewer than 5 cases were")
    assert narrative.count_phrase(3, 5) == "fewer than 5"
    assert narrative.count_phrase(0, 5) == "zero" and narrative.count_phrase(7, 5) == "seven"
    assert narrative.count_phrase(3) == "three"


def test_counted_gives_the_figure_and_the_noun_in_the_right_number():
    from cscp_analysis.analysis.narrative import counted

    assert [counted(1, "answer"), counted(0, "answer"), counted(2, "case question"),
            counted(1, "child", "children"), counted(3, "child", "children")] == [
        "1 answer", "0 answers", "2 case questions", "1 child", "3 children"]


def test_ordinals_are_hand_worked():
    from cscp_analysis.analysis.narrative import ordinal

    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]


def test_counted_can_spell_a_count_in_running_text():
    from cscp_analysis.analysis.narrative import counted

    assert [counted(1, "day", spell=True), counted(3, "day", spell=True),
            counted(11, "day", spell=True), counted(1, "interview")] == [
        "one day", "three days", "11 days", "1 interview"]

"""The panel's learning (learning.csv, data-contract section 5a): loaded into its tidy
form, and every bad input refused with its exact located message, in a folder and in a
workbook."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import CASES_HEADER, folder_to_workbook, write_audit

from cscp_analysis import analyse
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.deidentified import IDS_PER_PATTERN, first_case_id
from cscp_analysis.io.load import load_audit

HEADER = ["finding_area", "kind", "text", "on"]
CASES = (CASES_HEADER, [["C01", "Cumberland", "CP", "12", "", "Female"],
                        ["c-7", "Cumberland", "CIN", "9", "", "Male"]])
JUDGEMENTS = (["case_id", "question_id", "answer"], [["C01", "voice_heard", "Yes"]])
AREAS = ("Voice of the Child, Risk Assessment Tools, Plans, Children Looked After, Impact")
DE_IDENTIFY = ("the panel's learning is published, so its text must be de-identified (write "
               "about the child without the case id)")


def audit_with(tmp_path: Path, rows: list[list[str]], header=HEADER) -> Path:
    return write_audit(tmp_path / "a", cases=CASES, judgements=JUDGEMENTS,
                       learning=(header, rows))


def problems_of(path: Path) -> list[str]:
    with pytest.raises(AuditValidationError) as info:
        load_audit(path)
    return [str(p) for p in info.value.problems]


def test_learning_is_tidied_in_file_order(tmp_path):
    folder = audit_with(tmp_path, [
        ["  voice of the CHILD ", " working WELL", "  Workers kept turning up. ", ""],
        ["", "action taken", "A shorter tool was issued.", "30/11/2016"],
        ["plans", "To improve", "Plans did not name the risk.", " 2016-09-14 "],
    ])
    learning = load_audit(folder).learning
    assert list(learning.columns) == ["finding_area", "kind", "text", "on", "row"]
    assert learning["finding_area"].tolist()[0] == "Voice of the Child"
    assert pd.isna(learning.loc[1, "finding_area"])  # blank: the audit as a whole
    assert learning.loc[2, "finding_area"] == "Plans"
    assert learning["kind"].tolist() == ["Working well", "Action taken", "To improve"]
    assert learning["text"].tolist() == ["Workers kept turning up.", "A shorter tool was issued.",
                                         "Plans did not name the risk."]
    assert pd.isna(learning.loc[0, "on"])
    assert learning.loc[1, "on"] == pd.Timestamp("2016-11-30")
    assert learning.loc[2, "on"] == pd.Timestamp("2016-09-14")
    assert learning["on"].dtype == "datetime64[ns]"
    assert learning["row"].tolist() == [2, 3, 4]


def test_without_a_learning_file_the_table_is_empty_with_its_columns(small_cse):
    audit = load_audit(small_cse)
    assert not audit.has_learning
    assert list(audit.learning.columns) == ["finding_area", "kind", "text", "on", "row"]
    assert len(audit.learning) == 0
    assert list(analyse(audit).learning.columns) == ["finding_area", "kind", "text", "on",
                                                     "row"]


def test_the_results_hold_the_declared_columns_only(tmp_path):
    folder = audit_with(tmp_path, [["Impact", "Working well", "Good outcomes.", "", "Jo"]],
                        header=[*HEADER, "author"])
    audit = load_audit(folder)
    assert audit.has_learning
    assert audit.learning.loc[0, "author"] == "Jo"  # extra columns carried through ...
    results = analyse(audit)
    assert list(results.learning.columns) == ["finding_area", "kind", "text", "on", "row"]
    assert results.learning is results.learning  # ... computed once, without them


def test_every_bad_cell_is_located_at_once(tmp_path):
    folder = audit_with(tmp_path, [
        ["Voice", "Working well", "Workers kept turning up.", ""],
        ["Plans", "Lessons", "Plans did not name the risk.", ""],
        ["Plans", "To improve", "Plans did not name the risk.", "31/02/2016"],
        ["Plans", "", "", ""],
    ])
    expected = [
        f"learning.csv row 2, column finding_area: 'Voice' is not a finding area of the "
        f"audit's theme: {AREAS}",
        "learning.csv row 3, column kind: 'Lessons' is not one of Working well, To improve, "
        "Practitioner feedback, Action taken",
        "learning.csv row 4, column on: '31/02/2016' is not a date (expected 2016-03-01 or "
        "01/03/2016)",
        "learning.csv row 5, column kind: a value is required",
        "learning.csv row 5, column text: a value is required",
    ]
    assert problems_of(folder) == expected
    book = folder_to_workbook(folder, tmp_path / "audit.xlsx")
    assert problems_of(book) == [p.replace("learning.csv", "audit.xlsx sheet learning")
                                 for p in expected]


def test_a_date_with_a_time_is_not_a_date(tmp_path):
    folder = audit_with(tmp_path, [["", "Action taken", "A tool was issued.",
                                    "2016-11-30 10:00"]])
    assert problems_of(folder) == [
        "learning.csv row 2, column on: '2016-11-30 10:00' is not a date (expected 2016-03-01 "
        "or 01/03/2016)"]


def test_a_missing_required_column(tmp_path):
    folder = audit_with(tmp_path, [["Plans", "Plans did not name the risk."]],
                        header=["finding_area", "text"])
    assert problems_of(folder) == ["learning.csv row 1, column kind: required column kind is "
                                   "missing"]


def test_a_case_id_in_the_text_is_refused_without_echoing_the_text(tmp_path):
    secret = "lives with her aunt on Mill Street"
    folder = audit_with(tmp_path, [
        ["Plans", "To improve", f"The plan for c01 ({secret}) did not name the risk.", ""],
        ["", "Working well", "Case C-7's worker kept turning up.", ""],
        ["", "Working well", "NC01 and C010 and C01x are not case ids; nor is c-77.", ""],
        ["", "To improve", "Line one\nC01", ""],
    ])
    expected = [
        f"learning.csv row 2, column text: contains case id 'C01': {DE_IDENTIFY}",
        f"learning.csv row 3, column text: contains case id 'c-7': {DE_IDENTIFY}",
        f"learning.csv row 5, column text: contains case id 'C01': {DE_IDENTIFY}",
    ]
    with pytest.raises(AuditValidationError) as info:
        load_audit(folder)
    assert [str(p) for p in info.value.problems] == expected
    assert secret not in str(info.value)
    assert [p.value for p in info.value.problems] == ["C01", "c-7", "C01"]
    book = folder_to_workbook(folder, tmp_path / "audit.xlsx")
    assert problems_of(book) == [p.replace("learning.csv", "audit.xlsx sheet learning")
                                 for p in expected]


def found(text: pd.Series, ids: list[str]) -> list[str | None]:
    return [None if pd.isna(v) else v for v in first_case_id(text, ids)]


def test_the_case_id_search_finds_whole_words_ignoring_case():
    text = pd.Series(["about c03 here", "NC03", "C030", "x\nC03.", "(C01)", "é C01", "éC01",
                      "C_01", "", "C01 and C03"])
    assert found(text, ["C01", "C03"]) == [
        "c03", None, None, "C03", "C01", "C01", None, None, None, "C01"]


@pytest.mark.parametrize("count", [5, 3 * IDS_PER_PATTERN + 7])
@pytest.mark.parametrize("form", ["K{:05d}", "K-{:05d}"])  # words, and ids RE2 looks for
def test_the_case_id_search_holds_any_number_of_ids(form, count):
    ids = [form.format(i) for i in range(count)]  # (many: words looked up, four patterns)
    text = pd.Series(["nothing here", f"see {ids[-1]}", f"see {ids[0].lower()}",
                      "K999999", f"{ids[3]}.", None])
    assert found(text, ids) == [None, ids[-1], ids[0].lower(), None, ids[3], None]


@pytest.mark.parametrize("count", [2, 2 * IDS_PER_PATTERN])
def test_ids_of_both_kinds_in_one_audit(count):
    ids = ["C01", "C-7", *(f"X{i}" for i in range(count - 2))]
    text = pd.Series(["C01 then c-7", "c-7 only", "C-7x is not one; C01x neither", "_C01"])
    assert found(text, ids) == ["C01", "c-7", None, None]


def test_ids_of_punctuation_are_matched_literally():
    text = pd.Series(["see a.b", "see axb", "see (1+2)", "x|y"])
    assert found(text, ["a.b", "(1+2)", "x|y"]) == [
        "a.b", None, "(1+2)", "x|y"]


def test_the_bundled_samples_carry_their_learning():
    for audit_id, expected in (("2016-06-cse", 9), ("2016-06-mfh", 8),
                               ("2022-09-neglect", 8)):
        audit = load_audit(audit_id)
        learning = audit.learning
        assert len(learning) == expected
        titles = {a.title for a in audit.theme.finding_areas}
        assert set(learning["finding_area"].dropna()) <= titles
        assert learning["finding_area"].isna().any()  # some lines speak for the whole audit
        actions = learning[learning["kind"] == "Action taken"]
        conducted = pd.Timestamp(audit.info.conducted + "-01") + pd.offsets.MonthEnd(1)
        assert len(actions) and (actions["on"] > conducted).all()
        # no small number a public brief quoting the lines would show
        assert not learning["text"].str.contains(r"\b[1-4]\b").any()


# ------------------------------------------------- what an attacker or a careless analyst types


@pytest.mark.parametrize("said", [
    "about c01.", "(C01)", "C01's plan", "«C01»", "C01\u2014and more",
    "C\u200b01 (a zero-width space inside)", "C\u202e01 (a direction override inside)",
    "\u2066C01\u2069 (isolated)", "C\u00ad01 (a soft hyphen)", "\uff23\uff10\uff11 (full width)",
])
def test_a_case_id_is_found_through_punctuation_and_invisible_characters(tmp_path, said):
    """What reads as the id is the id: punctuation round it, a format character inside it
    (pasted from another system) or its full-width form do not hide it."""
    folder = audit_with(tmp_path, [["", "Working well", said, ""]])
    assert problems_of(folder) == [
        f"learning.csv row 2, column text: contains case id 'C01': {DE_IDENTIFY}"]


def test_a_space_inside_a_case_id_makes_other_words(tmp_path):
    """C 01 (a no-break space) reads as two words, not as the id: accepted."""
    folder = audit_with(tmp_path, [["", "Working well", "C\u00a001 and C 01", ""]])
    assert load_audit(folder).learning["text"].tolist() == ["C\u00a001 and C 01"]


def test_a_case_id_that_is_an_ordinary_word_is_found_as_that_word(tmp_path):
    """Ids that are words (may, plan) are refused wherever the word is used: the rule
    stays a plain whole-word match (data-contract section 5a says to give cases ids that
    are not words)."""
    folder = write_audit(
        tmp_path / "a", judgements=JUDGEMENTS,
        cases=(CASES_HEADER, [["C01", "Cumberland", "CP", "12", "", "Female"],
                              ["may", "Cumberland", "CP", "9", "", "Male"],
                              ["plan", "Cumberland", "CP", "9", "", "Male"]]),
        learning=(HEADER, [["", "Working well", "In May the review was held.", ""],
                           ["", "To improve", "Planning was late.", ""],
                           ["", "To improve", "The PLAN was late.", ""]]))
    assert problems_of(folder) == [
        f"learning.csv row 2, column text: contains case id 'may': {DE_IDENTIFY}",
        f"learning.csv row 4, column text: contains case id 'plan': {DE_IDENTIFY}"]


def test_a_text_longer_than_a_cell_is_refused(tmp_path):
    folder = audit_with(tmp_path, [["", "Working well", "x" * 32_767, ""],
                                   ["", "Working well", "y" * 40_000, ""]])
    assert problems_of(folder) == [
        "learning.csv row 3, column text: this cell holds 40,000 characters, more than the "
        "32,767 a cell may hold (Excel's own limit)"]


def test_a_text_that_shows_nothing_or_holds_a_control_character_is_refused(tmp_path):
    folder = audit_with(tmp_path, [
        ["", "Working well", " \t ", ""],
        ["", "Working well", "\u00a0\u2003", ""],
        ["", "Working well", "\u200b\u200e", ""],
        ["", "Working well", "Secret\x00inside", ""],
        ["", "Working well", "a bell\x07", ""],
        ["", "Working well", "\u202eA direction override stays text", ""],
        ["", "Working well", "Tabs\tand\nnew lines are text", ""],
    ])
    control = ("holds a control character (such as NUL), which no page or workbook can "
               "show: retype the text without it")
    assert problems_of(folder) == [
        "learning.csv row 2, column text: a value is required",
        "learning.csv row 3, column text: a value is required",
        "learning.csv row 4, column text: shows nothing (only zero-width or direction "
        "characters): write the text",
        f"learning.csv row 5, column text: {control}",
        f"learning.csv row 6, column text: {control}",
    ]
    assert "Secret" not in " ".join(problems_of(folder))  # the text is never quoted


def test_text_that_could_start_a_formula_is_kept_as_text(tmp_path):
    """A line may start with = + - @: it is text (written inert in every CSV or workbook
    the package makes, tests/capture and tests/e2e/test_hostile_corpus.py)."""
    said = ['=HYPERLINK("https://example.invalid","x")', "+1", "-2 plans", "@SUM(1)"]
    folder = audit_with(tmp_path, [["", "Working well", s, ""] for s in said])
    assert load_audit(folder).learning["text"].tolist() == said


def test_dates_outside_the_timestamps_span_are_not_dates(tmp_path):
    folder = audit_with(tmp_path, [["", "Action taken", "x", "0216-03-01"],
                                   ["", "Action taken", "y", "2999-01-01"],
                                   ["", "Action taken", "z", "1900-01-01"]])
    expected = " is not a date (expected 2016-03-01 or 01/03/2016)"
    assert problems_of(folder) == [f"learning.csv row 2, column on: '0216-03-01'{expected}",
                                   f"learning.csv row 3, column on: '2999-01-01'{expected}"]


def test_a_date_on_another_kind_and_a_line_given_twice_are_accepted(tmp_path):
    """Documented in data-contract section 5a: ``on`` may date any line (reports show it
    for actions only); a line given twice is kept twice, as the panel wrote it."""
    folder = audit_with(tmp_path, [["", "Working well", "Same words.", "2016-07-01"],
                                   ["", "Working well", "Same words.", ""],
                                   ["Plans", "Working well", "Same words.", ""]])
    learning = load_audit(folder).learning
    assert learning["text"].tolist() == ["Same words."] * 3
    assert learning.loc[0, "on"] == pd.Timestamp("2016-07-01")


def test_a_byte_order_mark_and_a_header_alone(tmp_path):
    folder = audit_with(tmp_path, [])
    (folder / "learning.csv").write_bytes(
        "\ufefffinding_area,kind,text,on\r\n,Working well,Caf\u00e9 talk,\r\n".encode())
    assert load_audit(folder).learning["text"].tolist() == ["Caf\u00e9 talk"]
    (folder / "learning.csv").write_bytes(b"finding_area,kind,text,on\n")
    assert not load_audit(folder).has_learning
    (folder / "learning.csv").write_bytes("finding_area,kind,text,on\n,Working well,caf\xe9,\n"
                                          .encode("latin-1"))
    assert problems_of(folder) == [
        "learning.csv row 2: the file is not UTF-8 text (this row has a character that "
        "cannot be read); in Excel use Save As > 'CSV UTF-8 (Comma delimited)'"]


def test_the_workbook_form_refuses_the_same(tmp_path):
    folder = audit_with(tmp_path, [["", "Working well", "C\u200b01 was seen.", ""],
                                   ["", "Working well", "\u200b", ""]])
    book = folder_to_workbook(folder, tmp_path / "audit.xlsx")
    assert problems_of(book) == [
        f"audit.xlsx sheet learning row 2, column text: contains case id 'C01': {DE_IDENTIFY}",
        "audit.xlsx sheet learning row 3, column text: shows nothing (only zero-width or "
        "direction characters): write the text"]

"""Loading: cases found in review and attack, each once a crash, a wrong figure or noise."""

from __future__ import annotations

from conftest import CASES_HEADER, folder_to_workbook, write_audit, write_csv
from load_cases import (
    EPISODE_HEADER,
    JUDGEMENT_HEADER,
    MFH,
    ONE_CASE,
    ONE_JUDGEMENT,
    mfh_with_episodes,
    problems_of,
)

from cscp_analysis.cli import main
from cscp_analysis.io.load import load_audit

# ------------------------------------------------------------------ found in review


def test_cohort_groups_take_the_theme_spelling(tmp_path):
    folder = write_audit(tmp_path / "a", MFH, judgements=ONE_JUDGEMENT, episodes=(
        EPISODE_HEADER[:5], [["C01", "E1", "M", "2016-03-01", "2016-03-02"]]),
        cases=(CASES_HEADER + ["cohort_group"], [
            ["C01", "Cumberland", "CLA", "14", "", "Male", "multiple EPISODES "],
            ["C02", "Cumberland", "CLA", "15", "", "Male", "Multiple episodes"],
        ]))
    assert list(load_audit(folder).cases["cohort_group"]) == ["Multiple episodes"] * 2


def test_header_problems_are_located_not_crashes(tmp_path):
    folder = write_audit(tmp_path / "a", judgements=ONE_JUDGEMENT)
    write_csv(folder / "cases.csv", CASES_HEADER + ["", "case_id", "", ""], [
        ["C01", "Cumberland", "CP", "12", "", "Female", "stray", "C09", "", ""],
        ["C02", "Cumberland", "CP", "12", "", "Female", "", "", "", "", "beyond"],
    ])
    assert problems_of(folder) == [
        "cases.csv row 1, column G: this column has values but no name",
        "cases.csv row 1, column case_id: 'case_id' names two columns (A and H)",
        "cases.csv row 3: 'beyond' is beyond the last named column (J): give the column a name",
    ]


def test_trailing_unnamed_empty_columns_are_ignored(tmp_path):
    folder = write_audit(tmp_path / "a", judgements=ONE_JUDGEMENT)
    write_csv(folder / "cases.csv", CASES_HEADER + ["", ""],
              [["C01", "Cumberland", "CP", "12", "", "Female", "", ""]])
    assert list(load_audit(folder).cases.columns)[-1] == "row"


def test_an_audit_may_add_agencies(tmp_path):
    folder = write_audit(
        tmp_path / "a", {"agencies": ["CAMHS"]},
        cases=(CASES_HEADER + ["agencies"], [["C01", "Cumberland", "CP", "12", "", "Female",
                                              "camhs; Police"]]),
        judgements=(JUDGEMENT_HEADER, [["C01", "voice_heard", "Yes", "CAMHS", ""]]))
    audit = load_audit(folder)
    assert audit.info.agencies == ("CAMHS",)
    assert audit.cases.loc[0, "agencies"] == "CAMHS; Police"
    assert audit.judgements.loc[0, "agency"] == "CAMHS"


def test_every_episode_inside_a_long_one_is_an_overlap(tmp_path):
    folder = mfh_with_episodes(tmp_path, [
        ["C01", "E1", "M", "2016-03-01 10:00", "2016-03-30 10:00", ""],
        ["C01", "E2", "M", "2016-03-05 10:00", "2016-03-06 10:00", ""],
        ["C01", "E3", "M", "2016-03-10 10:00", "2016-03-11 10:00", ""],
        ["C01", "E4", "M", "2016-03-30 10:00", "2016-03-31 10:00", ""],  # back to back: fine
    ])
    assert problems_of(folder) == [
        "episodes.csv row 3, column missing_from: 2016-03-05 10:00 overlaps the episode on "
        "row 2 of the same child (returned 2016-03-30 10:00)",
        "episodes.csv row 4, column missing_from: 2016-03-10 10:00 overlaps the episode on "
        "row 2 of the same child (returned 2016-03-30 10:00)",
    ]


def test_areas_that_are_not_a_list_are_located(tmp_path):
    folder = write_audit(tmp_path / "a", {"areas": 5}, cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    assert problems_of(folder) == [
        "audit.yaml, column areas: '5' is not a list of names (write [Name one, Name two] or "
        "Name one; Name two)"]


def test_workbook_month_typed_as_a_date_is_read_as_the_month(small_cse, tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    book = folder_to_workbook(small_cse, tmp_path / "audit.xlsx")
    wb = load_workbook(book)
    ws = wb["audit"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "conducted")
    row[1].value = dt.datetime(2016, 6, 1)  # what Excel does to "2016-06"
    row[1].number_format = "mmm-yy"
    wb.save(book)
    assert load_audit(book).info.conducted == "2016-06"


def test_an_unknown_theme_adds_no_agency_noise(tmp_path):
    folder = write_audit(
        tmp_path / "a", {"theme": "gangs"},
        cases=(CASES_HEADER + ["agencies"], [["C01", "Cumberland", "CP", "12", "", "Female",
                                              "Police"]]),
        judgements=ONE_JUDGEMENT)
    assert problems_of(folder) == [
        "audit.yaml, column theme: 'gangs' is not a known theme (one of cse, mfh, neglect, or a "
        "theme .yaml file)"]


def test_a_misnamed_case_id_column_gives_one_problem_with_a_hint(tmp_path):
    folder = write_audit(tmp_path / "a", judgements=(JUDGEMENT_HEADER, [
        ["C01", "voice_heard", "Yes", "", ""], ["C01", "impact", "Good", "", ""]]),
        voice=(["case_id", "said", "consent_to_share"], [["C01", "hi", "Yes"]]))
    write_csv(folder / "cases.csv", ["Case ID", *CASES_HEADER[1:]],
              [["C01", "Cumberland", "CP", "12", "", "Female"]])
    assert problems_of(folder) == [
        "cases.csv row 1, column case_id: required column case_id is missing "
        "(is 'Case ID' meant to be case_id?)"]


def test_an_unreadable_return_date_is_not_also_an_overlap(tmp_path):
    folder = mfh_with_episodes(tmp_path, [
        ["C01", "E1", "M", "2016-03-01 10:00", "2016-03-0", ""],
        ["C01", "E2", "M", "2016-03-05 10:00", "2016-03-06 10:00", ""],
    ])
    assert problems_of(folder) == [
        "episodes.csv row 2, column returned: '2016-03-0' is not a date or date-time "
        "(expected 2016-03-01, 2016-03-01 22:30 or 01/03/2016 22:30)"]


def test_broken_yaml_is_one_located_problem(tmp_path):
    folder = write_audit(tmp_path / "a", cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    (folder / "audit.yaml").write_text("id: x\ntheme: [cse\ntitle: t\n", encoding="utf-8")
    [message] = problems_of(folder)
    assert message.startswith("audit.yaml row 3: ")
    assert message.endswith("(expected key: value lines, e.g. 'theme: cse')")


def test_an_unreadable_audit_file_is_an_error_line_not_a_traceback(small_cse, capsys):
    (small_cse / "cases.csv").unlink()
    (small_cse / "cases.csv").mkdir()  # e.g. a folder where the file should be
    assert main(["validate", str(small_cse)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "cases.csv" in err and "Traceback" not in err

"""Bad input to loading (data-contract section 9): each problem located, one at a time."""

from __future__ import annotations

import pytest
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

# ------------------------------------------------------------------ bad input, one at a time


def test_missing_required_column(tmp_path):
    folder = write_audit(tmp_path / "a", judgements=ONE_JUDGEMENT,
                         cases=(["case_id", "area", "case_type", "gender"],
                                [["C01", "Cumberland", "CP", "Female"]]))
    assert problems_of(folder) == [
        "cases.csv row 1, column age_years: required column age_years is missing"]


def test_empty_file(tmp_path):
    folder = write_audit(tmp_path / "a", cases=ONE_CASE)
    (folder / "judgements.csv").write_bytes(b"")
    assert problems_of(folder) == ["judgements.csv: the file is empty (expected a header row)"]


def test_file_in_another_encoding_is_a_clear_error(tmp_path):
    folder = write_audit(tmp_path / "a", judgements=ONE_JUDGEMENT)
    text = "case_id,area,case_type,age_years,gender\nC01,Cumberland,CP,12,Female\n"
    (folder / "cases.csv").write_bytes(text.replace("Female", "F\u00e9male").encode("cp1252"))
    [message] = problems_of(folder)
    assert message.startswith("cases.csv row 2: the file is not UTF-8 text (this row has a "
                              "character that cannot be read)")
    assert "CSV UTF-8" in message


def test_unknown_code_in_every_coded_column(tmp_path):
    folder = write_audit(
        tmp_path / "a", MFH,
        cases=(CASES_HEADER + ["cohort_group", "agencies"],
               [["C01", "Carlisle", "CPP", "12", "", "F", "Twice", "Police; Polis"]]),
        judgements=(JUDGEMENT_HEADER, [["C01", "voice_heard", "Yes", "Fire Service", ""]]),
        voice=(["case_id", "said", "consent_to_share"], [["C01", "words", "Maybe"]]),
        episodes=(EPISODE_HEADER, [["C01", "", "X", "2016-03-01", "2016-03-02", "Perhaps",
                                    "Si", "", "", "Later"]]),
        meetings=(["case_id", "stage", "held_on", "agencies_invited", "agencies_attended"],
                  [["C01", "3", "2016-04-01", "Police; Vets", "Health"]]),
    )
    got = problems_of(folder)
    assert got == [
        "cases.csv row 2, column agencies: 'Police; Polis' names an agency not on the list: "
        "Children's Social Care, Police, Health, Education, Early Help, Youth Justice, "
        "Probation, Housing, Voluntary Sector, Other",
        "cases.csv row 2, column area: 'Carlisle' is not one of the audit's areas: "
        "Cumberland, Westmorland and Furness",
        "cases.csv row 2, column case_type: 'CPP' is not one of CP, CIN, EH, CLA, CLA_OOC, "
        "PLACED_IN, NONE",
        "cases.csv row 2, column cohort_group: 'Twice' is not one of the theme's cohort groups: "
        "Single episode, Multiple episodes, Placed out of county, Unknown to social care, "
        "Placed in county",
        "cases.csv row 2, column gender: 'F' is not one of Female, Male, Other, Not recorded",
        "judgements.csv row 2, column agency: 'Fire Service' is not a known agency "
        "(Children's Social Care, Police, Health, Education, Early Help, Youth Justice, "
        "Probation, Housing, Voluntary Sector, Other, Panel)",
        "voice.csv row 2, column consent_to_share: 'Maybe' is not one of Yes, No",
        "episodes.csv row 2, column kind: 'X' is not one of M, A",
        "episodes.csv row 2, column rhi_accepted: 'Si' is not one of Yes, No, Unknown",
        "episodes.csv row 2, column rhi_offered: 'Perhaps' is not one of Yes, No, Unknown",
        "episodes.csv row 2, column rhi_report_received: 'Later' is not one of Yes, No",
        "meetings.csv row 2, column agencies_invited: 'Police; Vets' names an agency not on "
        "the list: Children's Social Care, Police, Health, Education, Early Help, Youth "
        "Justice, Probation, Housing, Voluntary Sector, Other",
        "meetings.csv row 2, column stage: '3' is not one of 1, 2",
    ]


def test_duplicate_case_id_names_the_first_row(tmp_path):
    folder = write_audit(tmp_path / "a", judgements=ONE_JUDGEMENT, cases=(CASES_HEADER, [
        ["C01", "Cumberland", "CP", "12", "", "Female"],
        ["C02", "Cumberland", "CP", "13", "", "Female"],
        [" c01", "Cumberland", "CIN", "14", "", "Male"],
    ]))
    assert problems_of(folder) == [
        "cases.csv row 4, column case_id: 'c01' duplicates row 2 "
        "(case ids are unique within an audit)"]


@pytest.mark.parametrize("years, months, expected", [
    ("19", "", "cases.csv row 2, column age_years: '19' is out of range (0\u201318)"),
    ("-1", "", "cases.csv row 2, column age_years: '-1' is out of range (0\u201318)"),
    ("twelve", "", "cases.csv row 2, column age_years: 'twelve' is not a whole number"),
    ("0", "12", "cases.csv row 2, column age_months: '12' is out of range (0\u201311)"),
    ("0", "5.5", "cases.csv row 2, column age_months: '5.5' is not a whole number"),
])
def test_ages_out_of_range(tmp_path, years, months, expected):
    folder = write_audit(tmp_path / "a", judgements=ONE_JUDGEMENT, cases=(CASES_HEADER, [
        ["C01", "Cumberland", "CP", years, months, "Female"]]))
    assert problems_of(folder) == [expected]


def test_unparseable_dates(tmp_path):
    folder = mfh_with_episodes(tmp_path, [
        ["C01", "E1", "M", "31/02/2016", "", ""],
        ["C01", "E2", "M", "2016-03-05", "yesterday", ""],
    ])
    assert problems_of(folder) == [
        "episodes.csv row 2, column missing_from: '31/02/2016' is not a date or date-time "
        "(expected 2016-03-01, 2016-03-01 22:30 or 01/03/2016 22:30)",
        "episodes.csv row 3, column returned: 'yesterday' is not a date or date-time "
        "(expected 2016-03-01, 2016-03-01 22:30 or 01/03/2016 22:30)",
    ]


def test_returned_before_missing_from_matches_the_contract_example(tmp_path):
    rows = [["C02", f"E{i}", "M", f"2016-01-{i + 10:02d}", f"2016-01-{i + 10:02d}", ""]
            for i in range(10)]
    rows.append(["C01", "E1", "M", "2016-03-04", "2016-03-01", ""])
    assert problems_of(mfh_with_episodes(tmp_path, rows)) == [
        "episodes.csv row 12, column returned: 2016-03-01 is before missing_from 2016-03-04"]


def test_same_day_return_with_a_date_only_value_is_not_before(tmp_path):
    folder = mfh_with_episodes(tmp_path, [["C01", "E1", "M", "2016-03-04 22:00", "04/03/2016",
                                           "2016-03-04 09:00"]])
    assert len(load_audit(folder).episodes) == 1


def test_overlapping_episodes_of_one_child(tmp_path):
    folder = mfh_with_episodes(tmp_path, [
        ["C01", "E1", "M", "2016-03-01 10:00", "2016-03-03 10:00", ""],
        ["C02", "E1", "M", "2016-03-02 10:00", "2016-03-02 12:00", ""],  # another child: fine
        ["C01", "E2", "M", "2016-03-02 09:00", "2016-03-02 12:00", ""],
        ["C01", "E3", "M", "2016-03-04 09:00", "", ""],  # still missing ...
        ["C01", "E4", "M", "2016-03-09 09:00", "2016-03-09 12:00", ""],  # ... so this overlaps
    ])
    assert problems_of(folder) == [
        "episodes.csv row 4, column missing_from: 2016-03-02 09:00 overlaps the episode on "
        "row 2 of the same child (returned 2016-03-03 10:00)",
        "episodes.csv row 6, column missing_from: 2016-03-09 09:00 overlaps the episode on "
        "row 5 of the same child (still missing)",
    ]


def test_interview_before_the_return(tmp_path):
    folder = mfh_with_episodes(tmp_path, [
        ["C01", "E1", "M", "2016-03-01 10:00", "2016-03-03 10:00", "2016-03-03 09:59"],
        ["C01", "E2", "M", "2016-03-05 10:00", "", "2016-03-06 10:00"],
    ])
    assert problems_of(folder) == [
        "episodes.csv row 2, column rhi_held: 2016-03-03 09:59 is before returned "
        "2016-03-03 10:00",
        "episodes.csv row 3, column rhi_held: 2016-03-06 10:00 is an interview for an episode "
        "with no returned date",
    ]


def test_rows_for_unknown_cases(tmp_path):
    folder = mfh_with_episodes(tmp_path, [["C07", "E1", "M", "2016-03-01", "2016-03-02", ""]])
    write_csv(folder / "judgements.csv", JUDGEMENT_HEADER,
              [["C01", "voice_heard", "Yes", "", ""], ["C09", "voice_heard", "No", "", ""]])
    assert problems_of(folder) == [
        "judgements.csv row 3, column case_id: 'C09' is not a case in cases.csv",
        "episodes.csv row 2, column case_id: 'C07' is not a case in cases.csv",
    ]


def test_unknown_question_and_answer_off_the_scale(tmp_path):
    folder = write_audit(tmp_path / "a", cases=ONE_CASE, judgements=(JUDGEMENT_HEADER, [
        ["C01", "gcp2_used", "Yes", "", ""],
        ["C01", "impact", "Yes", "", ""],
        ["C01", "voice_heard", "Good", "", ""],
    ]))
    assert problems_of(folder) == [
        "judgements.csv row 2, column question_id: 'gcp2_used' is not a question of theme cse "
        "(voice_heard, trusted_relationship, explained_to_child, rat_completed, "
        "rat_multi_agency, rat_reviewed, rat_shared, plan_addresses_cse, plan_shared, "
        "ooc_risk_reduced, ooc_oversight, impact)",
        "judgements.csv row 3, column answer: 'Yes' is not on the grade scale of impact "
        "(Outstanding, Good, Requires improvement, Inadequate, Not applicable)",
        "judgements.csv row 4, column answer: 'Good' is not on the yes_no scale of voice_heard "
        "(Yes, Partly, No, Not applicable)",
    ]


def test_two_answers_for_one_case_question_and_agency(tmp_path):
    folder = write_audit(tmp_path / "a", cases=ONE_CASE, judgements=(JUDGEMENT_HEADER, [
        ["C01", "voice_heard", "Yes", "Police", ""],
        ["C01", "voice_heard", "No", "Health", ""],  # another agency: allowed
        ["C01", "voice_heard", "No", "", ""],
        ["C01", "voice_heard", "No", "police ", ""],
        ["C01", "voice_heard", "Yes", "Panel", ""],  # blank agency was already the panel
    ]))
    assert problems_of(folder) == [
        "judgements.csv row 5, column agency: 'C01, voice_heard, police' duplicates row 2 "
        "(one answer per case, question and agency)",
        "judgements.csv row 6, column agency: 'C01, voice_heard, Panel' duplicates row 4 "
        "(one answer per case, question and agency)",
    ]


def test_unknown_theme_and_bad_audit_keys(tmp_path):
    folder = write_audit(tmp_path / "a", {"theme": "gangs", "id": "June 2016",
                                          "conducted": "June"},
                         cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    got = problems_of(folder)
    assert got == [
        "audit.yaml, column conducted: 'June' is not a month (expected YYYY-MM, e.g. 2016-06)",
        "audit.yaml, column id: 'June 2016' may use only a-z, 0-9 and - (it names output folders)",
        "audit.yaml, column theme: 'gangs' is not a known theme (one of cse, mfh, neglect, or a "
        "theme .yaml file)",
    ]


def test_workbook_missing_a_required_sheet(small_cse, tmp_path):
    from openpyxl import load_workbook

    book = folder_to_workbook(small_cse, tmp_path / "audit.xlsx")
    wb = load_workbook(book)
    del wb["judgements"]
    wb.save(book)
    assert problems_of(book) == ["audit.xlsx sheet judgements: required sheet is missing"]


def test_workbook_problems_name_the_sheet_and_row(small_cse, tmp_path):
    from openpyxl import load_workbook

    book = folder_to_workbook(small_cse, tmp_path / "audit.xlsx")
    wb = load_workbook(book)
    wb["cases"]["D3"].value = 19
    wb.save(book)
    assert problems_of(book) == [
        "audit.xlsx sheet cases row 3, column age_years: '19' is out of range (0\u201318)"]


def test_mfh_audit_needs_episodes(tmp_path):
    folder = write_audit(tmp_path / "a", MFH, cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    assert problems_of(folder) == ["episodes.csv: required file is missing"]


def test_several_problems_are_all_reported_at_once(tmp_path, capsys):
    folder = write_audit(tmp_path / "a", cases=(CASES_HEADER, [
        ["C01", "Cumberland", "CP", "19", "", "Female"],
        ["C02", "Cumbria", "CP", "12", "", "Female"],
    ]), judgements=(JUDGEMENT_HEADER, [["C01", "voice_heard", "Sometimes", "", ""]]),
        voice=(["case_id", "said", "consent_to_share"], [["C01", "hello", "y"]]))
    before = sorted(p.name for p in folder.iterdir())
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "4 problems found.",
        "cases.csv row 2, column age_years: '19' is out of range (0\u201318)",
        "cases.csv row 3, column area: 'Cumbria' is not one of the audit's areas: Cumberland, "
        "Westmorland and Furness",
        "judgements.csv row 2, column answer: 'Sometimes' is not on the yes_no scale of "
        "voice_heard (Yes, Partly, No, Not applicable)",
        "voice.csv row 2, column consent_to_share: 'y' is not one of Yes, No",
    ]
    assert "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written beside inputs


def test_validate_command_on_a_good_audit(small_cse, capsys):
    assert main(["validate", str(small_cse)]) == 0
    assert capsys.readouterr().out == (
        "2016-06-cse: no problems found (2 cases, 3 judgements, theme cse)\n")


def test_missing_audit_path_is_a_clear_error(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no audit folder or workbook at") and "Traceback" not in err

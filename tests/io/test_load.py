"""Loading and validation (data-contract sections 1-6 and 9), on small hand-made audits."""

from __future__ import annotations

import hashlib
import string
from pathlib import Path

import pandas as pd
import pytest
from conftest import CASES_HEADER, folder_to_workbook, write_audit, write_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cscp_analysis.cli import main
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.load import load_audit

JUDGEMENT_HEADER = ["case_id", "question_id", "answer", "agency", "comment"]
EPISODE_HEADER = ["case_id", "episode_id", "kind", "missing_from", "returned", "rhi_offered",
                  "rhi_accepted", "rhi_held", "placing_authority", "rhi_report_received"]
ONE_CASE = (CASES_HEADER, [["C01", "Cumberland", "CP", "12", "", "Female"]])
ONE_JUDGEMENT = (JUDGEMENT_HEADER, [["C01", "voice_heard", "Yes", "", ""]])
MFH = {"id": "2016-06-mfh", "theme": "mfh", "title": "MFH audit"}


def problems_of(path: Path) -> list[str]:
    with pytest.raises(AuditValidationError) as info:
        load_audit(path)
    return [str(p) for p in info.value.problems]


# ------------------------------------------------------------------ good input


def test_codes_are_canonicalised_ignoring_case_and_spaces(small_cse):
    audit = load_audit(small_cse)
    cases = audit.cases.set_index("case_id")
    assert cases.loc["C01", "area"] == "Cumberland"
    assert cases.loc["C01", "case_type"] == "CP"
    assert cases.loc["C01", "gender"] == "Female"
    assert cases.loc["C01", "agencies"] == "Police; Health"
    assert cases.loc["C02", "gender"] == "Male"
    assert cases.loc["C01", "age_in_months"] == 12 * 12 + 3
    assert cases.loc["C02", "age_in_months"] == 17 * 12  # blank months read as 0
    j = audit.judgements
    assert list(j["case_id"]) == ["C01", "C02", "C02"]  # "c02" refers to case C02
    assert list(j["answer"]) == ["Yes", "Partly", "Requires improvement"]
    assert list(j["agency"]) == ["Panel", "Police", "Panel"]  # blank means the panel
    assert audit.voice.loc[0, "consent_to_share"] == "Yes"


def test_extra_columns_and_spreadsheet_rows_are_kept(small_cse):
    cases = load_audit(small_cse).cases
    assert list(cases["note"]) == ["kept", ""]
    assert list(cases["row"]) == [2, 3]


def test_input_files_are_never_modified(small_cse):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in small_cse.iterdir()}
    audit = load_audit(small_cse)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in small_cse.iterdir()}
    assert before == after
    assert audit.inputs == before  # provenance records exactly these hashes


def test_both_date_styles_and_date_only_flags(tmp_path):
    folder = write_audit(
        tmp_path / "a", MFH, cases=ONE_CASE,
        judgements=(JUDGEMENT_HEADER, [["C01", "voice_heard", "Yes", "", ""]]),
        episodes=(EPISODE_HEADER, [
            ["C01", "E1", "m", "01/03/2016 22:30", "2016-03-02", "", "", "04/03/2016", "", ""],
            ["C01", "E2", "", "2016-03-10T08:15", "10/03/2016 20:00", "yes", "No",
             "2016-03-11 09:00", "Lancashire", "no"],
        ]),
    )
    ep = load_audit(folder).episodes
    assert list(ep["missing_from"]) == [pd.Timestamp("2016-03-01 22:30"),
                                        pd.Timestamp("2016-03-10 08:15")]
    assert list(ep["returned"]) == [pd.Timestamp("2016-03-02"), pd.Timestamp("2016-03-10 20:00")]
    assert list(ep["missing_from_date_only"]) == [False, False]
    assert list(ep["returned_date_only"]) == [True, False]
    assert list(ep["rhi_held_date_only"]) == [True, False]
    assert list(ep["kind"]) == ["M", "M"]  # blank kind is M
    assert ep.loc[1, "rhi_offered"] == "Yes" and ep.loc[1, "rhi_report_received"] == "No"
    assert pd.isna(ep.loc[0, "placing_authority"])
    assert ep.loc[1, "placing_authority"] == "Lancashire"


def test_csv_saved_by_excel_with_a_byte_order_mark_loads(tmp_path):
    folder = write_audit(tmp_path / "a", judgements=ONE_JUDGEMENT)
    write_csv(folder / "cases.csv", *ONE_CASE, bom=True)
    assert list(load_audit(folder).cases["case_id"]) == ["C01"]


def test_workbook_and_folder_give_identical_tables(small_cse, tmp_path):
    from_folder = load_audit(small_cse)
    from_book = load_audit(folder_to_workbook(small_cse, tmp_path / "audit.xlsx"))
    assert from_book.info == from_folder.info
    for table in ("cases", "judgements", "voice", "episodes", "meetings"):
        pd.testing.assert_frame_equal(getattr(from_book, table), getattr(from_folder, table))


def test_workbook_date_cells_read_like_csv_text(tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    folder = write_audit(
        tmp_path / "a", MFH, cases=ONE_CASE, judgements=ONE_JUDGEMENT,
        episodes=(EPISODE_HEADER[:5], [["C01", "E1", "M", "2016-03-01 22:30", "2016-03-02"]]),
    )
    book = folder_to_workbook(folder, tmp_path / "a.xlsx")
    wb = load_workbook(book)
    ws = wb["episodes"]
    ws["D2"].value = dt.datetime(2016, 3, 1, 22, 30)
    ws["D2"].number_format = "yyyy-mm-dd hh:mm"
    ws["E2"].value = dt.datetime(2016, 3, 2)
    ws["E2"].number_format = "dd/mm/yyyy"
    wb.save(book)
    a, b = load_audit(folder).episodes, load_audit(book).episodes
    pd.testing.assert_frame_equal(a, b)
    assert bool(b.loc[0, "returned_date_only"]) and not bool(b.loc[0, "missing_from_date_only"])


def test_bundled_samples_are_valid():
    from cscp_analysis.io.load import sample_root

    ids = sorted(p.name for p in sample_root().iterdir() if (p / "audit.yaml").exists())
    assert ids == ["2016-06-cse", "2016-06-mfh", "2022-09-neglect"]
    sizes = {i: len(load_audit(i).cases) for i in ids}
    assert sizes == {"2016-06-cse": 5, "2016-06-mfh": 14, "2022-09-neglect": 12}


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


def mfh_with_episodes(tmp_path, rows, header=EPISODE_HEADER[:5] + ["rhi_held"]):
    return write_audit(tmp_path / "a", MFH, cases=(CASES_HEADER, [
        ["C01", "Cumberland", "CLA", "14", "", "Male"],
        ["C02", "Cumberland", "CLA", "15", "", "Male"],
    ]), judgements=ONE_JUDGEMENT, episodes=(header, rows))


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


# ------------------------------------------------------------------ property


text_cell = st.text(alphabet=string.ascii_letters + " ,;'\"", min_size=1, max_size=12).filter(
    lambda s: s.strip() != "")


@st.composite
def valid_cases(draw):
    n = draw(st.integers(1, 12))
    rows = []
    for i in range(n):
        years = draw(st.integers(0, 18))
        rows.append([
            f"C{i:02d}", draw(st.sampled_from(["Cumberland", " westmorland and furness "])),
            draw(st.sampled_from(["CP", "cin", "EH", "CLA", "CLA_OOC", "PLACED_IN", "none"])),
            str(years), draw(st.sampled_from(["", *map(str, range(12))])),
            draw(st.sampled_from(["Female", "MALE", "Other", "not recorded"])),
            draw(text_cell),
        ])
    answers = draw(st.lists(st.tuples(st.integers(0, n - 1),
                                      st.sampled_from(["voice_heard", "plan_shared"]),
                                      st.sampled_from(["Yes", "no", "Partly", "Not applicable"]),
                                      st.sampled_from(["", "Police", "Health"])),
                            max_size=20, unique_by=lambda t: (t[0], t[1], t[3] or "Panel")))
    return rows, [[f"C{c:02d}", q, a, g, ""] for c, q, a, g in answers]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(valid_cases())
def test_valid_generated_audits_always_load_and_keep_every_row(tmp_path_factory, data):
    cases, judgements = data
    folder = write_audit(tmp_path_factory.mktemp("prop"),
                         cases=(CASES_HEADER + ["free_text"], cases),
                         judgements=(JUDGEMENT_HEADER, judgements))
    audit = load_audit(folder)
    assert len(audit.cases) == len(cases)
    assert len(audit.judgements) == len(judgements)
    assert list(audit.cases["free_text"]) == [r[6] for r in cases]  # carried through untouched
    assert set(audit.cases["case_type"]) <= {"CP", "CIN", "EH", "CLA", "CLA_OOC", "PLACED_IN",
                                             "NONE"}


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

"""Tests of ``cscp-analysis ingest``: completed audit tools back into one audit folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml
from ingest_tools import (
    CSE_YAML,
    MFH_CASES,
    MFH_YAML,
    answer_in,
    audit_folder,
    cse_audit,
    csv_rows,
    fill_csc,
    fill_police,
    make_tool,
    put_row,
)

from cscp_analysis.analysis.summary import build_summary
from cscp_analysis.capture.ingest import disagreements, ingest
from cscp_analysis.capture.template import make_template
from cscp_analysis.cli import main
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.load import load_audit


@pytest.fixture
def cse(tmp_path: Path) -> Path:
    return cse_audit(tmp_path)


def test_round_trip_three_agencies(cse, tmp_path):
    csc = make_tool(tmp_path, cse, "Children's Social Care", "csc.xlsx", fill_csc)
    police = make_tool(tmp_path, cse, "Police", "police.xlsx", fill_police)
    panel = make_tool(tmp_path, cse, None, "panel.xlsx",
                  lambda wb: answer_in(wb, "C02", "impact", "Requires Improvement"))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (csc, police, panel)}

    out = tmp_path / "merged"
    result = ingest([csc, police, panel], out)

    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in before} == before
    assert sorted(p.name for p in out.iterdir()) == [
        "audit.yaml", "cases.csv", "judgements.csv", "voice.csv"]
    assert yaml.safe_load((out / "audit.yaml").read_text()) == {
        "id": "2023-01-cse", "theme": "cse", "title": "CSE test audit",
        "conducted": "2023-01", "conducted_by": "Test subgroup"}
    assert csv_rows(out / "cases.csv") == [
        ["case_id", "area", "case_type", "age_years", "age_months", "gender", "cohort_group",
         "agencies"],
        ["C01", "Cumberland", "CP", "14", "", "Female", "", "Children's Social Care; Police"],
        ["C02", "Westmorland and Furness", "CLA", "15", "3", "Male", "", "Health"],
    ]
    assert csv_rows(out / "judgements.csv") == [
        ["case_id", "question_id", "answer", "agency", "comment"],
        ["C01", "voice_heard", "Yes", "Children's Social Care", ""],
        ["C01", "voice_heard", "No", "Police", ""],
        ["C01", "impact", "Good", "Children's Social Care", ""],
        ["C02", "voice_heard", "No", "Children's Social Care", "record thin"],
        ["C02", "voice_heard", "No", "Police", ""],
        ["C02", "impact", "Requires improvement", "Panel", ""],
    ]
    assert csv_rows(out / "voice.csv") == [
        ["case_id", "said", "consent_to_share", "tags", "agency"],
        ["C01", "He listens to me.", "Yes", "trusted relationship; felt listened to",
         "Children's Social Care"],
        ["C02", "Nobody told me why I moved.", "No", "", "Children's Social Care"],
    ]
    table = result.disagreements
    assert table[["case_id", "question_id", "answers", "status"]].values.tolist() == [
        ["C01", "voice_heard", "Children's Social Care: Yes; Police: No", "disputed"]]
    assert pd.isna(table["panel_answer"].iloc[0])
    assert result.notes[1] == "police.xlsx (Police): 2 answers, 22 questions left blank"

    audit = load_audit(out)
    assert len(audit.cases) == 2 and len(audit.judgements) == 6
    findings = {f["question_id"]: f for f in build_summary(audit)["findings"]}
    # C01 disputed (Yes v No); C02 agreed No
    assert (findings["voice_heard"]["disputed"], findings["voice_heard"]["met"],
            findings["voice_heard"]["not_met"]) == (1, 0, 1)
    # C01 Good (met), C02 Requires improvement (not met)
    assert (findings["impact"]["met"], findings["impact"]["not_met"]) == (1, 1)


def test_panel_answer_settles_a_disagreement(cse, tmp_path):
    csc = make_tool(tmp_path, cse, "Children's Social Care", "csc.xlsx", fill_csc)
    police = make_tool(tmp_path, cse, "Police", "police.xlsx", fill_police)
    panel = make_tool(tmp_path, cse, None, "panel.xlsx",
                  lambda wb: answer_in(wb, "C01", "voice_heard", "Partly"))
    result = ingest([csc, police, panel], tmp_path / "merged")
    assert result.disagreements[["status", "panel_answer"]].values.tolist() == [
        ["settled by panel", "Partly"]]
    summary = build_summary(load_audit(tmp_path / "merged"))
    voice = next(f for f in summary["findings"] if f["question_id"] == "voice_heard")
    assert (voice["disputed"], voice["partly"], voice["not_met"]) == (0, 1, 1)


def test_mfh_episodes_and_meetings(tmp_path):
    audit = audit_folder(tmp_path, "mfh-audit", MFH_YAML, MFH_CASES)

    def fill(wb):
        ep = wb["episodes"]
        put_row(ep, 2, ["M01", "E1", "m", dt.datetime(2016, 1, 1, 23, 0), "02/01/2016 08:00",
                     "Yes", "yes", dt.datetime(2016, 1, 4), None, None])
        # row 3 left blank
        put_row(ep, 4, ["M01", " E2 ", None, "2016-02-10", None, None, None, None, " Lancashire ",
                     "no"])
        put_row(wb["meetings"], 2, ["M01", 1, dt.datetime(2016, 3, 1), "police; Health", "Police"])

    hub = make_tool(tmp_path, audit, "Children's Social Care", "hub.xlsx", fill)
    out = tmp_path / "merged"
    ingest([hub], out)
    assert csv_rows(out / "episodes.csv") == [
        ["case_id", "episode_id", "kind", "missing_from", "returned", "rhi_offered",
         "rhi_accepted", "rhi_held", "placing_authority", "rhi_report_received"],
        ["M01", "E1", "M", "2016-01-01T23:00", "2016-01-02T08:00", "Yes", "Yes", "2016-01-04",
         "", ""],
        ["M01", "E2", "", "2016-02-10", "", "", "", "", "Lancashire", "No"],
    ]
    assert csv_rows(out / "meetings.csv") == [
        ["case_id", "stage", "held_on", "agencies_invited", "agencies_attended"],
        ["M01", "1", "2016-03-01", "Police; Health", "Police"],
    ]
    audit_loaded = load_audit(out)
    assert len(audit_loaded.episodes) == 2 and len(audit_loaded.meetings) == 1


def test_located_errors_all_at_once(cse, tmp_path):
    def fill(wb):
        answer_in(wb, "C01", "rat_shared", "Maybe")
        wb["voice"]["C1"] = None  # header deleted
        wb["cases"]["A4"] = "C01"  # the same case again
        wb["cases"]["B4"] = "Cumberland"

    police = make_tool(tmp_path, cse, "Police", "police.xlsx", fill)
    neglect = make_template(tmp_path / "health.xlsx", theme="neglect", agency="Health")
    before = neglect.read_bytes()
    out = tmp_path / "merged"
    with pytest.raises(AuditValidationError) as info:
        ingest([police, neglect], out)
    assert sorted(str(p) for p in info.value.problems) == [
        "health.xlsx sheet audit cell B5: theme 'neglect' does not match 'cse' of "
        "police.xlsx: every tool must be made for the same audit",
        "police.xlsx sheet cases cell A4: case 'C01' appears twice (also cell A2)",
        "police.xlsx sheet judgements cell D8: 'Maybe' is not one of Yes, Partly, No, "
        "Not applicable",
        "police.xlsx sheet voice cell C1: header 'consent_to_share' is missing",
    ]
    maybe = next(p for p in info.value.problems if p.value == "Maybe")
    assert (maybe.file, maybe.sheet, maybe.cell, maybe.row) == (
        "police.xlsx", "judgements", "D8", 8)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert neglect.read_bytes() == before


def test_agencies_disagreeing_on_case_details(cse, tmp_path):
    csc = make_tool(tmp_path, cse, "Children's Social Care", "csc.xlsx",
                lambda wb: wb["cases"].cell(2, 4, 16))
    police = make_tool(tmp_path, cse, "Police", "police.xlsx", lambda wb: None)
    with pytest.raises(AuditValidationError) as info:
        ingest([police, csc], tmp_path / "merged")
    assert [str(p) for p in info.value.problems] == [
        "csc.xlsx sheet cases cell D2: case 'C01' age_years '16' disagrees with '14' in "
        "police.xlsx sheet cases cell D2: correct one, or give the value in the panel's tool"]
    # the panel's value settles it
    panel = make_tool(tmp_path, cse, None, "panel.xlsx", lambda wb: wb["cases"].cell(2, 4, 16))
    ingest([police, csc, panel], tmp_path / "merged")
    assert csv_rows(tmp_path / "merged" / "cases.csv")[1][3] == "16"


def test_same_agency_twice_and_comment_without_answer(cse, tmp_path):
    a = make_tool(tmp_path, cse, "Police", "police-a.xlsx",
              lambda wb: answer_in(wb, "C01", "voice_heard", "Yes"))

    def fill(wb):
        answer_in(wb, "C01", "voice_heard", "No")
        answer_in(wb, "C02", "plan_shared", None, "could not find the plan")

    b = make_tool(tmp_path, cse, "Police", "police-b.xlsx", fill)
    with pytest.raises(AuditValidationError) as info:
        ingest([a, b], tmp_path / "merged")
    assert sorted(str(p) for p in info.value.problems) == [
        "police-b.xlsx sheet judgements cell D22: the answer is blank but a comment is given: "
        "choose an answer ('Not applicable' if the question does not apply)",
        "police-b.xlsx sheet judgements cell D2: Police already answered case 'C01' question "
        "'voice_heard' in police-a.xlsx cell D2",
    ]


def test_loader_problem_points_at_workbook_cell(tmp_path):
    audit = audit_folder(tmp_path, "mfh-audit", MFH_YAML, MFH_CASES)

    def fill(wb):
        ep = wb["episodes"]
        put_row(ep, 2, ["M01", "E1", "M", "2016-01-01", "2016-01-05"])
        put_row(ep, 4, ["M01", "E2", "M", "2016-01-03", "2016-01-04"])  # overlaps E1

    hub = make_tool(tmp_path, audit, "Police", "hub.xlsx", fill)
    with pytest.raises(AuditValidationError) as info:
        ingest([hub], tmp_path / "merged")
    [problem] = info.value.problems
    assert (problem.file, problem.sheet, problem.cell, problem.value) == (
        "hub.xlsx", "episodes", "D4", "2016-01-03")
    assert not (tmp_path / "merged").exists()


def test_force_replaces_only_the_files_ingest_writes(cse, tmp_path, capsys):
    police = make_tool(tmp_path, cse, "Police", "police.xlsx", fill_police)
    csc = make_tool(tmp_path, cse, "Children's Social Care", "csc.xlsx", fill_csc)
    out = tmp_path / "merged"
    out.mkdir()
    (out / "notes.txt").write_text("earlier work", encoding="utf-8")
    first = ingest([police], out)  # nothing of ingest's there yet: no --force needed
    assert (first.written, first.kept) == (
        ["audit.yaml", "cases.csv", "judgements.csv", "voice.csv"], [])
    assert csv_rows(out / "judgements.csv")[1:] == [
        ["C01", "voice_heard", "No", "Police", ""], ["C02", "voice_heard", "No", "Police", ""]]
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(FileExistsError) as info:
        ingest([police, csc], out)
    assert str(info.value) == (
        f"{out} already has judgements.csv (it has other content); voice.csv (it has other "
        "content): use --force to replace them (ingest writes only audit.yaml, cases.csv, "
        "judgements.csv, voice.csv; other files in the folder are never touched)")
    assert main(["ingest", str(police), str(csc), "--out", str(out)]) == 2
    assert "use --force to replace them" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before

    assert main(["ingest", str(police), str(csc), "--out", str(out), "--force"]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[:5] == [
        f"wrote audit 2023-01-cse to {out}: cases.csv, judgements.csv, voice.csv",
        "  unchanged: audit.yaml",
        "  police.xlsx (Police): 2 answers, 22 questions left blank",
        "  csc.xlsx (Children's Social Care): 3 answers, 21 questions left blank",
        "agencies disagree on 1 case question; 1 disputed until the panel answers:",
    ]
    assert "C01 voice_heard: Police: No; Children's Social Care: Yes" in printed
    assert (out / "notes.txt").read_text(encoding="utf-8") == "earlier work"
    assert sorted(p.name for p in out.iterdir()) == [
        "audit.yaml", "cases.csv", "judgements.csv", "notes.txt", "voice.csv"]
    assert len(csv_rows(out / "judgements.csv")) == 1 + 5


def test_a_failed_ingest_leaves_an_existing_folder_as_it_was(tmp_path):
    audit = audit_folder(tmp_path, "mfh-audit", MFH_YAML, MFH_CASES)

    def fill(wb):
        put_row(wb["episodes"], 2, ["M01", "E1", "M", "2016-01-01", "2016-01-05"])
        put_row(wb["episodes"], 4, ["M01", "E2", "M", "2016-01-03", "2016-01-04"])  # overlaps E1

    hub = make_tool(tmp_path, audit, "Police", "hub.xlsx", fill)
    (audit / "notes.txt").write_text("keep me", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in audit.iterdir()}
    with pytest.raises(AuditValidationError):
        ingest([hub], audit, force=True)
    assert {p.name: p.read_bytes() for p in audit.iterdir()} == before


def test_ingest_into_the_folder_the_tools_were_made_from(cse, tmp_path, capsys):
    (cse / "audit.yaml").write_text("# described by the analyst\n" + CSE_YAML,
                                    encoding="utf-8")
    police = make_tool(tmp_path, cse, "Police", "police.xlsx", fill_police)
    csc = make_tool(tmp_path, cse, "Children's Social Care", "csc.xlsx", fill_csc)
    assert main(["ingest", str(police), str(csc), "--out", str(cse)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:2] == [f"wrote audit 2023-01-cse to {cse}: cases.csv, judgements.csv, "
                           "voice.csv", "  unchanged: audit.yaml"]
    # audit.yaml describes the same audit: kept as the analyst wrote it, comment included
    assert (cse / "audit.yaml").read_text(encoding="utf-8").startswith("# described by")
    # cases.csv: the tools kept every case and value of it, and added agencies
    assert csv_rows(cse / "cases.csv")[1:] == [
        ["C01", "Cumberland", "CP", "14", "", "Female", "", "Children's Social Care; Police"],
        ["C02", "Westmorland and Furness", "CLA", "15", "3", "Male", "", "Health"],
    ]
    assert load_audit(cse).info.id == "2023-01-cse"
    # the same tools again: nothing differs, nothing is rewritten
    again = ingest([police, csc], cse)
    assert (again.written, again.kept) == (
        [], ["audit.yaml", "cases.csv", "judgements.csv", "voice.csv"])


def test_cases_csv_that_the_tools_would_lose_is_a_conflict(cse, tmp_path):
    police = make_tool(tmp_path, cse, "Police", "police.xlsx", fill_police)
    with (cse / "cases.csv").open("a", encoding="utf-8") as f:
        f.write("C03,Cumberland,EH,9,,Male,,\n")  # added after the tools were made
    with pytest.raises(FileExistsError) as info:
        ingest([police], cse)
    assert str(info.value).startswith(
        f"{cse} already has cases.csv (its case 'C03' is in none of the tools): use --force "
        "to replace it")
    assert not (cse / "judgements.csv").exists()


def test_audit_yaml_in_the_folder_must_match_the_tools(cse, tmp_path):
    police = make_tool(tmp_path, cse, "Police", "police.xlsx", fill_police)
    out = tmp_path / "other"
    out.mkdir()
    (out / "audit.yaml").write_text(CSE_YAML.replace("CSE test audit", "Another audit"),
                                    encoding="utf-8")
    with pytest.raises(AuditValidationError) as info:
        ingest([police], out)
    assert [str(p) for p in info.value.problems] == [
        f"police.xlsx sheet audit cell B6: title 'CSE test audit' does not match 'Another "
        f"audit' of {out / 'audit.yaml'}: every tool must be made for the same audit"]
    assert sorted(p.name for p in out.iterdir()) == ["audit.yaml"]


def test_one_answer_is_not_answers(cse, tmp_path):
    tool = make_tool(tmp_path, cse, "Police", "police.xlsx",
                 lambda wb: answer_in(wb, "C01", "voice_heard", "Yes"))
    result = ingest([tool], tmp_path / "merged")
    assert result.notes == ["police.xlsx (Police): 1 answer, 23 questions left blank"]


def test_cli_reports_located_problems(cse, tmp_path, capsys):
    bad = make_tool(tmp_path, cse, "Police", "police.xlsx",
                lambda wb: answer_in(wb, "C02", "impact", "Great"))
    assert main(["ingest", str(bad), "--out", str(tmp_path / "merged")]) == 2
    err = capsys.readouterr().err
    assert "police.xlsx sheet judgements cell D25: 'Great' is not one of Outstanding, Good, " \
        "Requires improvement, Inadequate, Not applicable" in err
    assert "Traceback" not in err


def test_disagreements_table():
    judgements = pd.DataFrame({
        "case_id": ["C1", "C1", "C1", "C2", "C2", "C3"],
        "question_id": ["q", "q", "q", "q", "q", "q"],
        "answer": ["Yes", "Not applicable", "Yes", "No", "No", "Yes"],
        "agency": ["Police", "Health", "Panel", "Police", "Health", "Police"],
    })
    table = disagreements(judgements)
    assert table.to_dict("records") == [{
        "case_id": "C1", "question_id": "q", "answers": "Police: Yes; Health: Not applicable",
        "panel_answer": "Yes", "status": "settled by panel"}]


def test_tool_without_audit_needs_audit_yaml_at_ingest(tmp_path):
    tool = make_template(tmp_path / "edu.xlsx", theme="neglect", agency="Education",
                         blank_cases=1)
    wb = openpyxl.load_workbook(tool)
    put_row(wb["cases"], 2, ["N01", "cumberland", "eh", 7, None, "male"])
    for r in range(2, 9):  # the auditor types the case id against each question
        wb["judgements"].cell(r, 1).value = "N01"
    wb["judgements"]["D2"] = "Yes"
    wb.save(tool)
    with pytest.raises(AuditValidationError) as info:
        ingest([tool], tmp_path / "merged")
    assert [str(p) for p in info.value.problems] == [
        f"edu.xlsx sheet audit cell B{row}: the tools record no audit {key}: make them with "
        "--audit, or pass --audit to ingest"
        for row, key in ((4, "id"), (6, "title"), (7, "conducted"))]
    described = tmp_path / "audit.yaml"
    described.write_text('id: 2023-03-neglect\ntheme: neglect\ntitle: Neglect test\n'
                         'conducted: "2023-03"\n', encoding="utf-8")
    ingest([tool], tmp_path / "merged", audit=described)
    assert csv_rows(tmp_path / "merged" / "cases.csv")[1] == [
        "N01", "Cumberland", "EH", "7", "", "Male", "", ""]
    assert csv_rows(tmp_path / "merged" / "judgements.csv")[1:] == [
        ["N01", "gcp2_used", "Yes", "Education", ""]]
    assert load_audit(tmp_path / "merged").info.id == "2023-03-neglect"


def test_readme_flow_tools_from_the_folder_then_ingest_into_it(tmp_path, monkeypatch, capsys):
    """README step 2, command by command, from the project folder."""
    monkeypatch.chdir(tmp_path)
    folder = Path("data/2024-03-neglect")
    folder.mkdir(parents=True)
    (folder / "audit.yaml").write_text('id: 2024-03-neglect\ntheme: neglect\n'
                                       'title: Neglect audit\nconducted: "2024-03"\n',
                                       encoding="utf-8")
    (folder / "cases.csv").write_text(
        "case_id,area,case_type,age_years,age_months,gender,cohort_group,agencies\n"
        "N01,Cumberland,CIN,7,,Female,,\n", encoding="utf-8")
    for agency, out in (("Police", "police.xlsx"), ("Health", "health.xlsx"), (None, "panel.xlsx")):
        argv = ["template", "--audit", "data/2024-03-neglect", "--out", f"tools/{out}"]
        assert main(argv + (["--agency", agency] if agency else [])) == 0
    for out, answer in (("police.xlsx", "Yes"), ("health.xlsx", "No")):
        wb = openpyxl.load_workbook(f"tools/{out}")
        answer_in(wb, "N01", "voice_heard", answer)
        wb.save(f"tools/{out}")
    wb = openpyxl.load_workbook("tools/panel.xlsx")
    answer_in(wb, "N01", "voice_heard", "Partly")
    wb.save("tools/panel.xlsx")
    capsys.readouterr()
    assert main(["ingest", "tools/police.xlsx", "tools/health.xlsx", "tools/panel.xlsx",
                 "--out", "data/2024-03-neglect"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:2] == [
        "wrote audit 2024-03-neglect to data/2024-03-neglect: cases.csv, judgements.csv, "
        "voice.csv", "  unchanged: audit.yaml"]
    assert printed[-2:] == ["agencies disagree on 1 case question; 0 disputed until the panel "
                            "answers:", "  N01 voice_heard: Police: Yes; Health: No -> panel: "
                            "Partly"]
    assert main(["validate", "data/2024-03-neglect"]) == 0
    assert capsys.readouterr().out == (
        "2024-03-neglect: no problems found (1 case, 3 judgements, theme neglect)\n")



"""Tests of the Excel audit tool made by ``cscp-analysis template`` (read back with openpyxl)."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from cscp_analysis.capture.template import make_template
from cscp_analysis.cli import main
from cscp_analysis.contract.themes import load_theme

AUDIT_YAML = """id: 2023-01-cse
theme: cse
title: CSE test audit
conducted: "2023-01"
conducted_by: Test subgroup
"""
CASES_CSV = """case_id,area,case_type,age_years,age_months,gender,cohort_group,agencies
C01,Cumberland,CP,14,,Female,,Police
C02,Westmorland and Furness,CLA,15,3,Male,,
"""


@pytest.fixture
def audit_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "audit"
    folder.mkdir()
    (folder / "audit.yaml").write_text(AUDIT_YAML, encoding="utf-8")
    (folder / "cases.csv").write_text(CASES_CSV, encoding="utf-8")
    return folder


def _validation(ws, cell: str):
    """The one data validation covering ``cell``."""
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, f"{cell}: {len(found)} validations"
    return found[0]


def _list_values(wb, formula: str) -> list[str]:
    """The values of a list validation's range formula such as ``=lists!$A$2:$A$5``."""
    sheet, ref = formula.lstrip("=").split("!")
    return [c.value for row in wb[sheet][ref.replace("$", "")] for c in row]


def test_sheets_and_metadata(audit_dir, tmp_path):
    out = make_template(tmp_path / "police.xlsx", audit=audit_dir, agency=" police ")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["instructions", "lists", "cases", "judgements", "voice", "audit"]
    assert wb["audit"].sheet_state == "hidden"
    assert wb["lists"].sheet_state == "hidden"
    meta = {k: v for k, v in wb["audit"].iter_rows(min_row=2, values_only=True)}
    assert meta["id"] == "2023-01-cse"
    assert meta["theme"] == "cse"
    assert meta["agency"] == "Police"
    assert meta["conducted"] == "2023-01"
    text = " ".join(str(c.value) for c in wb["instructions"]["A"] if c.value)
    assert "NHS numbers" in text and "Police auditor" in text


def test_cases_prefilled_and_judgement_rows(audit_dir, tmp_path):
    wb = openpyxl.load_workbook(make_template(tmp_path / "t.xlsx", audit=audit_dir))
    cases = [r for r in wb["cases"].iter_rows(min_row=2, max_row=3, values_only=True)]
    assert cases == [
        ("C01", "Cumberland", "CP", 14, None, "Female", None, "Police"),
        ("C02", "Westmorland and Furness", "CLA", 15, 3, "Male", None, None),
    ]
    ws = wb["judgements"]
    theme = load_theme("cse")
    assert ws.max_row == 1 + 2 * 12
    assert [c.value for c in ws[1]] == [
        "case_id", "finding_area", "question", "answer", "comment", "question_id"]
    assert [c.value for c in ws[2]] == [
        "C01", "Voice of the Child", theme.question("voice_heard").text, None, None,
        "voice_heard"]
    assert [c.value for c in ws[25]] == [
        "C02", "Impact", theme.question("impact").text, None, None, "impact"]
    meta = {k: v for k, v in wb["audit"].iter_rows(min_row=2, values_only=True)}
    assert meta["agency"] == "Panel"  # no --agency: the panel's tool


def test_drop_downs_exist_in_saved_file(audit_dir, tmp_path):
    wb = openpyxl.load_workbook(make_template(tmp_path / "t.xlsx", audit=audit_dir))
    ws = wb["judgements"]
    yes_no = _validation(ws, "D2")
    assert yes_no.type == "list"
    assert _list_values(wb, yes_no.formula1) == ["Yes", "Partly", "No", "Not applicable"]
    assert str(yes_no.sqref) == "D2:D12 D14:D24"
    grade = _validation(ws, "D13")
    assert _list_values(wb, grade.formula1) == [
        "Outstanding", "Good", "Requires improvement", "Inadequate", "Not applicable"]
    assert str(grade.sqref) == "D13 D25"
    consent = _validation(wb["voice"], "C2")
    assert _list_values(wb, consent.formula1) == ["Yes", "No"]
    case_type = _validation(wb["cases"], "C2")
    assert _list_values(wb, case_type.formula1) == [
        "CP", "CIN", "EH", "CLA", "CLA_OOC", "PLACED_IN", "NONE"]
    ages = _validation(wb["cases"], "D5")
    assert (ages.type, ages.formula1, ages.formula2) == ("whole", "0", "18")


def test_mfh_tool_has_dated_episode_and_meeting_sheets(tmp_path):
    wb = openpyxl.load_workbook(make_template(tmp_path / "t.xlsx", theme="mfh"))
    assert {"episodes", "meetings"} <= set(wb.sheetnames)
    assert _validation(wb["episodes"], "D2").type == "date"
    assert _validation(wb["episodes"], "H50").type == "date"
    assert _validation(wb["meetings"], "C2").type == "date"
    assert _list_values(wb, _validation(wb["episodes"], "C2").formula1) == ["M", "A"]
    assert _list_values(wb, _validation(wb["meetings"], "B2").formula1) == ["1", "2"]


def test_headers_frozen_and_protected_inputs_unlocked(audit_dir, tmp_path):
    wb = openpyxl.load_workbook(make_template(tmp_path / "t.xlsx", audit=audit_dir))
    ws = wb["judgements"]
    assert ws.protection.sheet is True
    assert ws.freeze_panes == "A2"
    assert ws["D1"].protection.locked is True  # header
    assert ws["A2"].protection.locked is True  # prefilled case id
    assert ws["C2"].protection.locked is True  # question wording
    assert ws["D2"].protection.locked is False  # answer
    assert ws["E2"].protection.locked is False  # comment
    assert ws.column_dimensions["C"].width == 60
    cases = wb["cases"]
    assert cases["A2"].protection.locked is True and cases["B2"].protection.locked is False
    assert cases["A4"].protection.locked is False  # room for a case the auditor adds
    assert wb.security.lockStructure is True


def test_without_cases_leaves_blocks_to_fill(tmp_path):
    wb = openpyxl.load_workbook(make_template(tmp_path / "t.xlsx", theme="neglect",
                                              blank_cases=2))
    ws = wb["judgements"]
    assert ws.max_row == 1 + 2 * 7
    assert ws["A2"].value is None and ws["A2"].protection.locked is False
    assert ws["F9"].value == "gcp2_used" and ws["F13"].value == "voice_heard"
    assert _validation(ws, "A3").formula1 == "=cases!$A$2:$A$201"


def test_refuses_to_overwrite_without_force(audit_dir, tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        make_template(out, audit=audit_dir)
    assert main(["template", "--theme", "cse", "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"keep me"
    assert main(["template", "--theme", "cse", "--out", str(out), "--force"]) == 0
    assert openpyxl.load_workbook(out)["audit"]["B5"].value == "cse"


def test_unknown_agency_and_theme_mismatch(audit_dir, tmp_path):
    with pytest.raises(ValueError, match="unknown agency 'Fire'"):
        make_template(tmp_path / "t.xlsx", audit=audit_dir, agency="Fire")
    with pytest.raises(ValueError, match="has theme 'cse', not 'mfh'"):
        make_template(tmp_path / "t.xlsx", theme="mfh", audit=audit_dir)
    assert not (tmp_path / "t.xlsx").exists()


def test_cli_with_bundled_sample(tmp_path):
    out = tmp_path / "health.xlsx"
    assert main(["template", "--audit", "2016-06-cse", "--agency", "Health",
                 "--out", str(out)]) == 0
    sample = resources.files("cscp_analysis") / "samples" / "data" / "2016-06-cse" / "cases.csv"
    with sample.open(encoding="utf-8") as f:
        expected = [r["case_id"] for r in csv.DictReader(f)]
    ws = openpyxl.load_workbook(out)["cases"]
    assert [ws.cell(row=i + 2, column=1).value for i in range(len(expected))] == expected
    assert ws.cell(row=len(expected) + 2, column=1).value is None


def test_a_missing_audit_says_what_was_expected(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["template", "--audit", "data/2024-03-neglect", "--agency", "Police",
                 "--out", "police.xlsx"]) == 2
    assert capsys.readouterr().err == (
        "error: data/2024-03-neglect does not exist: expected an audit folder holding "
        "audit.yaml (e.g. data/2024-03-neglect), that audit.yaml itself, or a bundled sample "
        "(2016-06-cse, 2016-06-mfh, 2022-09-neglect); write the folder's audit.yaml first "
        "(id, theme, title, conducted; data contract section 1)\n")
    (tmp_path / "data" / "2024-03-neglect").mkdir(parents=True)
    assert main(["template", "--audit", "data/2024-03-neglect", "--out", "police.xlsx"]) == 2
    assert capsys.readouterr().err == (
        "error: data/2024-03-neglect has no audit.yaml: write it first (id, theme, title, "
        "conducted; data contract section 1), optionally with cases.csv beside it\n")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="notes.txt is not an audit.yaml: give the "
                       "audit's audit.yaml or its folder"):
        make_template(tmp_path / "t.xlsx", audit=tmp_path / "notes.txt")
    assert not (tmp_path / "police.xlsx").exists()


def test_audit_yaml_itself_or_its_folder_make_the_same_tool(audit_dir, tmp_path):
    by_file = make_template(tmp_path / "a.xlsx", audit=audit_dir / "audit.yaml", agency="Police")
    by_folder = make_template(tmp_path / "b.xlsx", audit=audit_dir, agency="Police")
    cases = [[c.value for c in row] for row in openpyxl.load_workbook(by_file)["cases"]
             .iter_rows(min_row=2, max_row=3, max_col=1)]
    assert cases == [["C01"], ["C02"]]
    assert [[c.value for c in row] for row in openpyxl.load_workbook(by_folder)["cases"]
            .iter_rows(min_row=2, max_row=3, max_col=1)] == cases


def test_the_tool_sheets_hold_the_declared_columns(tmp_path):
    """Every column of the contract is in the tool (a judgement's agency is the tool's own),
    and the tool adds only the question's finding area and wording."""
    from cscp_analysis.contract.tables import AUDIT_TABLES

    wb = openpyxl.load_workbook(make_template(tmp_path / "t.xlsx", theme="mfh"))
    for name, table in AUDIT_TABLES.items():
        headers = [c.value for c in wb[name][1]]
        if name == "judgements":
            assert headers == ["case_id", "finding_area", "question", "answer", "comment",
                               "question_id"]
            assert set(table.names) - set(headers) == {"agency"}
        else:
            assert headers == list(table.names), name
    assert [c.value for c in wb["episodes"][1]] == [
        "case_id", "episode_id", "kind", "missing_from", "returned", "rhi_offered",
        "rhi_accepted", "rhi_held", "placing_authority", "rhi_report_received"]


def _every_cell(wb):
    return [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]


def _hostile_cse_audit(tmp_path: Path) -> Path:
    """A CSE audit whose title, conducted_by, areas, case ids and cohort groups are the
    spreadsheet payloads (one case per payload)."""
    import yaml
    from hostile import FORMULAS, write_hostile_audit

    folder = write_hostile_audit(tmp_path / "audit", FORMULAS, case_ids=FORMULAS)
    meta = yaml.safe_load((folder / "audit.yaml").read_text(encoding="utf-8"))
    (folder / "audit.yaml").write_text(yaml.safe_dump({**meta, "theme": "cse"}),
                                       encoding="utf-8")
    return folder


#: The payloads as the tool shows them: a quote in front, tab and carriage return kept
#: where the value keeps them (a CSV cell is read stripped). A workbook is XML, which
#: reads a carriage return back as a line feed.
QUOTED = ['\'=HYPERLINK("https://example.invalid","x")', "'+cmd|' /C calc'!A0", "'@SUM(1)",
          "'-1+1"]
KEPT = [*QUOTED, "'\t=1", "'\n=2"]


def _as_xml_reads(text: str) -> str:
    return text.replace("\r", "\n")


def test_the_tool_writes_input_text_as_text_never_as_a_formula(tmp_path):
    from hostile import FORMULA_STARTS, FORMULAS, joined

    wb = openpyxl.load_workbook(make_template(tmp_path / "t.xlsx",
                                              audit=_hostile_cse_audit(tmp_path)))
    cells = _every_cell(wb)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert not [c.value for c in cells
                if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)]
    cases = list(wb["cases"].iter_rows(min_row=2, max_row=7, values_only=True))
    from_csv = [*QUOTED, "'=1", "'=2"]  # cases.csv is read stripped
    assert [r[0] for r in cases] == [r[1] for r in cases] == [r[6] for r in cases] == from_csv
    assert [r[3] for r in cases] == [10, 11, 12, 13, 14, 15]  # ages stay numbers
    assert {wb["cases"].cell(r, c).data_type for r in range(2, 8) for c in (1, 2, 7)} == {"s"}
    assert {wb["cases"].cell(r, 4).data_type for r in range(2, 8)} == {"n"}
    judgements = wb["judgements"]
    assert [judgements.cell(2 + 12 * i, 1).value for i in range(6)] == from_csv
    meta = {k: v for k, v in wb["audit"].iter_rows(min_row=2, values_only=True)}
    assert meta["title"] == "'" + _as_xml_reads(joined(FORMULAS))
    assert meta["conducted_by"] == "'" + _as_xml_reads(joined(reversed(FORMULAS)))
    assert meta["areas"] == "'" + _as_xml_reads("; ".join(FORMULAS))
    assert _list_values(wb, _validation(wb["cases"], "B2").formula1) == KEPT  # as audit.yaml


def test_theme_wording_in_the_tool_is_text_never_a_formula(tmp_path):
    from hostile import FORMULAS, write_hostile_audit

    theme = write_hostile_audit(tmp_path / "audit", FORMULAS) / "theme.yaml"
    wb = openpyxl.load_workbook(make_template(tmp_path / "t.xlsx", theme=theme, blank_cases=1))
    assert not [c.coordinate for c in _every_cell(wb) if c.data_type == "f"]
    rows = list(wb["judgements"].iter_rows(min_row=2, max_row=7, values_only=True))
    assert [r[1] for r in rows] == [r[2] for r in rows] == KEPT
    assert [r[5] for r in rows] == ["q0", "q1", "q2", "q3", "q4", "q5"]
    assert _list_values(wb, _validation(wb["cases"], "G2").formula1) == KEPT


def test_ingest_reads_the_quoted_text_back_as_it_was(tmp_path):
    import yaml
    from hostile import FORMULAS, joined

    from cscp_analysis.capture.ingest import ingest

    tool = make_template(tmp_path / "panel.xlsx", audit=_hostile_cse_audit(tmp_path))
    wb = openpyxl.load_workbook(tool)
    wb["judgements"]["D2"] = "Yes"  # the first case's first question
    wb.save(tool)
    out = tmp_path / "merged"
    ingest([tool], out)
    with (out / "cases.csv").open(encoding="utf-8", newline="") as fh:
        cases = list(csv.reader(fh))[1:]
    stripped = [p.strip() for p in FORMULAS]
    assert [r[0] for r in cases] == [r[1] for r in cases] == stripped
    meta = yaml.safe_load((out / "audit.yaml").read_text(encoding="utf-8"))
    assert meta["title"] == _as_xml_reads(joined(FORMULAS))  # the quote taken off
    with (out / "judgements.csv").open(encoding="utf-8", newline="") as fh:
        assert list(csv.reader(fh))[1][:3] == [FORMULAS[0], "voice_heard", "Yes"]


def test_the_panels_tool_has_a_learning_sheet_with_drop_downs(audit_dir, tmp_path):
    """The panel's learning: finding areas of the theme and the kinds as drop-downs, a
    date check on ``on``; an agency's tool has no learning sheet."""
    wb = openpyxl.load_workbook(make_template(tmp_path / "panel.xlsx", audit=audit_dir))
    assert wb.sheetnames == ["instructions", "lists", "cases", "judgements", "voice",
                             "learning", "audit"]
    ws = wb["learning"]
    assert [c.value for c in ws[1]] == ["finding_area", "kind", "text", "on"]
    assert _list_values(wb, _validation(ws, "A2").formula1) == [
        "Voice of the Child", "Risk Assessment Tools", "Plans", "Children Looked After",
        "Impact"]
    assert _list_values(wb, _validation(ws, "B201").formula1) == [
        "Working well", "To improve", "Practitioner feedback", "Action taken"]
    assert _validation(ws, "D2").type == "date"
    assert ws["D2"].number_format == "yyyy-mm-dd"
    assert not ws["C2"].protection.locked and ws["C2"].alignment.wrap_text
    assert ws.column_dimensions["B"].width == 22  # wider than the episodes' kind (M or A)
    instructions = " ".join(str(c.value) for c in wb["instructions"]["A"] if c.value)
    assert "learning: the panel's learning" in instructions
    police = openpyxl.load_workbook(make_template(tmp_path / "police.xlsx", audit=audit_dir,
                                                  agency="Police"))
    assert "learning" not in police.sheetnames
    assert "learning" not in " ".join(str(c.value) for c in police["instructions"]["A"]
                                      if c.value)

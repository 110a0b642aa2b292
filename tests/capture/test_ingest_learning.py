"""The panel's learning through its Excel tool: round trip, located problems, de-identified."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from ingest_tools import (
    answer_in,
    cse_audit,
    csv_rows,
    fill_police,
    make_tool,
    put_row,
)

from cscp_analysis.capture.ingest import ingest
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.load import load_audit


@pytest.fixture
def cse(tmp_path: Path) -> Path:
    return cse_audit(tmp_path)


LEARNING_HEADER = ["finding_area", "kind", "text", "on"]
DE_IDENTIFY = ("the panel's learning is published, so its text must be de-identified (write "
               "about the child without the case id)")


def _fill_learning(wb):
    answer_in(wb, "C02", "impact", "Good")
    ws = wb["learning"]
    put_row(ws, 2, [" risk assessment tools ", "to improve", "  Tools were rarely shared.  ", None])
    put_row(ws, 3, [None, "ACTION TAKEN", "A shorter tool was issued.", dt.datetime(2023, 5, 2)])
    put_row(ws, 4, [None, None, "   ", None])  # a blank row (spaces only) is skipped
    # as the tool writes text that could start a formula: a quote in front, taken off
    put_row(ws, 5, ["Plans", "Practitioner feedback", "'-no plan template for exploitation",
                 "14/06/2023"])


def test_the_panels_learning_round_trips_through_its_tool(cse, tmp_path):
    panel = make_tool(tmp_path, cse, None, "panel.xlsx", _fill_learning)
    police = make_tool(tmp_path, cse, "Police", "police.xlsx", fill_police)
    out = tmp_path / "merged"
    result = ingest([police, panel], out)
    assert "learning.csv" in result.written
    assert csv_rows(out / "learning.csv") == [
        LEARNING_HEADER,
        ["Risk Assessment Tools", "To improve", "Tools were rarely shared.", ""],
        ["", "Action taken", "A shorter tool was issued.", "2023-05-02"],
        ["Plans", "Practitioner feedback", "-no plan template for exploitation", "2023-06-14"],
    ]
    learning = load_audit(out).learning
    assert learning["kind"].tolist() == ["To improve", "Action taken", "Practitioner feedback"]
    assert learning["on"].tolist()[1:] == [pd.Timestamp("2023-05-02"),
                                           pd.Timestamp("2023-06-14")]


def test_no_line_of_learning_writes_no_learning_file(cse, tmp_path):
    """An empty learning sheet leaves a learning.csv kept by hand alone."""
    panel = make_tool(tmp_path, cse, None, "panel.xlsx",
                  lambda wb: answer_in(wb, "C02", "impact", "Good"))
    out = tmp_path / "merged"
    ingest([panel], out)
    assert not (out / "learning.csv").exists()


def test_bad_learning_cells_are_located_in_the_tool(cse, tmp_path):
    def fill(wb):
        ws = wb["learning"]
        put_row(ws, 2, ["Voice", "Working well", "Workers kept turning up.", None])
        put_row(ws, 3, [None, "Lessons", None, "31/02/2023"])

    panel = make_tool(tmp_path, cse, None, "panel.xlsx", fill)
    with pytest.raises(AuditValidationError) as info:
        ingest([panel], tmp_path / "merged")
    assert [str(p) for p in info.value.problems] == [
        "panel.xlsx sheet learning cell A2: 'Voice' is not a finding area of the audit's "
        "theme: Voice of the Child, Risk Assessment Tools, Plans, Children Looked After, Impact",
        "panel.xlsx sheet learning cell B3: 'Lessons' is not one of Working well, To improve, "
        "Practitioner feedback, Action taken",
        "panel.xlsx sheet learning cell C3: a value is required",
        "panel.xlsx sheet learning cell D3: '31/02/2023' is not a date (expected 2016-03-01 or "
        "01/03/2016)",
    ]
    assert not (tmp_path / "merged").exists()


def test_a_case_id_in_the_learning_is_located_in_the_tool(cse, tmp_path):
    secret = "moved in with an uncle in the summer"
    panel = make_tool(tmp_path, cse, None, "panel.xlsx", lambda wb: put_row(
        wb["learning"], 3, ["Plans", "To improve", f"The plan for c02 ({secret}) was thin.",
                            None]))
    with pytest.raises(AuditValidationError) as info:
        ingest([panel], tmp_path / "merged")
    assert [str(p) for p in info.value.problems] == [
        f"panel.xlsx sheet learning cell C3: contains case id 'C02': {DE_IDENTIFY}"]
    assert secret not in str(info.value)
    assert not (tmp_path / "merged").exists()


def test_a_formula_or_a_hidden_case_id_in_the_learning_never_reaches_learning_csv(cse,
                                                                                   tmp_path):
    """A tool is read for the values it shows (data_only), never its formulas: a formula
    typed as a line of learning is read as its value (none here, as no spreadsheet has
    calculated it: a blank line, located); a case id with a zero-width space inside is
    still the case id."""
    formula = '=HYPERLINK("https://example.invalid","x")'
    for row, said, problem in (
            (2, formula, "panel2.xlsx sheet learning cell C2: a value is required"),
            (3, "C02\u200b's plan was thin.",
             f"panel3.xlsx sheet learning cell C3: contains case id 'C02': {DE_IDENTIFY}")):
        panel = make_tool(tmp_path, cse, None, f"panel{row}.xlsx",
                          lambda wb, row=row, said=said: put_row(
                              wb["learning"], row, [None, "To improve", said, None]))
        assert openpyxl.load_workbook(panel)["learning"].cell(row, 3).data_type == (
            "f" if said == formula else "s")
        with pytest.raises(AuditValidationError) as info:
            ingest([panel], tmp_path / "merged")
        assert [str(p) for p in info.value.problems] == [problem]
        assert not (tmp_path / "merged").exists()


def test_a_case_id_in_the_learning_is_reported_with_the_other_tools_problems(cse, tmp_path):
    """Every problem at once: before, the learning's case id (a check only the loader
    made, on a folder that had passed every other check) appeared only after the police
    tool's problems were put right."""
    def fill_badly(wb):
        answer_in(wb, "C01", "rat_shared", "Maybe")
        wb["judgements"]["A4"] = "C07"  # an answer about a case on no cases sheet
        wb["judgements"]["D4"] = "Yes"

    police = make_tool(tmp_path, cse, "Police", "police.xlsx", fill_badly)
    panel = make_tool(tmp_path, cse, None, "panel-bad.xlsx", lambda wb: put_row(
        wb["learning"], 3, ["Plans", "To improve", "C02's mother was not seen.", None]))
    with pytest.raises(AuditValidationError) as info:
        ingest([police, panel], tmp_path / "merged")
    assert sorted(str(p) for p in info.value.problems) == [
        f"panel-bad.xlsx sheet learning cell C3: contains case id 'C02': {DE_IDENTIFY}",
        "police.xlsx sheet judgements cell A4: case 'C07' is not on the cases sheet of any tool",
        "police.xlsx sheet judgements cell D8: 'Maybe' is not one of Yes, Partly, No, "
        "Not applicable",
    ]
    assert "mother" not in str(info.value)
    assert not (tmp_path / "merged").exists()

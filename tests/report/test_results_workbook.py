"""results.xlsx beside a theme report, opened with openpyxl as Excel would read it."""

from __future__ import annotations

import csv
import datetime

import pytest
from openpyxl import load_workbook

from cscp_analysis.report.exports import write_outputs
from cscp_analysis.report.inputs import theme_results
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.tables import table_specs

SHARES = {c.heading for spec in table_specs().values() for c in spec.columns
          if c.kind == "share"}


def _write(folder, audit, settings):
    write_outputs(theme_results(str(audit), settings), settings, folder)
    return load_workbook(folder / "results.xlsx")


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _about(book) -> dict[str, str]:
    return {row[0]: row[1] for row in _rows(book["About"]) if row[0] and row[1]}


def test_a_small_audit_gives_one_sheet_per_table_with_the_reports_figures(small_cse, tmp_path):
    # two cases: C01 (Cumberland, child protection, 12, female) said Yes to voice_heard;
    # C02 (Westmorland and Furness, placed out of county, 17, male) Partly (from the
    # Police) and Requires improvement (not met) for impact; one consented quote tagged
    # "trusted relationship" and "felt listened to"
    book = _write(tmp_path, small_cse, ReportSettings("2023-03-31"))
    assert book.sheetnames == ["About", "Cohort", "Findings by question", "Findings by area",
                               "Agencies", "Agreement", "Voice tags"]  # no episodes, no log
    cohort = _rows(book["Cohort"])
    assert cohort[0] == ["Breakdown", "Category", "Code", "Cases"]
    assert ["Type of involvement", "Child Looked After placed out of county", "CLA_OOC",
            1] in cohort
    findings = {row[2]: row for row in _rows(book["Findings by question"])}
    assert findings["Question code"] == [
        "Finding area", "Question", "Question code", "Met", "Partly met", "Not met",
        "Not applicable", "Disputed", "Answered", "Met rate", "95% interval: from",
        "95% interval: to"]
    # 1 met of 2: 50%, Wilson 95% interval 0.095 to 0.905, shown as 9% to 91%
    assert findings["voice_heard"][3:] == [1, 1, 0, 0, 0, 2, 0.5, 0.09, 0.91]
    assert findings["impact"][3:9] == [0, 0, 1, 0, 0, 1] and findings["impact"][9] == 0
    assert findings["rat_shared"][9:] == [None, None, None]  # nothing answered: no rate
    areas = {row[0]: row for row in _rows(book["Findings by area"])}
    assert areas["Finding area"][:2] == ["Finding area", "Questions"]
    assert areas["Voice of the Child"][1:9] == [3, 1, 1, 0, 0, 0, 2, 0.5]  # 3 questions
    agencies = _rows(book["Agencies"])
    assert agencies[0][3:5] == ["Agency", "Met"]
    assert agencies[1:] == [["Voice of the Child", "Is the child's voice evident in the record?",
                             "voice_heard", "Police", 0, 1, 0, 0, 1, 0, 0, 0.79]]
    assert _rows(book["Agreement"]) == [[
        "Finding area", "Question", "Question code", "Cases answered by 2+ agencies", "Agreed",
        "Disagreed", "Agreement rate"]]  # no case had two agencies' answers
    assert _rows(book["Voice tags"]) == [["What children talked about", "Mentions", "Children"],
                                         ["felt listened to", 1, 1],
                                         ["trusted relationship", 1, 1]]
    about = _about(book)
    assert about["Audit"] == "2016-06-cse" and about["Title"] == "CSE audit"
    assert about["Carried out"] == "June 2016" and about["Report date (as of)"] == "31 March 2023"
    assert about["Audience"] == "Business Group"
    assert about["Disclosure rule"].startswith("None: every count is exact.")
    assert about["Hidden cells"] == "No cell is hidden."


def test_every_sheet_is_its_csv_and_explained_on_the_about_sheet(small_cse, tmp_path):
    book = _write(tmp_path, small_cse, ReportSettings("2023-03-31"))
    about = _rows(book["About"])
    specs = {spec.sheet: spec for spec in table_specs().values()}
    for name in book.sheetnames[1:]:
        spec = specs[name]
        rows = _rows(book[name])
        csv_rows = _csv(tmp_path / "tables" / spec.file)
        assert len(rows) == len(csv_rows), name
        for row, csv_row in zip(rows, csv_rows, strict=True):  # the same value in each cell
            for value, text in zip(row, csv_row, strict=True):
                if value is None:
                    assert text == "", name
                elif isinstance(value, (int, float)):  # a share of 0 is read back as 0
                    assert float(text) == value, name
                else:
                    assert text == str(value), name
        assert [name, f"tables/{spec.file}"] == next(r[:2] for r in about if r[0] == name)
        meanings = [r[1] for r in about if r[0] == name][1:]  # after the sheet's own line
        assert meanings == rows[0], name  # every column, in order


def test_rates_are_percentages_headers_frozen_and_no_cell_a_formula(small_cse, tmp_path):
    book = _write(tmp_path, small_cse, ReportSettings("2023-03-31"))
    rates = 0
    for sheet in book.worksheets:
        cells = [c for row in sheet.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], sheet.title
        if sheet.title == "About":
            continue
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(c.font.b for c in sheet[1]), sheet.title
        shares = [i for i, c in enumerate(sheet[1]) if c.value in SHARES]
        for row in sheet.iter_rows(min_row=2):
            for i in shares:
                if row[i].value is not None:
                    assert isinstance(row[i].value, (int, float)), (sheet.title, row[i].value)
                    assert row[i].number_format == "0%"
                    rates += 1
    assert rates >= 10


def test_a_suppressed_workbook_hides_what_the_report_hides(tmp_path):
    settings = ReportSettings("2023-03-31", audience="public", recommendations="sample")
    book = _write(tmp_path, "2016-06-mfh", settings)
    assert book.sheetnames == ["About", "Cohort", "Findings by question", "Agreement",
                               "MFH rules", "Voice tags", "Recommendations"]
    specs = {spec.sheet: spec for spec in table_specs().values()}
    markers = 0
    for name in book.sheetnames[1:]:
        rows = _rows(book[name])
        # the same hidden cells as the CSV: each marker a text cell in its place
        csv_rows = _csv(tmp_path / "tables" / specs[name].file)
        for row, csv_row in zip(rows, csv_rows, strict=True):
            for value, text in zip(row, csv_row, strict=True):
                if text in ("*", "<5"):
                    assert value == text
                    markers += 1
                elif isinstance(value, int):
                    assert not 1 <= value <= 4, (name, row)  # no small count anywhere
                    assert str(value) == text
    assert markers > 40
    mfh = {row[1]: row for row in _rows(book["MFH rules"])}
    # 20 of the 45 episodes that ended had an interview within 72 hours (44%); one child
    # had a stage 2 meeting due: hidden, and the shares resting on it
    assert mfh["rhi.within_72h"][2:] == [20, "Episodes ended (interview due)", 0.44]
    assert mfh["stage2.due"][2] == "<5" and mfh["stage2.held"][2:] == [
        0, "Children with a stage 2 meeting due", "*"]
    about = _about(book)
    assert about["Audience"] == "Public"
    assert "Counts from 1 to 4 are hidden (threshold 5)" in about["Disclosure rule"]
    assert "shown as the text <5" in about["Hidden cells"]
    assert "shown as the text *" in about["Hidden cells"]
    # the sheet's description gives the theme's own rule settings (mfh.yaml: 72 hours;
    # stage 1 at 5 episodes within 90 days, stage 2 at 9), as the report's rule texts do
    sheet_line = next(row[2] for row in _rows(book["About"]) if row[0] == "MFH rules")
    assert "held within 72 hours" in sheet_line
    assert "missing 5 times within 90 days, a stage 2 meeting at 9 times" in sheet_line
    dictionary = _csv(tmp_path / "tables" / "dictionary.csv")
    assert [r[3] for r in dictionary if r[0] == "missing.csv" and not r[2]] == [
        sheet_line.removesuffix(" " + table_specs()["missing"].suppressed_rows).strip()]
    left_out = {row[0]: row[2] for row in _rows(book["About"]) if row[1] == "Not included"}
    assert set(left_out) == {"Findings by area", "Agencies"}


def test_dates_are_dates_and_the_same_results_give_the_same_bytes(tmp_path):
    settings = ReportSettings("2023-03-31", recommendations="sample")
    book = _write(tmp_path / "one", "2016-06-cse", settings)
    _write(tmp_path / "two", "2016-06-cse", settings)
    first, second = ((tmp_path / d / "results.xlsx").read_bytes() for d in ("one", "two"))
    assert first == second
    assert book.properties.created == book.properties.modified == datetime.datetime(2023, 3, 31)
    recs = {row[0]: row for row in _rows(book["Recommendations"])}
    # R03 was dropped and fed back on 14 September 2017; R04 has no due date
    assert recs["R03"][5:] == ["Dropped", None, "Yes", datetime.datetime(2017, 9, 14)]
    assert book["Recommendations"]["I4"].number_format == "d mmmm yyyy"
    assert recs["R04"][4] is None and recs["R04"][6:8] == [None, "No"]


@pytest.mark.parametrize("threshold", [0, 5])
def test_every_text_cell_is_formula_safe(tmp_path, threshold):
    from hostile import FORMULA_STARTS, FORMULAS, write_hostile_audit

    folder = write_hostile_audit(tmp_path / "audit", FORMULAS)
    book = _write(tmp_path / "out", folder, ReportSettings("2024-03-31",
                                                           suppress_below=threshold))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(FORMULA_STARTS)]
    for payload in FORMULAS:  # an area, cohort group, finding area and question each
        assert texts.count("'" + payload.strip()) >= 2, payload

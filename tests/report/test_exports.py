"""The files beside a theme report: summary.json and the CSV tables, as Excel opens them."""

from __future__ import annotations

import json

from cscp_analysis.report.exports import write_outputs
from cscp_analysis.report.inputs import theme_results
from cscp_analysis.report.settings import ReportSettings


def test_write_outputs_gives_the_summary_and_excel_ready_tables(tmp_path):
    settings = ReportSettings("2023-03-31", recommendations="sample")
    results = theme_results("2016-06-cse", settings)
    write_outputs(results, settings, tmp_path / "out")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary == json.loads(json.dumps(results.summary(), default=str))
    assert sorted(p.name for p in (tmp_path / "out" / "tables").iterdir()) == [
        "cohort.csv", "findings.csv"]  # no missing.csv: the CSE audit has no episodes
    raw = (tmp_path / "out" / "tables" / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfquestion_id,finding_area,met,partly,not_met,"
                          b"not_applicable,disputed,rate,question,ci95_low,ci95_high\r\n")
    cohort = (tmp_path / "out" / "tables" / "cohort.csv").read_bytes()
    assert cohort.count(b"\n") == cohort.count(b"\r\n") == 10  # header + 9 rows, CRLF
    # the five CSE sample cases: one of each type, 4 girls and 1 boy, 3 + 2 by area; only
    # categories with children are listed
    assert cohort.decode("utf-8-sig").split("\r\n")[6:10] == [
        "gender,Female,4", "gender,Male,1", "area,Cumberland,3",
        "area,Westmorland and Furness,2"]

def test_tables_are_disclosure_controlled_like_the_report(tmp_path):
    settings = ReportSettings("2023-03-31", audience="partnership", suppress_below=5)
    write_outputs(theme_results("2016-06-mfh", settings), settings, tmp_path)
    missing = (tmp_path / "tables" / "missing.csv").read_text(encoding="utf-8-sig")
    # one child had a stage 2 meeting due: hidden in the CSV, exact in summary.json
    assert "stage2.due,<5\n" in missing.replace("\r\n", "\n")
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["missing"]["stage2"]["due"] == 1

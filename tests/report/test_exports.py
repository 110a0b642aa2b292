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


def _rows(path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_every_text_cell_of_the_tables_is_formula_safe_and_numbers_stay_numbers(tmp_path):
    from hostile import FORMULA_STARTS, FORMULAS, write_hostile_audit

    # six cases, one per payload, each in the area and cohort group of its payload; one
    # finding area and question per payload, answered Yes, Partly, No in turn
    folder = write_hostile_audit(tmp_path / "audit", FORMULAS)
    settings = ReportSettings("2024-03-31")
    write_outputs(theme_results(str(folder), settings), settings, tmp_path / "out")
    cohort = _rows(tmp_path / "out" / "tables" / "cohort.csv")
    findings = _rows(tmp_path / "out" / "tables" / "findings.csv")
    quoted = ['\'=HYPERLINK("https://example.invalid","x")', "'+cmd|' /C calc'!A0",
              "'@SUM(1)", "'-1+1"]
    # a CSV cell is read stripped: the areas arrive as "=1" and "=2"; the theme file
    # keeps the tab and the carriage return of its cohort groups and wording
    assert [r[1] for r in cohort if r[0] == "area"] == [*quoted, "'=1", "'=2"]
    assert [r[1] for r in cohort if r[0] == "cohort_group"] == [*quoted, "'\t=1", "'\r=2"]
    assert [r[2] for r in cohort[1:]] == ["6", "3", "3"] + ["1"] * 12  # counts as numbers
    assert [r[1] for r in findings[1:]] == [r[8] for r in findings[1:]] == [
        *quoted, "'\t=1", "'\r=2"]  # finding area and question wording
    # each question: 2 met, 2 partly, 2 not met of 6; rate 1/3, Wilson 95% 0.097 to 0.700
    assert {tuple(r[2:8] + r[9:]) for r in findings[1:]} == {
        ("2", "2", "2", "0", "0", "0.3333333333333333", "0.097", "0.7")}
    cells = [c for table in (cohort, findings) for row in table for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]

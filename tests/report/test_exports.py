"""The files beside a theme report: summary.json and the CSV tables, as Excel opens them.

(results.xlsx, the same tables as a workbook: test_results_workbook.py.)"""

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
        "agencies.csv", "agreement.csv", "areas.csv", "cohort.csv", "dictionary.csv",
        "findings.csv", "recommendations.csv", "voice.csv"]  # no missing.csv: no episodes
    assert (tmp_path / "out" / "results.xlsx").is_file()
    raw = (tmp_path / "out" / "tables" / "findings.csv").read_bytes()
    # the report's headings, the question's code beside its wording, the interval in two
    assert raw.startswith("\ufeffFinding area,Question,Question code,Met,Partly met,Not met,"
                          "Not applicable,Disputed,Answered,Met rate,95% interval: from,"
                          "95% interval: to\r\n".encode())
    findings = _rows(tmp_path / "out" / "tables" / "findings.csv")
    # voice_heard: C01, C02, C05 Yes, C03 Partly, C04 No: 3 of 5, 60%; Wilson 95% interval
    # 0.231 to 0.882, shown as 23% to 88%: the CSV rounds as the report does
    assert next(r for r in findings if r[2] == "voice_heard")[3:] == [
        "3", "1", "1", "0", "0", "5", "0.6", "0.23", "0.88"]
    cohort = (tmp_path / "out" / "tables" / "cohort.csv").read_bytes()
    assert cohort.count(b"\n") == cohort.count(b"\r\n") == 12  # header + 11 rows, CRLF
    # the five CSE sample cases: one of each of five types, aged 12-14 (three) and 16-17
    # (two), 4 girls and 1 boy, 3 + 2 by area; only categories with children are listed
    assert cohort.decode("utf-8-sig").split("\r\n")[:12] == [
        "Breakdown,Category,Code,Cases", "Type of involvement,Child Protection,CP,1",
        "Type of involvement,Child in Need,CIN,1", "Type of involvement,Early Help,EH,1",
        "Type of involvement,Child Looked After,CLA,1",
        "Type of involvement,Child Looked After placed out of county,CLA_OOC,1",
        "Age (years),10–15,10–15,3", "Age (years),16–18,16–18,2",
        "Gender,Female,Female,4", "Gender,Male,Male,1", "Area,Cumberland,Cumberland,3",
        "Area,Westmorland and Furness,Westmorland and Furness,2"]


def test_the_data_dictionary_names_every_file_and_column_written(tmp_path):
    settings = ReportSettings("2023-03-31", recommendations="sample")
    write_outputs(theme_results("2016-06-mfh", settings), settings, tmp_path)
    dictionary = _rows(tmp_path / "tables" / "dictionary.csv")
    assert dictionary[0] == ["File", "Sheet of results.xlsx", "Column", "Meaning"]
    written = sorted(p.name for p in (tmp_path / "tables").glob("*.csv"))
    assert sorted({r[0] for r in dictionary[1:]}) == [n for n in written
                                                      if n != "dictionary.csv"]
    for name in written:
        if name == "dictionary.csv":
            continue
        headings = _rows(tmp_path / "tables" / name)[0]
        # a row for the file (no column), then one per column in the file's order
        assert [r[2] for r in dictionary if r[0] == name] == ["", *headings], name
        assert all(len(r[3]) > 10 for r in dictionary if r[0] == name), name
    missing = {r[2]: r[3] for r in dictionary if r[0] == "missing.csv"}
    assert missing["Share"].startswith("Number / the number of the measure in Out of")

def test_tables_are_disclosure_controlled_like_the_report(tmp_path):
    settings = ReportSettings("2023-03-31", audience="partnership", suppress_below=5)
    write_outputs(theme_results("2016-06-mfh", settings), settings, tmp_path)
    missing = (tmp_path / "tables" / "missing.csv").read_text(encoding="utf-8-sig")
    # one child had a stage 2 meeting due: hidden in the CSV, exact in summary.json; the
    # shares resting on it are hidden too
    assert ("Children with a stage 2 meeting due,stage2.due,<5,,\n"
            "Stage 2 meeting held,stage2.held,0,Children with a stage 2 meeting due,*\n"
            ) in missing.replace("\r\n", "\n")
    # 20 of the 45 episodes that ended had an interview within 72 hours: 44%
    assert ("Interviews within the timescale,rhi.within_72h,20,Episodes ended (interview "
            "due),0.44\n") in missing.replace("\r\n", "\n")
    # nothing the report does not show: no pooled areas, no agencies' own figures
    assert not (tmp_path / "tables" / "areas.csv").exists()
    assert not (tmp_path / "tables" / "agencies.csv").exists()
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
    for column in (1, 2):  # an area or cohort group: its label and its code
        assert [r[column] for r in cohort if r[0] == "Area"] == [*quoted, "'=1", "'=2"]
        assert [r[column] for r in cohort if r[0] == "The group they were sampled from"] == [
            *quoted, "'\t=1", "'\r=2"]
    assert [r[3] for r in cohort[1:] if r[0] != "Age (years)"] == ["6", "3", "3"] + ["1"] * 12
    assert [r[0] for r in findings[1:]] == [r[1] for r in findings[1:]] == [
        *quoted, "'\t=1", "'\r=2"]  # finding area and question wording
    # each question: 2 met, 2 partly, 2 not met of 6; rate 1/3 (33%), Wilson 95% interval
    # 0.097 to 0.700 (10% to 70%), rounded as the report shows them
    assert {tuple(r[3:]) for r in findings[1:]} == {
        ("2", "2", "2", "0", "0", "6", "0.33", "0.1", "0.7")}
    cells = [c for table in (cohort, findings) for row in table for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]

"""Sections of a disclosure-controlled report: counts only as ``results.shown`` shows them."""

from __future__ import annotations

from bs4 import BeautifulSoup

from cscp_analysis.analysis.results import analyse
from cscp_analysis.report import overview
from cscp_analysis.report.cohort import cohort_section
from cscp_analysis.report.introduction import introduction
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.tables import export_tables

PUBLIC = ReportSettings("2023-03-31", "public", 0, "", "test-cycle")


def _text(items) -> str:
    page = "\n".join(getattr(item, "data", str(item)) for item in items)
    return " ".join(BeautifulSoup(page, "html.parser").get_text(" ").split())


def _rows(items, caption: str) -> list[list[str]]:
    page = "\n".join(getattr(item, "data", str(item)) for item in items)
    table = next(t for t in BeautifulSoup(page, "html.parser")("table")
                 if t.caption.get_text() == caption)
    return [[td.get_text() for td in tr("td")] for tr in table.select("tbody tr")]


def test_a_hidden_number_of_cases_is_stated_nowhere():
    # the CSE sample: five cases, one each of five types, each shown <5; "five cases"
    # beside them would make each exactly 1, so no section gives the number
    results = analyse("2016-06-cse")
    text = _text(introduction(results, PUBLIC) + cohort_section(results, PUBLIC))
    assert "five cases" not in text.lower()
    assert "looked at cases from Cumberland and Westmorland and Furness (how many is not " \
           "given, so that smaller groups cannot be worked out)" in text
    assert "The number of cases audited is not given" in text
    rows = _rows(cohort_section(results, PUBLIC), "Cases by type of involvement")
    assert [cases for _, cases in rows] == ["<5"] * 5 + ["0", "0"]  # every type listed


def test_the_csv_lists_the_cells_the_report_shows():
    results = analyse("2016-06-mfh")
    items = cohort_section(results, PUBLIC)
    cohort = export_tables(results, 5)["cohort"]
    for breakdown, caption in (("Gender", "Cases by gender"), ("Area", "Cases by area"),
                               ("Type of involvement", "Cases by type of involvement"),
                               ("Age (years)", "Cases by age (years)")):
        shown = [cases for _, cases in _rows(items, caption)]
        assert [str(c) for c in cohort.loc[cohort["breakdown"] == breakdown, "cases"]] == shown
    # exact counts list only the categories with children, as before
    exact = export_tables(results)["cohort"]
    assert list(exact.loc[exact["breakdown"] == "Gender", "code"]) == ["Female", "Male"]


def test_the_overview_gives_each_audits_cases_as_its_report_does():
    cse, mfh, neglect = (analyse(a) for a in ("2016-06-cse", "2016-06-mfh", "2022-09-neglect"))
    items = overview.audits_section([cse, mfh, neglect], PUBLIC)
    assert [row[3] for row in _rows(items, "Audits in this cycle")] == ["*", "14", "12"]
    # 31 cases in all would give 31 - 14 - 12 = 5 for the CSE audit, and with it its types
    assert "The cycle covered three audits. The number of cases in all is not given" in _text(
        items)
    assert "The cycle covered two audits and 26 cases." in _text(
        overview.audits_section([mfh, neglect], PUBLIC))


def test_compared_rows_are_each_audits_own_protected_row():
    cse, mfh = analyse("2016-06-cse"), analyse("2016-06-mfh")
    rows = {row[0]: row for row in _rows(overview.comparison_section([cse, mfh], PUBLIC),
                                         "Is the child's voice evident in the record? "
                                         "Results side by side")}
    for results in (cse, mfh):
        mine = results.shown(5)["findings"].set_index("question_id").loc["voice_heard"]
        assert rows[results.info.title][2:4] == [str(mine["met"]), str(mine["answered"])]

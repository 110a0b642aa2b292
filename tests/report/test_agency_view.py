"""What each agency found: counts in every cell, a rate and colour only on enough answers,
and the question numbers of Key findings."""

from __future__ import annotations

from bs4 import BeautifulSoup
from conftest import CASES_HEADER, write_audit

from cscp_analysis.analysis.results import analyse
from cscp_analysis.io.load import load_audit
from cscp_analysis.report.agencies import agency_section
from cscp_analysis.report.chart import Chart
from cscp_analysis.report.findings import findings_section
from cscp_analysis.report.settings import AGENCY_MIN_ANSWERS, ReportSettings

SETTINGS = ReportSettings("2023-03-31")


def _html(items) -> str:
    return "\n".join(item.data for item in items if hasattr(item, "data"))


def _one_answer_audit(tmp_path):
    """Two CSE cases; the Police answered one question once (Yes), the panel the rest."""
    return analyse(load_audit(write_audit(
        tmp_path / "audit",
        cases=(CASES_HEADER, [["C01", "Cumberland", "CP", "12", "", "Female"],
                              ["C02", "Cumberland", "CIN", "9", "", "Male"]]),
        judgements=(["case_id", "question_id", "answer", "agency"], [
            ["C01", "trusted_relationship", "Yes", "Police"],
            ["C01", "voice_heard", "No", "Panel"],
            ["C02", "voice_heard", "Yes", "Panel"],
        ]))))


def test_a_cell_of_one_answer_shows_1_of_1_with_no_rate_or_colour(tmp_path):
    results = _one_answer_audit(tmp_path)
    items = agency_section(results, SETTINGS)
    chart = next(item for item in items if isinstance(item, Chart))
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.texts] == ["1 of 1"]  # no "100%"
    assert ax.collections[0].get_array().mask.all()  # the one cell is not coloured
    assert len(chart.figure.axes) == 1  # and no colour scale
    assert "Police: Q2 1 of 1." in chart.alt and "100%" not in chart.alt
    text = " ".join(BeautifulSoup(_html(items), "html.parser").get_text(" ").split())
    assert f"only when it rests on {AGENCY_MIN_ANSWERS} or more answers" in text
    assert "no agency answered a question for more than 1 child, so no cell has a rate" in text
    assert "It is not a league table." in text


def test_agency_question_numbers_are_the_key_findings_numbers():
    results = analyse("2016-06-mfh")
    findings = BeautifulSoup(_html(findings_section(results, SETTINGS)), "html.parser")
    # Key findings: each question's sentence led by its number, "Q3 Was the return …"
    numbered = {li.select_one(".question-number").get_text(): li.strong.get_text()
                for li in findings.select("ul.results li")}
    assert list(numbered) == [f"Q{i}" for i in range(1, 9)]
    page = BeautifulSoup(_html(agency_section(results, SETTINGS)), "html.parser")
    key = next(t for t in page("table") if t.caption.get_text() == "Key to the question numbers")
    rows = [[td.get_text() for td in tr("td")] for tr in key.select("tbody tr")]
    # the MFH sample's agencies answered questions 1, 2, 6 and 7 (docs/sample-data.md)
    assert [number for number, _, _ in rows] == ["Q1", "Q2", "Q6", "Q7"]
    assert all(numbered[number] == question for number, _, question in rows)
    chart = next(i for i in agency_section(results, SETTINGS) if isinstance(i, Chart))
    assert [t.get_text() for t in chart.figure.axes[0].get_xticklabels()] == [
        "Q1", "Q2", "Q6", "Q7"]

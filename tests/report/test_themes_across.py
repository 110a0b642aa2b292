"""Themes across audits: shared finding areas, each audit's own figures, flags by its own rule.

Two hand-made audits share Voice of the Child and Impact. CSE, five cases: voice_heard and
explained_to_child No for each (0 of 10 answers: Wilson upper bound 3.84 / 13.84 = 0.278,
to improve), impact Good for each (5 of 5: 57% to 100%, not flagged). Neglect, five cases:
voice_heard No for each (0 of 5: 0 to 0.434, to improve), impact Good for each. Neither
audit answered the other areas, so they are not "shared".
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import CASES_HEADER, write_audit
from panel_audits import JUDGEMENTS, two_audits

from cscp_analysis.analysis.compare import shared_areas
from cscp_analysis.analysis.results import analyse
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.themes_across import CAPTION, themes_across_section


@pytest.fixture
def cycle(tmp_path):
    return two_audits(tmp_path)


def test_each_audit_keeps_its_own_figures_and_flag(cycle):
    table = shared_areas(cycle)
    assert [tuple(r) for r in table.assign(flag=table["flag"].fillna(""))[
        ["finding_area", "audit_id", "met", "answered", "flag"]].itertuples(index=False)] == [
        ("Voice of the Child", "2016-06-cse", 0, 10, "to_improve"),
        ("Voice of the Child", "2016-07-neglect", 0, 5, "to_improve"),
        ("Impact", "2016-06-cse", 5, 5, ""),
        ("Impact", "2016-07-neglect", 5, 5, "")]


def _page(items) -> BeautifulSoup:
    return BeautifulSoup("\n".join(getattr(i, "data", str(i)) for i in items), "html.parser")


def test_the_section_names_areas_flagged_in_two_audits_and_pools_nothing(cycle):
    page = _page(themes_across_section(cycle, ReportSettings("2023-03-31")))
    text = " ".join(page.get_text(" ").split())
    assert ("Flagged to improve in more than one audit: Voice of the Child (CSE audit, "
            "NEGLECT audit).") in text
    rows = [[td.get_text() for td in tr("td")] for tr in page.find("table")("tr")[1:]]
    assert rows[0] == ["Voice of the Child", "CSE audit", "June 2016", "0", "10", "0%",
                       "0% to 28%", "To improve"]
    assert rows[3][3:6] == ["5", "5", "100%"]
    assert page.find("table").caption.get_text() == CAPTION
    assert "15" not in [c for row in rows for c in row]  # never 0 of 15 pooled


def _rows(cycle, settings):
    page = _page(themes_across_section(cycle, settings))
    return [[td.get_text() for td in tr("td")] for tr in page.find("table")("tr")[1:]]


def test_under_a_threshold_only_published_figures(cycle, tmp_path):
    # every count is 0, 5 or 10: published in each audit's own report, so shown here too
    public = ReportSettings("2023-03-31", "public")
    assert [r[3:5] + r[-1:] for r in _rows(cycle, public)] == [
        ["0", "10", "To improve"], ["0", "5", "To improve"], ["5", "5", ""], ["5", "5", ""]]
    # neglect with voice_heard Yes for 2 of 5: that count is hidden in its report, so its
    # Voice of the Child figures (2 of 5) are blank and it is not flagged there
    cycle[1] = _small_neglect(tmp_path)
    rows = _rows(cycle, public)
    assert rows[1][3:] == ["", "", "", "", ""]
    assert _rows(cycle, ReportSettings("2023-03-31"))[1][3:5] == ["2", "5"]
    for row in rows:
        assert not any(c.isdigit() and 1 <= int(c) < 5 for c in row)


def _small_neglect(folder):
    cases = [[f"C{i}", "Cumberland", "CP", "12", "", "Female"] for i in range(1, 6)]
    answers = [[f"C{i}", "voice_heard", "Yes" if i <= 2 else "No", "Panel", ""]
               for i in range(1, 6)]
    answers += [[f"C{i}", "impact", "Good", "Panel", ""] for i in range(1, 6)]
    return analyse(write_audit(
        folder / "small", {"id": "2016-07-neglect", "theme": "neglect",
                           "title": "NEGLECT audit", "conducted": "2016-07"},
        cases=(CASES_HEADER, cases), judgements=(JUDGEMENTS, answers)))

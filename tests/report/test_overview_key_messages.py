"""The cycle overview's Key messages: each audit's own flags gathered, with no figures.

The two hand-made audits of tests/report/panel_audits.py: Voice of the Child is to
improve in both (CSE 0 of 10, upper bound 0.278; Neglect 0 of 5, upper bound 0.434), and
impact, 5 of 5 in each (57% to 100%), is too few cases to be clearly working well.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from panel_audits import panel_audit, two_audits

from cscp_analysis.analysis.key_messages import TO_IMPROVE, WORKING_WELL
from cscp_analysis.report.overview_key_messages import cycle_flags, key_messages_section
from cscp_analysis.report.settings import ReportSettings


def _said(items) -> str:
    return " ".join(" ".join(BeautifulSoup(item.data, "html.parser").get_text(" ").split())
                    for item in items[1:])


@pytest.fixture
def cycle(tmp_path):
    return two_audits(tmp_path)


def test_an_area_flagged_in_two_audits_is_named_once_with_both(cycle):
    flags = cycle_flags(cycle, 0)
    assert flags[TO_IMPROVE] == [{"label": "Voice of the Child",
                                  "audits": ["CSE audit", "NEGLECT audit"]}]
    assert flags[WORKING_WELL] == []
    said = _said(key_messages_section(cycle, ReportSettings("2016-12-31")))
    assert "To improve: Voice of the Child : CSE audit; NEGLECT audit" in said
    assert ("Working well: no finding area or question was clearly above its level in any "
            "audit") in said
    assert "What the 2 audits of this cycle found" in said
    assert not any(ch.isdigit() for ch in said.split("found", 1)[1].replace("95%", ""))


def test_those_in_more_audits_come_first_and_working_well_is_listed(tmp_path):
    """Impact Good for 20 of 20 cases: 83.9% to 100%, wholly above 80%: working well."""
    # CSE: Voice of the Child 5 of 10 (24% to 76%) is not flagged, so its question
    # explained_to_child, 0 of 5, is listed on its own
    cycle = [panel_audit(tmp_path, "2016-06-cse", "cse",
                    [("voice_heard", "Yes"), ("explained_to_child", "No")]),
             panel_audit(tmp_path, "2016-07-neglect", "neglect",
                    [("voice_heard", "No"), ("impact", "Good")], cases=20),
             panel_audit(tmp_path, "2016-08-cse", "cse", [("voice_heard", "No")])]
    flags = cycle_flags(cycle, 0)
    assert [item["label"] for item in flags[TO_IMPROVE]] == [
        "Voice of the Child", "Were actions and decisions explained to the child?"]
    assert [item["audits"] for item in flags[TO_IMPROVE]] == [["NEGLECT audit", "CSE audit"],
                                                              ["CSE audit"]]
    assert flags[WORKING_WELL] == [{"label": "Impact", "audits": ["NEGLECT audit"]}]


def test_under_a_threshold_only_what_the_reports_show_is_judged(cycle):
    """At suppress_below 6, the counts of 5 (met 0, answered 5) are hidden in each report,
    so no flag can be stated, and the overview says the judgement covers what it shows."""
    settings = ReportSettings("2016-12-31", suppress_below=6)
    assert cycle_flags(cycle, 6) == {TO_IMPROVE: [], WORKING_WELL: []}
    said = _said(key_messages_section(cycle, settings))
    assert "only on the figures this version of the report shows" in said
    assert "To improve: no finding area or question was clearly below" in said

"""The learning brief's sections on hand-made results (the real batch is in tests/e2e)."""

from __future__ import annotations

import dataclasses

from cscp_analysis import analyse, load_audit
from cscp_analysis.io.bundled import bundled_recommendations
from cscp_analysis.report.brief import action_items, learning_by_area
from cscp_analysis.report.settings import ReportSettings


def _html(items) -> str:
    return "".join(getattr(item, "data", "") for item in items)


def test_without_a_report_date_no_recommendation_is_said_to_be_overdue():
    log = bundled_recommendations()
    dated = action_items(analyse(load_audit("2016-06-mfh"), recommendations=log,
                                 as_of="2023-03-31"), ReportSettings("2023-03-31"))
    undated = action_items(analyse(load_audit("2016-06-mfh"), recommendations=log),
                           ReportSettings("2023-03-31"))
    # the MFH sample's log: two of its four recommendations are overdue on 31 March 2023
    assert _html(dated).count(", overdue") == 2
    assert ", overdue" not in _html(undated) and _html(undated).count("<li>") == 6


def test_an_audit_without_learning_or_log_has_no_learning_or_actions_section():
    audit = load_audit("2016-06-mfh")
    results = analyse(dataclasses.replace(audit, learning=audit.learning.iloc[0:0]))
    assert learning_by_area(results) == []
    assert action_items(results, ReportSettings("2023-03-31")) == []

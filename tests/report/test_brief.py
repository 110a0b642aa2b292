"""The learning brief's sections on hand-made results (the real batch is in tests/e2e)."""

from __future__ import annotations

import dataclasses

from cscp_analysis import analyse, load_audit
from cscp_analysis.io.bundled import bundled_recommendations
from cscp_analysis.report.brief import action_items, learning_brief, learning_by_area
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


def _closing(audience: str, suppress_below: int = 0) -> str:
    results = analyse(load_audit("2016-06-mfh"), as_of="2023-03-31")
    items = learning_brief(results, ReportSettings("2023-03-31", audience=audience,
                                                   suppress_below=suppress_below))
    return " ".join(items[-1].data.split())


def test_the_brief_says_it_is_for_publication_only_for_the_public():
    public = _closing("public")
    assert public.startswith("<p class=\"note\">This is the learning brief for publication: "
                             "counts from 1 to 4 are hidden.")
    assert "not for publication" not in public and "version" not in public
    for audience, below, name, counts in (
            ("business_group", 0, "Business Group", "it shows exact counts"),
            ("partnership", 5, "Safeguarding Partnership", "with counts from 1 to 4 hidden")):
        internal = _closing(audience, below)
        assert internal.startswith(f"<p class=\"note\">This is the {name}'s version of the "
                                   f"learning brief{':' if not below else ','} {counts}, and "
                                   "it is not for publication.")
        # and how the version for publication is made: the cycle file's audience
        assert "<code>audience: public</code> in the cycle's parameter file" in internal
        assert "learning brief for publication" not in internal

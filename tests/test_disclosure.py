"""Disclosure control: small counts and what could reveal them are hidden."""

from __future__ import annotations

import pandas as pd

from cscp_analysis.disclosure import suppress, suppress_findings, suppression_marker


def findings_row(met, partly, not_met, na, disputed) -> pd.DataFrame:
    answered = met + partly + not_met
    return pd.DataFrame([{
        "question_id": "q", "met": met, "partly": partly, "not_met": not_met,
        "not_applicable": na, "disputed": disputed, "asked": answered + na + disputed,
        "answered": answered, "rate": met / answered, "ci_low": 0.1, "ci_high": 0.9,
    }])


def test_off_by_default():
    table = findings_row(1, 2, 3, 0, 0)
    assert suppress_findings(table, None).equals(table)
    assert suppression_marker(5) == "<5"


def test_small_counts_and_derived_rates_are_hidden():
    out = suppress_findings(findings_row(12, 3, 10, 6, 0), 5).iloc[0]
    # partly (3) is small. To protect it from subtraction, the smallest other part of
    # asked (disputed, 0) and of answered (not_met, 10) are hidden as "*"; the rate and
    # interval come from hidden counts
    assert out["partly"] == "<5"
    assert out["disputed"] == "*" and out["not_met"] == "*"
    assert out["met"] == 12 and out["not_applicable"] == 6 and out["asked"] == 31
    assert out["rate"] == "*" and out["ci_low"] == "*" and out["ci_high"] == "*"


def test_zero_is_shown_when_no_part_needs_protecting():
    out = suppress_findings(findings_row(12, 6, 10, 0, 0), 5).iloc[0]
    assert out["disputed"] == 0 and out["not_applicable"] == 0


def test_large_counts_are_untouched():
    out = suppress_findings(findings_row(12, 6, 10, 0, 0), 5).iloc[0]
    assert (out["met"], out["partly"], out["not_met"]) == (12, 6, 10)
    assert out["rate"] == 12 / 28


def test_generic_table_and_zero_option():
    table = pd.DataFrame({"gender": ["Female", "Male", "Other"], "cases": [7, 2, 0]})
    out = suppress(table, 3, ["cases"])
    assert list(out["cases"]) == [7, "<3", 0]
    out = suppress(table, 3, ["cases"], suppress_zero=True)
    assert list(out["cases"]) == [7, "<3", "<3"]
    assert list(table["cases"]) == [7, 2, 0]  # the input is not changed

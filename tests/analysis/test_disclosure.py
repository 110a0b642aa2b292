"""Disclosure control: small counts and what could reveal them are hidden."""

from __future__ import annotations

import pandas as pd

from cscp_analysis.analysis.disclosure import (
    audience_label,
    suppress,
    suppress_findings,
    suppress_measures,
    suppression_marker,
    threshold_for,
)
from cscp_analysis.analysis.published import (
    breakdown_total_hidden,
    suppress_breakdown,
    suppress_tables,
)


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
    # partly (3) is small, but answered 25 - met 12 - not met 10 would give it back. The
    # smallest part whose hiding alone settles that is not met (10): then partly + not met
    # = 13 with partly 1-4 and not met 0 or 5+, so partly could be 1, 2, 3 or 4. Disputed
    # (0) need not go: hiding it would not stop the subtraction. The rate and interval
    # come from hidden counts.
    assert out["partly"] == "<5"
    assert out["not_met"] == "*" and out["disputed"] == 0
    assert out["met"] == 12 and out["not_applicable"] == 6 and out["asked"] == 31
    assert out["rate"] == "*" and out["ci_low"] == "*" and out["ci_high"] == "*"


def test_a_secondary_cell_known_to_be_5_or_more_still_protects():
    # 13 met, 0 partly, 1 not met of 14: hiding partly (0) is no protection, since a cell
    # hidden to protect another is 0 or at least 5, so partly + not met = 1 gives not met
    # = 1. Met must go instead: met + not met = 14 leaves not met anywhere in 1-4.
    out = suppress_findings(findings_row(13, 0, 1, 0, 0), 5).iloc[0]
    assert (out["met"], out["partly"], out["not_met"]) == ("*", 0, "<5")
    assert out["answered"] == 14


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


# ---------------------------------------------------------------- whole tables and audiences


def test_a_chain_of_totals_is_protected_where_the_subtraction_starts():
    # episodes 46 = ended 45 + still missing 1; ended 45 = 20 + 8 + 17. Hiding ended does
    # not help (20 + 8 + 17 gives it back, then 46 - 45 gives 1); hiding the episodes
    # total does: episodes (0 or 5+) = 45 + still missing, so still missing is any of 1-4.
    table = pd.DataFrame([{"episodes": 46, "ended": 45, "still": 1, "within": 20, "late": 8,
                           "not_held": 17}])
    totals = {"episodes": ["ended", "still"], "ended": ["within", "late", "not_held"]}
    out = suppress(table, 5, list(table.columns), totals=totals).iloc[0]
    assert (out["still"], out["episodes"]) == ("<5", "*")
    assert (out["ended"], out["within"], out["late"], out["not_held"]) == (45, 20, 8, 17)
    # With the episodes total published elsewhere (fixed), the chain is cut lower down:
    # ended must go, and with it the smallest of its parts (8).
    out = suppress(table, 5, list(table.columns), totals=totals, fixed=["episodes"]).iloc[0]
    assert (out["still"], out["ended"], out["late"]) == ("<5", "*", "*")
    assert (out["episodes"], out["within"], out["not_held"]) == (46, 20, 17)


def test_the_published_breakdown_of_fourteen_cases_cannot_be_solved():
    # Female 8, Male 5, Other 1 of 14 cases. Hiding Male (the smallest other part) is no
    # protection: Male is then 0 or 5+, Male + Other = 6, so Male = 5 and Other = 1.
    # Hiding Female instead leaves Female + Other = 9: (5, 4), (6, 3), (7, 2) or (8, 1).
    table = pd.DataFrame({"gender": ["Female", "Male", "Other", "Not recorded"],
                          "cases": [8, 5, 1, 0]})
    shown = suppress_breakdown(table, 5, "cases", 14)
    assert list(shown["cases"]) == ["*", 5, "<5", 0]
    assert not breakdown_total_hidden(shown)


def test_a_breakdown_whose_total_cannot_stay_published_says_so():
    # Six cases: Female 5, Male 1. Whatever else is hidden, every hidden "other" cell is
    # 0 or 5+, so 6 - Male must be 5 and Male = 1: the total itself has to go.
    table = pd.DataFrame({"gender": ["Female", "Male", "Other"], "cases": [5, 1, 0]})
    shown = suppress_breakdown(table, 5, "cases", 6)
    assert shown["cases"].iloc[1] == "<5"
    assert breakdown_total_hidden(shown)


def test_threshold_for_audiences():
    assert threshold_for("business_group", 0) == 0
    assert threshold_for("partnership", 5) == 5
    assert threshold_for("public", 0) == 5  # never exact counts for the public
    assert threshold_for("public", 10) == 10
    assert threshold_for("business_group", 1) == 0  # below 1 hides nothing
    assert audience_label("business_group") == "Business Group"


def test_breakdown_against_the_number_of_cases():
    table = pd.DataFrame({"gender": ["Female", "Male"], "cases": [3, 11]})
    # 14 cases in all: hiding only the 3 would leave it as 14 - 11
    assert list(suppress_breakdown(table, 5, "cases", 14)["cases"]) == ["<5", "*"]
    table = pd.DataFrame({"gender": ["Female", "Male"], "cases": [6, 8]})
    assert list(suppress_breakdown(table, 5, "cases", 14)["cases"]) == [6, 8]


def test_measures_with_a_worked_out_part():
    table = pd.DataFrame({"measure": ["placed_in.requested", "placed_in.reports_received"],
                          "value": [9, 2]})
    totals = {"placed_in.requested": ("placed_in.reports_received", "_not_received")}
    out = suppress_measures(table, 5, totals)
    # received 2 is small; not received (7) is the only other part, hidden to protect it
    assert list(out["value"]) == [9, "<5"]
    out = suppress_measures(table, 5, totals, keep_virtual=True)
    assert list(out["measure"]) == ["placed_in.requested", "placed_in.reports_received",
                                    "_not_received"]
    assert list(out["value"]) == [9, "<5", "*"]


def test_csv_tables_are_suppressed_like_the_report():
    tables = {
        "cohort": pd.DataFrame({"breakdown": ["gender", "gender", "area"],
                                "value": ["Female", "Male", "Cumberland"], "cases": [2, 12, 14]}),
        "findings": pd.DataFrame([{"question_id": "q", "met": 12, "partly": 3, "not_met": 10,
                                   "not_applicable": 6, "disputed": 0, "rate": 12 / 25,
                                   "ci95_low": 0.3, "ci95_high": 0.7}]),
    }
    out = suppress_tables(tables, 5, cases=14)
    assert list(out["cohort"]["cases"]) == ["<5", "*", 14]
    row = out["findings"].iloc[0]
    assert list(out["findings"].columns) == list(tables["findings"].columns)
    assert (row["partly"], row["disputed"], row["not_met"], row["rate"], row["ci95_low"]) == (
        "<5", 0, "*", "*", "*")
    assert suppress_tables(tables, 0, cases=14)["cohort"] is tables["cohort"]

"""Disclosure control: small counts and what could reveal them are hidden."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
from conftest import SAMPLE_AUDITS

from cscp_analysis.analysis import narrative
from cscp_analysis.analysis.disclosure import (
    audience_label,
    breakdown_total_hidden,
    suppress,
    suppress_breakdown,
    suppress_findings,
    suppress_measures,
    suppress_tables,
    suppression_marker,
    threshold_for,
)
from cscp_analysis.batch.jobs import OVERVIEW_KEY
from cscp_analysis.batch.run import run_cycle
from cscp_analysis.io.load import load_audit


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


# ---------------------------------------------------------------- the real batch, suppressed

# a small count before a noun it counts ("3 children", "four cases"); "Stage 1 and 2
# Meetings" (a theme heading) names stages, it counts nothing
_SMALL_COUNT_WORDS = re.compile(
    r"(?<!stage )(?<!and )\b(?:[1-4]|one|two|three|four)\s+"
    r"(?:child|children|cases?|episodes?|answers?|interviews?|girls?|boys?|meetings?|reports?)\b",
    re.I)


def _visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", page,
                                                            flags=re.S)))


def _shown_count_ok(value: str) -> bool:
    """A shown count is 0 (identifies no child), 5 or more, or a marker."""
    value = value.strip()
    if value in ("<5", "*", "") or not re.fullmatch(r"\d+", value):
        return True
    return int(value) == 0 or int(value) >= 5


def test_a_cycle_with_suppress_below_5_shows_no_small_count(tmp_path):
    params = tmp_path / "public.yaml"
    params.write_text(
        "cycle: for-publication\ntitle: Sample cycle, for publication\n"
        f"audits: [{', '.join(SAMPLE_AUDITS)}]\nas_of: 2023-03-31\n"
        "audience: partnership\nsuppress_below: 5\n", encoding="utf-8")
    run = run_cycle(params, out=tmp_path / "out", jobs=2, timeout=300,
                    progress=lambda _msg: None)
    assert run.exit_code == 0
    for key in (*SAMPLE_AUDITS, OVERVIEW_KEY):
        page = (run.out / key / "report.html").read_text(encoding="utf-8")
        cells = re.findall(r"<td[^>]*>(.*?)</td>", page, flags=re.S)
        assert len(cells) > 20, key
        assert all(_shown_count_ok(html.unescape(c)) for c in cells), (
            key, [c for c in cells if not _shown_count_ok(html.unescape(c))])
        assert "<img" not in page, key  # no chart: charts would show the small counts
        text = " ".join(_visible_text(page).split())
        assert not _SMALL_COUNT_WORDS.search(text), (key, _SMALL_COUNT_WORDS.search(text))
        assert "not_met" not in text and "not_applicable" not in text  # human headings
        assert "summary.json and the executed notebook" in text and "not for publication" in text
        if key == OVERVIEW_KEY:
            continue
        assert "Not met" in text and "Partly met" in text
        audit = load_audit(key)
        assert narrative.suppressed_cohort_sentence(len(audit.cases), 5) in text
        assert narrative.cohort_narrative(audit.cases, audit.info.areas,
                                          audit.theme.cohort_groups) not in text
        for name in ("cohort", "findings", "missing"):
            path = run.out / key / "tables" / f"{name}.csv"
            if not path.is_file():
                continue
            table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
            columns = {"cohort": ["cases"], "missing": ["value"],
                       "findings": ["met", "partly", "not_met", "not_applicable", "disputed"]}
            for column in columns[name]:
                assert all(_shown_count_ok(v) for v in table[column]), (key, name, column)
    mfh = run.out / "2016-06-mfh"
    assert "<5" in (mfh / "tables" / "missing.csv").read_text(encoding="utf-8-sig")
    # summary.json stays exact (machine-readable, internal): the stage 2 count of 1 is there
    internal = run.internal / "2016-06-mfh"
    # ... and kept apart from the published folder, with the executed notebooks
    assert not list(run.out.rglob("summary.json")) and not list(run.out.rglob("*.ipynb"))
    assert run.internal == run.out.parent / "_internal" / run.out.name
    assert (run.internal / OVERVIEW_KEY / f"{OVERVIEW_KEY}.ipynb").is_file()
    assert not list(run.internal.glob(".staging-*"))
    assert json.loads((internal / "summary.json").read_text())["missing"]["stage2"]["due"] == 1

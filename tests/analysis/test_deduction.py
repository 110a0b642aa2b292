"""A reader who knows the totals and the rule cannot work any hidden count out.

The checks here solve for the hidden cells by brute force (every integer assignment the
reader would consider: ``disclosure_reader.py``, shared with the end-to-end test),
independently of the integer programmes in ``deduction.py``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from disclosure_reader import K, read_back, solved_cells
from hypothesis import given, settings
from hypothesis import strategies as st

from cscp_analysis.analysis.deduction import OTHER, SMALL, protect, worked_out
from cscp_analysis.analysis.disclosure import suppress_findings, suppress_findings_tables
from cscp_analysis.analysis.published import suppress_breakdown


def test_the_brute_force_reader_finds_what_the_issue_found():
    # Female 8, Male * (0 or 5+), Other <5 of 14: Male = 5, Other = 1 is the only answer.
    shown = {"N": 14, "F": 8, "NR": 0}
    hidden = {"M": OTHER, "O": SMALL}
    equations = [("N", ("F", "M", "O", "NR"))]
    assert solved_cells(shown, hidden, equations, 14) == {"O"}
    values = {"N": 14, "F": 8, "M": 5, "O": 1, "NR": 0}
    assert worked_out(values, equations, hidden, K) == {"M", "O"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=2, max_size=4))
def test_no_hidden_category_of_a_breakdown_can_be_solved(counts):
    total = sum(counts)
    table = pd.DataFrame({"category": [f"c{i}" for i in range(len(counts))], "cases": counts})
    out = suppress_breakdown(table, K, "cases", total)
    published = dict(zip(table["category"], out["cases"], strict=True))
    shown, hidden = read_back(pd.Series(published), list(published))
    equations = [("N", tuple(published))]
    if out.attrs.get("total_hidden"):
        hidden["N"] = SMALL if total < K else OTHER
    else:
        shown["N"] = total
    assert all(v == 0 or v >= K for v in shown.values() if v != total)
    assert not solved_cells(shown, hidden, equations, total + K + 1)


@settings(max_examples=40, deadline=None)
@given(st.tuples(*[st.integers(0, 7)] * 5))
def test_no_hidden_finding_count_can_be_solved(row):
    met, partly, not_met, na, disputed = row
    answered = met + partly + not_met
    table = pd.DataFrame([{"met": met, "partly": partly, "not_met": not_met,
                           "not_applicable": na, "disputed": disputed,
                           "asked": answered + na + disputed, "answered": answered}])
    out = suppress_findings(table, K).iloc[0]
    shown, hidden = read_back(out, list(table.columns))
    equations = [("answered", ("met", "partly", "not_met")),
                 ("asked", ("met", "partly", "not_met", "not_applicable", "disputed"))]
    assert not solved_cells(shown, hidden, equations, int(table.sum(axis=1).iloc[0]) + K + 1)


def test_protect_never_hides_what_needs_no_protection():
    values = {"N": 20, "F": 10, "M": 10}
    assert protect(values, [("N", ("F", "M"))], K) == {}


@pytest.mark.parametrize("k", [2, 3])
def test_thresholds_below_three_hide_zeros_too(k):
    # at 2, "fewer than 2" would mean exactly 1: zeros are hidden with it
    out = suppress_findings(pd.DataFrame([{"met": 1, "partly": 0, "not_met": 9,
                                           "answered": 10}]), k).iloc[0]
    if k == 2:
        assert out["met"] == "<2" and out["partly"] == "<2"
    else:
        assert out["met"] == "<3"


def _published(table: pd.DataFrame, name: str, columns) -> tuple[dict, dict]:
    shown, hidden = {}, {}
    for index in table.index:
        s, h = read_back(table.loc[index], columns)
        shown |= {(name, index, c): v for c, v in s.items()}
        hidden |= {(name, index, c): how for c, how in h.items()}
    return shown, hidden


def test_question_and_area_tables_are_protected_together():
    # Two questions of one area. Question 1's partly (2) is small. On its own, its row hides
    # met as well; but the area row (all counts 5 or more) is then shown in full, and
    # area met 10 - question 2 met 5 gives question 1 met = 5, so partly = 12 - 5 - 5 = 2.
    columns = ["met", "partly", "not_met", "answered"]
    questions = pd.DataFrame({"finding_area": ["A", "A"], "met": [5, 5], "partly": [2, 5],
                              "not_met": [5, 5], "answered": [12, 15]})
    areas = pd.DataFrame({"finding_area": ["A"], "met": [10], "partly": [7], "not_met": [10],
                          "answered": [27]})
    equations = [((n, i, "answered"), tuple((n, i, c) for c in ("met", "partly", "not_met")))
                 for n, t in (("q", questions), ("a", areas)) for i in t.index]
    equations += [(("a", 0, c), (("q", 0, c), ("q", 1, c))) for c in columns]

    def solved(q_out, a_out):
        qs, qh = _published(q_out, "q", columns)
        as_, ah = _published(a_out, "a", columns)
        return solved_cells({**qs, **as_}, {**qh, **ah}, equations, 60)

    apart = solved(suppress_findings(questions, K), suppress_findings(areas, K))
    assert ("q", 0, "partly") in apart
    q_out, a_out = suppress_findings_tables(questions, areas, K)
    assert q_out.at[0, "partly"] == "<5"
    assert not solved(q_out, a_out)

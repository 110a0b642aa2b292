"""What the rules tell a reader beyond the totals: inequalities (answered for at most every
case, disputed only where the agencies disagreed, a child due a stage 2 meeting is due a
stage 1 meeting after five episodes...). Hand-worked cases first; then the three samples'
protected tables, read with every equation and inequality by the brute-force reader of
``disclosure_reader.py``, give nothing small away."""

from __future__ import annotations

import pandas as pd
import pytest
from disclosure_reader import UNKNOWN, K, read_cell, settled

from cscp_analysis.analysis.deduction import OTHER, SMALL, protect, worked_out
from cscp_analysis.analysis.disclosure import MISSING_TOTALS, missing_limits
from cscp_analysis.analysis.findings import OUTCOMES, RATED
from cscp_analysis.analysis.published import AGREEMENT_COUNTS
from cscp_analysis.analysis.results import analyse

#: the MFH sample's impact question (14 cases): met 5, partly 0, not met 8, not
#: applicable 1, disputed 0, as the protection without inequalities published it
IMPACT = {"met": 5, "partly": 0, "not_met": 8, "not_applicable": 1, "disputed": 0,
          "answered": 13, "asked": 14}
ROW = [("answered", ("met", "partly", "not_met")),
       ("asked", ("met", "partly", "not_met", "not_applicable", "disputed"))]


def test_at_most_every_case_answered_settles_what_the_totals_alone_do_not():
    # Hidden: not applicable (1 to 4) and asked (0 or 5+): from the totals alone not
    # applicable may be 1 to 4; a reader who knows asked <= 14 cases has 13 + x <= 14
    hidden = {"not_applicable": SMALL, "asked": OTHER}
    shown = {c: v for c, v in IMPACT.items() if c not in hidden} | {"cases": 14}
    reader = [(("met", 1), ("partly", 1), ("not_met", 1), ("not_applicable", 1),
               ("disputed", 1), ("cases", -1))]
    assert settled(shown, hidden, ROW, 30, ["not_applicable"]) == set()
    assert settled(shown, hidden, ROW, 30, ["not_applicable"], limits=reader) == {
        "not_applicable"}
    # the package's model of the reader agrees, and protect then hides one more count
    limit = [((("asked", 1),), 14)]
    assert worked_out(IMPACT, ROW, hidden, K) == set()
    assert worked_out(IMPACT, ROW, hidden, K, limits=limit) == {"not_applicable", "asked"}
    protected = protect(IMPACT, ROW, K, limits=limit)
    assert protected == {"not_applicable": SMALL, "not_met": OTHER, "answered": OTHER}
    assert worked_out(IMPACT, ROW, protected, K, limits=limit) == set()
    shown = {c: v for c, v in IMPACT.items() if c not in protected and c != "asked"}
    assert not settled({**shown, "cases": 14}, {**protected, "asked": UNKNOWN}, ROW, 30,
                       ["not_applicable"], limits=reader)


def test_a_disputed_answer_is_bounded_by_the_agencies_disagreeing():
    # disputed <= disagreed: "disagreed 1" beside "disputed <5" gives disputed = 1
    values = {"multi": 6, "agreed": 5, "disagreed": 1, "disputed": 1}
    equations = [("multi", ("agreed", "disagreed"))]
    limits = [((("disputed", 1), ("disagreed", -1)), 0)]
    assert worked_out(values, equations, {"disputed": SMALL}, K) == set()
    assert worked_out(values, equations, {"disputed": SMALL}, K, limits=limits) == {"disputed"}
    hidden = protect(values, equations, K, limits=limits)
    assert hidden["disputed"] == SMALL and "disagreed" in hidden
    assert worked_out(values, equations, hidden, K, limits=limits) == set()


def _reader_of(results, k: int = K):
    """Everything a reader knows of one audit's protected findings, agreement and
    missing-from-home tables: shown and hidden cells, equations and inequalities."""
    shown_tables = results.shown(k)
    shown, hidden, equations, limits = {}, {}, [], []

    def cell(key, value):
        count, how = read_cell(value)
        if how:
            hidden[key] = how
        else:
            shown[key] = count

    cell("cases", shown_tables["counts"].iloc[0]["value"])
    findings = shown_tables["findings"].set_index("question_id")
    for question, row in findings.iterrows():
        for outcome in OUTCOMES:
            cell((question, outcome), row[outcome])
        for total, parts in (("answered", RATED), ("asked", OUTCOMES)):
            hidden[(question, total)] = UNKNOWN  # not published: worked out, if at all
            equations.append(((question, total), tuple((question, p) for p in parts)))
        limits.append((((question, "asked"), 1), ("cases", -1)))
    for _, row in shown_tables["agreement"].iterrows():
        question = row["question_id"]
        for column in AGREEMENT_COUNTS:
            cell((question, column), row[column])
        equations.append(((question, "multi_agency"),
                          ((question, "agreed"), (question, "disagreed"))))
        limits += [(((question, "disputed"), 1), ((question, "disagreed"), -1)),
                   (((question, "multi_agency"), 1), ((question, "asked"), -1))]
    if "missing" in shown_tables:
        for measure, value in zip(shown_tables["missing"]["measure"],
                                  shown_tables["missing"]["value"], strict=True):
            cell(("m", measure), value)
        for total, parts in MISSING_TOTALS.items():
            equations.append((("m", total), tuple(("m", p) for p in parts)))
        rules = results.theme.rules
        for terms, most in missing_limits(0, rules.stage1_threshold, rules.stage2_threshold):
            limits.append((*((("m", c), a) for c, a in terms),
                           *((("cases", -1),) if most else ())))
    return shown, hidden, equations, limits


@pytest.mark.parametrize("audit", ["2016-06-cse", "2016-06-mfh", "2022-09-neglect"])
def test_nothing_small_is_settled_with_the_inequalities_in_the_samples(audit):
    results = analyse(audit)
    shown, hidden, equations, limits = _reader_of(results)
    values = {**results.questions.set_index("question_id")[list(OUTCOMES)].stack().to_dict()}
    small = [c for c, how in hidden.items() if how == SMALL]
    assert len(small) >= 15 and len(limits) >= 10, (len(small), len(limits))
    assert not settled(shown, hidden, equations, 60, small, limits=limits)
    # the true counts meet every inequality (the model is about this audit, not stricter)
    questions = results.questions.set_index("question_id")
    assert (questions["asked"] <= len(results.audit.cases)).all() and values
    agreement = results.agreement.set_index("question_id")
    both = agreement.index[agreement["multi_agency"] > 0]
    assert (questions.loc[both, "disputed"] <= agreement.loc[both, "disagreed"]).all()
    assert (agreement.loc[both, "multi_agency"] <= questions.loc[both, "asked"]).all()
    if results.missing_block:
        block = pd.json_normalize(results.missing_block).iloc[0].to_dict()
        rules = results.theme.rules
        for terms, most in missing_limits(len(results.audit.cases), rules.stage1_threshold,
                                          rules.stage2_threshold):
            assert sum(a * block[c] for c, a in terms) <= most, terms

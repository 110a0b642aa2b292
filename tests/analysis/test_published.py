"""What a disclosure-controlled report shows: counts that share a total, protected together.

Each expected table is worked by hand; the brute-force reader (``disclosure_reader.py``)
then confirms that no hidden small count can be worked out from what is shown.
"""

from __future__ import annotations

import pandas as pd
from disclosure_reader import UNKNOWN, K, read_cell, settled

from cscp_analysis.analysis.deduction import OTHER, SMALL
from cscp_analysis.analysis.disclosure import suppress
from cscp_analysis.analysis.published import cycle_total, protect_cases
from cscp_analysis.analysis.results import analyse


def _read(values: dict) -> tuple[dict, dict]:
    shown, hidden = {}, {}
    for key, value in values.items():
        count, how = read_cell(value)
        if how:
            hidden[key] = how
        else:
            shown[key] = count
    return shown, hidden


def _breakdown_reader(cases, parts: dict, rest_unknown=()):
    """What a reader sees of protect_cases' output, with each part's equation."""
    values = {"N": cases}
    equations = []
    for name, counts in parts.items():
        keys = [(name, i) for i in range(len(counts))]
        values.update(zip(keys, counts, strict=True))
        if name in rest_unknown:
            keys.append((name, "rest"))
        equations.append(("N", tuple(keys)))
    shown, hidden = _read(values)
    hidden.update({(name, "rest"): UNKNOWN for name in rest_unknown})
    return shown, hidden, equations


def test_the_number_of_cases_goes_where_the_breakdowns_would_give_it_away():
    # Five cases, one of each of five types: five counts of 1 to 4 that add up to 5 must
    # each be 1. Hiding the zero types (0 or 5+) cannot help; only the number of cases can.
    # Once it is hidden the zeros need not be, so they are shown again.
    cases, shown = protect_cases(5, {"type": [1, 1, 1, 1, 1, 0, 0]}, K)
    assert (cases, shown["type"]) == ("*", ["<5"] * 5 + [0, 0])
    seen, hidden, equations = _breakdown_reader(cases, shown)
    assert not settled(seen, hidden, equations, 30, [c for c, h in hidden.items() if h == SMALL])


def test_a_breakdown_not_every_case_has_protects_the_rest_too():
    # 12 of 14 cases in the one group would tell that 2 have no group: the 12 is hidden.
    assert protect_cases(14, {"group": [12]}, K) == (14, {"group": ["*"]})
    # 2 of 14 in the group: the other 12 (0 or 5+ if published) leave it anywhere in 1-4
    # (one equation 14 = group would have made the group 14, and no count fits that)
    assert protect_cases(14, {"group": [2]}, K) == (14, {"group": ["<5"]})
    seen, hidden, equations = _breakdown_reader(14, {"group": ["<5"]}, rest_unknown=["group"])
    assert not settled(seen, hidden, equations, 20, [("group", 0)])


def test_children_heard_and_the_cohort_share_the_number_of_cases():
    # Six cases, five girls and one boy: the boy (1) is hidden; Female 5 (0 or 5+) would
    # leave 6 - 5 = 1, so the number of cases must go. Five children heard, one not: with
    # the number of cases hidden, 5 heard is safe to show (not heard: anything from 1).
    cases, shown = protect_cases(6, {"gender": [5, 1, 0, 0], "heard": [5]}, K)
    assert cases == "*" and shown == {"gender": [5, "<5", 0, 0], "heard": [5]}
    seen, hidden, equations = _breakdown_reader(cases, shown, rest_unknown=["heard"])
    assert not settled(seen, hidden, equations, 30, [("gender", 1)])
    # heard alone: hiding the 5 (0 or 5+) still leaves 6 = 5 + 1, so again only the number
    # of cases can protect the one child not heard
    assert protect_cases(6, {"heard": [5]}, K) == ("*", {"heard": [5]})


def test_the_cycle_total_is_hidden_where_it_gives_an_audit_away():
    # the overview: Cases <5 beside 12, "two audits and 15 cases": 15 - 12 = 3
    assert cycle_total([3, 12], ["<5", 12], K) == "*"
    assert cycle_total([3, 12, 20], ["<5", 12, 20], K) == "*"  # 35 - 12 - 20 = 3
    assert cycle_total([14, 12], [14, 12], K) == 26
    # an audit whose report hides its number of cases (*) to protect its breakdowns
    assert cycle_total([5, 14, 12], ["*", 14, 12], K) == "*"
    assert cycle_total([2, 1], ["<5", "<5"], K) == "<5"
    assert cycle_total([3, 12], [3, 12], 0) == 15
    shown, hidden = _read({"a": "<5", "b": 12, "T": "*"})
    assert not settled(shown, hidden, [("T", ("a", "b"))], 40, ["a"])


def test_a_table_with_a_total_row_is_protected_column_by_column():
    # The overview's recommendations: 4, 4 and 5 of 13. Row by row, the first two are
    # hidden (<5), so 13 - 5 = 8 = 4 + 4 gives both away; with the "All audits" row as
    # the column total the 5 is hidden too.
    table = pd.DataFrame({"audit": ["a", "b", "c", "All audits"],
                          "recommendations": [4, 4, 5, 13], "done": [2, 1, 2, 5],
                          "open": [2, 3, 3, 8]})
    totals = {"recommendations": ["done", "open"]}
    counts = ["recommendations", "done", "open"]
    rows = suppress(table, K, counts, totals=totals)
    assert list(rows["recommendations"]) == ["<5", "<5", 5, 13]
    together = suppress(table, K, counts, totals=totals, column_total=3)
    assert list(together["recommendations"]) == ["<5", "<5", "*", 13]

    def reader(out):
        cells = {(i, c): out.at[i, c] for i in out.index for c in counts}
        equations = [((i, "recommendations"), ((i, "done"), (i, "open"))) for i in out.index]
        equations += [((3, c), tuple((i, c) for i in range(3))) for c in counts]
        shown, hidden = _read(cells)
        return settled(shown, hidden, equations, 20,
                       [c for c, h in hidden.items() if h == SMALL])

    assert (0, "recommendations") in reader(rows)
    assert not reader(together)


def test_every_output_reads_the_same_protected_cells():
    results = analyse("2016-06-mfh")
    first = results.shown(5)
    assert results.shown(5) is first  # computed once per threshold
    assert results.shown_count(5, "cases") == 14
    cohort = first["cohort"]
    # every category listed, zeros too: a reader cannot tell a listed group has children
    gender = cohort[cohort["breakdown"] == "gender"]
    assert list(gender["label"]) == ["Female", "Male", "Other", "Not recorded"]
    assert list(gender["cases"]) == [5, 9, 0, 0]
    assert results.shown(0)["findings"] is results.questions
    assert OTHER != SMALL


def test_the_reader_by_groups_agrees_with_the_plain_one():
    # the breakdown, and beside it a row that shares nothing with it
    shown = {"N": 14, "F": 8, "NR": 0, "a": 12, "b": 5}  # 12 - 5 = c + d: (2, 5) or (1, 6)
    hidden = {"M": OTHER, "O": SMALL, "c": SMALL, "d": OTHER}
    equations = [("N", ("F", "M", "O", "NR")), ("a", ("b", "c", "d"))]
    assert settled(shown, hidden, equations, 20, {"O", "c"}) == {"O"}
    assert settled(shown, hidden, equations, 20, {"M"}) == {"M"}  # Male = 5 as well
    # a rest nobody publishes (0 or more) leaves 12 = 5 + c + rest open
    assert not settled(shown, {"c": SMALL, "rest": UNKNOWN}, [("a", ("b", "c", "rest"))],
                       20, {"c"})

"""Recommendations: validation with located problems, overdue and loop-closed figures."""

from __future__ import annotations

import pytest

from cscp_analysis.analysis.recommendations import (
    owner_counts,
    recommendation_status,
    recommendations_by_audit,
    recommendations_summary,
    status_counts,
)
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.recommendations import load_recommendations

HEADER = "rec_id,audit_id,finding_area,recommendation,owner,agreed_on,due_by,status,fed_back_on\n"
GOOD = HEADER + (
    "R1,2016-06-cse,Plans,Share plans,Police,2016-07-01,2016-12-31,open,\n"
    "R2,2016-06-cse,,Review tools,Health,01/07/2016,2017-06-30,In progress,\n"
    "R3,2016-06-mfh,,Hold meetings,Police,2016-07-01,2016-09-30,Done,2016-10-11\n"
    "R4,2016-06-mfh,,Train staff,Health,2016-07-01,,Dropped,\n"
    "R5,2016-06-mfh,,Audit again, Health ,2016-07-01,2016-08-01,In progress,2016-07-31\n"
)


@pytest.fixture
def recs(tmp_path):
    path = tmp_path / "recommendations.csv"
    path.write_text(GOOD, encoding="utf-8")
    return load_recommendations(path)


def test_load_canonicalises(recs):
    assert list(recs["rec_id"]) == ["R1", "R2", "R3", "R4", "R5"]
    assert list(recs["status"]) == ["Open", "In progress", "Done", "Dropped", "In progress"]
    assert str(recs.loc[1, "agreed_on"].date()) == "2016-07-01"  # day-first
    assert recs.loc[4, "owner"] == "Health"
    assert list(recs["row"]) == [2, 3, 4, 5, 6]


def test_overdue_and_loop_closed_as_of_a_date(recs):
    status = recommendation_status(recs, "2017-01-31").set_index("rec_id")
    # R1 open past due; R2 not yet due; R3 done; R4 dropped; R5 in progress past due
    assert list(status["overdue"]) == [True, False, False, False, True]
    assert list(status["loop_closed"]) == [False, False, True, False, True]
    assert status.loc["R3", "days_to_feedback"] == 102
    assert status.loc["R5", "days_to_feedback"] == 30
    early = recommendation_status(recs, "2016-08-01")
    assert early["overdue"].sum() == 0  # due_by is not *before* as_of
    unknown = recommendation_status(recs, None)
    assert unknown["overdue"].isna().all()


def test_counts_and_summary(recs):
    assert list(status_counts(recs)["recommendations"]) == [1, 2, 1, 1]
    owners = owner_counts(recs)
    assert list(owners["owner"]) == ["Health", "Police"]
    assert list(owners["recommendations"]) == [3, 2]
    table = recommendations_by_audit(recs, "2017-01-31").set_index("audit_id")
    assert list(table.index) == ["2016-06-cse", "2016-06-mfh", "All audits"]
    assert table.loc["2016-06-mfh", "overdue"] == 1
    assert table.loc["All audits", "overdue"] == 2
    assert table.loc["2016-06-mfh", "median_days_to_feedback"] == 66.0
    block = recommendations_summary(recs, "2017-01-31", "2016-06-mfh")
    assert block == {
        "as_of": "2017-01-31", "audit_id": "2016-06-mfh", "recommendations": 3,
        "status": {"In progress": 1, "Done": 1, "Dropped": 1},
        "owner": {"Health": 2, "Police": 1}, "overdue": 1, "loop_closed": 2,
        "loop_open": 1, "median_days_to_feedback": 66.0,
    }
    assert recommendations_summary(recs, None)["overdue"] is None


def test_every_problem_is_located(tmp_path):
    path = tmp_path / "recommendations.csv"
    path.write_text(HEADER + (
        "R1,2016-06-cse,,Share plans,Police,2016-07-01,2016-06-30,Open,\n"
        "r1,2016-06-cse,,Again,Police,2016-13-01,,Shut,\n"
        "R3,Bad Id!,,,Police,2016-07-01,,Done,2016-06-01\n"
    ), encoding="utf-8")
    with pytest.raises(AuditValidationError) as caught:
        load_recommendations(path)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (2, "due_by"), (3, "rec_id"), (3, "agreed_on"), (3, "status"),
        (4, "audit_id"), (4, "recommendation"), (4, "fed_back_on"),
    }
    messages = {(p.row, p.column): p.message for p in caught.value.problems}
    assert messages[(2, "due_by")] == "2016-06-30 is before agreed_on 2016-07-01"
    assert messages[(3, "rec_id")] == "'r1' appears twice (also row 2)"
    assert "'Shut'" in messages[(3, "status")]
    assert all(p.file == "recommendations.csv" for p in caught.value.problems)


def test_missing_required_column(tmp_path):
    path = tmp_path / "recs.csv"
    path.write_text("rec_id,audit_id,recommendation,agreed_on,status\nR1,a,x,2016-01-01,Open\n",
                    encoding="utf-8")
    with pytest.raises(AuditValidationError) as caught:
        load_recommendations(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "owner")]


def test_bundled_recommendations_match_the_intended_figures():
    from cscp_analysis.samples.synth import INTENDED_RECOMMENDATIONS as WANT
    from cscp_analysis.samples.synth import sample_root

    recs = load_recommendations(sample_root() / "recommendations.csv")
    status = recommendation_status(recs, WANT["as_of"])
    assert sorted(status.loc[status["overdue"].astype(bool), "rec_id"]) == WANT["overdue_ids"]
    assert int(status["loop_closed"].sum()) == WANT["fed_back"]
    by_audit = recommendations_by_audit(recs, WANT["as_of"]).set_index("audit_id")
    assert {k: int(by_audit.loc[k, "recommendations"]) for k in WANT["by_audit"]} == \
        WANT["by_audit"]


def test_a_workbook_with_real_date_cells_and_a_blank_row_loads_like_the_csv(recs, tmp_path):
    import csv
    import datetime as dt
    import io

    import pandas as pd
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "recommendations"
    rows = list(csv.reader(io.StringIO(GOOD)))
    ws.append(rows[0])
    for i, row in enumerate(rows[1:]):
        if i == 2:
            ws.append([])  # a blank row, as analysts leave them: skipped, still counted
        cells = [dt.datetime.strptime(v, "%Y-%m-%d") if len(v) == 10 and v[4] == "-" else v
                 for v in row]
        ws.append(cells)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
    wb.save(tmp_path / "recs.xlsx")
    book = load_recommendations(tmp_path / "recs.xlsx")
    assert list(book["row"]) == [2, 3, 5, 6, 7]
    pd.testing.assert_frame_equal(book.drop(columns="row"), recs.drop(columns="row"))

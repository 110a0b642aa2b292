"""Ingest and load read a typed value alike: one validator, one parser, one answer rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from ingest_tools import (
    MFH_CASES,
    MFH_YAML,
    audit_folder,
    csv_rows,
    make_tool,
    put_row,
)

from cscp_analysis.capture.ingest import disagreements, ingest
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.load import load_audit

EPISODES_HEADER = "case_id,episode_id,kind,missing_from,returned\n"


def _csv_mfh_audit(tmp_path: Path, missing_from: str) -> Path:
    """An MFH audit folder written by hand, one episode starting at ``missing_from``."""
    folder = audit_folder(tmp_path, "csv-audit", MFH_YAML, MFH_CASES)
    (folder / "judgements.csv").write_text("case_id,question_id,answer,agency,comment\n",
                                           encoding="utf-8")
    (folder / "episodes.csv").write_text(f"{EPISODES_HEADER}M01,E1,M,{missing_from},\n",
                                         encoding="utf-8")
    return folder


def _tool_mfh_audit(tmp_path: Path, missing_from: str) -> Path:
    """The same episode typed as text into the Hub's Excel tool (cell D2)."""
    audit = audit_folder(tmp_path, "mfh-audit", MFH_YAML, MFH_CASES)
    return make_tool(tmp_path, audit, "Police", "hub.xlsx",
                 lambda wb: put_row(wb["episodes"], 2, ["M01", "E1", "M", missing_from]))


@pytest.mark.parametrize("typed, start, written", [
    # accepted by load_audit before this change, refused by ingest ("not a date")
    ("01/03/2016 22:30:00", "2016-03-01 22:30", "2016-03-01T22:30"),
    # the seconds are kept, not dropped
    ("2016-03-01T22:30:15", "2016-03-01 22:30:15", "2016-03-01T22:30:15"),
])
def test_a_date_time_with_seconds_reads_alike_through_load_and_ingest(tmp_path, typed, start,
                                                                       written):
    from_csv = load_audit(_csv_mfh_audit(tmp_path, typed)).episodes
    out = tmp_path / "merged"
    ingest([_tool_mfh_audit(tmp_path, typed)], out)
    assert csv_rows(out / "episodes.csv")[1][:5] == ["M01", "E1", "M", written, ""]
    from_tool = load_audit(out).episodes
    for episodes in (from_csv, from_tool):
        assert episodes.loc[0, "missing_from"] == pd.Timestamp(start)
        assert not episodes.loc[0, "missing_from_date_only"]


def test_a_date_time_both_refuse_gets_the_same_message(tmp_path):
    typed = "01/03/2016 25:30"  # no hour 25
    expected = ("'01/03/2016 25:30' is not a date or date-time (expected 2016-03-01, "
                "2016-03-01 22:30 or 01/03/2016 22:30)")
    with pytest.raises(AuditValidationError) as from_csv:
        load_audit(_csv_mfh_audit(tmp_path, typed))
    with pytest.raises(AuditValidationError) as from_tool:
        ingest([_tool_mfh_audit(tmp_path, typed)], tmp_path / "merged")
    assert [str(p) for p in from_csv.value.problems] == [
        f"episodes.csv row 2, column missing_from: {expected}"]
    assert [str(p) for p in from_tool.value.problems] == [
        f"hub.xlsx sheet episodes cell D2: {expected}"]


def test_disagreements_follow_the_case_level_answer_rule_of_the_findings():
    """On the CSE sample (hand-worked from samples/cse_audit.py): agencies disagree on three
    case questions; the panel answered two of them."""
    from cscp_analysis.analysis.findings import case_answers

    judgements = load_audit("2016-06-cse").judgements
    table = disagreements(judgements)
    csc = "Children's Social Care"
    assert table[["case_id", "question_id", "answers", "status"]].values.tolist() == [
        ["C02", "rat_multi_agency", f"{csc}: Yes; Police: No", "settled by panel"],
        ["C05", "ooc_risk_reduced", f"{csc}: Yes; Police: Partly", "settled by panel"],
        ["C03", "explained_to_child", f"{csc}: Yes; Early Help: No", "disputed"],
    ]
    assert table["panel_answer"].iloc[:2].tolist() == ["No", "Partly"]
    assert pd.isna(table["panel_answer"].iloc[2])
    answers = case_answers(judgements)
    disputed = answers[answers["outcome"] == "disputed"][["case_id", "question_id"]]
    assert disputed.values.tolist() == [["C03", "explained_to_child"]]



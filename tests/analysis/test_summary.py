"""The section 10 summary: a hand-made audit, and every bundled sample against its intent."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from cscp_analysis import __version__
from cscp_analysis.analysis.summary import build_summary, summary_json
from cscp_analysis.cli import main
from cscp_analysis.contract.themes import load_theme
from cscp_analysis.io.audit import Audit, AuditInfo
from cscp_analysis.io.load import load_audit
from cscp_analysis.io.recommendations import load_recommendations
from cscp_analysis.samples.synth import INTENDED, INTENDED_RECOMMENDATIONS, sample_root

OUTCOME_KEYS = ("met", "partly", "not_met", "not_applicable", "disputed")


def tiny_audit() -> Audit:
    cases = pd.DataFrame({
        "case_id": ["C1", "C2", "C3", "C4", "C5"],
        "area": ["Cumberland"] * 5,
        "case_type": ["CP", "CP", "CIN", "CIN", "CIN"],
        "age_years": [0, 3, 12, 12, 16],
        "age_months": [5, 0, 0, 0, 0],
        "gender": ["Female", "Female", "Female", "Female", "Female"],
        "cohort_group": [pd.NA] * 5,
    })
    cases["age_in_months"] = cases["age_years"] * 12 + cases["age_months"]
    judgements = pd.DataFrame({
        "case_id": ["C1", "C2", "C3", "C4", "C5", "C1", "C1"],
        "question_id": ["rat_multi_agency"] * 5 + ["impact", "impact"],
        "answer": ["Yes", "Yes", "Partly", "No", "No", "Good", "Inadequate"],
        "agency": ["Panel"] * 5 + ["Police", "Health"],
        "comment": ["SECRET note"] * 7,
    })
    voice = pd.DataFrame({"case_id": ["C1", "C1", "C2"], "said": ["ok", "PRIVATE", "fine"],
                          "consent_to_share": ["Yes", "No", "Yes"], "tags": [pd.NA] * 3})
    empty = pd.DataFrame()
    return Audit(AuditInfo("2016-06-cse", "cse", "CSE audit", "2016-06"), load_theme("cse"),
                 cases, judgements, voice, empty, empty, inputs={"cases.csv": "ab" * 32})


def test_the_learning_block_counts_lines_of_each_kind_without_their_text():
    learning = pd.DataFrame({
        "finding_area": ["Plans", pd.NA, "Plans"],
        "kind": ["Action taken", "To improve", "Action taken"],
        "text": ["SECRET one", "SECRET two", "SECRET three"],
        "on": pd.to_datetime(["2016-09-01", None, "2016-10-01"]),
        "row": [2, 3, 4],
    })
    audit = tiny_audit()
    summary = build_summary(Audit(audit.info, audit.theme, audit.cases, audit.judgements,
                                  audit.voice, audit.episodes, audit.meetings,
                                  learning=learning, inputs=audit.inputs))
    assert list(summary) == ["schema", "audit", "cohort", "findings", "voice", "learning",
                             "provenance"]
    assert summary["learning"] == {"To improve": 1, "Action taken": 2}
    assert "SECRET" not in json.dumps(summary)


def test_hand_made_summary():
    summary = build_summary(tiny_audit())
    assert list(summary) == ["schema", "audit", "cohort", "findings", "voice", "provenance"]
    assert summary["schema"] == "cscp-audit-summary/1"
    assert summary["audit"] == {"id": "2016-06-cse", "theme": "cse", "title": "CSE audit",
                                "conducted": "2016-06"}
    cohort = summary["cohort"]
    assert cohort["cases"] == 5
    assert cohort["case_type"] == {"CP": 2, "CIN": 3}
    assert cohort["gender"] == {"Female": 5}
    assert cohort["area"] == {"Cumberland": 5}
    assert cohort["cohort_group"] == {}
    assert cohort["age_months"] == {"min": 5, "max": 192}
    assert cohort["narrative"] == (
        "Five cases were audited: two Child Protection and three Child in Need. The children "
        "were aged 5 months to 16 years. All five were girls. All five cases were from "
        "Cumberland.")
    findings = {f["question_id"]: f for f in summary["findings"]}
    assert [f["question_id"] for f in summary["findings"]][:4] == [
        "voice_heard", "trusted_relationship", "explained_to_child", "rat_completed"]
    rat = findings["rat_multi_agency"]
    assert {k: rat[k] for k in OUTCOME_KEYS} == {"met": 2, "partly": 1, "not_met": 2,
                                                 "not_applicable": 0, "disputed": 0}
    assert rat["finding_area"] == "Risk Assessment Tools"
    assert rat["rate"] == 0.4 and rat["ci95"] == [0.118, 0.769]
    assert findings["impact"]["disputed"] == 1 and findings["impact"]["rate"] is None
    assert findings["impact"]["ci95"] is None
    assert findings["voice_heard"]["met"] == 0 and findings["voice_heard"]["rate"] is None
    assert summary["voice"] == {"children_heard": 2, "shareable_quotes": 2}
    assert "missing" not in summary
    assert summary["provenance"] == {"package_version": __version__,
                                     "inputs": {"cases.csv": "ab" * 32}}
    text = summary_json(summary)
    assert "SECRET" not in text and "PRIVATE" not in text and '"C1"' not in text
    assert json.loads(text) == summary


@pytest.mark.parametrize("audit_id", sorted(INTENDED))
def test_cli_summary_of_each_bundled_sample_matches_the_intended_figures(audit_id, capsys):
    assert main(["summary", audit_id]) == 0
    summary = json.loads(capsys.readouterr().out)
    want = INTENDED[audit_id]
    assert summary["audit"]["id"] == audit_id and summary["audit"]["theme"] == want["theme"]
    cohort = summary["cohort"]
    for key in ("cases", "case_type", "gender", "area", "cohort_group", "age_months"):
        assert cohort[key] == want[key], key
    got = {f["question_id"]: {k: f[k] for k in OUTCOME_KEYS} for f in summary["findings"]}
    assert got == want["findings"]
    for f in summary["findings"]:
        rated = f["met"] + f["partly"] + f["not_met"]
        assert f["rate"] == (f["met"] / rated if rated else None)
        if rated:
            assert f["ci95"][0] <= round(f["rate"], 3) <= f["ci95"][1]
    assert sum(f["disputed"] for f in summary["findings"]) == len(want["disputed"])
    assert summary["voice"] == {"children_heard": want["children_heard"],
                                "shareable_quotes": want["shareable_quotes"]}
    assert summary["learning"] == want["learning"]
    assert list(summary).index("learning") == list(summary).index("voice") + 1
    assert ("missing" in summary) == ("missing" in want)
    if "missing" in want:
        assert summary["missing"] == want["missing"]
    audit = load_audit(audit_id)
    assert summary["provenance"]["inputs"] == audit.inputs
    assert set(summary["provenance"]["inputs"]) >= {"audit.yaml", "cases.csv", "judgements.csv"}
    text = json.dumps(summary)
    for case_id in audit.cases["case_id"]:
        assert f'"{case_id}"' not in text and f" {case_id} " not in text
    for said in audit.voice["said"]:
        assert said not in text
    assert list(summary)[-1] == "provenance"


def test_cli_summary_with_recommendations(capsys):
    recs = sample_root() / "recommendations.csv"
    as_of = INTENDED_RECOMMENDATIONS["as_of"]
    assert main(["summary", "2016-06-cse", "--recommendations", str(recs),
                 "--as-of", as_of]) == 0
    summary = json.loads(capsys.readouterr().out)
    block = summary["recommendations"]
    assert block["as_of"] == as_of
    everything = block["all_audits"]
    assert everything["recommendations"] == INTENDED_RECOMMENDATIONS["recommendations"]
    assert everything["status"] == INTENDED_RECOMMENDATIONS["status"]
    assert everything["overdue"] == INTENDED_RECOMMENDATIONS["overdue"]
    assert everything["loop_closed"] == INTENDED_RECOMMENDATIONS["fed_back"]
    assert block["audit"]["recommendations"] == INTENDED_RECOMMENDATIONS["by_audit"][
        "2016-06-cse"]
    digest = hashlib.sha256(recs.read_bytes()).hexdigest()
    assert summary["provenance"]["inputs"]["recommendations.csv"] == digest


def test_build_summary_records_the_recommendations_file_it_was_given():
    # the report batch calls build_summary directly: its summary.json must name the file too
    recs = sample_root() / "recommendations.csv"
    summary = build_summary(load_audit("2016-06-mfh"), load_recommendations(recs), "2023-03-31")
    inputs = summary["provenance"]["inputs"]
    assert inputs["recommendations.csv"] == hashlib.sha256(recs.read_bytes()).hexdigest()
    assert set(inputs) == {"audit.yaml", "cases.csv", "judgements.csv", "voice.csv",
                           "episodes.csv", "meetings.csv", "learning.csv", "recommendations.csv"}


def test_cli_summary_rejects_a_bad_date(capsys):
    recs = sample_root() / "recommendations.csv"
    code = main(["summary", "2016-06-cse", "--recommendations", str(recs), "--as-of", "31/13/23"])
    assert code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "--as-of" in captured.err

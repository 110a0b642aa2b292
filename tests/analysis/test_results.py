"""The analyst's API: ``analyse`` gives tables computed once, and the summary the CLI prints."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import pandas as pd
import pytest
from conftest import CASES_HEADER, write_audit

import cscp_analysis
from cscp_analysis.analysis import findings
from cscp_analysis.analysis.results import AuditResults, analyse
from cscp_analysis.cli import main
from cscp_analysis.io.bundled import bundled_recommendations
from cscp_analysis.io.load import load_audit
from cscp_analysis.io.prepared import load_prepared, save_prepared
from cscp_analysis.io.recommendations import load_recommendations

JUDGEMENTS = ["case_id", "question_id", "answer", "agency", "comment"]
EPISODES = ["case_id", "episode_id", "kind", "missing_from", "returned", "rhi_offered",
            "rhi_accepted", "rhi_held", "placing_authority", "rhi_report_received"]


@pytest.mark.parametrize("sample", ["2016-06-mfh", "2016-06-cse", "2022-09-neglect"])
def test_summary_equals_what_the_command_prints(sample, capsys):
    assert main(["summary", sample]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert cscp_analysis.analyse(sample).summary() == printed


def test_summary_with_recommendations_and_as_of_equals_the_command(capsys):
    log = str(bundled_recommendations())
    assert main(["summary", "2016-06-mfh", "--recommendations", log,
                 "--as-of", "2023-03-31"]) == 0
    printed = json.loads(capsys.readouterr().out)
    results = analyse("2016-06-mfh", recommendations=log, as_of="2023-03-31")
    assert results.summary() == printed
    assert printed["recommendations"]["as_of"] == "2023-03-31"


def test_each_table_is_computed_once(monkeypatch):
    calls = []
    real = findings.case_answers
    monkeypatch.setattr(findings, "case_answers",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    results = analyse("2016-06-cse")
    assert results.questions is results.questions
    for table in (results.areas, results.agreement, results.disputed):
        assert len(table) > 0
    results.summary()
    results.summary()
    assert len(calls) == 1


def small_mfh(tmp_path):
    """Two children. C1: five missing episodes within a week, interviews 71 h and 73 h after
    two returns, none after the others; placed in by another authority. C2: one away episode.
    """
    starts = ["2016-03-01", "2016-03-02", "2016-03-03", "2016-03-04", "2016-03-05"]
    rows = []
    for i, day in enumerate(starts):
        held = {0: "2016-03-04 20:00", 1: "2016-03-05 22:00"}.get(i, "")
        rows.append(["C1", f"E{i + 1}", "M", f"{day} 18:00", f"{day} 21:00", "Yes", "Yes",
                     held, "Lancashire", "Yes" if i == 0 else "No"])
    rows.append(["C2", "E6", "A", "2016-03-10 10:00", "2016-03-10 12:00", "No", "", "", "", ""])
    return write_audit(
        tmp_path / "mfh",
        meta={"id": "2016-06-mfh", "theme": "mfh", "title": "MFH", "conducted": "2016-06"},
        cases=(CASES_HEADER, [["C1", "Cumberland", "PLACED_IN", "14", "", "Female"],
                              ["C2", "Cumberland", "CLA", "15", "", "Male"]]),
        judgements=(JUDGEMENTS, [["C1", "voice_heard", "Yes", "", ""],
                                 ["C2", "voice_heard", "No", "Police", ""],
                                 ["C2", "voice_heard", "Yes", "Health", ""]]),
        episodes=(EPISODES, rows),
    )


def test_hand_worked_tables_of_a_small_mfh_audit(tmp_path):
    results = analyse(small_mfh(tmp_path))

    # Cohort: every category listed, zeros included; labels as the report shows them.
    gender = results.breakdown("gender").set_index("code")["cases"]
    assert gender.to_dict() == {"Female": 1, "Male": 1, "Other": 0, "Not recorded": 0}
    types = results.breakdown("case_type").set_index("code")
    assert types.loc["PLACED_IN", "cases"] == 1 and types.loc["CLA", "cases"] == 1
    assert types.loc["CLA", "label"] == "Child Looked After"
    # Two cases in each of four breakdowns; cohort_group is blank for both, so adds none.
    assert results.cohort["cases"].sum() == 8

    # Questions: C1 met by the panel; C2's agencies disagree, so disputed.
    q = results.questions.set_index("question_id").loc["voice_heard"]
    assert (q["met"], q["disputed"], q["answered"], q["rate"]) == (1, 1, 1, 1.0)
    assert list(results.disputed["case_id"]) == ["C2"]
    assert {"question_id", "finding_area", "met", "partly", "not_met", "not_applicable",
            "disputed", "rate", "ci_low", "ci_high"} <= set(results.questions.columns)

    # Rule 6.1 per episode: 71 h is within 72 hours, 73 h is late, three not held.
    eps = results.episodes.set_index("episode_id")
    assert list(eps.loc[["E1", "E2", "E3"], "status"]) == ["within_72h", "late", "not_held"]
    assert results.rhi_counts["due"] == 6
    assert results.rhi_counts["within_72h"] == 1 and results.rhi_counts["late"] == 1
    # Rule 6.2 rolling count: the fifth M episode in five days reaches 5; A is not counted.
    assert list(eps.loc[["E1", "E5"], "rolling_count"]) == [1, 5]
    assert pd.isna(eps.loc["E6", "rolling_count"])
    stages = results.stages.set_index("case_id")
    assert stages.loc["C1", "stage1_due"] == pd.Timestamp("2016-03-05")
    assert stages.loc["C1", "stage1_held"] == False  # noqa: E712 (due, no meeting held)
    assert pd.isna(stages.loc["C1", "stage2_due"])
    # Rule 6.3: five ended episodes of a placed-in child, one report received.
    placed = results.placed_in.set_index("placing_authority").loc["Lancashire"]
    assert (placed["requested"], placed["received"]) == (5, 1)
    assert results.summary()["missing"]["placed_in"] == {
        "episodes": 5, "requested": 5, "reports_received": 1}


def test_an_audit_object_or_a_name_gives_the_same_results():
    by_name = analyse("2022-09-neglect")
    by_audit = analyse(load_audit("2022-09-neglect"))
    assert isinstance(by_audit, AuditResults)
    pd.testing.assert_frame_equal(by_name.questions, by_audit.questions)
    assert by_audit.missing_block is None
    assert by_audit.recommendation_status is None
    assert "episodes" not in by_audit.summary() and "missing" not in by_audit.summary()


def test_voice_table_has_no_case_ids_and_only_consented_quotes():
    results = analyse("2016-06-cse")
    assert list(results.voice.columns) == ["said", "tags"]
    assert len(results.voice) == results.summary()["voice"]["shareable_quotes"]


def test_the_package_root_offers_the_api_with_docstrings():
    for name in ("analyse", "AuditResults", "load_audit", "load_theme", "Theme"):
        obj = getattr(cscp_analysis, name)
        assert obj.__doc__ and len(obj.__doc__) > 40, name
        assert name in dir(cscp_analysis)
    assert cscp_analysis.analyse is analyse
    with pytest.raises(AttributeError):
        cscp_analysis.not_a_name  # noqa: B018


def test_importing_the_package_stays_light():
    code = ("import sys, cscp_analysis; "
            "print(sorted(m for m in ('pandas', 'scipy', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_a_prepared_audit_round_trips_with_its_recommendations(tmp_path):
    audit = load_audit("2016-06-mfh")
    log = load_recommendations(bundled_recommendations())
    audit2, log2 = load_prepared(save_prepared(tmp_path / "p.pickle", audit, log))
    assert analyse(audit2, recommendations=log2, as_of="2023-03-31").summary() == analyse(
        audit, recommendations=log, as_of="2023-03-31").summary()
    (tmp_path / "bad.pickle").write_bytes(pickle.dumps(("other", 1, None)))
    with pytest.raises(ValueError, match="not a prepared audit"):
        load_prepared(tmp_path / "bad.pickle")


def test_a_prepared_cycle_round_trips(tmp_path):
    audits = [load_audit("2016-06-cse"), load_audit("2022-09-neglect")]
    back, log = load_prepared(save_prepared(tmp_path / "cycle.pickle", audits, None))
    assert [a.id for a in back] == ["2016-06-cse", "2022-09-neglect"] and log is None

"""The recommendations log against its audits (io/log_audits.py): finding areas are the
audit's theme's, ids mistyped for one of the cycle's are located errors, other audits'
rows a notice. Through ``check_cycle`` (the batch), ``analyse`` and the notebooks' own
reading (``report.inputs``), each with its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from cscp_analysis import analyse
from cscp_analysis.batch.inputs import check_cycle
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.bundled import bundled_recommendations
from cscp_analysis.io.load import load_audit
from cscp_analysis.io.log_audits import meet_cycle
from cscp_analysis.io.recommendations import load_recommendations
from cscp_analysis.report.inputs import cycle_results
from cscp_analysis.report.settings import ReportSettings

HEADER = "rec_id,audit_id,finding_area,recommendation,owner,agreed_on,status\n"
CSE_AREAS = "Voice of the Child, Risk Assessment Tools, Plans, Children Looked After, Impact"


def _log(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "recs.csv"
    path.write_text(HEADER + "".join(f"{r},Train staff,Police,2016-07-01,Open\n" for r in rows),
                    encoding="utf-8")
    return path


def _cycle(tmp_path: Path, audits: str = "[2016-06-cse, 2016-06-mfh]") -> Path:
    path = tmp_path / "cycle.yaml"
    path.write_text(f"audits: {audits}\nas_of: 2023-03-31\nrecommendations: recs.csv\n",
                    encoding="utf-8")
    return path


def _problems(call) -> list[str]:
    with pytest.raises(AuditValidationError) as caught:
        call()
    return [str(p) for p in caught.value.problems]


def test_the_cse_themes_areas_are_as_the_messages_list_them():
    assert ", ".join(a.title for a in load_audit("2016-06-cse").theme.finding_areas) == CSE_AREAS


def test_a_finding_area_not_of_the_audits_theme_is_located_with_a_did_you_mean(tmp_path):
    _log(tmp_path, "R1,2016-06-cse,Risk Asessment Tools", "R2,2016-06-cse,Stage 1 and 2 Meetings",
         "R3,2016-06-cse,", "R4,2016-06-mfh,Plans")
    expected = [
        "recs.csv row 2, column finding_area: 'Risk Asessment Tools' is not a finding area "
        f"of audit 2016-06-cse ({CSE_AREAS}): did you mean 'Risk Assessment Tools'?",
        "recs.csv row 3, column finding_area: 'Stage 1 and 2 Meetings' is not a finding area "
        f"of audit 2016-06-cse ({CSE_AREAS})",
    ]
    assert _problems(lambda: check_cycle(_cycle(tmp_path))) == expected
    with pytest.raises(AuditValidationError) as caught:
        check_cycle(_cycle(tmp_path))
    first = caught.value.problems[0]
    assert (first.file, first.row, first.column, first.value) == (
        "recs.csv", 2, "finding_area", "Risk Asessment Tools")
    # one audit meeting the log: analyse (the summary command, a notebook run by hand)
    assert _problems(lambda: analyse("2016-06-cse", recommendations=tmp_path / "recs.csv")) \
        == expected
    # the other audit's rows are its own business: mfh's rows are fine
    assert len(analyse("2016-06-mfh", recommendations=tmp_path / "recs.csv")
               .recommendation_status) == 1
    settings = ReportSettings("2023-03-31", recommendations=str(tmp_path / "recs.csv"))
    assert _problems(lambda: cycle_results(["2016-06-cse", "2016-06-mfh"], settings)) == expected


def test_finding_areas_match_like_codes_and_take_the_themes_spelling(tmp_path):
    _log(tmp_path, "R1,2016-06-cse,  risk assessment TOOLS ", "R2,2016-06-cse,",
         "R3,2016-06-mfh,plans")
    inputs = check_cycle(_cycle(tmp_path))
    log = inputs.recommendations
    assert list(log["finding_area"].fillna("")) == ["Risk Assessment Tools", "", "Plans"]
    status = analyse("2016-06-cse", recommendations=tmp_path / "recs.csv").recommendation_status
    assert list(status["finding_area"].fillna("")) == ["Risk Assessment Tools", ""]


def test_rows_of_audits_outside_the_cycle_are_a_notice_not_a_problem(tmp_path):
    _log(tmp_path, "R1,2016-06-cse,Plans", "R2,2022-09-neglect,Chronologies",
         "R3,2017-06-cse,", "R4,2022-09-neglect,", "R5,2015-01-other,Anything")
    inputs = check_cycle(_cycle(tmp_path, "[2016-06-cse]"))
    assert inputs.notice == (
        "recs.csv: rows of audits outside this cycle are left out of its reports: "
        "2015-01-other, 2017-06-cse (did you mean 2016-06-cse?), 2022-09-neglect")
    # an area is checked only against its own audit's theme: other audits' rows as given
    assert list(inputs.recommendations["finding_area"].fillna("")) == [
        "Plans", "Chronologies", "", "", "Anything"]
    assert check_cycle(_cycle(tmp_path, "[2016-06-cse, 2022-09-neglect]")).notice == (
        "recs.csv: rows of audits outside this cycle are left out of its reports: "
        "2015-01-other, 2017-06-cse (did you mean 2016-06-cse?)")


def test_an_id_spelt_almost_like_a_cycle_audit_with_its_date_is_a_typing_mistake(tmp_path):
    _log(tmp_path, "R1,2016-06-msh,Plans", "R2,2016-06-cse,Plans", "R3,2022-09-neglekt,",
         "R4,2016-07-mfh,Plans")
    assert _problems(lambda: check_cycle(_cycle(tmp_path, "[2016-06-cse, 2016-06-mfh, "
                                                          "2022-09-neglect]"))) == [
        "recs.csv row 2, column audit_id: '2016-06-msh' is not an audit of this cycle "
        "(2016-06-cse, 2016-06-mfh, 2022-09-neglect): did you mean '2016-06-mfh'? (spelt "
        "almost alike with the same date, so taken for a typing mistake)",
        "recs.csv row 4, column audit_id: '2022-09-neglekt' is not an audit of this cycle "
        "(2016-06-cse, 2016-06-mfh, 2022-09-neglect): did you mean '2022-09-neglect'? (spelt "
        "almost alike with the same date, so taken for a typing mistake)",
    ]


def test_the_bundled_log_meets_every_sample_cycle_without_a_problem():
    log = load_recommendations(bundled_recommendations())
    samples = [load_audit(a) for a in ("2016-06-cse", "2016-06-mfh", "2022-09-neglect")]
    checked, problems, outside = meet_cycle(log, samples)
    assert problems == [] and not outside and outside.notice() == ""
    assert checked["finding_area"].equals(log["finding_area"])  # already the themes' spelling
    _, problems, outside = meet_cycle(log, samples[1:])
    assert problems == [] and outside.ids == ("2016-06-cse",)


def _html(items) -> str:
    return "".join(getattr(i, "data", str(i)) for i in items)


def test_the_overviews_run_details_name_other_audits_for_internal_readers_only():
    from cscp_analysis.report.run_details import run_details_section

    log = load_recommendations(bundled_recommendations())
    results = [analyse(a, recommendations=log) for a in ("2016-06-mfh", "2022-09-neglect")]
    internal = _html(run_details_section(results, ReportSettings("2023-03-31", "partnership", 0,
                                                                 "sample"), overview=True))
    assert ("<dt>Recommendations of other audits (left out)</dt><dd>2016-06-cse</dd>"
            in internal)
    public = _html(run_details_section(results, ReportSettings("2023-03-31", "public", 0,
                                                               "sample"), overview=True))
    assert "other audits" not in public and "2016-06-cse" not in public
    one = _html(run_details_section(results[:1], ReportSettings("2023-03-31", "partnership", 0,
                                                                "sample")))
    assert "other audits" not in one  # a theme report speaks for its own audit only


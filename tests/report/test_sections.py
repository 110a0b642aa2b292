"""Report sections the notebooks share: tables, sentences and anonymous child labels."""

from __future__ import annotations

import pandas as pd
import pytest

from cscp_analysis.contract.themes import load_theme
from cscp_analysis.report import agencies, display, missing, run_details, wording
from cscp_analysis.report.settings import ReportSettings


def test_html_table_refuses_case_ids_and_escapes_text():
    with pytest.raises(ValueError, match="case ids"):
        display.html_table(pd.DataFrame({"case_id": ["C01"]}), "x")
    table = display.html_table(pd.DataFrame({"Owner": ["<Police>"], "n": [3]}), "Owners",
                              numeric=["n"])
    assert table.data == (
        '<div class="table-scroll" role="region" aria-label="Owners" tabindex="0">\n'
        '<table><caption>Owners</caption><thead><tr><th scope="col">Owner</th>'
        '<th scope="col" class="num">n</th></tr></thead><tbody><tr><td>&lt;Police&gt;</td>'
        '<td class="num">3</td></tr></tbody></table>\n</div>')


def test_result_sentence_is_hand_worked():
    row = {"met": 2, "partly": 1, "not_met": 2, "not_applicable": 1, "disputed": 0,
           "rate": 0.4, "ci_low": 0.118, "ci_high": 0.769}
    assert wording.result_sentence(row) == (
        "2 of 5 cases met the standard (40%; 95% interval 12% to 77%); 1 partly met it and 2 "
        "did not (1 not applicable).")


def test_child_labels_number_children_in_order_of_appearance():
    assert missing.child_labels(["M07", "M02", "M07", "M11"]) == {
        "M07": "Child 1", "M02": "Child 2", "M11": "Child 3"}


def test_result_sentence_leaves_out_zero_parts_and_counts_one_case():
    row = {"met": 2, "partly": 0, "not_met": 3, "not_applicable": 0, "disputed": 0,
           "rate": 0.4, "ci_low": 0.118, "ci_high": 0.769}
    assert wording.result_sentence(row) == (
        "2 of 5 cases met the standard (40%; 95% interval 12% to 77%); 3 did not.")
    # Wilson interval for 1 of 1: 1 / (1 + 1.96²) = 0.2065 to 1
    one = {"met": 1, "partly": 0, "not_met": 0, "rate": 1.0, "ci_low": 0.2065, "ci_high": 1.0}
    assert wording.result_sentence(one) == (
        "1 of 1 case met the standard (100%; 95% interval 21% to 100%).")


def test_interval_text_never_reads_dash_to_dash():
    assert wording.interval_text(0.118, 0.769) == "12% to 77%"
    assert wording.interval_text(float("nan"), float("nan")) == "none (no rated answers)"
    assert wording.interval_text("*", "*") == "*"


def test_voice_sentence():
    assert wording.voice_sentence(0, 0) == "No child was heard directly in this audit."
    assert wording.voice_sentence(3, 2) == (
        "Three children spoke to the auditors; two of the things they said are quoted below "
        "with their agreement.")
    assert wording.voice_sentence(1, 0) == "One child spoke to the auditors."
    assert wording.voice_sentence(5, 2, 14, 5) == "Five children spoke to the auditors."
    assert wording.voice_sentence(3, 2, 14, 5) == "Fewer than 5 children spoke to the auditors."
    # 12 of 14 heard: the 2 not heard would follow from 14 - 12, so 12 is hidden too
    assert wording.voice_sentence(12, 0, 14, 5).startswith("Some children spoke")


def test_agency_columns_keep_the_key_findings_numbers():
    theme = load_theme("cse")
    # only the 2nd, 5th and 12th (last) questions of the theme were answered by agencies
    ids = [theme.questions[i].id for i in (11, 1, 4)]
    results = pd.DataFrame({"agency": ["Police", "Health", "Police"], "question_id": ids,
                            "met": [1, 2, 0], "answered": [2, 2, 1]})
    met, answered = agencies.agency_counts(results, theme)
    assert list(met.columns) == ["Q2", "Q5", "Q12"]  # gaps, as Key findings numbers them
    assert list(met.index) == ["Police", "Health"]
    assert (met.loc["Police", "Q12"], answered.loc["Police", "Q12"]) == (1, 2)
    assert (met.loc["Police", "Q2"], answered.loc["Police", "Q2"]) == (0, 0)  # no answer
    assert (met.loc["Health", "Q2"], answered.loc["Health", "Q2"]) == (2, 2)


def test_a_meeting_before_it_was_due_is_explained():
    early = [pd.Timestamp("2016-03-12")]
    assert wording.held_text(False, early) == (
        "No: a meeting was held 12 March 2016, before it was due, so it does not count")
    assert wording.held_text(True, early) == "Yes"
    assert wording.held_text(False, []) == "No"


def test_run_details_use_human_labels():
    details = {"as_of": "2023-03-31", "inputs": {"cases.csv": "ab"}, "versions": {"x": "1"},
               "git_commit": "c0ffee",
               "parameters": {"as_of": "2023-03-31", "audience": "business_group",
                              "suppress_below": 0}}
    page = run_details.run_details_html(details).data
    assert "<dt>Report date</dt><dd>31 March 2023</dd>" in page
    assert "<dt>Audience</dt><dd>Business Group</dd>" in page
    assert "As of" not in page and "not for publication" in page
    settings = ReportSettings("2023-03-31", "public", 0)
    page = run_details.run_details_html(details, settings).data
    assert "counts below 5 hidden" in page and "summary.json and the executed notebook" in page


def test_run_details_show_a_parameter_path_as_its_file_name_only():
    details = {"as_of": "2023-03-31", "inputs": {"cases.csv": "ab12"}, "versions": {},
               "git_commit": "none",
               "parameters": {"as_of": "2023-03-31", "audience": "business_group",
                              "suppress_below": 0,
                              "recommendations": "/home/jsmith/partnership/recs.csv"}}
    page = run_details.run_details_html(details).data
    assert "recommendations recs.csv" in page
    assert "jsmith" not in page and "/home/" not in page


@pytest.mark.parametrize("counts, sentence", [
    ((5, 3, 1), "On 3 of the 5 case questions answered by more than one agency, the agencies "
                "disagreed; the panel settled 2 and 1 is still disputed."),
    ((3, 1, 1), "On 1 of the 3 case questions answered by more than one agency, the agencies "
                "disagreed; the panel has not yet settled it."),
    ((4, 2, 0), "On 2 of the 4 case questions answered by more than one agency, the agencies "
                "disagreed; the panel settled every one."),
    ((1, 1, 0), "On the one case question answered by more than one agency, the agencies "
                "disagreed; the panel settled it."),
    ((1, 0, 0), "On the one case question answered by more than one agency, the agencies "
                "agreed."),
    ((2, 0, 0), "On all 2 case questions answered by more than one agency, the agencies "
                "agreed."),
])
def test_agreement_sentence_is_hand_worked(counts, sentence):
    assert wording.agreement_sentence(*counts) == sentence


def test_run_details_show_the_parameters_as_the_cycles_file_gives_them():
    """Before, the batch's resolved values under 'exactly as given': the audit by its id
    and the bundled log as 'recommendations.csv' where the file says 'sample'."""
    details = {"as_of": "2023-03-31", "inputs": {"cases.csv": "ab12"}, "versions": {},
               "git_commit": "none",
               "parameters": {"audit": "2024-03-neglect", "as_of": "2023-03-31",
                              "recommendations": "/srv/cscp/samples/recommendations.csv"}}
    given = {"file": "my-cycle.yaml", "sha256": "5e1f",
             "values": {"cycle": "my-cycle", "audit": "../data/2024-03-neglect",
                        "as_of": "2023-03-31", "recommendations": "sample",
                        "audits": ["C:\\Users\\jsmith\\audits\\one", "/home/jsmith/two"]}}
    page = run_details.run_details_html(details, given=given).data
    assert ("Parameters exactly as given in the parameter file my-cycle.yaml (sha256 5e1f), "
            "for analysts reproducing this report with <code>cscp-analysis run my-cycle.yaml"
            "</code> (a path is shown without its folders): cycle my-cycle; audit "
            "../data/2024-03-neglect; as_of 2023-03-31; recommendations sample; audits one, "
            "two.") in page
    assert "jsmith" not in page and "/srv/" not in page
    by_hand = run_details.run_details_html(details).data
    assert ("Parameters this notebook was run with (run by hand, not from a cycle's "
            "parameter file; the audit by its id, a path without its folders), for analysts "
            "reproducing this report: audit 2024-03-neglect; as_of 2023-03-31; "
            "recommendations recommendations.csv.") in by_hand
    assert "exactly as given" not in by_hand

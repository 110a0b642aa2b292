"""Report sections the notebooks share: tables, sentences and anonymous child labels."""

from __future__ import annotations

import pandas as pd
import pytest

from cscp_analysis import sections


def test_html_table_refuses_case_ids_and_escapes_text():
    with pytest.raises(ValueError, match="case ids"):
        sections.html_table(pd.DataFrame({"case_id": ["C01"]}), "x")
    table = sections.html_table(pd.DataFrame({"Owner": ["<Police>"], "n": [3]}), "Owners",
                              numeric=["n"])
    assert table.data == (
        '<table><caption>Owners</caption><thead><tr><th scope="col">Owner</th>'
        '<th scope="col" class="num">n</th></tr></thead><tbody><tr><td>&lt;Police&gt;</td>'
        '<td class="num">3</td></tr></tbody></table>')


def test_result_sentence_is_hand_worked():
    row = {"met": 2, "partly": 1, "not_met": 2, "not_applicable": 1, "disputed": 0,
           "rate": 0.4, "ci_low": 0.118, "ci_high": 0.769}
    assert sections.result_sentence(row) == (
        "2 of 5 cases met the standard (40%; 95% interval 12% to 77%); 1 partly met it and 2 "
        "did not (1 not applicable).")


def test_child_labels_number_children_in_order_of_appearance():
    assert sections.child_labels(["M07", "M02", "M07", "M11"]) == {
        "M07": "Child 1", "M02": "Child 2", "M11": "Child 3"}

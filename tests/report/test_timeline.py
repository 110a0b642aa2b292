"""The rule 6.2 timeline and its table draw at most ``children_drawn`` children.

Hand-worked on the bundled MFH sample (14 children, 46 episodes; by first episode,
Child 1…14 have 6, 10, 1, 5, 5, 7, 1, 1, 2, 2, 2, 2, 1, 1 episodes; stage meetings fell
due only for Children 2, 4, 5 and 6), then on a generated audit of 300 children.
"""

from __future__ import annotations

import re

import pytest

from cscp_analysis.analysis.results import analyse
from cscp_analysis.io.load import load_audit
from cscp_analysis.report.figures import Chart
from cscp_analysis.report.missing import (
    drawn_children,
    not_drawn_table,
    stage_meetings_block,
    timeline_frames,
)
from cscp_analysis.report.settings import CHILDREN_DRAWN, ReportSettings
from cscp_analysis.samples.large import write_large_mfh_audit

#: Alt text is a few sentences whatever the audit's size (the sample's has 361 characters).
ALT_LIMIT = 600


def _chart(items) -> Chart:
    return next(i for i in items if isinstance(i, Chart))


def _html(items) -> str:
    return "".join(getattr(i, "data", "") for i in items if not isinstance(i, Chart))


@pytest.fixture(scope="module")
def sample():
    return analyse(load_audit("2016-06-mfh"))


def test_the_sample_is_drawn_whole_under_the_default_cap(sample):
    assert CHILDREN_DRAWN == 40
    items = stage_meetings_block(sample, ReportSettings("2023-03-31"))
    labels = [t.get_text() for t in _chart(items).figure.axes[0].get_yticklabels()]
    assert labels == [f"Child {n}" for n in range(1, 15)]
    assert "not drawn" not in _html(items) and "not drawn" not in _chart(items).alt
    assert len(_chart(items).alt) <= ALT_LIMIT


def test_a_cap_draws_the_children_with_most_episodes_and_counts_the_rest(sample):
    # Top ten by episodes: Children 2 (10), 6 (7), 1 (6), 4 and 5 (5), 9-12 (2 each), then
    # of the five with one episode the earliest, Child 3. Left out: Children 7, 8, 13, 14.
    order = drawn_children(sample.timeline)
    assert [order.index(c) + 1 for c in drawn_children(sample.timeline, 10)] == [
        1, 2, 3, 4, 5, 6, 9, 10, 11, 12]
    episodes, _, _, names = timeline_frames(sample, 10)
    assert list(names.values()) == [f"Child {n}" for n in range(1, 11)]
    assert episodes["child"].value_counts().sort_index(key=lambda s: s.str[6:].astype(int)
                                                        ).tolist() == [6, 10, 1, 5, 5, 7, 2,
                                                                       2, 2, 2]
    assert not_drawn_table(sample, names).set_index("measure")["value"].to_dict() == {
        "not_drawn.children": 4, "not_drawn.episodes": 4,
        "stage1.due": 0, "stage1.held": 0, "stage1.not_held": 0,
        "stage2.due": 0, "stage2.held": 0, "stage2.not_held": 0}
    items = stage_meetings_block(sample, ReportSettings("2023-03-31", children_drawn=10))
    page = _html(items)
    assert ("show the 10 children with the most missing episodes, numbered Child 1 to Child "
            "10 in the order of their first episode. A further 4 children (4 episodes) are not "
            "drawn") in page
    assert "<td>Children not drawn</td><td class=\"num\">4</td>" in page
    # Children 2, 4, 5 and 6 keep their numbers: the meetings table is as before
    assert re.findall(r"<tr><td>(Child \d+)</td>", page) == [
        "Child 2", "Child 2", "Child 4", "Child 5", "Child 6"]
    alt = _chart(items).alt
    assert alt.startswith("Timeline chart, Missing episodes per child. 10 children, one line "
                          "each, with 42 episodes (1 to 10 per child).")
    assert alt.endswith(" 4 more children are not drawn.")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = write_large_mfh_audit(tmp_path_factory.mktemp("large") / "audit", 300, 3000,
                                   seed=4)
    return analyse(load_audit(folder))


def test_a_generated_audit_of_300_children_is_capped(generated):
    items = stage_meetings_block(generated, ReportSettings("2023-03-31"))
    chart = _chart(items)
    ticks = chart.figure.axes[0].get_yticklabels()
    assert len(ticks) == CHILDREN_DRAWN
    assert chart.figure.get_size_inches()[1] == pytest.approx(0.45 * CHILDREN_DRAWN + 1.8)
    assert len(chart.alt) <= ALT_LIMIT and not re.search(r"Child \d", chart.alt)
    assert chart.alt.endswith(" 260 more children are not drawn.")
    page = _html(items)
    assert "A further 260 children (" in page
    rows = re.findall(r"<tr><td>(Child \d+)</td>", page)
    assert set(rows) <= {f"Child {n}" for n in range(1, CHILDREN_DRAWN + 1)}
    assert len(rows) <= 2 * CHILDREN_DRAWN
    assert len(page) < 30_000 and len(chart.png()) < 400_000
    # Drawn and not drawn add up to the audit's figures, and none left out had more episodes
    _, _, _, names = timeline_frames(generated, CHILDREN_DRAWN)
    others = not_drawn_table(generated, names).set_index("measure")["value"]
    block = generated.missing_block
    drawn = generated.stages[generated.stages["case_id"].isin(list(names))]
    assert others["not_drawn.children"] + len(names) == block["children"] == 300
    per_child = generated.timeline["case_id"].value_counts()
    shown = per_child[per_child.index.isin(list(names))]
    assert others["not_drawn.episodes"] + shown.sum() == block["episodes"] == 3000
    assert shown.min() >= per_child[~per_child.index.isin(list(names))].max()
    for stage in (1, 2):
        due = int(drawn[f"stage{stage}_held"].notna().sum())
        assert others[f"stage{stage}.due"] + due == block[f"stage{stage}"]["due"]

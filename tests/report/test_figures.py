"""Charts: colour-blind-safe palette, alt text that states the numbers, reproducible PNGs."""

from __future__ import annotations

import pandas as pd
import pytest

from cscp_analysis.report import figures
from cscp_analysis.report.figures import (
    OKABE_ITO,
    OUTCOME_COLOURS,
    Chart,
    agency_heatmap,
    count_bars,
    findings_chart,
    timeliness_chart,
)
from cscp_analysis.report.timeline import episode_timelines


def _findings() -> pd.DataFrame:
    # Q A: 2 met, 1 partly, 2 not met of 5 -> rate 0.4; Wilson 95% (0.118, 0.769)
    # Q B: nothing answered -> no rate
    return pd.DataFrame({
        "label": ["Was the plan shared?", "Was the tool reviewed?"],
        "met": [2, 0], "partly": [1, 0], "not_met": [2, 0],
        "rate": [0.4, float("nan")], "ci_low": [0.118, float("nan")],
        "ci_high": [0.769, float("nan")],
    })


def test_palette_is_okabe_ito_and_outcomes_use_it():
    assert OKABE_ITO["bluish_green"] == "#009E73"
    assert OKABE_ITO["vermillion"] == "#D55E00"
    assert OUTCOME_COLOURS == {"met": "#009E73", "partly": "#E69F00", "not_met": "#D55E00"}
    assert set(figures.CATEGORY_COLOURS) == set(OKABE_ITO.values())
    assert figures.HEATMAP_CMAP == "cividis"


def test_count_bars_alt_text_lists_every_count():
    chart = count_bars({"Female": 4, "Male": 1}, "Cases by gender")
    assert chart.alt == "Bar chart, Cases by gender. Female: 4; Male: 1."


def test_findings_chart_alt_states_rates_and_intervals():
    chart = findings_chart(_findings(), "Plans")
    assert chart.alt == (
        "Stacked bar chart of the findings on Plans. Was the plan shared?: 2 met, 1 partly, "
        "2 not met (n = 5) (met rate 40%, 95% interval 12% to 77%); Was the tool reviewed?: "
        "0 met, 0 partly, 0 not met (n = 0)."
    )


def test_png_is_identical_for_identical_data_and_has_no_software_stamp():
    first = findings_chart(_findings(), "Plans").png()
    second = findings_chart(_findings(), "Plans").png()
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert first == second
    assert b"Software" not in first
    assert b"matplotlib" not in first


def test_chart_displays_as_png_with_alt_metadata():
    chart = count_bars({"Open": 2}, "Recommendations by status", unit="recommendations")
    data, metadata = chart._repr_mimebundle_()
    assert set(data) == {"image/png", "text/plain"}
    assert data["text/plain"] == chart.alt
    assert metadata == {"image/png": {"alt": chart.alt}}


def test_agency_heatmap_alt_reads_row_by_row():
    matrix = pd.DataFrame({"Q1": [1.0, 0.5], "Q2": [float("nan"), 0.0]},
                          index=["Police", "Health"])
    chart = agency_heatmap(matrix, "Met rate by agency")
    assert chart.alt == (
        "Heatmap, Met rate by agency. Police: Q1 100%; "
        "Health: Q1 50%, Q2 0%."
    )


def test_timeliness_chart_counts_on_time_and_late_by_rule_result():
    # days 2 (on time), 3 (on time by the calendar rule), 3 (late by the hour rule), 5 (late)
    chart = timeliness_chart([2, 3, 3, 5], [True, True, False, False], "72 hours", not_held=1)
    assert chart.alt == (
        "Bar chart, Days from return to return home interview. 2 interviews were held within "
        "72 hours and 2 later; the longest wait was 5 days. 1 due interview was not held."
    )


def test_episode_timelines_summarise_the_chart_and_name_no_child():
    episodes = pd.DataFrame({
        "child": ["Child 1"] * 5 + ["Child 2"],
        "start": pd.to_datetime(["2016-01-01", "2016-01-05", "2016-01-09", "2016-01-20",
                                 "2016-02-01", "2016-03-01"]),
        "counted": [True] * 6,
    })
    stages = pd.DataFrame({"child": ["Child 1"], "stage": [1],
                           "due_on": pd.to_datetime(["2016-02-01"])})
    meetings = pd.DataFrame({"child": ["Child 1", "Child 2"], "stage": [1, 1],
                             "held_on": pd.to_datetime(["2016-02-10", "2016-02-20"])})
    chart = episode_timelines(episodes, stages, meetings, {1: 5, 2: 9}, 90)
    # Child 2's meeting answers no due date: the alt text must not call it held for one.
    # The figures of the whole chart, never child by child (labels are still per child).
    assert chart.alt == (
        "Timeline chart, Missing episodes per child. 2 children, one line each, with 6 "
        "episodes (1 to 5 per child). A stage 1 meeting fell due for 1 child, on 1 February "
        "2016; no stage 2 meeting fell due. 1 stage meeting was held on or after it was due; "
        "1 meeting was held before any was due (not counted)."
    )
    assert "Child" not in chart.alt


@pytest.mark.parametrize("make", [
    lambda: count_bars({}, "Nothing"),
    lambda: findings_chart(_findings(), "Plans"),
    lambda: timeliness_chart([], [], "72 hours", 0),
])
def test_every_chart_has_alt_text(make):
    chart = make()
    assert isinstance(chart, Chart)
    assert len(chart.alt) > 10
    assert chart.png()


def test_findings_chart_labels_end_with_n_and_the_axis_says_what_is_shared():
    chart = findings_chart(_findings(), "Plans", axis_label="Share of answers")
    ax = chart.figure.axes[0]
    assert ax.get_xlabel() == "Share of answers"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Was the plan shared? (n = 5)", "Was the tool reviewed? (n = 0)"]


def test_heatmap_colour_bar_is_in_percent():
    matrix = pd.DataFrame({"Q1": [0.5, 1.0]}, index=["Police", "Health"])
    chart = agency_heatmap(matrix, "Met rate")
    bar = chart.figure.axes[1]
    chart.figure.canvas.draw()
    labels = [t.get_text() for t in bar.get_yticklabels() if t.get_text()]
    assert labels and all(label.endswith("%") for label in labels)
    assert "100%" in labels


def test_stage_markers_differ_in_shape_and_colour():
    from cscp_analysis.report.figures import STAGE_MARKERS

    one, two = STAGE_MARKERS[1], STAGE_MARKERS[2]
    assert one["colour"] != two["colour"]
    assert {one["due"], one["held"]}.isdisjoint({two["due"], two["held"]})


def test_heatmap_cells_say_their_share_or_that_there_was_no_answer():
    matrix = pd.DataFrame({"Q1": [1.0, 0.5], "Q2": [float("nan"), 0.0]},
                          index=["Police", "Health"])
    ax = agency_heatmap(matrix, "Met rate").figure.axes[0]
    cells = sorted((round(t.get_position()[0], 1), round(t.get_position()[1], 1), t.get_text())
                   for t in ax.texts)
    # (column centre, row centre, label): Police is the top row (y 0.5)
    assert cells == [(0.5, 0.5, "100%"), (0.5, 1.5, "50%"), (1.5, 0.5, "–"), (1.5, 1.5, "0%")]


def test_late_interviews_are_hatched_as_well_as_coloured():
    # days 2 (on time), 3 (on time by the calendar rule), 3 (late by the hour rule), 5 (late)
    ax = timeliness_chart([2, 3, 3, 5], [True, True, False, False], "72 hours", 1
                          ).figure.axes[0]
    bars = [(round(b.get_x() + b.get_width() / 2), b.get_height(), b.get_hatch())
            for b in ax.patches if b.get_height() > 0]
    assert sorted(bars, key=str) == sorted([(2, 1, None), (3, 1, None), (3, 1, "//"),
                                            (5, 1, "//")], key=str)
    assert ax.get_legend().get_texts()[1].get_text() == "Later than 72 hours"


#: Labels matplotlib would read as mathematics: valid ($x^2$) and broken ($\frac{$).
MATH_LIKE = ("$x^2$", r"$\frac{$", r"a $\sqrt{ b$")


@pytest.mark.parametrize("make", [
    lambda: count_bars(dict.fromkeys(MATH_LIKE, 1), r"Cases $\frac{$"),
    lambda: findings_chart(_findings().assign(label=list(MATH_LIKE[:2])), r"Plans $\frac{$"),
    lambda: agency_heatmap(pd.DataFrame({"$x^2$": [0.5, 1.0], r"$\frac{$": [1.0, 0.0]},
                                        index=list(MATH_LIKE[1:])), r"$\frac{$"),
])
def test_input_text_in_a_chart_is_drawn_as_typed_never_as_mathtext(make):
    chart = make()
    assert chart.png()[:8] == b"\x89PNG\r\n\x1a\n"  # mathtext would raise on $\frac{$
    texts = [t for t in chart.figure.findobj(figures.Text) if t.get_text()]
    drawn = {t.get_text() for t in texts}
    assert {"$x^2$", r"$\frac{$"} <= drawn | {s.split(" (n = ")[0] for s in drawn}
    # every text, tick labels made while drawing too, is plain: no mathtext, no LaTeX
    assert all(not t.get_parse_math() and not t.get_usetex() for t in texts)

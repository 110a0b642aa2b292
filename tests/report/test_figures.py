"""Charts: colour-blind-safe palette, alt text that states the numbers, reproducible files,
and charts that say something (no empty category, no interval on a few answers, a label on
every bar, room above the tallest)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from matplotlib.text import Text

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
        "no answers."
    )


def test_png_and_svg_are_identical_for_identical_data_with_no_stamp():
    first, second = findings_chart(_findings(), "Plans"), findings_chart(_findings(), "Plans")
    assert first.png()[:8] == b"\x89PNG\r\n\x1a\n"
    assert first.png() == second.png()
    assert first.svg() == second.svg()
    for data in (first.png(), first.svg()):
        assert b"Software" not in data and b"Matplotlib v" not in data  # no creator stamp
        assert b"<dc:date>" not in data and b"<dc:creator>" not in data
    assert b"<text" not in first.svg()  # text drawn as paths: the same on every machine
    ET.fromstring(first.svg())  # well-formed


def test_chart_displays_as_svg_with_alt_metadata():
    chart = count_bars({"Open": 2}, "Recommendations by status", unit="recommendations")
    data, metadata = chart._repr_mimebundle_()
    assert set(data) == {"image/svg+xml", "text/plain"}
    assert data["image/svg+xml"].startswith("<?xml")
    assert data["text/plain"] == chart.alt
    assert metadata == {"image/svg+xml": {"alt": chart.alt}}


def test_png_file_is_300_ppi():
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(count_bars({"Open": 2}, "Status").png()))
    assert [round(v) for v in image.info["dpi"]] == [300, 300]
    assert image.size[0] == 6.5 * 300  # a 6.5-inch figure


def test_a_category_with_nothing_in_it_is_not_drawn_and_the_alt_names_it():
    chart = count_bars({"Under 1": 0, "1–4": 0, "10–15": 9, "16–18": 5}, "Cases by age")
    ax = chart.figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["10–15", "16–18"]
    assert len(ax.patches) == 2
    assert chart.alt == "Bar chart, Cases by age. 10–15: 9; 16–18: 5. None in: Under 1, 1–4."


def test_every_bar_has_its_value_and_room_above_it():
    ax = count_bars({"Female": 9, "Male": 5}, "Cases by gender").figure.axes[0]
    assert sorted(t.get_text().strip() for t in ax.texts) == ["5", "9"]
    assert ax.get_xlim()[1] > 9 * 1.15  # the tallest bar and its label stop short of the edge
    ax = timeliness_chart([2, 2, 2, 3, 3, 5], [True] * 4 + [False] * 2, "72 hours", 0
                          ).figure.axes[0]
    # day 2: 3 within; day 3: 1 within + 1 later (total 2); day 5: 1 later
    totals = sorted((round(t.get_position()[0]), t.get_text()) for t in ax.texts
                    if t.get_va() == "bottom")
    assert totals == [(2, "3"), (3, "2"), (5, "1")]
    assert ax.get_ylim()[1] > 3 * 1.15


def test_no_interval_is_drawn_on_fewer_answers_than_the_minimum():
    from cscp_analysis.report.settings import INTERVAL_MIN_N

    assert INTERVAL_MIN_N == 5
    # row A rests on 5 answers (interval drawn), row B on 1 (Wilson 1 of 1: 21% to 100%)
    rows = pd.DataFrame({"label": ["A", "B"], "met": [2, 1], "partly": [1, 0],
                         "not_met": [2, 0], "rate": [0.4, 1.0], "ci_low": [0.118, 0.2065],
                         "ci_high": [0.769, 1.0]})
    chart = findings_chart(rows, "Plans")
    lines = [c for c in chart.figure.axes[0].containers if hasattr(c, "has_xerr")]
    assert len(lines) == 1 and len(lines[0].lines[0].get_xdata()) == 1
    assert "B: 1 met, 0 partly, 0 not met (n = 1) (met rate 100%)" in chart.alt
    assert "95% interval 12% to 77%" in chart.alt and "21%" not in chart.alt


def _agency_cells(met: dict, answered: dict):
    index = ["Police", "Health"]
    return pd.DataFrame(met, index=index), pd.DataFrame(answered, index=index)


def test_agency_heatmap_alt_reads_row_by_row_with_counts():
    met, answered = _agency_cells({"Q1": [4, 1], "Q3": [0, 0]}, {"Q1": [5, 2], "Q3": [0, 1]})
    chart = agency_heatmap(met, answered, "Met by agency")
    assert chart.alt == (
        "Table chart, Met by agency: answers that met the standard of those each agency "
        "rated; a rate only on 5 or more answers. Police: Q1 4 of 5 (80%); "
        "Health: Q1 1 of 2, Q3 0 of 1.")


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
    met, answered = _agency_cells({"Q1": [3, 6]}, {"Q1": [6, 6]})
    chart = agency_heatmap(met, answered, "Met rate")
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


def test_heatmap_cells_say_their_count_and_only_enough_answers_get_a_rate_and_colour():
    met, answered = _agency_cells({"Q1": [4, 1], "Q3": [0, 0]}, {"Q1": [5, 1], "Q3": [0, 2]})
    chart = agency_heatmap(met, answered, "Met by agency")
    ax = chart.figure.axes[0]
    cells = sorted((round(t.get_position()[0], 1), round(t.get_position()[1], 1), t.get_text())
                   for t in ax.texts)
    # (column centre, row centre, label): Police is the top row (y 0.5)
    assert cells == [(0.5, 0.5, "4 of 5\n80%"), (0.5, 1.5, "1 of 1"), (1.5, 0.5, "–"),
                     (1.5, 1.5, "0 of 2")]
    mesh = ax.collections[0]  # seaborn draws only the unmasked cells in colour
    assert mesh.get_array().mask.tolist() == [[False, True], [True, True]]


def test_no_colour_scale_when_no_cell_has_enough_answers():
    met, answered = _agency_cells({"Q1": [1, 0]}, {"Q1": [1, 2]})
    assert len(agency_heatmap(met, answered, "Met").figure.axes) == 1


def test_late_interviews_are_hatched_as_well_as_coloured():
    # days 2 (on time), 3 (on time by the calendar rule), 3 (late by the hour rule), 5 (late)
    ax = timeliness_chart([2, 3, 3, 5], [True, True, False, False], "72 hours", 1
                          ).figure.axes[0]
    bars = [(round(b.get_x() + b.get_width() / 2), int(b.get_height()),
             str(b.get_hatch()) if b.get_hatch() else None)
            for b in ax.patches if b.get_height() > 0]
    assert sorted(bars, key=str) == sorted([(2, 1, None), (3, 1, None), (3, 1, "//"),
                                            (5, 1, "//")], key=str)
    assert ax.figure.legends[0].get_texts()[1].get_text() == "Later than 72 hours"


#: Labels matplotlib would read as mathematics: valid ($x^2$) and broken ($\frac{$).
MATH_LIKE = ("$x^2$", r"$\frac{$", r"a $\sqrt{ b$")


@pytest.mark.parametrize("make", [
    lambda: count_bars(dict.fromkeys(MATH_LIKE, 1), r"Cases $\frac{$"),
    lambda: findings_chart(_findings().assign(label=list(MATH_LIKE[:2])), r"Plans $\frac{$"),
    lambda: agency_heatmap(pd.DataFrame({"$x^2$": [3, 6], r"$\frac{$": [6, 0]},
                                        index=list(MATH_LIKE[1:])),
                           pd.DataFrame({"$x^2$": [6, 6], r"$\frac{$": [6, 6]},
                                        index=list(MATH_LIKE[1:])), r"$\frac{$"),
])
def test_input_text_in_a_chart_is_drawn_as_typed_never_as_mathtext(make):
    chart = make()
    assert chart.png()[:8] == b"\x89PNG\r\n\x1a\n"  # mathtext would raise on $\frac{$
    ET.fromstring(chart.svg())
    texts = [t for t in chart.figure.findobj(Text) if t.get_text()]
    drawn = {t.get_text() for t in texts}
    assert {"$x^2$", r"$\frac{$"} <= drawn | {s.split(" (n = ")[0] for s in drawn}
    # every text, tick labels made while drawing too, is plain: no mathtext, no LaTeX
    assert all(not t.get_parse_math() and not t.get_usetex() for t in texts)

"""What every chart shares (report/chart.py): input text drawn as typed, or as a space."""

from __future__ import annotations

import warnings

from cscp_analysis.report.chart import Chart, drawable, new_figure


def test_characters_no_font_draws_become_spaces_and_line_breaks_stay():
    assert drawable("Plans\tand\rreviews") == "Plans and reviews"
    assert drawable("two\nlines") == "two\nlines"
    assert drawable("C\u200b01 \u202eevil") == "C 01  evil"
    assert drawable("$x^2$ £ é") == "$x^2$ £ é"


def test_a_title_with_a_tab_and_a_return_is_drawn_without_a_missing_glyph():
    """An area named "\\t=1" (a formula-safety payload) once drew an empty box and warned
    'Glyph 9 missing from font(s) DejaVu Sans'."""
    fig = new_figure(4, 2)
    ax = fig.add_subplot()
    ax.set_title("\t=1 and\r=2", loc="left")
    ax.text(0.5, 0.5, "$\\frac{$\t")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Chart(fig, "a chart").svg()
        Chart(fig, "a chart").png(dpi=50)
    assert ax.get_title(loc="left") == " =1 and =2"
    assert ax.texts[0].get_text() == "$\\frac{$ "

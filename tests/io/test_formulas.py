"""Text a spreadsheet would run as a formula is written with a quote in front; numbers stay."""

from __future__ import annotations

import pandas as pd
from hostile import FORMULAS

from cscp_analysis.io.formulas import formula_safe, formula_safe_table, from_spreadsheet


def test_text_that_could_start_a_formula_gets_a_quote_in_front():
    assert [formula_safe(p) for p in FORMULAS] == [
        '\'=HYPERLINK("https://example.invalid","x")', "'+cmd|' /C calc'!A0", "'@SUM(1)",
        "'-1+1", "'\t=1", "'\r=2"]
    for plain in ("Cumberland", " =1", "1+1", "a=b", "", "'quoted", "<5", "*"):
        assert formula_safe(plain) == plain


def test_numbers_and_blanks_are_left_as_they_are():
    assert formula_safe(-1) == -1 and formula_safe(-0.5) == -0.5 and formula_safe(None) is None
    frame = pd.DataFrame({"value": ["=1", "Female", None], "cases": [-1, 2, 3],
                          "rate": [-0.5, 0.25, float("nan")]})
    safe = formula_safe_table(frame)
    assert safe["value"].tolist()[:2] == ["'=1", "Female"] and pd.isna(safe["value"][2])
    assert safe["cases"].tolist() == [-1, 2, 3] and safe["cases"].dtype == "int64"
    assert safe["rate"].tolist()[:2] == [-0.5, 0.25]
    assert frame["value"][0] == "=1"  # the table given is not changed


def test_a_count_beside_blanks_and_markers_stays_a_whole_number():
    frame = pd.DataFrame({"met": pd.Series([7, None, "<5"], dtype=object),
                          "answered": pd.Series([14, None, None], dtype=object)})
    lines = formula_safe_table(frame).to_csv(index=False).splitlines()
    assert lines == ["met,answered", "7,14", ",", "<5,"]  # never 7.0


def test_reading_back_takes_off_only_the_quote_formula_safe_put_there():
    for text in (*FORMULAS, "Cumberland", "'quoted", "''=1"):
        assert from_spreadsheet(formula_safe(text)) == text
    assert from_spreadsheet("'=1") == "=1"
    assert from_spreadsheet("'quoted") == "'quoted"
    assert from_spreadsheet(7) == 7

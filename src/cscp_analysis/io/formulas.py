"""Text a spreadsheet would run as a formula, made inert (OWASP's CSV-injection advice).

Excel, LibreOffice and Google Sheets read a cell that begins with ``=``, ``+``, ``-`` or
``@`` as a formula, and skip a tab or carriage return in front of one, so input text
such as ``=HYPERLINK("https://…","x")`` in an area, a question's wording or a case id
would run when a CSV table or an audit tool is opened. Every text cell the package
writes for a spreadsheet goes through :func:`formula_safe`: such text gets a single
quote in front, which a spreadsheet shows as text and never evaluates. Numbers are not
text and stay numbers (a count of -1 is the number -1). Workbooks also store every text
cell as a string, never as a formula (``capture/template.py``).

:func:`from_spreadsheet` takes the quote off again when the package reads its own audit
tool back, so a value goes out and comes back unchanged.
"""

from __future__ import annotations

import pandas as pd

#: What a spreadsheet reads as the start of a formula (OWASP: =, +, -, @, tab, CR).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The mark put in front: a spreadsheet shows what follows it as text.
TEXT_MARK = "'"


def formula_safe(value: object) -> object:
    """``value`` as a spreadsheet must be given it: text that could start a formula
    with :data:`TEXT_MARK` in front; anything else (numbers too) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def formula_safe_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell :func:`formula_safe`; numbers untouched."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_object_dtype(out[column]):
            # cell by cell: Series.map would infer a new type, and a count beside blanks
            # (7, None) would become the float 7.0
            out[column] = pd.Series([formula_safe(v) for v in out[column]], index=out.index,
                                    dtype=object)
        elif not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(formula_safe, na_action="ignore")
    return out


def from_spreadsheet(value: object) -> object:
    """A cell the package wrote with :func:`formula_safe`, as it was before."""
    if (isinstance(value, str) and value.startswith(TEXT_MARK)
            and value[1:].startswith(FORMULA_STARTS)):
        return value[1:]
    return value

"""The files beside a theme report: ``summary.json``, the tables as CSV, ``results.xlsx``.

:func:`write_outputs` is the theme notebook's last cell when the batch gives it an
``output_dir``: the same :class:`~cscp_analysis.analysis.results.AuditResults` the HTML
figures come from gives ``summary.json`` (exact counts, for the analysts), the report's
tables (:func:`cscp_analysis.report.tables.export_tables`: disclosure-controlled exactly
as the report is, both read ``results.shown(threshold)``; no case ids, comments or
quotes) as ``tables/<name>.csv`` with the report's headings, ``tables/dictionary.csv``
saying what each file and column means, and the same tables as the sheets of
``results.xlsx`` (:mod:`cscp_analysis.report.workbook`). The CSVs are UTF-8 with a
byte-order mark and CRLF line ends, so Excel opens them correctly, and every text cell
is formula-safe (``io.formulas``: an area called ``=HYPERLINK(…)`` is written
``'=HYPERLINK(…)``, shown as text, never run); numbers stay numbers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.io.formulas import formula_safe_table
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.tables import TableSpec, export_tables, table_specs, wording
from cscp_analysis.report.workbook import write_workbook

#: The workbook beside each report.
WORKBOOK_FILE = "results.xlsx"


def write_json(path: Path, data: Any) -> None:
    """JSON as the batch publishes it: indent 2, UTF-8 text (not escaped), a final newline."""
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A table as Excel opens it: formula-safe text, UTF-8 with a BOM, CRLF line ends."""
    formula_safe_table(frame).to_csv(path, index=False, encoding="utf-8-sig",
                                     lineterminator="\r\n", date_format="%Y-%m-%d")


def dictionary(tables: Mapping[str, pd.DataFrame], theme,
               specs: Mapping[str, TableSpec] | None = None) -> pd.DataFrame:
    """``tables/dictionary.csv``: each file written (a row with no column: what it
    shows), then each of its columns and what it means (``specs``: the theme report's
    tables unless given)."""
    words = wording()["dictionary"]["columns"]
    rows = []
    for name, spec in (specs or table_specs()).items():
        if name not in tables:
            continue
        rows.append((spec.file, spec.sheet, "", spec.described(theme)))
        rows += [(spec.file, spec.sheet, c.heading, " ".join(c.meaning.split()))
                 for c in spec.columns]
    return pd.DataFrame(rows, columns=list(words.values()))


def write_tables(tables: Mapping[str, pd.DataFrame], specs: Mapping[str, TableSpec],
                 folder: Path, theme=None) -> None:
    """Each of ``tables`` as ``folder/<name>.csv`` with its headings, and the dictionary."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        write_csv(specs[name].labelled(rows), folder / specs[name].file)
    write_csv(dictionary(tables, theme, specs), folder / wording()["dictionary"]["file"])


def write_outputs(results: AuditResults, settings: ReportSettings,
                  output_dir: str | Path) -> Path:
    """Write ``summary.json``, ``tables/*.csv``, ``results.xlsx`` and ``charts/`` (every
    chart the report shows, :mod:`cscp_analysis.report.chart_files`) of one audit into
    ``output_dir``."""
    from cscp_analysis.report.chart_files import report_charts, write_charts

    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "summary.json", results.summary())
    tables = export_tables(results, settings.threshold)
    write_tables(tables, table_specs(), out / "tables", results.theme)
    write_workbook(results, settings, tables, out / WORKBOOK_FILE)
    write_charts(report_charts(results, settings), out / "charts")
    return out

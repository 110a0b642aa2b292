"""The files beside the cycle overview: its tables as CSV, ``results.xlsx`` and ``charts/``.

:func:`write_overview_outputs` is the overview notebook's last cell when the batch gives
it an ``output_dir``, as :func:`cscp_analysis.report.exports.write_outputs` is the theme
notebook's, and writes the same way: the overview's tables
(:func:`cscp_analysis.report.overview_tables.overview_tables`, disclosure-controlled as
the overview is) as ``tables/<name>.csv`` with a ``dictionary.csv``, the same tables as
the sheets of ``results.xlsx`` after an About sheet naming the cycle, and every chart
the overview shows in ``charts/`` (PNG, SVG, alt text). No ``summary.json``: each
audit's is beside its own report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cscp_analysis.analysis.disclosure import audience_label
from cscp_analysis.analysis.narrative import long_date
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report import overview, overview_rules
from cscp_analysis.report.chart_files import section_charts, write_charts
from cscp_analysis.report.exports import WORKBOOK_FILE, write_tables
from cscp_analysis.report.overview_tables import overview_tables
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.tables import overview_specs, wording
from cscp_analysis.report.workbook import Book, build_book, disclosure_rows, save_workbook

#: The overview's sections that draw charts, in the order the overview shows them.
SECTIONS = (("findings", overview.findings_section), ("rules", overview_rules.rules_section),
            ("recommendations", overview.recommendations_section))


def overview_book(results: Sequence[AuditResults], settings: ReportSettings,
                  title: str) -> Book:
    """What the overview's ``results.xlsx`` holds: the About sheet names the cycle, its
    audits, the report date, the audience and the disclosure rule in force."""
    about = wording()["about"]
    items = {**about["items"], **about["overview_items"]}
    values = {"cycle": settings.cycle, "title": title,
              "audits": "; ".join(f"{r.info.title} ({r.id})" for r in results),
              "as_of": long_date(settings.as_of), "audience": audience_label(settings.audience)}
    return Book(about["title"].format(title=title),
                [(items[key], " ".join(str(value).split())) for key, value in values.items()]
                + disclosure_rows(settings.threshold), overview_specs(), settings.threshold)


def write_overview_outputs(results: Sequence[AuditResults], settings: ReportSettings,
                           output_dir: str | Path, title: str) -> Path:
    """Write the overview's ``tables/*.csv``, ``results.xlsx`` and ``charts/`` into
    ``output_dir``."""
    out = Path(output_dir)
    tables = overview_tables(results, settings)
    write_tables(tables, overview_specs(), out / "tables")
    save_workbook(build_book(overview_book(results, settings, title), tables, settings.as_of),
                  out / WORKBOOK_FILE)
    write_charts(section_charts(SECTIONS, results, settings), out / "charts")
    return out

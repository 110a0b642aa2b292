"""``charts/`` beside a theme report: every chart it shows, as PNG, SVG and alt text.

For pasting into Board papers: ``01-cohort-cases-by-case-type.png`` (300 ppi),
``….svg`` (vector, text as paths) and ``….txt`` (the chart's alternative text, to paste
as the picture's description). Files are numbered in the order the report shows the
charts and named for the section and the chart's title, in lower-case ASCII, so the
same audit always gives the same names and the same bytes.

The charts are the ones the report's sections return (:data:`SECTIONS`, in report
order), drawn from the same :class:`~cscp_analysis.analysis.results.AuditResults`, so
they are disclosure-controlled as the report is: a section that shows no chart under
a threshold gives no file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.agencies import agency_section
from cscp_analysis.report.chart import Chart
from cscp_analysis.report.cohort import cohort_section
from cscp_analysis.report.findings import findings_section
from cscp_analysis.report.recommendations import recommendations_section
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.voice import voice_section

#: The theme report's sections that draw charts, in the order the report shows them.
SECTIONS = (("cohort", cohort_section), ("findings", findings_section),
            ("agencies", agency_section), ("voice", voice_section),
            ("recommendations", recommendations_section))
#: The longest a file name's title part may be (characters).
SLUG_LENGTH = 48


def slug(words: str) -> str:
    """``words`` as a file-name part: lower-case ASCII letters and digits joined by hyphens."""
    ascii_words = unicodedata.normalize("NFKD", str(words)).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_words.lower())
    text = "-".join(parts)
    if len(text) > SLUG_LENGTH:  # cut at a word's end
        text = text[:SLUG_LENGTH + 1].rsplit("-", 1)[0] if "-" in text[:SLUG_LENGTH] else \
            text[:SLUG_LENGTH]
    return text


def _charts(items) -> Iterable[Chart]:
    for item in items:
        if isinstance(item, (list, tuple)):
            yield from _charts(item)
        elif isinstance(item, Chart):
            yield item


def section_charts(sections, results, settings: ReportSettings) -> list[tuple[str, Chart]]:
    """Every chart ``sections`` (``(name, section)`` pairs, in report order) draw from
    ``results``, in order, each with the file name (no suffix) it gets."""
    named = []
    for section, make in sections:
        for chart in _charts(make(results, settings)):
            title = slug(chart.title)
            named.append((f"{len(named) + 1:02d}-{section}" + (f"-{title}" if title else ""),
                          chart))
    return named


def report_charts(results: AuditResults, settings: ReportSettings) -> list[tuple[str, Chart]]:
    """Every chart the theme report shows, in order, with the file name (no suffix) it gets."""
    return section_charts(SECTIONS, results, settings)


def write_charts(charts: Iterable[tuple[str, Chart]], folder: str | Path) -> list[Path]:
    """Write each chart as ``<name>.png``, ``<name>.svg`` and ``<name>.txt`` (its alt text)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, chart in charts:
        (out / f"{name}.png").write_bytes(chart.png())
        (out / f"{name}.svg").write_bytes(chart.svg())
        (out / f"{name}.txt").write_text(chart.alt + "\n", encoding="utf-8")
        written.append(out / f"{name}.png")
        chart.figure.clear()
    return written

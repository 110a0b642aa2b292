"""Recommendations agreed after an audit and where each stands on the report date.

Reads ``results.recommendation_status`` (this audit's recommendations, judged at the
report date); ``results.recommendations`` is ``None`` when the cycle gives no log.
"""

from __future__ import annotations

from cscp_analysis.analysis.narrative import long_date
from cscp_analysis.analysis.recommendations import status_counts
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import heading, html_table, labels, text
from cscp_analysis.report.figures import count_bars
from cscp_analysis.report.settings import ReportSettings

#: How a recommendation's "Overdue?" and "Fed back?" read in the report and its tables.
OVERDUE_WORDS = {True: "Overdue", False: ""}
FED_BACK_WORDS = {True: "Yes", False: "No"}
#: The report table's columns (headings from ``labels.yaml``).
TABLE_COLUMNS = ("recommendation", "finding_area", "owner", "due_by", "status", "overdue",
                 "loop_closed")


def recommendation_table(status, as_of: str, area: bool = True, caption: str = ""):
    """The recommendations, one row each, with "Overdue" and "Fed back?" in words
    (``area``: with the finding area each answers; ``caption``: the table's own)."""
    table = status.assign(
        overdue=status["overdue"].map(OVERDUE_WORDS),
        loop_closed=status["loop_closed"].map(FED_BACK_WORDS),
    )[[c for c in TABLE_COLUMNS if area or c != "finding_area"]]
    return html_table(table.rename(columns=labels("recommendations")),
                      caption or f"Recommendations as of {long_date(as_of)}")


def recommendations_section(results: AuditResults, settings: ReportSettings) -> list:
    """The recommendations agreed after this audit and where each stands on the report date."""
    items: list = [heading(2, "Recommendations and their status"),
                   text("recommendations_intro", as_of=long_date(settings.as_of))]
    mine = results.recommendation_status
    if mine is None:
        return items + [text("notes", key="no_log")]
    if not len(mine):
        return items + [text("notes", key="no_recommendations")]
    if not settings.suppressed:
        counts = status_counts(mine)
        counts = counts[counts["recommendations"] > 0]
        items.append(count_bars(dict(zip(counts["status"], counts["recommendations"],
                                         strict=True)),
                                "Recommendations by status", unit="recommendations"))
    items.append(recommendation_table(mine, settings.as_of))
    return items

"""The top of a theme report: its title, and what was audited and why.

"What was audited and why" is the theme file's ``description`` (its own words, shown
as text), then when and by whom the audit was carried out and how many cases it
looked at. Written as a folded YAML block (``description: >-``), a blank line in the
description starts a new paragraph.
"""

from __future__ import annotations

from cscp_analysis.analysis.published import CASES
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import heading, paragraphs
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.wording import audit_sentence


def title(results: AuditResults):
    """The report's title (the audit's title from ``audit.yaml``)."""
    return heading(1, results.audit.info.title)


def description_paragraphs(description: str) -> list[str]:
    """A theme's description as paragraphs: one per line YAML kept, spaces tidied."""
    return [" ".join(line.split()) for line in str(description).splitlines() if line.strip()]


def introduction(results: AuditResults, settings: ReportSettings) -> list:
    """What was audited and why: the theme's description, then when, by whom, how many."""
    k = settings.threshold
    cases = results.shown_count(k, CASES)  # as disclosure control lets it be stated
    return [heading(2, "What was audited and why"), paragraphs(
        *description_paragraphs(results.theme.description),
        audit_sentence(results.info, cases, k, settings.as_of))]

"""The cycle overview's "Key messages": what the cycle's audits found to improve and working
well, gathered from each audit's own key messages.

Each audit is judged on its own figures by its own report's rule
(:meth:`cscp_analysis.analysis.results.AuditResults.flagged_shown`, docs/assumptions.md
"Key messages"), so the overview states no flag its audits' reports do not, and under a
disclosure threshold only what they show. A finding area or question flagged in several
audits is named once, with each audit; those flagged in the most audits come first. No
figure is stated here: each audit's report gives its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from cscp_analysis.analysis.key_messages import TO_IMPROVE, WORKING_WELL
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import heading, text
from cscp_analysis.report.overview import page_words
from cscp_analysis.report.settings import ReportSettings


def cycle_flags(results: Sequence[AuditResults], threshold: int) -> dict[str, list[dict]]:
    """For each flag (to improve, working well), what each audit's key messages list under
    it: ``[{"label": ..., "audits": [audit titles]}]``, those in the most audits first,
    then in the order the audits and their reports list them."""
    gathered: dict[str, dict[str, list[str]]] = {TO_IMPROVE: {}, WORKING_WELL: {}}
    for r in results:
        for flag, label in r.flagged_shown(threshold)[["flag", "label"]].itertuples(
                index=False):
            audits = gathered[flag].setdefault(str(label), [])
            if r.info.title not in audits:
                audits.append(r.info.title)
    return {flag: sorted(({"label": label, "audits": audits}
                          for label, audits in found.items()),
                         key=lambda item: -len(item["audits"]))  # stable: first seen first
            for flag, found in gathered.items()}


def key_messages_section(results: Sequence[AuditResults], settings: ReportSettings) -> list:
    """Key messages across the cycle: each audit's areas and questions to improve and
    working well, gathered, with no figures."""
    flags = cycle_flags(results, settings.threshold)
    return [heading(2, page_words()["key_messages"]),
            text("overview_key_messages", improve=flags[TO_IMPROVE], well=flags[WORKING_WELL],
                 audits=len(results), k=settings.threshold)]

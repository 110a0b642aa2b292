"""Assumptions and definitions: a plain-English guide to the report, for non-technical readers.

The prose is ``templates/report/text/how_to_read.html.j2``; the rules it explains (the
72-hour interview, stage 1 and 2 meetings, what counts as an episode) are worded from
the settings of the first theme with a rule area, never assumed.
"""

from __future__ import annotations

from collections.abc import Sequence

from cscp_analysis.analysis.disclosure import audience_label
from cscp_analysis.contract.themes import Theme
from cscp_analysis.report.display import heading, text
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.wording import rule_words


def how_to_read_section(themes: Sequence[Theme], settings: ReportSettings) -> list:
    """The guide to the report's terms, small numbers and (where a theme has them) rules."""
    with_rules = [t.rules for t in themes if any(a.rule for a in t.finding_areas)]
    return [heading(2, "Assumptions and definitions: how to read this report"),
            text("how_to_read", k=settings.threshold, audience=audience_label(settings.audience),
                 rules=rule_words(with_rules[0]) if with_rules else None)]

"""What children told the auditors: how many were heard, the consented quotes, the themes.

Quotes come only from ``results.voice`` (consent to share = Yes, no case ids), shown
as text; the themes (``results.voice_tags``) as a chart, or a suppressed table.
"""

from __future__ import annotations

from cscp_analysis.analysis.disclosure import suppress
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import heading, html_table, paragraphs, snippet, text
from cscp_analysis.report.figures import count_bars
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.wording import voice_sentence


def quotes_block(quotes):
    """Consented quotes (``results.voice``) as block quotes, each shown as the words said."""
    return snippet("parts/quotes.html.j2", quotes=[" ".join(str(q).split())
                                                   for q in quotes["said"]])


def voice_section(results: AuditResults, settings: ReportSettings) -> list:
    """What children told the auditors: how many were heard, consented quotes, themes."""
    k = settings.threshold
    audit = results.audit
    heard = results.children_heard
    quotes = results.voice
    items: list = [heading(2, "What children told the auditors"), text("voice_intro"),
                   paragraphs(voice_sentence(heard, len(quotes), len(audit.cases), k))]
    if heard == 0:
        return items
    items.append(quotes_block(quotes))
    tags = results.voice_tags
    if not len(tags):
        return items
    if k:
        shown = suppress(tags, k, ["mentions", "children"])
        items.append(html_table(shown.rename(columns={
            "tag": "What children talked about", "mentions": "Mentions",
            "children": "Children"}), "What children talked about",
            numeric=["Mentions", "Children"]))
    else:
        items.append(count_bars(dict(zip(tags["tag"], tags["mentions"], strict=True)),
                                "What children talked about", unit="mentions"))
    return items

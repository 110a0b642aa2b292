"""What children told the auditors: how many were heard, the consented quotes, the themes.

Quotes come only from ``results.voice`` (consent to share = Yes, no case ids), shown
as text; the themes (``results.voice_tags``) as a chart (a sentence when every theme was
raised as often: bars all alike say nothing) or, with a disclosure threshold, a table of
the themes at least that many children gave (``results.shown``).
"""

from __future__ import annotations

from cscp_analysis.analysis.narrative import join_list
from cscp_analysis.analysis.published import HEARD
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import heading, html_table, labels, paragraphs, snippet, text
from cscp_analysis.report.figures import count_bars
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.wording import heard_sentence


def quotes_block(quotes):
    """Consented quotes (``results.voice``) as block quotes, each shown as the words said."""
    return snippet("parts/quotes.html.j2", quotes=[" ".join(str(q).split())
                                                   for q in quotes["said"]])


def voice_section(results: AuditResults, settings: ReportSettings) -> list:
    """What children told the auditors: how many were heard, consented quotes, themes."""
    k = settings.threshold
    heard = results.shown_count(k, HEARD)  # as disclosure control lets it be stated
    quotes = results.voice
    items: list = [heading(2, "What children told the auditors"), text("voice_intro"),
                   paragraphs(heard_sentence(heard, len(quotes), k))]
    if results.children_heard == 0:
        return items
    items.append(quotes_block(quotes))
    tags = results.shown(k)["voice_tags"]  # suppressed: themes given by k or more children
    if not len(tags):
        return items
    if k:
        headings = labels("voice")
        items.append(html_table(tags[list(headings)].rename(columns=headings),
                                headings["tag"],
                                numeric=[headings["mentions"], headings["children"]]))
    elif tags["mentions"].nunique() == 1:  # bars all alike say nothing: a sentence instead
        items.append(text("voice_tags_even", tags=join_list(list(tags["tag"])),
                          mentions=int(tags["mentions"].iloc[0])))
    else:
        items.append(count_bars(dict(zip(tags["tag"], tags["mentions"], strict=True)),
                                "What children talked about", unit="mentions"))
    return items

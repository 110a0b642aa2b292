"""The learning brief of one audit: what was learned, on at most two printed pages.

The brief is the product for publication (issue 12) when the cycle's audience is the
public; for the internal audiences it ends by saying it is their version, not for
publication, and how the public one is made (``text/brief_end.html.j2``). It holds what
was audited and why, the cohort in one paragraph, the key messages, the panel's learning
by finding area, what children said (consented quotes only), the actions taken and the
recommendations.
Its substance is the panel's learning text, so it reads as a complete brief even when a
disclosure threshold hides most counts. Every count it states comes from the same
places as the full report's (``results.shown``), so it never shows a count below the
threshold or anything from which one can be worked out.

The theme notebook shows :func:`learning_brief` in one cell tagged ``brief``: the batch
leaves that cell out of ``report.html`` and makes ``learning-brief.html`` of it alone.
"""

from __future__ import annotations

from cscp_analysis.analysis.disclosure import audience_label
from cscp_analysis.analysis.narrative import cases_audited_sentence, long_date
from cscp_analysis.analysis.published import CASES, HEARD
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.area_learning import actions_taken, panel_lines
from cscp_analysis.report.display import heading, labels, paragraphs, snippet, text
from cscp_analysis.report.introduction import description_paragraphs
from cscp_analysis.report.key_messages import key_messages_section
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.voice import quotes_block
from cscp_analysis.report.wording import audit_sentence, heard_sentence

#: The most consented quotes a brief shows (the full report shows them all).
BRIEF_QUOTES = 3


def cohort_paragraph(results: AuditResults, settings: ReportSettings) -> str:
    """The cohort in one paragraph: the report's own, or with a threshold the number of
    cases alone (as disclosure control lets it be stated)."""
    k = settings.threshold
    if not k:
        return results.cohort_paragraph
    return cases_audited_sentence(results.shown_count(k, CASES), k)


def voice_items(results: AuditResults, settings: ReportSettings) -> list:
    """What children said: how many were heard (as shown) and a few consented quotes."""
    k = settings.threshold
    items: list = [heading(2, labels("brief")["voice"]),
                   paragraphs(heard_sentence(results.shown_count(k, HEARD), 0, k))]
    if results.children_heard and len(results.voice):
        items.append(quotes_block(results.voice.head(BRIEF_QUOTES)))
    return items


def learning_by_area(results: AuditResults) -> list:
    """The panel's learning (working well, to improve, practitioner feedback) under each
    finding area that has any, in the theme's order; empty when the panel recorded none."""
    learning = results.learning
    items: list = []
    for area in results.theme.finding_areas:
        lines = panel_lines(learning[learning["finding_area"].fillna("") == area.title])
        if lines is not None:
            items += [heading(3, area.title), lines]
    return [heading(2, labels("brief")["learning"]), *items] if items else []


def action_items(results: AuditResults, settings: ReportSettings) -> list:
    """What changed after the audit: the actions taken with their dates (every area's and
    the audit's), then each recommendation agreed with where it stands."""
    items = [item for item in (actions_taken(results.learning),) if item is not None]
    status = results.recommendation_status
    if status is not None and len(status):
        # overdue is <NA> where no report date lets it be judged: not said to be overdue
        rows = [{"recommendation": text_, "status": state, "overdue": bool(late),
                 "fed_back": bool(closed)}
                for text_, state, late, closed in zip(
                    status["recommendation"], status["status"],
                    status["overdue"].fillna(False), status["loop_closed"].fillna(False),
                    strict=True)]
        items.append(snippet("parts/brief_recommendations.html.j2", rows=rows,
                             as_of=long_date(settings.as_of)))
    return [heading(2, labels("brief")["actions"]), *items] if items else []


def learning_brief(results: AuditResults, settings: ReportSettings) -> list:
    """The learning brief's items, in order (the notebook's ``brief`` cell shows them)."""
    words = labels("brief")
    k = settings.threshold
    cases = results.shown_count(k, CASES)
    return [
        heading(1, f"{words['title']}: {results.info.title}"),
        heading(2, words["audited"]),
        paragraphs(*description_paragraphs(results.theme.description),
                   audit_sentence(results.info, cases, k, settings.as_of)),
        heading(2, words["cohort"]),
        paragraphs(cohort_paragraph(results, settings)),
        *key_messages_section(results, settings),
        *learning_by_area(results),
        *voice_items(results, settings),
        *action_items(results, settings),
        text("brief_end", public=settings.audience == "public", k=k,
             audience=audience_label(settings.audience)),
    ]

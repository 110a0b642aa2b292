"""What each agency found: a heatmap of each agency's met rates, and how often agencies agreed.

Reads ``results.agencies`` (each agency's own answers), ``results.agreement`` and
``results.questions`` (the disputed counts). With a disclosure threshold no heatmap
(its rates reveal counts) and a suppressed agreement table.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import heading, html_table, labels, paragraphs, text
from cscp_analysis.report.figures import agency_heatmap
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.wording import agreement_sentence


def question_numbers(theme, question_ids: Sequence[str] | None = None) -> dict[str, str]:
    """Short labels for a chart: question id to "Q1", "Q2", … in theme order.

    With ``question_ids`` only those questions are numbered, consecutively, so a chart
    showing some of the theme's questions reads Q1, Q2, Q3 with no gaps.
    """
    wanted = [q.id for q in theme.questions if question_ids is None or q.id in set(question_ids)]
    return {qid: f"Q{i}" for i, qid in enumerate(wanted, start=1)}


def agency_matrix(agency_results: pd.DataFrame, theme) -> pd.DataFrame:
    """Agencies (rows, theme order) by question numbers (columns): each agency's met rate.

    Only questions some agency answered are shown, numbered consecutively (Q1, Q2, …) by
    :func:`question_numbers`.
    """
    if not len(agency_results):
        return pd.DataFrame()
    numbers = question_numbers(theme, list(agency_results["question_id"].unique()))
    table = agency_results.assign(q=agency_results["question_id"].map(numbers))
    matrix = table.pivot_table(index="agency", columns="q", values="rate", aggfunc="first",
                               dropna=False)
    order = [a for a in theme.agencies if a in matrix.index] + [
        a for a in matrix.index if a not in theme.agencies]
    return matrix.reindex(index=order, columns=list(numbers.values()))


def question_key(theme, question_ids: Sequence[str] | None = None):
    """Table of question numbers and wording: the key to a chart that uses numbers."""
    numbers = question_numbers(theme, question_ids)
    rows = [{"Number": numbers[q.id], "Finding area": q.finding_area, "Question": q.text}
            for q in theme.questions if q.id in numbers]
    return html_table(pd.DataFrame(rows), "Key to the question numbers")


def agency_section(results: AuditResults, settings: ReportSettings) -> list:
    """What each agency found: a heatmap of met rates with its key, and agreement counts."""
    k = settings.threshold
    theme = results.theme
    items: list = [heading(2, "What each agency found"), text("agencies_intro", k=k)]
    by_agency = results.agencies
    if k:
        items.append(text("withheld", what="chart", k=k))
    elif len(by_agency):
        answered = list(by_agency["question_id"].unique())
        items.append(agency_heatmap(agency_matrix(by_agency, theme),
                                    "Met rate by agency and question"))
        items.append(question_key(theme, answered))
    shown = results.shown(k)["agreement"]  # questions answered by 2+ agencies for a case
    if not len(shown):
        return items + [text("notes", key="no_multi_agency")]
    if not k:
        total, disagreed = int(shown["multi_agency"].sum()), int(shown["disagreed"].sum())
        disputed = int(results.questions["disputed"].sum())
        items.append(paragraphs(agreement_sentence(total, disagreed, disputed)))
    else:
        items.append(text("agreement_suppressed"))
    headings = labels("agreement")
    counts = ["multi_agency", "agreed", "disagreed"]
    table = shown[["question", *counts]].rename(columns=headings)
    items.append(html_table(table, "Agreement between agencies",
                            numeric=[headings[c] for c in counts]))
    return items

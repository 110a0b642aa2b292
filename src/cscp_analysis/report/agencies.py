"""What each agency found: each agency's own answers, counted, and how often agencies agreed.

Reads ``results.agencies`` (each agency's own answers), ``results.agreement`` and
``results.questions`` (the disputed counts). Every cell of the chart shows its count
("2 of 3"); only a cell resting on at least
:data:`~cscp_analysis.report.settings.AGENCY_MIN_ANSWERS` answers is given a rate and a
colour. Questions carry the numbers Key findings gives them
(:func:`cscp_analysis.report.findings.question_numbers`). With a disclosure threshold no
chart (its counts are small by nature) and a suppressed agreement table.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import heading, html_table, labels, paragraphs, text
from cscp_analysis.report.figures import agency_heatmap
from cscp_analysis.report.findings import question_numbers
from cscp_analysis.report.settings import AGENCY_MIN_ANSWERS, ReportSettings
from cscp_analysis.report.wording import agreement_sentence


def agency_counts(agency_results: pd.DataFrame, theme) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agencies (rows, theme order) by question numbers (columns): met, and answered.

    Only questions some agency answered are columns, under their Key findings numbers
    (so the columns may read Q1, Q2, Q6). A cell is 0 where the agency gave no answer.
    """
    if not len(agency_results):
        return pd.DataFrame(), pd.DataFrame()
    numbers = question_numbers(theme)
    answered_ids = set(agency_results["question_id"])
    columns = [numbers[q.id] for q in theme.questions if q.id in answered_ids]
    table = agency_results.assign(q=agency_results["question_id"].map(numbers))
    order = list(dict.fromkeys([a for a in theme.agencies if a in set(table["agency"])]
                               + list(table["agency"])))
    frames = [table.pivot_table(index="agency", columns="q", values=value, aggfunc="sum",
                                fill_value=0).reindex(index=order, columns=columns, fill_value=0)
              .astype(int) for value in ("met", "answered")]
    return frames[0], frames[1]


def question_key(theme, question_ids: Sequence[str]):
    """Table of question numbers and wording: the key to a chart that uses numbers."""
    numbers = question_numbers(theme)
    rows = [{"Number": numbers[q.id], "Finding area": q.finding_area, "Question": q.text}
            for q in theme.questions if q.id in set(question_ids)]
    return html_table(pd.DataFrame(rows), "Key to the question numbers")


def agency_section(results: AuditResults, settings: ReportSettings) -> list:
    """What each agency found: each agency's answers counted, with its key, and agreement."""
    k = settings.threshold
    theme = results.theme
    by_agency = results.agencies
    items: list = [heading(2, "What each agency found"),
                   text("agencies_intro", k=k, minimum=AGENCY_MIN_ANSWERS,
                        most=int(by_agency["answered"].max()) if len(by_agency) else 0)]
    if k:
        items.append(text("withheld", what="chart", k=k))
    elif len(by_agency):
        met, answered = agency_counts(by_agency, theme)
        items.append(agency_heatmap(met, answered, "Answers met, by agency and question"))
        items.append(question_key(theme, list(by_agency["question_id"].unique())))
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

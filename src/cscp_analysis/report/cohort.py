"""The children whose records were audited: the cohort paragraph and charts.

With a disclosure threshold, a sentence with no small count and one table per
breakdown (only groups with children, each protected against the number of cases).
"""

from __future__ import annotations

from cscp_analysis.analysis.disclosure import suppress_breakdown
from cscp_analysis.analysis.narrative import capitalise, suppressed_cohort_sentence
from cscp_analysis.analysis.results import COHORT_BREAKDOWNS, AuditResults
from cscp_analysis.report.display import heading, html_table, labels, paragraphs, text
from cscp_analysis.report.figures import count_bars
from cscp_analysis.report.settings import ReportSettings

#: Breakdowns the paragraph states in full, so they get no chart of their own.
IN_THE_PARAGRAPH = ("gender", "area")


def _breakdown(results: AuditResults, name: str):
    """One breakdown's ``label``/``cases`` (a type of involvement starts with a capital)."""
    table = results.breakdown(name)
    if name != "case_type":
        return table
    return table.assign(label=table["label"].map(capitalise))


def cohort_section(results: AuditResults, settings: ReportSettings) -> list:
    """The children whose records were audited: a paragraph and charts (or, suppressed,
    a sentence with no small count and tables of the groups of ``threshold`` or more)."""
    items: list = [heading(2, "The children whose records were audited")]
    titles = labels("cohort")
    k = settings.threshold
    if not k:
        items.append(paragraphs(results.cohort_paragraph))
        for name in COHORT_BREAKDOWNS:
            table = _breakdown(results, name)
            if name in IN_THE_PARAGRAPH or (name == "cohort_group"
                                            and not int(table["cases"].sum())):
                continue
            items.append(count_bars(dict(zip(table["label"], table["cases"], strict=True)),
                                    titles[name]))
        return items
    n = len(results.audit.cases)
    items.append(text("cohort_suppressed", sentence=suppressed_cohort_sentence(n, k), k=k))
    for name in COHORT_BREAKDOWNS:
        table = _breakdown(results, name)
        table = table[table["cases"] > 0]  # as in the CSV: only groups with children
        if not len(table):
            continue
        shown = suppress_breakdown(table, k, "cases", n)
        column = titles[name].removeprefix("Cases by ").capitalize()
        items.append(html_table(shown[["label", "cases"]].rename(
            columns={"label": column, "cases": "Cases"}), titles[name], numeric=["Cases"]))
    return items

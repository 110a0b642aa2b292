"""The children whose records were audited: the cohort paragraph and charts.

With a disclosure threshold, a sentence with no small count (no number of cases at all
where it had to be hidden) and one table per breakdown, every category listed, as
``results.shown`` protects them together with the number of cases.
"""

from __future__ import annotations

from cscp_analysis.analysis.narrative import capitalise, join_list, suppressed_cohort_sentence
from cscp_analysis.analysis.published import CASES
from cscp_analysis.analysis.results import COHORT_BREAKDOWNS, AuditResults
from cscp_analysis.report.display import heading, html_table, labels, paragraphs, text
from cscp_analysis.report.figures import count_bars, drawn_and_empty
from cscp_analysis.report.settings import ReportSettings

#: Breakdowns the paragraph states in full, so they get no chart of their own.
IN_THE_PARAGRAPH = ("gender", "area")


def category_label(breakdown: str, label: str) -> str:
    """A category as the report shows it (a type of involvement starts with a capital)."""
    return capitalise(label) if breakdown == "case_type" else label


def breakdown_name(breakdown: str) -> str:
    """A breakdown as a table's column names it ("Gender", from "Cases by gender")."""
    return labels("cohort")[breakdown].removeprefix("Cases by ").capitalize()


def _labelled(table, name: str):
    """A breakdown's rows with their labels as shown."""
    return table.assign(label=[category_label(name, v) for v in table["label"]])


def bar_chart(counts, title: str) -> list:
    """:func:`~cscp_analysis.report.figures.count_bars` of ``counts``, then a note naming
    the categories with no cases (the chart leaves them out)."""
    _, empty = drawn_and_empty(counts)
    items: list = [count_bars(counts, title)]
    if empty:
        items.append(text("not_drawn_empty", title=title, names=join_list(empty),
                          count=len(empty)))
    return items


def cohort_section(results: AuditResults, settings: ReportSettings) -> list:
    """The children whose records were audited: a paragraph and charts (or, suppressed,
    a sentence with no small count and the breakdowns as disclosure control shows them)."""
    items: list = [heading(2, "The children whose records were audited")]
    titles = labels("cohort")
    k = settings.threshold
    if not k:
        items.append(paragraphs(results.cohort_paragraph))
        for name in COHORT_BREAKDOWNS:
            table = _labelled(results.breakdown(name), name)
            if name in IN_THE_PARAGRAPH or (name == "cohort_group"
                                            and not int(table["cases"].sum())):
                continue
            items += bar_chart(dict(zip(table["label"], table["cases"], strict=True)),
                               titles[name])
        return items
    shown = results.shown(k)
    cases = results.shown_count(k, CASES)
    items.append(text("cohort_suppressed", sentence=suppressed_cohort_sentence(cases, k), k=k))
    cohort = shown["cohort"]  # every category, zeros too, as in the CSV
    for name in COHORT_BREAKDOWNS:
        table = _labelled(cohort[cohort["breakdown"] == name], name)
        if not len(table):
            continue
        cases = labels("cohort_table")["cases"]
        items.append(html_table(table[["label", "cases"]].rename(
            columns={"label": breakdown_name(name), "cases": cases}), titles[name],
            numeric=[cases]))
    return items

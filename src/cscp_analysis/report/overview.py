"""The cycle overview's sections: every audit of the cycle, recommendations across audits,
and questions compared across audits (only audits of one theme are compared as a change).

Each function takes the cycle's :class:`~cscp_analysis.analysis.results.AuditResults`
(one per audit, sharing one recommendations log) and returns the items a notebook cell
displays, like the theme report's sections.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from cscp_analysis.analysis import compare
from cscp_analysis.analysis import recommendations as recs
from cscp_analysis.analysis.disclosure import SECONDARY_MARKER
from cscp_analysis.analysis.narrative import count_phrase, long_date, month_name, number_words
from cscp_analysis.analysis.published import CASES, cycle_total, is_hidden
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import heading, html_table, labels, text
from cscp_analysis.report.figures import count_bars, findings_chart
from cscp_analysis.report.settings import INTERVAL_MIN_N, ReportSettings
from cscp_analysis.report.wording import interval_text, pct


def column_words() -> dict[str, str]:
    """The overview's column headings by key: ``labels.yaml``'s ``overview`` group, then
    ``findings`` (met, answered, rate, interval); its tables beside it use the same."""
    return {**labels("findings"), **labels("overview")}


def page_words() -> dict[str, str]:
    """The overview's headings, captions and chart titles by key (``labels.yaml``'s
    ``overview_page`` group; ``{braces}`` are filled in with :meth:`str.format`)."""
    return labels("overview_page")


def audits_section(results: Sequence[AuditResults], settings: ReportSettings) -> list:
    """The audits of the cycle: what each covered (theme, month, cases, finding areas).

    No met rates: audits of different themes ask different questions of different
    children, so rates set side by side would invite a comparison they cannot bear
    (same-theme audits are compared in :func:`comparison_section`). With a disclosure
    threshold each audit's number of cases is shown as its own report shows it, and the
    cycle's total only where it gives none of those away
    (:func:`cscp_analysis.analysis.published.cycle_total`).
    """
    k = settings.threshold
    rows = [{"audit": r.info.title, "theme": r.theme.title,
             "conducted": month_name(r.info.conducted), "cases": r.shown_count(k, CASES),
             "finding_areas": "; ".join(area.title for area in r.theme.finding_areas)}
            for r in results]
    total = cycle_total([len(r.audit.cases) for r in results], [row["cases"] for row in rows], k)
    words, page = column_words(), page_words()
    hidden = total == SECONDARY_MARKER
    covered = text("overview_total", audits=number_words(len(results)), n_audits=len(results),
                   hidden=hidden, cases=None if hidden else count_phrase(total, k),
                   one_case=total == 1)
    return [heading(2, page["audits"]), text("overview_audits"),
            html_table(pd.DataFrame(rows).rename(columns=words), page["audits_caption"],
                       numeric=[words["cases"]]), covered]


def area_rows(r: AuditResults):
    """An audit's pooled finding areas for the overview chart, each labelled so it reads
    as what it is: an area of one question is labelled with that question (the area
    "72 Hour Timescale" holds one question about plans, not the 72-hour rule)."""
    single = {area.title: area.questions[0].text for area in r.theme.finding_areas
              if len(area.questions) == 1}
    return r.areas.assign(label=[single.get(a, a) for a in r.areas["finding_area"]])


def findings_section(results: Sequence[AuditResults], settings: ReportSettings) -> list:
    """Each audit's finding areas, pooling the area's questions (share of answers, with n)."""
    page = page_words()
    items: list = [heading(2, page["findings"]),
                   text("overview_findings", k=settings.threshold, minimum=INTERVAL_MIN_N)]
    if settings.suppressed:
        return items
    for r in results:
        items.append(heading(3, r.info.title))
        items.append(findings_chart(area_rows(r), page["findings_chart"].format(
            audit=r.info.title), axis_label=page["findings_axis"]))
    return items


#: The counts of the recommendations by audit, in the order the overview shows them.
REC_COUNTS = ["recommendations", "Open", "In progress", "Done", "Dropped", "overdue",
              "loop_closed"]


def cycle_recommendations(results: Sequence[AuditResults]) -> pd.DataFrame | None:
    """The recommendations log's rows of the cycle's audits (None without a log)."""
    log = results[0].recommendations if results else None
    if log is None:
        return None
    return log[log["audit_id"].isin([r.id for r in results])]


def recommendations_table(results: Sequence[AuditResults], settings: ReportSettings
                          ) -> pd.DataFrame | None:
    """The cycle's recommendations by audit on the report date, then ``All audits``:
    ``audit_id`` (blank for all audits), ``audit`` (its title) and :data:`REC_COUNTS`
    (None without a log)."""
    cycle_recs = cycle_recommendations(results)
    if cycle_recs is None:
        return None
    titles = {r.id: r.info.title for r in results}
    by_audit = recs.recommendations_by_audit(cycle_recs, settings.as_of)
    ids = [i if i in titles else None for i in by_audit["audit_id"]]
    return by_audit[REC_COUNTS].assign(
        audit_id=ids, audit=by_audit["audit_id"].map(lambda i: titles.get(i, i)))[
        ["audit_id", "audit", *REC_COUNTS]].reset_index(drop=True)


def recommendations_section(results: Sequence[AuditResults], settings: ReportSettings) -> list:
    """Every recommendation of the cycle's audits, by audit and status, on the report date.

    The counts are exact under a disclosure threshold too: recommendations are the
    partnership's commitments, not children, and each audit's report and learning brief
    list them one by one with their status (docs/assumptions.md)."""
    k, page = settings.threshold, page_words()
    items: list = [heading(2, page["recommendations"]),
                   text("overview_recommendations", as_of=long_date(settings.as_of))]
    by_audit = recommendations_table(results, settings)
    if by_audit is None:
        return items + [text("notes", key="no_log")]
    words = column_words()
    items.append(html_table(by_audit[["audit", *REC_COUNTS]].rename(columns=words),
                            page["recommendations_caption"].format(
                                as_of=long_date(settings.as_of)),
                            numeric=[words[c] for c in REC_COUNTS]))
    if not k:
        status = recs.status_counts(cycle_recommendations(results))
        status = status[status["recommendations"] > 0]
        items.append(count_bars(dict(zip(status["status"], status["recommendations"],
                                         strict=True)),
                                page["recommendations_chart"], unit="recommendations"))
    return items


def _as_shown(table, results: Mapping[str, AuditResults], question_id: str, k: int):
    """One question's rows across audits with each audit's cells as its own report shows
    them (``results.shown(k)``); a change is hidden where either interval is."""
    if not k:
        return table
    rows = []
    for audit_id in table["audit_id"]:
        mine = results[audit_id].shown(k)["findings"]
        rows.append(mine[mine["question_id"] == question_id].iloc[0])
    shown = table.copy().astype({c: object for c in ("met", "answered", "rate", "ci_low",
                                                     "ci_high")})
    for column in ("met", "answered", "rate", "ci_low", "ci_high"):
        shown[column] = [row[column] for row in rows]
    if "change" in shown.columns:
        hidden = [is_hidden(row["ci_low"]) for row in rows]
        shown["change"] = [SECONDARY_MARKER if i and (hidden[i] or hidden[i - 1]) else c
                           for i, c in enumerate(shown["change"])]
    return shown


def _comparison_frame(table, titles: Mapping[str, str], with_change: bool):
    frame = pd.DataFrame({
        "audit": table["audit_id"].map(titles), "conducted": table["conducted"].map(month_name),
        "met": table["met"], "answered": table["answered"], "rate": table["rate"].map(pct),
        "interval": [interval_text(lo, hi)
                     for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)]})
    if with_change:
        frame["change"] = table["change"].replace({"<NA>": ""}).fillna("")
    return frame.rename(columns=column_words())


def same_theme_tables(results: Sequence[AuditResults], k: int):
    """Each question of each theme audited more than once, across its audits, with the
    change from the audit before: ``(theme, question, table)``, cells as each audit's
    report shows them."""
    by_id = {r.id: r for r in results}
    for group in compare.same_theme_groups(results).values():
        theme = group[0].theme
        for q in theme.questions:
            yield theme, q, _as_shown(compare.compare_audits(group, q.id), by_id, q.id, k)


def side_by_side_tables(results: Sequence[AuditResults], k: int):
    """Each question asked in audits of different themes, set side by side (no change):
    ``(question, table)``, cells as each audit's report shows them."""
    by_id = {r.id: r for r in results}
    if len({r.theme.id for r in results}) < 2:
        return
    for qid in compare.shared_questions(results):
        asking = [r for r in results if qid in {q.id for q in r.theme.questions}]
        if len({r.theme.id for r in asking}) < 2:
            continue
        yield (asking[0].theme.question(qid),
               _as_shown(compare.side_by_side(asking, qid), by_id, qid, k))


def comparison_section(results: Sequence[AuditResults], settings: ReportSettings) -> list:
    """The same questions across the cycle's audits: change only within a theme.

    Audits of the same theme are compared for change (improvement or decline only when
    the 95% intervals do not overlap). Questions shared by audits of different themes are
    set side by side, with no change column: different themes sample different children.
    """
    k, page = settings.threshold, page_words()
    titles = {r.id: r.info.title for r in results}
    items: list = [heading(2, page["comparison"])]
    numeric = [column_words()[c] for c in ("met", "answered", "rate")]
    groups = compare.same_theme_groups(results)
    shared = compare.shared_questions(results)
    if not groups and shared:
        items.append(text("notes", key="no_change"))
    theme_seen = None
    for theme, q, table in same_theme_tables(results, k):
        if theme is not theme_seen:
            items += [heading(3, page["same_theme"].format(theme=theme.title)),
                      text("comparison_same_theme")]
            theme_seen = theme
        items.append(html_table(_comparison_frame(table, titles, True),
                                page["same_theme_caption"].format(question=q.text,
                                                                  theme_id=theme.id),
                                numeric=numeric))
    side = list(side_by_side_tables(results, k))
    if len({r.theme.id for r in results}) > 1 and shared:
        items += [heading(3, page["themes"]), text("comparison_themes")]
    for q, table in side:
        items.append(html_table(_comparison_frame(table, titles, False),
                                page["themes_caption"].format(question=q.text),
                                numeric=numeric))
    if not groups and not shared:
        items.append(text("notes", key="no_shared"))
    return items

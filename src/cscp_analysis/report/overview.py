"""The cycle overview's sections: every audit of the cycle, recommendations across audits,
and questions compared across audits (only audits of one theme are compared as a change).

Each function returns the items a notebook cell displays, like :mod:`cscp_analysis.report.sections`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cscp_analysis.analysis.disclosure import (
    suppress,
    suppress_findings,
)
from cscp_analysis.analysis.narrative import (
    count_phrase,
    long_date,
    month_name,
    number_words,
    plural,
)
from cscp_analysis.report.sections import (
    ReportSettings,
    heading,
    html_table,
    interval_text,
    md,
    pct,
)


def _question_results(audit):
    from cscp_analysis.analysis.findings import case_answers, question_results

    return question_results(case_answers(audit.judgements, audit.theme), audit.theme)


def audits_section(audits: Sequence[Any], settings: ReportSettings) -> list:
    """The audits of the cycle: theme, month, cases and (exact counts only) the met share."""
    import pandas as pd

    from cscp_analysis.analysis.findings import area_results

    k = settings.threshold
    rows = []
    for a in audits:
        row = {"Audit": a.info.title, "Theme": a.theme.title,
               "Carried out": month_name(a.info.conducted),
               "Cases": len(a.cases) if not k or len(a.cases) >= k else f"<{k}"}
        if not k:
            res = area_results(_question_results(a), a.theme)
            met = int(res["met"].sum())
            answered = int((res["met"] + res["partly"] + res["not_met"]).sum())
            row["Answers met"] = f"{met} of {answered}"
            row["Met rate"] = pct(met / answered if answered else None)
        rows.append(row)
    total = sum(len(a.cases) for a in audits)
    cases = count_phrase(total, k)
    items: list = [heading(2, "The audits in this cycle"), md(
        "This overview brings together every themed audit of the cycle: what each looked at, "
        "how many cases it covered, and its findings. Each audit also has its own full "
        "report."),
        html_table(pd.DataFrame(rows), "Audits in this cycle",
                   numeric=["Cases", "Answers met", "Met rate"]),
        md(f"The cycle covered {number_words(len(audits))} {plural(len(audits), 'audit')} "
           f"and {cases} {plural(total, 'case')}.")]
    if not k and len({a.theme.id for a in audits}) > 1:
        items.append(md(
            "*Answers met* pools every rated answer of an audit (each case once per question). "
            "Audits of different themes ask different questions of different children, so "
            "their met rates are not comparable with each other."))
    return items


def findings_section(audits: Sequence[Any], settings: ReportSettings) -> list:
    """Each audit's finding areas, pooling the area's questions (share of answers, with n)."""
    from cscp_analysis.analysis.findings import area_results
    from cscp_analysis.report.figures import findings_chart

    items: list = [heading(2, "Findings by audit")]
    if settings.suppressed:
        return items + [md(
            "Finding areas are not pooled in this version of the report: a pooled figure set "
            "beside an audit's own tables could reveal counts hidden there. Each audit's "
            "report gives its findings question by question.")]
    items.append(md(
        "Each audit's finding areas, pooling the answers to all the area's questions (each "
        "child counts once per question): the share of answers that met the standard, with "
        "its 95% interval. n is the number of answers rated met, partly met or not met."))
    for a in audits:
        res = area_results(_question_results(a), a.theme)
        items.append(heading(3, a.info.title))
        items.append(findings_chart(res.rename(columns={"finding_area": "label"}),
                                    f"{a.info.title}: finding areas",
                                    axis_label="Share of answers"))
    return items


def recommendations_section(audits: Sequence[Any], rec_log,
                                     settings: ReportSettings) -> list:
    """Every recommendation of the cycle's audits, by audit and status, on the report date."""
    from cscp_analysis.analysis import recommendations as recs
    from cscp_analysis.report.figures import count_bars

    k = settings.threshold
    items: list = [heading(2, "Recommendations across audits"), md(
        f"Where every recommendation of the cycle stands on {long_date(settings.as_of)}. "
        "**Overdue** means past its due date and still open or in progress; **loop closed** "
        "means the outcome has gone back to the Local Area Safeguarding Groups.")]
    if rec_log is None:
        return items + [md("No recommendations log was given for this audit cycle.")]
    ids = [a.id for a in audits]
    titles = {a.id: a.info.title for a in audits}
    cycle_recs = rec_log[rec_log["audit_id"].isin(ids)]
    by_audit = recs.recommendations_by_audit(cycle_recs, settings.as_of)
    by_audit = by_audit.assign(audit_id=by_audit["audit_id"].map(lambda i: titles.get(i, i)))
    counts = ["recommendations", "Open", "In progress", "Done", "Dropped", "overdue",
              "loop_closed"]
    table = by_audit[["audit_id", *counts]]
    if k:
        table = suppress(table, k, counts,
                         totals={"recommendations": ["Open", "In progress", "Done", "Dropped"]})
    labels = {"audit_id": "Audit", "recommendations": "Recommendations", "overdue": "Overdue",
              "loop_closed": "Loop closed"}
    items.append(html_table(table.rename(columns=labels),
                            f"Recommendations by audit, as of {long_date(settings.as_of)}",
                            numeric=[labels.get(c, c) for c in counts]))
    if not k:
        status = recs.status_counts(cycle_recs)
        status = status[status["recommendations"] > 0]
        items.append(count_bars(dict(zip(status["status"], status["recommendations"],
                                         strict=True)),
                                "Recommendations of the cycle by status", unit="recommendations"))
    return items


def _comparison_frame(table, titles: Mapping[str, str], k: int, with_change: bool):
    import pandas as pd

    if k:
        table = suppress_findings(table.assign(
            asked=table[["met", "partly", "not_met", "not_applicable", "disputed"]].sum(axis=1)), k)
    frame = pd.DataFrame({
        "Audit": table["audit_id"].map(titles), "Carried out": table["conducted"].map(month_name),
        "Met": table["met"], "Answered": table["answered"], "Met rate": table["rate"].map(pct),
        "95% interval": [interval_text(lo, hi)
                         for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)]})
    if with_change:
        frame["Change from the audit before"] = table["change"].replace({"<NA>": ""}).fillna("")
    return frame


def comparison_section(audits: Sequence[Any], settings: ReportSettings) -> list:
    """The same questions across the cycle's audits: change only within a theme.

    Audits of the same theme are compared for change (improvement or decline only when
    the 95% intervals do not overlap). Questions shared by audits of different themes are
    set side by side, with no change column: different themes sample different children.
    """
    from cscp_analysis.analysis import compare

    k = settings.threshold
    titles = {a.id: a.info.title for a in audits}
    items: list = [heading(2, "Comparing audits")]
    groups = compare.same_theme_groups(audits)
    shared = compare.shared_questions(audits)
    if not groups and shared:
        items.append(md("No theme was audited more than once in this cycle, so no change over "
                        "time can be shown."))
    for theme_id, group in groups.items():
        theme = group[0].theme
        items.append(heading(3, f"{theme.title}: audits of the same theme"))
        items.append(md(
            "A change between audits is called an **improvement** or a **decline** only when "
            "the two 95% intervals do not overlap; otherwise it is **no clear change**: with "
            "samples this small, most differences could be chance."))
        for q in theme.questions:
            table = compare.compare_audits(group, q.id)
            items.append(html_table(_comparison_frame(table, titles, k, True),
                                    f"{q.text} ({theme_id})",
                                    numeric=["Met", "Answered", "Met rate"]))
    themes = {a.theme.id for a in audits}
    if len(themes) > 1 and shared:
        items.append(heading(3, "Questions asked in audits of different themes"))
        items.append(md(
            "Some questions are asked in audits of different themes. Their results are set "
            "side by side below, but no change is worked out between them: each theme's "
            "audit samples different children for a different reason, so a difference "
            "between them is not a trend."))
        for qid in shared:
            asking = [a for a in audits if qid in {q.id for q in a.theme.questions}]
            if len({a.theme.id for a in asking}) < 2:
                continue
            table = compare.side_by_side(asking, qid)
            text = asking[0].theme.question(qid).text
            items.append(html_table(_comparison_frame(table, titles, k, False),
                                    f"{text} Results side by side",
                                    numeric=["Met", "Answered", "Met rate"]))
    if not groups and not shared:
        items.append(md("No question was asked in more than one audit of this cycle."))
    return items

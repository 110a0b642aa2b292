"""Report sections the theme notebooks and the cycle overview share.

Each ``*_section`` function returns the items one section of a report displays (its
heading, Markdown, HTML tables and Charts, in order), so a notebook is a short sequence
of ``show(section(...))`` calls plus its theme's own Markdown, and a wording fix is one
edit here. Tables are rendered by hand rather than with pandas' Styler: no random ids,
escaped text, and a ``case_id`` column is refused.

Disclosure control (``ReportSettings.threshold`` > 0) applies to every count a section
shows: count tables go through :mod:`cscp_analysis.analysis.disclosure`, charts that would show
small counts are not drawn (the text says so) and sentences give no small count.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from cscp_analysis.analysis import narrative
from cscp_analysis.analysis.disclosure import (
    MISSING_TOTALS,
    SECONDARY_MARKER,
    audience_label,
    suppress,
    suppress_breakdown,
    suppress_findings,
    suppress_measures,
    threshold_for,
)
from cscp_analysis.analysis.narrative import (
    capitalise,
    count_phrase,
    long_date,
    month_name,
    number_words,
    plural,
)
from cscp_analysis.io.bundled import bundled_recommendations, recommendations_path
from cscp_analysis.io.provenance import run_details, sha256_file

__all__ = [
    "ReportSettings", "agency_matrix", "agency_section", "bundled_recommendations",
    "child_labels", "cohort_section", "findings_section", "how_to_read_section", "html_table",
    "heading", "interval_text", "introduction", "md", "missing_measures", "pct",
    "placed_in_block", "question_key",
    "question_numbers", "quotes_markdown", "recommendation_log", "recommendations_section",
    "result_sentence",
    "rhi_block", "run_details", "run_details_html", "run_details_section", "sha256_file",
    "show", "stage_meeting_table", "stage_meetings_block", "timeline_frames", "title",
    "voice_section",
]

#: Human column headings for findings tables (never the code names).
HEADINGS: dict[str, str] = {
    "question": "Question", "finding_area": "Finding area", "met": "Met",
    "partly": "Partly met", "not_met": "Not met", "not_applicable": "Not applicable",
    "disputed": "Disputed", "answered": "Answered", "rate": "Met rate",
    "interval": "95% interval",
}
_NOT_DRAWN = ("The chart is not drawn in this version of the report, because it would show "
              "counts below {k}.")


@dataclass(frozen=True)
class ReportSettings:
    """What a report is for: its date, audience and disclosure threshold (the parameters)."""

    as_of: str
    audience: str = "business_group"
    suppress_below: int = 0
    recommendations: str = ""
    cycle: str = ""

    @property
    def threshold(self) -> int:
        """The disclosure threshold in force (at least 5 for the public; 0 = exact counts)."""
        return threshold_for(self.audience, self.suppress_below)

    @property
    def suppressed(self) -> bool:
        return self.threshold > 0


# ---------------------------------------------------------------- display helpers


def md(text: str):
    """Markdown for a notebook to display (headings become report sections)."""
    from IPython.display import Markdown

    return Markdown(text)


def show(*items) -> None:
    """Display each item in turn (Markdown, tables, charts) in the running notebook."""
    from IPython.display import display

    for item in items:
        if isinstance(item, (list, tuple)):
            show(*item)
        elif item is not None:
            display(item)


def pct(value: object) -> str:
    """A share as a whole percentage ("40%"); a dash when there is none."""
    if value == SECONDARY_MARKER:
        return SECONDARY_MARKER
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    return "–" if number != number else f"{number:.0%}"


def interval_text(low: object, high: object) -> str:
    """A 95% interval in words ("12% to 77%"); "none (no rated answers)" when there is none."""
    if SECONDARY_MARKER in (low, high):
        return SECONDARY_MARKER
    lo, hi = pct(low), pct(high)
    if "–" in (lo, hi):
        return "none (no rated answers)"
    return f"{lo} to {hi}"


def _cell(value: object) -> str:
    if value is None:
        return ""
    try:
        import pandas as pd

        if not isinstance(value, (list, tuple, dict)) and pd.isna(value):
            return ""
        if isinstance(value, pd.Timestamp):
            return long_date(value)
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def html_table(frame, caption: str, numeric: Sequence[str] = ()):
    """An accessible HTML table (caption, header row) of a small report table.

    Raises ``ValueError`` if the table has a ``case_id`` column: case ids never reach
    a report.
    """
    from IPython.display import HTML

    if "case_id" in frame.columns:
        raise ValueError("a report table may not show case ids")
    num = ' class="num"'
    head = "".join(
        f'<th scope="col"{num if c in numeric else ""}>{html.escape(str(c))}</th>'
        for c in frame.columns
    )
    body = []
    for row in frame.itertuples(index=False):
        cells = "".join(
            f'<td{num if c in numeric else ""}>{html.escape(_cell(v))}</td>'
            for c, v in zip(frame.columns, row, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return HTML(
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def heading(level: int, text: str):
    """A Markdown heading (h2 sections, h3 finding areas: the report's table of contents)."""
    return md(f"{'#' * level} {text}")


def _suppression_note(k: int) -> str:
    return (f"Counts from 1 to {k - 1} are shown as **<{k}**; a count hidden only so that "
            "another cannot be worked out from a total is shown as **\\***.")


# ---------------------------------------------------------------- title and introduction


def title(audit) -> Any:
    """The report's title (the audit's title from ``audit.yaml``)."""
    return md(f"# {audit.info.title}")


def introduction(audit, settings: ReportSettings) -> list:
    """What was audited: the theme in a sentence, when and by whom, how many cases, the date."""
    n = len(audit.cases)
    cases = (f"{count_phrase(n, settings.threshold)} {plural(n, 'case')}"
             if n else "no cases")
    by = f" by the {audit.info.conducted_by}" if audit.info.conducted_by else ""
    areas = narrative.join_list(list(audit.info.areas))
    return [md(
        f"{narrative.theme_sentence(audit.theme.description)} It was carried out in "
        f"{month_name(audit.info.conducted)}{by} and looked at {cases}"
        + (f" from {areas}" if areas else "")
        + f". This report gives the position on {long_date(settings.as_of)}."
    )]


# ---------------------------------------------------------------- the children


def _breakdowns(audit) -> list[tuple[str, Any, str]]:
    """(title, table with ``label``/``cases``, breakdown key) for each cohort breakdown."""
    from cscp_analysis.analysis import cohort

    cases = audit.cases
    types = cohort.case_type_counts(cases)
    types = types.assign(label=types["label"].map(capitalise))
    ages = cohort.age_band_counts(cases).rename(columns={"age_band": "label"})
    genders = cohort.gender_counts(cases).rename(columns={"gender": "label"})
    areas = cohort.area_counts(cases, audit.info.areas).rename(columns={"area": "label"})
    groups = cohort.cohort_group_counts(cases, audit.theme.cohort_groups)
    groups = groups.rename(columns={groups.columns[0]: "label"})
    return [
        ("Cases by type of involvement", types, "case_type"),
        ("Cases by age (years)", ages, "age"),
        ("Cases by gender", genders, "gender"),
        ("Cases by area", areas, "area"),
        ("Cases by the group they were sampled from", groups, "cohort_group"),
    ]


def cohort_section(audit, settings: ReportSettings) -> list:
    """The children whose records were audited: a paragraph and charts (or, suppressed,
    a sentence with no small count and tables of the groups of ``threshold`` or more)."""
    from cscp_analysis.report.figures import count_bars

    items: list = [heading(2, "The children whose records were audited")]
    k = settings.threshold
    if not k:
        items.append(md(narrative.cohort_narrative(
            audit.cases, audit.info.areas, audit.theme.cohort_groups)))
        for name, table, key in _breakdowns(audit):
            if key in ("gender", "area"):
                continue  # given in the paragraph
            if key == "cohort_group" and not int(table["cases"].sum()):
                continue
            items.append(count_bars(dict(zip(table["label"], table["cases"], strict=True)),
                                    name))
        return items
    n = len(audit.cases)
    items.append(md(narrative.suppressed_cohort_sentence(n, k) + " " + _suppression_note(k)))
    for name, table, _key in _breakdowns(audit):
        table = table[table["cases"] > 0]  # as in the CSV: only groups with children
        if not len(table):
            continue
        shown = suppress_breakdown(table, k, "cases", n)
        items.append(html_table(shown[["label", "cases"]].rename(
            columns={"label": name.removeprefix("Cases by ").capitalize(), "cases": "Cases"}),
            name, numeric=["Cases"]))
    return items


# ---------------------------------------------------------------- key findings


def _parts(pairs: Sequence[tuple[int, str]]) -> list[str]:
    """The non-zero parts of a count ("1 partly met it"), zero parts left out."""
    return [f"{n} {text}" for n, text in pairs if n]


def result_sentence(row: Mapping[str, Any]) -> str:
    """One question's result in words: met count and rate with its interval, then the other
    outcomes that occurred (zero outcomes are left out)."""
    met, partly, not_met = int(row["met"]), int(row["partly"]), int(row["not_met"])
    answered = met + partly + not_met
    if answered == 0:
        text = "No case had an answer that could be counted"
    else:
        text = (f"{met} of {answered} {plural(answered, 'case')} met the standard "
                f"({pct(row['rate'])}; 95% interval "
                f"{interval_text(row['ci_low'], row['ci_high'])})")
        rest = _parts([(partly, "partly met it"), (not_met, "did not")])
        if rest:
            text += "; " + narrative.join_list(rest)
    extras = _parts([
        (int(row.get("not_applicable", 0)), "not applicable"),
        (int(row.get("disputed", 0)), "disputed between agencies, left for the panel"),
    ])
    return text + (f" ({'; '.join(extras)})" if extras else "") + "."


def findings_table(rows, k: int):
    """A disclosure-controlled findings table with human headings (one row per question)."""
    shown = suppress_findings(rows, k)
    frame = shown.assign(
        rate=shown["rate"].map(pct),
        interval=[interval_text(lo, hi) for lo, hi in zip(shown["ci_low"], shown["ci_high"],
                                                             strict=True)],
    )
    cols = ["question", "met", "partly", "not_met", "not_applicable", "disputed", "rate",
            "interval"]
    frame = frame[cols].rename(columns=HEADINGS)
    return frame, [HEADINGS[c] for c in cols[1:-1]]


_FINDINGS_INTRO = """\
For each question the auditors decided whether the work with the child **met** the standard
(*Yes*, or *Good*/*Outstanding* on the graded questions), **partly met** it, or did **not
meet** it. Questions that did not apply to a child are left out. Where the agencies' auditors
disagreed and the panel has not yet agreed an answer, the case is counted as **disputed** and
left out of the rate until the panel settles it.

Each rate comes with a **95% interval**: with so few records, the rate across all similar
children probably lies in that range. Wide intervals are a reminder not to over-read small
differences."""


def findings_section(audit, results, settings: ReportSettings) -> list:
    """Key findings: per finding area a heading, a sentence per question and a chart, then
    the figures of the area's computed rule (the theme's ``rule:``: 72-hour interviews,
    stage meetings, children placed in), so each topic appears once.

    ``results`` is :func:`cscp_analysis.analysis.findings.question_results`. With a threshold the
    counts are a disclosure-controlled table and no chart is drawn.
    """
    from cscp_analysis.report.figures import findings_chart

    k = settings.threshold
    intro = _FINDINGS_INTRO + ("\n\n" + _suppression_note(k) + " Charts are not drawn in this "
                               "version, because they would show the small counts." if k else "")
    items: list = [heading(2, "Key findings"), md(intro)]
    for area in audit.theme.finding_areas:
        rows = results[results["finding_area"] == area.title]
        block = RULE_BLOCKS[area.rule](audit, settings) if area.rule in RULE_BLOCKS else []
        if not len(rows) and not block:
            continue
        items.append(heading(3, area.title))
        if len(rows) and k:
            frame, numeric = findings_table(rows, k)
            items.append(html_table(frame, f"{area.title}: cases per outcome", numeric=numeric))
        elif len(rows):
            items.append(md("\n".join(f"- **{r['question']}** {result_sentence(r)}"
                                      for r in rows.to_dict("records"))))
            frame = rows.rename(columns={"question": "label"})
            items.append(findings_chart(frame, area.title))
        items += block
    return items


# ---------------------------------------------------------------- missing from home rules


def missing_measures(audit):
    """The ``missing`` figures as ``measure``/``value`` rows, as ``tables/missing.csv`` has
    them (so the report and its CSV hide the same cells)."""
    import pandas as pd

    from cscp_analysis.analysis.missing import summary_block

    block = summary_block(audit) or {}
    flat = []
    for name, values in block.items():
        if isinstance(values, Mapping):
            flat += [{"measure": f"{name}.{key}", "value": v} for key, v in values.items()]
        else:
            flat.append({"measure": name, "value": values})
    return pd.DataFrame(flat, columns=["measure", "value"])


_MEASURE_LABELS: dict[str, str] = {
    "children": "Children who went missing",
    "episodes": "Missing episodes",
    "rhi.due": "Episodes ended (interview due)",
    "rhi.within_72h": "Interviews within the timescale",
    "rhi.late": "Interviews held later",
    "rhi.not_held": "Interviews not held",
    "rhi.declined": "Not held: declined by the child",
    "rhi.not_offered": "Not held: not offered",
    "rhi.other": "Not held: other or unrecorded reason",
    "stage1.due": "Children with a stage 1 meeting due",
    "stage1.held": "Stage 1 meeting held",
    "stage1.not_held": "Stage 1 meeting not held",
    "stage2.due": "Children with a stage 2 meeting due",
    "stage2.held": "Stage 2 meeting held",
    "stage2.not_held": "Stage 2 meeting not held",
    "placed_in.episodes": "Episodes of children placed in",
    "placed_in.requested": "Interview reports requested back",
    "placed_in.reports_received": "Interview reports received",
    "_still_missing": "Episodes with no return recorded (child still missing)",
    "_not_received": "Interview reports not received",
}


def _measures_table(audit, settings: ReportSettings, prefixes: Sequence[str], caption: str):
    table = suppress_measures(missing_measures(audit), settings.threshold, MISSING_TOTALS,
                              keep_virtual=True)
    owner = {"_still_missing": "episodes", "_not_received": "placed_in"}
    table = table[table["measure"].map(lambda m: owner.get(m, m.split(".")[0]) in prefixes)]
    frame = table.assign(measure=table["measure"].map(lambda m: _MEASURE_LABELS.get(m, m)))
    return html_table(frame.rename(columns={"measure": "Measure", "value": "Number"}), caption,
                      numeric=["Number"])


def rhi_block(audit, settings: ReportSettings) -> list:
    """Return home interviews (rule 6.1): the episodes, how many are still missing, the
    interviews held within the timescale, later or not at all, and a timeliness chart."""
    from cscp_analysis.analysis.missing import rhi_counts, rhi_status
    from cscp_analysis.report.figures import timeliness_chart

    if not audit.has_episodes or not len(audit.episodes):
        return [md("No missing episodes were recorded for this audit.")]
    rules = audit.theme.rules
    hours = rules.rhi_hours
    items = [md(
        f"Every time a child comes back from being missing they should be offered an "
        f"independent return home interview within {hours} hours. Where the return or the "
        "interview was recorded as a date without a time, the interview counts as on time if "
        f"held no later than {number_words(hours // 24)} days after the return date.")]
    if settings.suppressed:
        items.append(md(_NOT_DRAWN.format(k=settings.threshold) + " "
                        + _suppression_note(settings.threshold)))
        items.append(_measures_table(audit, settings, ("children", "episodes", "rhi"),
                                     "Missing episodes and return home interviews"))
        return items
    status = rhi_status(audit.episodes, rules)
    counts = rhi_counts(status)
    total, children = len(audit.episodes), int(audit.episodes["case_id"].nunique())
    still = total - counts["due"]
    ended = (f"all {total} had ended" if not still else
             f"{counts['due']} had ended and {still} had no return recorded (the child was "
             "still missing when the records were audited)")
    items.append(md(
        f"The records show {total} missing {plural(total, 'episode')} of {children} "
        f"{plural(children, 'child', 'children')}: {ended}."))
    outcome = [f"{when} for {n}" for n, when in ((counts["within_72h"], f"within {hours} hours"),
                                                  (counts["late"], "later"),
                                                  (counts["not_held"], "not at all")) if n]
    reasons = _parts([(counts["declined"], "declined by the child"),
                      (counts["not_offered"], "not offered"),
                      (counts["other"], "for another or unrecorded reason")])
    text = (f"Of the {counts['due']} {plural(counts['due'], 'episode')} that had ended, the "
            f"interview was held {narrative.join_list(outcome)}" if counts["due"] else
            "No episode had ended, so no interview was due yet")
    if reasons:
        text += f" (not held: {', '.join(reasons)})"
    items.append(md(text + "."))
    held = status[status["status"].isin(["within_72h", "late"])]
    items.append(timeliness_chart(held["days_to_rhi"].astype(int), held["status"] == "within_72h",
                                  f"{hours} hours", counts["not_held"]))
    return items


def timeline_frames(audit) -> tuple[Any, Any, Any, dict[str, str]]:
    """Episodes, stage due dates and meetings labelled by anonymous child, for the timeline."""
    import pandas as pd

    from cscp_analysis.analysis.missing import episode_timeline, stage_meetings

    rules = audit.theme.rules
    timeline = episode_timeline(audit.episodes, rules).sort_values(["missing_from", "case_id"])
    labels = child_labels(list(timeline["case_id"]))  # numbered by first episode, not by id
    timeline = timeline.assign(_n=timeline["case_id"].map(list(labels).index))
    timeline = timeline.sort_values(["_n", "missing_from"])
    episodes = pd.DataFrame({
        "child": timeline["case_id"].map(labels),
        "start": timeline["missing_from"],
        "counted": timeline["counted"].astype(bool),
    })
    stages = stage_meetings(audit.episodes, audit.meetings, rules)
    due = [
        {"child": labels[r["case_id"]], "stage": stage, "due_on": r[f"stage{stage}_due"]}
        for r in stages.to_dict("records") for stage in (1, 2)
        if r["case_id"] in labels and not pd.isna(r[f"stage{stage}_due"])
    ]
    held = audit.meetings[audit.meetings["case_id"].isin(labels)]
    meetings = pd.DataFrame({
        "child": held["case_id"].map(labels),
        "stage": held["stage"].astype(int),
        "held_on": held["held_on"],
    })
    return (episodes, pd.DataFrame(due, columns=["child", "stage", "due_on"]), meetings, labels)


def _held_text(held: object, early: Sequence[Any]) -> str:
    """The "Held" cell: Yes / No, with any meeting held too early explained."""
    if held is True:
        return "Yes"
    if not early:
        return "No"
    dates = narrative.join_list([long_date(d) for d in early])
    one = len(early) == 1
    return (f"No: a meeting was held {dates}, before it was due, so it does not count"
            if one else f"No: meetings were held {dates}, before it was due, so they do not count")


def stage_meeting_table(audit, labels: Mapping[str, str]):
    """Per child with a stage meeting due: when it fell due, whether and when it was held.

    A meeting of the stage held before it fell due does not count (rule 6.2); the "Held"
    column says so, with its date.
    """
    import pandas as pd

    from cscp_analysis.analysis.missing import stage_meetings

    stages = stage_meetings(audit.episodes, audit.meetings, audit.theme.rules)
    meetings = audit.meetings
    rows = []
    for r in stages.to_dict("records"):
        for stage in (1, 2):
            due = r[f"stage{stage}_due"]
            if pd.isna(due):
                continue
            mine = meetings[(meetings["case_id"] == r["case_id"]) & (meetings["stage"] == stage)]
            early = sorted(mine.loc[mine["held_on"] < due, "held_on"])
            rows.append({
                "Child": labels.get(r["case_id"], "Child ?"),
                "Stage": stage,
                "Due on": due,
                "Held": _held_text(r[f"stage{stage}_held"], early),
                "Held on": r[f"stage{stage}_meeting"],
                "Days after due": r[f"stage{stage}_days"],
                "Required agencies not invited": r[f"stage{stage}_not_invited"],
            })
    columns = ["Child", "Stage", "Due on", "Held", "Held on", "Days after due",
               "Required agencies not invited"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["_order"] = frame["Child"].str.removeprefix("Child ").astype(int)
    return frame.sort_values(["_order", "Stage"]).drop(columns="_order")


def stage_meetings_block(audit, settings: ReportSettings) -> list:
    """Stage 1 and 2 meetings (rule 6.2): the rule, a per-child timeline and a table."""
    from cscp_analysis.analysis.missing import summary_block
    from cscp_analysis.report.figures import episode_timelines

    if not audit.has_episodes or not len(audit.episodes):
        return [md("No missing episodes were recorded for this audit.")]
    rules = audit.theme.rules
    items = [md(
        "When a child goes missing repeatedly, a **stage 1** intervention meeting is due once "
        f"they have gone missing {rules.stage1_threshold} times within {rules.window_days} days, "
        f"and a **stage 2** meeting at {rules.stage2_threshold} times. A meeting counts only if "
        "it is held on or after the day it fell due. The meetings should invite "
        f"{narrative.join_list(list(rules.required_agencies))}.")]
    if settings.suppressed:
        items.append(md("The timeline of each child's episodes and the table of meetings per "
                        "child are not shown in this version of the report, because they would "
                        f"show counts below {settings.threshold}. "
                        + _suppression_note(settings.threshold)))
        items.append(_measures_table(audit, settings, ("stage1", "stage2"),
                                     "Stage 1 and 2 meetings"))
        return items
    block = summary_block(audit) or {}
    sentences = []
    for stage in (1, 2):
        figures = block.get(f"stage{stage}", {"due": 0, "held": 0})
        due, held = figures["due"], figures["held"]
        if not due:
            sentences.append(f"no stage {stage} meeting fell due")
            continue
        done = "was held" if due == 1 and held else (
            "was not held" if due == 1 else f"was held for {held if held else 'none'}")
        sentences.append(f"a stage {stage} meeting fell due for {due} "
                         f"{plural(due, 'child', 'children')} and {done}")
    items.append(md(capitalise("; ".join(sentences)) + ". Each child is numbered (Child 1, "
                    "Child 2, ...) in the order of their first episode, never named."))
    episodes, stages, meetings, labels = timeline_frames(audit)
    items.append(episode_timelines(episodes, stages, meetings,
                                   {1: rules.stage1_threshold, 2: rules.stage2_threshold},
                                   rules.window_days))
    table = stage_meeting_table(audit, labels)
    if len(table):
        items.append(html_table(table, "Stage meetings due, and whether they were held",
                                numeric=["Stage", "Days after due"]))
    return items


def placed_in_block(audit, settings: ReportSettings) -> list:
    """Children placed here by other authorities (rule 6.3): interview reports sent back."""
    from cscp_analysis.analysis.missing import placed_in

    items = [md("When a child placed in the county by another authority goes missing, that "
                "authority arranges the return home interview and should send the report back "
                "to the Safeguarding Hub.")]
    if not audit.has_episodes or not len(audit.episodes):
        return items + [md("No missing episodes were recorded for this audit.")]
    placed = placed_in(audit.episodes)
    if not len(placed):
        return items + [md("No child in this audit was placed here by another authority.")]
    if settings.suppressed:
        items.append(md("The figures per placing authority are not shown in this version of "
                        f"the report, because they would show counts below "
                        f"{settings.threshold}. " + _suppression_note(settings.threshold)))
        items.append(_measures_table(audit, settings, ("placed_in",),
                                     "Return interview reports from placing authorities"))
        return items
    requested, received = int(placed["requested"].sum()), int(placed["received"].sum())
    items.append(md(
        f"Of the {requested} return interview {plural(requested, 'report')} requested from "
        f"placing authorities, {received if received else 'none'} came back to the "
        "Safeguarding Hub."))
    items.append(html_table(placed.rename(columns={
        "placing_authority": "Placing authority", "episodes": "Episodes",
        "requested": "Reports requested", "received": "Received",
        "not_received": "Not received"}), "Return interview reports from placing authorities",
        numeric=["Episodes", "Reports requested", "Received", "Not received"]))
    return items


#: The computed rule a finding area reports (its ``rule:`` in the theme file).
RULE_BLOCKS = {"rhi": rhi_block, "stage_meetings": stage_meetings_block,
               "placed_in": placed_in_block}


# ---------------------------------------------------------------- agencies


def question_numbers(theme, question_ids: Sequence[str] | None = None) -> dict[str, str]:
    """Short labels for a chart: question id to "Q1", "Q2", … in theme order.

    With ``question_ids`` only those questions are numbered, consecutively, so a chart
    showing some of the theme's questions reads Q1, Q2, Q3 with no gaps.
    """
    wanted = [q.id for q in theme.questions if question_ids is None or q.id in set(question_ids)]
    return {qid: f"Q{i}" for i, qid in enumerate(wanted, start=1)}


def agency_matrix(agency_results, theme):
    """Agencies (rows, theme order) by question numbers (columns): each agency's met rate.

    Only questions some agency answered are shown, numbered consecutively (Q1, Q2, …) by
    :func:`question_numbers`.
    """
    import pandas as pd

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
    import pandas as pd

    numbers = question_numbers(theme, question_ids)
    rows = [{"Number": numbers[q.id], "Finding area": q.finding_area, "Question": q.text}
            for q in theme.questions if q.id in numbers]
    return html_table(pd.DataFrame(rows), "Key to the question numbers")


def agreement_sentence(total: int, disagreed: int, disputed: int) -> str:
    """How often agencies answering the same case question disagreed, and what the panel did.

    ``total`` case questions had answers from two or more agencies; on ``disagreed`` of them
    the answers differed; ``disputed`` of those still have no panel answer.
    """
    which = ("the one case question" if total == 1 else
             f"all {total} case questions" if not disagreed else
             f"{disagreed} of the {total} case questions")
    if not disagreed:
        return f"On {which} answered by more than one agency, the agencies agreed."
    first = f"On {which} answered by more than one agency, the agencies disagreed"
    settled = disagreed - disputed
    if not disputed:
        return f"{first}; the panel settled {plural(settled, 'it', 'every one')}."
    if not settled:
        return f"{first}; the panel has not yet settled {plural(disputed, 'it', 'them')}."
    return (f"{first}; the panel settled {settled} and {disputed} "
            f"{plural(disputed, 'is', 'are')} still disputed.")


def agency_section(audit, answers, results, settings: ReportSettings) -> list:
    """What each agency found: a heatmap of met rates with its key, and agreement counts."""
    from cscp_analysis.analysis.findings import agency_agreement, agency_results
    from cscp_analysis.report.figures import agency_heatmap

    k = settings.threshold
    chart = ("" if k else " The chart shows, for each agency and question, the share of that "
             "agency's answers that met the standard (a dash where the agency gave no answer).")
    items: list = [heading(2, "What each agency found"), md(
        "Each agency's auditor answers the questions from their own records before the panel "
        f"meets.{chart} The table below counts how often the agencies agreed where two or more "
        "of them answered for the same child.")]
    by_agency = agency_results(audit.judgements, audit.theme)
    if k:
        items.append(md(_NOT_DRAWN.format(k=k) + " " + _suppression_note(k)))
    elif len(by_agency):
        matrix = agency_matrix(by_agency, audit.theme)
        items.append(agency_heatmap(matrix, "Met rate by agency and question"))
        items.append(question_key(audit.theme, list(by_agency["question_id"].unique())))
    agreement = agency_agreement(answers, audit.theme)
    agreement = agreement[agreement["multi_agency"] > 0]
    if not len(agreement):
        items.append(md("No question was answered by more than one agency for the same child."))
        return items
    if not k:
        total, disagreed = int(agreement["multi_agency"].sum()), int(agreement["disagreed"].sum())
        disputed = int(results["disputed"].sum())
        items.append(md(agreement_sentence(total, disagreed, disputed)))
        shown = agreement
    else:
        items.append(md("The table counts, per question, the cases two or more agencies "
                        "answered and how often they agreed; answers left for the panel are the "
                        "disputed counts in the key findings."))
        shown = suppress(agreement, k, ["multi_agency", "agreed", "disagreed"],
                         totals={"multi_agency": ["agreed", "disagreed"]})
    table = shown[["question", "multi_agency", "agreed", "disagreed"]].rename(columns={
        "question": "Question", "multi_agency": "Cases answered by 2+ agencies",
        "agreed": "Agreed", "disagreed": "Disagreed"})
    items.append(html_table(table, "Agreement between agencies",
                            numeric=["Cases answered by 2+ agencies", "Agreed", "Disagreed"]))
    return items


# ---------------------------------------------------------------- voice of the child


def quotes_markdown(quotes) -> str:
    """Consented quotes as Markdown block quotes (``voice.shareable_quotes`` rows only)."""
    if not len(quotes):
        return "_No child agreed for what they said to be quoted in this report._"
    return "\n\n".join("> " + " ".join(str(q).split()) for q in quotes["said"])


def voice_sentence(heard: int, quotes: int, cases: int = 0, suppress_below: int = 0) -> str:
    """How many children were heard and how much may be quoted, in words.

    With ``suppress_below`` the number heard is given only if neither it nor the number
    not heard (of ``cases``) is small, and the number of quotes is not given.
    """
    if heard == 0:
        return "No child was heard directly in this audit."
    if suppress_below:
        row = {"cases": cases, "heard": heard, "not_heard": cases - heard}
        import pandas as pd

        shown = suppress(pd.DataFrame([row]), suppress_below, ["cases", "heard", "not_heard"],
                         totals={"cases": ["heard", "not_heard"]}).iloc[0]["heard"]
        if shown == SECONDARY_MARKER:
            return ("Some children spoke to the auditors (how many is not shown, so that "
                    "smaller groups cannot be worked out).")
        if isinstance(shown, str):
            return f"Fewer than {suppress_below} children spoke to the auditors."
        opening = narrative.sentence_start(heard) if heard < 100 else f"A total of {heard}"
        return f"{opening} children spoke to the auditors."
    opening = (narrative.sentence_start(heard) if heard < 100 else f"A total of {heard}")
    text = f"{opening} {plural(heard, 'child', 'children')} spoke to the auditors"
    if quotes:
        text += (f"; {number_words(quotes)} of the things they said "
                 f"{plural(quotes, 'is', 'are')} quoted below with their agreement")
    return text + "."


def voice_section(audit, settings: ReportSettings) -> list:
    """What children told the auditors: how many were heard, consented quotes, themes."""
    from cscp_analysis.analysis import voice
    from cscp_analysis.report.figures import count_bars

    k = settings.threshold
    heard = voice.children_heard(audit.voice)
    quotes = voice.shareable_quotes(audit.voice)
    items: list = [heading(2, "What children told the auditors"), md(
        "What children told the auditors, in their own words. Only what a child agreed could "
        "be shared is quoted here; everything has been de-identified."),
        md(voice_sentence(heard, len(quotes), len(audit.cases), k))]
    if heard == 0:
        return items
    items.append(md(quotes_markdown(quotes)))
    tags = voice.tag_counts(audit.voice)
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


# ---------------------------------------------------------------- recommendations


def _recommendations_path(recommendations: str) -> str:
    """The log's path: "sample" is the bundled synthetic log; "" means none."""
    path = recommendations_path(recommendations)
    return "" if path is None else str(path)


def recommendation_log(recommendations: str):
    """The cycle's recommendations log, or ``None`` when the cycle gives none (``""``).

    ``"sample"`` loads the bundled synthetic log (the notebooks' default for Run All).
    """
    from cscp_analysis.io.recommendations import load_recommendations

    path = _recommendations_path(recommendations)
    return load_recommendations(path) if path else None


def _recommendation_table(status, as_of: str):
    table = status.assign(
        overdue=status["overdue"].map({True: "Overdue", False: ""}),
        loop_closed=status["loop_closed"].map({True: "Yes", False: "No"}),
    )[["recommendation", "finding_area", "owner", "due_by", "status", "overdue", "loop_closed"]]
    return html_table(table.rename(columns={
        "recommendation": "Recommendation", "finding_area": "Finding area", "owner": "Owner",
        "due_by": "Due by", "status": "Status", "overdue": "Overdue?",
        "loop_closed": "Fed back?"}), f"Recommendations as of {long_date(as_of)}")


def recommendations_section(audit, rec_log, settings: ReportSettings) -> list:
    """The recommendations agreed after this audit and where each stands on the report date."""
    from cscp_analysis.analysis import recommendations as recs
    from cscp_analysis.report.figures import count_bars

    items: list = [heading(2, "Recommendations and their status"), md(
        "The recommendations the partnership agreed after this audit, and where each stands on "
        f"{long_date(settings.as_of)}. A recommendation is **overdue** when its due date has "
        "passed and it is still open or in progress; the **loop is closed** once its outcome "
        "has been fed back to the Local Area Safeguarding Groups.")]
    if rec_log is None:
        return items + [md("No recommendations log was given for this audit cycle.")]
    status = recs.recommendation_status(rec_log, settings.as_of)
    mine = status[status["audit_id"] == audit.id]
    if not len(mine):
        return items + [md("No recommendations have been recorded for this audit yet.")]
    if not settings.suppressed:
        counts = recs.status_counts(mine)
        counts = counts[counts["recommendations"] > 0]
        items.append(count_bars(dict(zip(counts["status"], counts["recommendations"],
                                         strict=True)),
                                "Recommendations by status", unit="recommendations"))
    items.append(_recommendation_table(mine, settings.as_of))
    return items


# ---------------------------------------------------------------- how to read, run details


def how_to_read_section(themes: Sequence[Any], settings: ReportSettings) -> list:
    """A plain-English guide to the report's terms and rules, for non-technical readers."""
    k = settings.threshold
    text = ["""\
A multi-agency case audit looks closely at a small number of children's records. It shows
what is working and what needs to change; it is not a statistical survey.

**Met, partly met, not met.** For each question the auditors decide whether the work with
the child met the standard the partnership has agreed: **met** (*Yes*, or *Good* or
*Outstanding* on the graded questions), **partly met** (*Partly*), or **not met** (*No*,
*Requires improvement* or *Inadequate*). **Not applicable** means the question did not
apply to that child; it is left out of the figures.

**The answer that counts.** Several agencies may answer the same question about the same
child. The answer that counts is the panel's, where the panel has agreed one. Otherwise, if
every agency that answered gave the same answer, that answer counts. If they gave different
answers, the case is **disputed**: it is left out of the met rate until the panel settles
it. The report never settles a dispute itself.

**Met rate.** The share of the rated answers (met, partly met or not met) that were met:
each child counts once for each question. Partly met is not counted as met.

**The 95% interval.** Because so few records are audited, a rate could easily have come out
differently with other children. The interval gives the range the rate for all similar
children probably lies in: for 2 of 5 cases met (40%), it is 12% to 77%. A wide interval
means the figure should be read with care. A change between two audits of the same theme is
called an improvement or a decline only when their intervals do not overlap.

**Ages** are in whole years (in months under one year); the age groups (under 1, 1 to 4,
5 to 9, 10 to 15, 16 to 18) are those of the Department for Education's national statistics.

**What children said** is quoted only where the child agreed; nothing in the report names
a child, and children in tables and charts are numbered, never named."""]
    if k:
        text.append(
            f"**Small numbers.** To protect children's privacy, this version of the report hides "
            f"every count from 1 to {k - 1}: it is shown as **<{k}** (fewer than {k}). Where a "
            "hidden count could be worked out from a total, another count is hidden too and "
            "shown as **\\***, and so is any rate worked out from a hidden count. Charts that "
            "would show small counts are not drawn, and sentences give no small counts.")
    else:
        text.append(
            "**Small numbers.** This version of the report shows exact counts, including small "
            "ones that could help identify a child. It is for internal use by the "
            f"{audience_label(settings.audience)} and must not be published as it is: a version "
            "for publication is produced with small numbers hidden (the analysts set this in the "
            "cycle's parameter file, or choose the public audience).")
    rules = [t.rules for t in themes if any(a.rule for a in t.finding_areas)]
    if rules:
        r = rules[0]
        text.append(
            f"**Return home interviews ({r.rhi_hours}-hour rule).** After each missing episode "
            f"the child should be offered an interview within {r.rhi_hours} hours of coming "
            "back. If the return or the interview was recorded without a time, the interview "
            f"counts as on time if held no more than {number_words(r.rhi_hours // 24)} days "
            "after the day of return. An episode with no return recorded (the child still "
            "missing) has no interview due yet.")
        text.append(
            f"**Stage 1 and stage 2 meetings.** A stage 1 meeting falls due on the day a child "
            f"goes missing for the {r.stage1_threshold}th time within {r.window_days} days, a "
            f"stage 2 meeting at the {r.stage2_threshold}th time. Only episodes of going "
            "missing count (not being away from a placement without permission). A meeting "
            "counts only if it is held on or after the day it fell due; one held earlier is "
            "shown but does not count.")
    text.append("*For analysts:* every decision behind these figures, with its reasons, is "
                "set out in the project's technical notes (docs/assumptions.md).")
    return [heading(2, "Assumptions and definitions: how to read this report"),
            md("\n\n".join(text))]


def _without_folders(value: object) -> object:
    """An absolute path as its file name: the fingerprints identify the file, and a full
    path can carry a user's name into a shared report."""
    if isinstance(value, str) and PurePath(value).is_absolute():
        return PurePath(value).name
    return value


def _dl(mapping: Mapping[str, Any]) -> str:
    return "".join(f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(_cell(v))}</dd>"
                   for k, v in mapping.items())


def run_details_html(details: Mapping[str, Any], settings: ReportSettings | None = None,
                     subject: Mapping[str, str] | None = None):
    """The run details: what the report is for, input fingerprints, versions, code version.

    ``details`` is :func:`cscp_analysis.batch.run.run_details`; ``subject`` adds labelled
    lines (e.g. ``{"Audit": "2016-06-cse"}``).
    """
    from IPython.display import HTML

    params = details["parameters"]
    settings = settings or ReportSettings(
        as_of=str(details["as_of"]), audience=str(params.get("audience", "business_group")),
        suppress_below=int(params.get("suppress_below", 0) or 0))
    k = settings.threshold
    about = {
        "Report date": long_date(settings.as_of),
        "Audience": audience_label(settings.audience),
        "Small numbers": (f"counts below {k} hidden in this report and its tables" if k
                          else "exact counts shown (not for publication)"),
        **(subject or {}),
    }
    if k:
        note = ("the files beside this report for the analysts (summary.json and the "
                "executed notebook, .ipynb) keep exact counts: they are for internal use only "
                "and are not for publication.")
    else:
        note = ("this report and the files beside it (tables, summary.json, the executed "
                "notebook, where present) show exact counts: they are for internal use only "
                "and are not for publication.")
    exact = "; ".join(f"{key} {_without_folders(value)}" for key, value in params.items())
    return HTML(
        '<div class="run-details">'
        f"<dl>{_dl(about)}</dl>"
        f'<p class="note"><strong>Not for publication:</strong> {html.escape(note)}</p>'
        f"<h3>Input files (sha256 fingerprints)</h3>"
        f'<dl class="fingerprints">{_dl(details["inputs"])}</dl>'
        f"<h3>Software versions</h3><dl>{_dl(details['versions'])}</dl>"
        f'<h3>Analysis code version</h3><dl class="fingerprints"><dt>git commit</dt>'
        f"<dd>{html.escape(details['git_commit'])}</dd></dl>"
        f'<p class="note">Parameters exactly as given, for analysts reproducing this report: '
        f"{html.escape(exact)}.</p></div>"
    )


def run_details_section(audits: Sequence[Any], settings: ReportSettings,
                        overview: bool = False) -> list:
    """Run details: what the report was produced from, so anyone can produce it again."""
    rec_file = _recommendations_path(settings.recommendations)
    if overview:
        inputs = {f"{a.id}/{name}": digest for a in audits for name, digest in a.inputs.items()}
    else:
        inputs = dict(audits[0].inputs)
    if rec_file:
        inputs["recommendations"] = sha256_file(rec_file)
    ids = ", ".join(a.id for a in audits)
    parameters = {"audits" if overview else "audit": ids, "as_of": settings.as_of,
                  "audience": settings.audience, "suppress_below": settings.suppress_below,
                  "cycle": settings.cycle,
                  "recommendations": settings.recommendations or "none"}
    bundled = str(bundled_recommendations())
    log = ("the bundled sample log" if rec_file == bundled else
           rec_file or "none given for this cycle")
    subject = {"Audits" if overview else "Audit": ids,
               "Audit cycle": settings.cycle or "not given", "Recommendations log": log}
    return [heading(2, "Run details"), md(
        "What this report was produced from, so that anyone can produce it again and get the "
        "same result: the parameters, a fingerprint (sha256) of every input file, the software "
        "versions and the version of the analysis code."),
        run_details_html(run_details(parameters, inputs), settings, subject)]


# ---------------------------------------------------------------- anonymous children


def child_labels(case_ids: Sequence[str]) -> dict[str, str]:
    """Anonymous labels "Child 1", "Child 2", … in the order the ids first appear.

    Used wherever a chart or table needs one line per child: case ids never reach a report.
    """
    labels: dict[str, str] = {}
    for cid in case_ids:
        if cid not in labels:
            labels[cid] = f"Child {len(labels) + 1}"
    return labels

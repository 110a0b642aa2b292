"""The missing-from-home rule blocks a finding area shows (the theme's ``rule:``).

``rhi`` (rule 6.1, return home interviews), ``stage_meetings`` (rule 6.2) and
``placed_in`` (rule 6.3): each explains its rule from the theme's settings and shows
the figures of :class:`~cscp_analysis.analysis.results.AuditResults` (``rhi``,
``rhi_counts``, ``timeline``, ``stages``, ``placed_in``, ``missing_block``). With a
disclosure threshold each shows the ``missing.csv`` measures as ``results.shown`` hides
them (the same cells as the CSV), instead of its charts and per-child tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from cscp_analysis.analysis import narrative
from cscp_analysis.analysis.missing import stage_counts
from cscp_analysis.analysis.narrative import capitalise, plural
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import html_table, labels, paragraphs, text
from cscp_analysis.report.figures import timeliness_chart
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.timeline import episode_timelines
from cscp_analysis.report.wording import held_text, parts, rule_words


def _measures_table(results: AuditResults, settings: ReportSettings, prefixes: Sequence[str],
                    caption: str):
    table = results.shown(settings.threshold)["missing"]  # the CSV's cells, and the rests
    owner = {"_still_missing": "episodes", "_not_received": "placed_in"}
    table = table[table["measure"].map(lambda m: owner.get(m, m.split(".")[0]) in prefixes)]
    words = labels("missing")
    frame = table.assign(measure=table["measure"].map(lambda m: words.get(m, m)))
    return html_table(frame.rename(columns={"measure": "Measure", "value": "Number"}), caption,
                      numeric=["Number"])


def _no_episodes(results: AuditResults) -> bool:
    return not results.audit.has_episodes or not len(results.audit.episodes)


def _withheld(what: str, settings: ReportSettings):
    return text("withheld", what=what, k=settings.threshold)


# ---------------------------------------------------------------- rule 6.1


def _rhi_sentences(results: AuditResults, hours: int) -> list[str]:
    counts, block = results.rhi_counts, results.missing_block
    total, children = block["episodes"], block["children"]
    still = total - counts["due"]
    ended = (f"all {total} had ended" if not still else
             f"{counts['due']} had ended and {still} had no return recorded (the child was "
             "still missing when the records were audited)")
    first = (f"The records show {total} missing {plural(total, 'episode')} of {children} "
             f"{plural(children, 'child', 'children')}: {ended}.")
    outcome = [f"{when} for {n}" for n, when in ((counts["within_72h"], f"within {hours} hours"),
                                                  (counts["late"], "later"),
                                                  (counts["not_held"], "not at all")) if n]
    reasons = parts([(counts["declined"], "declined by the child"),
                     (counts["not_offered"], "not offered"),
                     (counts["other"], "for another or unrecorded reason")])
    second = (f"Of the {counts['due']} {plural(counts['due'], 'episode')} that had ended, the "
              f"interview was held {narrative.join_list(outcome)}" if counts["due"] else
              "No episode had ended, so no interview was due yet")
    if reasons:
        second += f" (not held: {', '.join(reasons)})"
    return [first, second + "."]


def rhi_block(results: AuditResults, settings: ReportSettings) -> list:
    """Return home interviews (rule 6.1): the episodes, how many are still missing, the
    interviews held within the timescale, later or not at all, and a timeliness chart."""
    if _no_episodes(results):
        return [text("notes", key="no_episodes")]
    words = rule_words(results.theme.rules)
    items = [text("rhi_rule", hours=words["hours"], days=words["days"])]
    if settings.suppressed:
        return items + [_withheld("chart", settings), _measures_table(
            results, settings, ("children", "episodes", "rhi"),
            "Missing episodes and return home interviews")]
    items.append(paragraphs(*_rhi_sentences(results, words["hours"])))
    status = results.rhi
    held = status[status["status"].isin(["within_72h", "late"])]
    items.append(timeliness_chart(held["days_to_rhi"].astype(int), held["status"] == "within_72h",
                                  f"{words['hours']} hours", results.rhi_counts["not_held"]))
    return items


# ---------------------------------------------------------------- rule 6.2


def child_labels(case_ids: Sequence[str]) -> dict[str, str]:
    """Anonymous labels "Child 1", "Child 2", … in the order the ids first appear.

    Used wherever a chart or table needs one line per child: case ids never reach a report.
    """
    found: dict[str, str] = {}
    for cid in case_ids:
        if cid not in found:
            found[cid] = f"Child {len(found) + 1}"
    return found


def drawn_children(timeline: pd.DataFrame, limit: int | None = None) -> list:
    """The case ids a per-child chart draws, in the order of their first episode.

    Every child with an episode, or, when there are more than ``limit``, the ``limit``
    with the most episodes (of two with as many, the one whose first episode came first).
    """
    ordered = timeline.sort_values(["missing_from", "case_id"])
    codes, ids = pd.factorize(ordered["case_id"])  # children by first episode
    if limit is None or len(ids) <= limit:
        return list(ids)
    episodes = np.bincount(codes, minlength=len(ids))
    busiest = np.lexsort((np.arange(len(ids)), -episodes))[:limit]
    return list(ids[np.sort(busiest)])


def timeline_frames(results: AuditResults, limit: int | None = None):
    """Episodes, stage due dates and meetings labelled by anonymous child, for the timeline.

    Only the children of :func:`drawn_children` (at most ``limit``), numbered Child 1, …
    in the order of their first episode; ``names`` maps their case ids to the labels.
    """
    names = child_labels(drawn_children(results.timeline, limit))
    timeline = results.timeline[results.timeline["case_id"].isin(list(names))]
    timeline = timeline.sort_values(["missing_from", "case_id"])
    timeline = timeline.assign(_n=pd.factorize(timeline["case_id"])[0])
    timeline = timeline.sort_values(["_n", "missing_from"])
    episodes = pd.DataFrame({
        "child": timeline["case_id"].map(names),
        "start": timeline["missing_from"],
        "counted": timeline["counted"].astype(bool),
    })
    stages = results.stages[results.stages["case_id"].isin(list(names))]
    due = pd.concat([pd.DataFrame({"child": stages["case_id"].map(names), "stage": stage,
                                   "due_on": stages[f"stage{stage}_due"], "_at": np.arange(
                                       len(stages))}) for stage in (1, 2)])
    due = due[due["due_on"].notna()].sort_values(["_at", "stage"], kind="stable")
    meetings = results.audit.meetings
    held = meetings[meetings["case_id"].isin(list(names))]
    held = pd.DataFrame({
        "child": held["case_id"].map(names),
        "stage": held["stage"].astype(int),
        "held_on": held["held_on"],
    })
    return (episodes, due.drop(columns="_at").reset_index(drop=True), held, names)


def stage_meeting_table(results: AuditResults, names: Mapping[str, str]) -> pd.DataFrame:
    """Per child drawn with a stage meeting due: when it fell due, whether and when it was held.

    A meeting of the stage held before it fell due does not count (rule 6.2); the "Held"
    column says so, with its date. ``names`` (case id to label) are the children drawn.
    """
    stages = results.stages[results.stages["case_id"].isin(list(names))]
    meetings = results.audit.meetings
    frames = []
    for stage in (1, 2):
        col = f"stage{stage}"
        part = stages[stages[f"{col}_due"].notna()]
        mine = meetings.loc[meetings["stage"] == stage, ["case_id", "held_on"]].merge(
            part[["case_id", f"{col}_due"]], on="case_id")
        early = mine[mine["held_on"] < mine[f"{col}_due"]].groupby("case_id")["held_on"]
        early = early.agg(sorted)
        frames.append(pd.DataFrame({
            "Child": part["case_id"].map(names),
            "Stage": stage,
            "Due on": part[f"{col}_due"],
            "Held": [held_text(held, early.get(cid, [])) for cid, held in  # at most `limit`
                     zip(part["case_id"], part[f"{col}_held"].tolist(), strict=True)],
            "Held on": part[f"{col}_meeting"],
            "Days after due": part[f"{col}_days"],
            "Required agencies not invited": part[f"{col}_not_invited"],
        }))
    frame = pd.concat(frames, ignore_index=True)
    frame["_order"] = frame["Child"].str.removeprefix("Child ").astype(int)
    return frame.sort_values(["_order", "Stage"]).drop(columns="_order")


def not_drawn_table(results: AuditResults, names: Mapping[str, str]) -> pd.DataFrame:
    """The children with episodes a capped timeline leaves out: how many, their episodes,
    and their stage 1 and 2 meetings due, held and not held (``measure``/``value``)."""
    timeline, stages = results.timeline, results.stages
    others = ~timeline["case_id"].isin(list(names))
    counts = stage_counts(stages[~stages["case_id"].isin(list(names))])
    rows = [("not_drawn.children", timeline.loc[others, "case_id"].nunique()),
            ("not_drawn.episodes", int(others.sum()))]
    rows += [(f"{stage}.{key}", n) for stage, figures in counts.items()
             for key, n in figures.items()]
    return pd.DataFrame(rows, columns=["measure", "value"])


def _stage_sentence(block: Mapping) -> str:
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
    return capitalise("; ".join(sentences)) + "."


def stage_meetings_block(results: AuditResults, settings: ReportSettings) -> list:
    """Stage 1 and 2 meetings (rule 6.2): the rule, a per-child timeline and a table."""
    if _no_episodes(results):
        return [text("notes", key="no_episodes")]
    rules = results.theme.rules
    words = rule_words(rules)
    items = [text("stage_rule", stage1=words["stage1_times"], stage2=words["stage2_times"],
                  window=words["window"], missing=words["missing"], away=words["away"],
                  agencies=narrative.join_list(list(rules.required_agencies)))]
    if settings.suppressed:
        return items + [_withheld("timeline", settings), _measures_table(
            results, settings, ("stage1", "stage2"), "Stage 1 and 2 meetings")]
    items.append(text("stage_figures", figures=_stage_sentence(results.missing_block)))
    episodes, stages, meetings, names = timeline_frames(results, settings.children_drawn)
    others = not_drawn_table(results, names)
    not_drawn = int(others["value"].iloc[0])
    if not_drawn:
        items.append(text("children_not_drawn", drawn=len(names), others=not_drawn,
                          episodes=int(others["value"].iloc[1])))
    items.append(episode_timelines(episodes, stages, meetings,
                                   {1: rules.stage1_threshold, 2: rules.stage2_threshold},
                                   rules.window_days, not_drawn=not_drawn))
    table = stage_meeting_table(results, names)
    if len(table):
        items.append(html_table(table, "Stage meetings due, and whether they were held",
                                numeric=["Stage", "Days after due"]))
    if not_drawn:
        words = labels("missing")
        items.append(html_table(pd.DataFrame({
            "Measure": others["measure"].map(words), "Number": others["value"]}),
            "The children not drawn, and their stage meetings", numeric=["Number"]))
    return items


# ---------------------------------------------------------------- rule 6.3


def placed_in_block(results: AuditResults, settings: ReportSettings) -> list:
    """Children placed here by other authorities (rule 6.3): interview reports sent back."""
    items = [text("placed_in_rule")]
    if _no_episodes(results):
        return items + [text("notes", key="no_episodes")]
    placed = results.placed_in
    if not len(placed):
        return items + [text("notes", key="no_placed_in")]
    if settings.suppressed:
        return items + [_withheld("placed_in", settings), _measures_table(
            results, settings, ("placed_in",), "Return interview reports from placing authorities")]
    figures = results.missing_block["placed_in"]
    requested, received = figures["requested"], figures["reports_received"]
    items.append(paragraphs(
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

"""The timeline of rule 6.2: one line per child drawn, and alt text that summarises it.

:func:`episode_timelines` draws each child's episode starts and the dates its stage
meetings fell due and were held. Its alternative text gives the figures of the whole
chart (children drawn, episodes, due dates, meetings that count and that do not) in a
few sentences whatever the number of children: it never names a child, even by the
report's pseudonym, and its length does not grow with the audit. How many children a
report draws is decided by :mod:`cscp_analysis.report.missing` (``children_drawn``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.dates import AutoDateLocator, DateFormatter

from cscp_analysis.analysis.narrative import capitalise, counted, long_date, plural
from cscp_analysis.report.chart import FONT_SIZE, Chart, new_figure, plain_text, style
from cscp_analysis.report.figures import OKABE_ITO, STAGE_MARKERS


@plain_text
def episode_timelines(episodes: pd.DataFrame, stages: pd.DataFrame, meetings: pd.DataFrame,
                      thresholds: Mapping[int, int], window_days: int,
                      title: str = "Missing episodes per child", not_drawn: int = 0) -> Chart:
    """One line per child: each episode's start, the dates stage meetings fell due and were held.

    Parameters
    ----------
    episodes
        ``child`` (anonymous label such as "Child 1"), ``start`` (datetime), ``counted``
        (bool: counts towards the stage thresholds).
    stages
        ``child``, ``stage`` (1 or 2), ``due_on`` (datetime): when a stage meeting fell due.
    meetings
        ``child``, ``stage``, ``held_on`` (datetime): stage meetings held.
    thresholds
        Stage number to the episode count that triggers it (e.g. ``{1: 5, 2: 9}``).
    window_days
        The rolling window the thresholds count over (e.g. 90 days).
    not_drawn
        Children of the audit left out of the chart (the alt text says how many).
    """
    children = list(dict.fromkeys(episodes["child"]))
    fig = new_figure(8, 0.45 * max(len(children), 1) + 1.8)
    ax = fig.add_subplot()
    index = {child: i for i, child in enumerate(children)}
    y = episodes["child"].map(index).to_numpy(dtype=float)
    towards = episodes["counted"].to_numpy(dtype=bool)
    starts = pd.to_datetime(episodes["start"]).to_numpy()
    ax.scatter(starts[towards], y[towards], marker="|", s=120, color=OKABE_ITO["black"],
               label="Episode start")
    if (~towards).any():
        ax.scatter(starts[~towards], y[~towards], marker="|", s=120, color=OKABE_ITO["sky_blue"],
                   label="Episode not counted")
    for stage, look in STAGE_MARKERS.items():
        due = stages[stages["stage"] == stage]
        if len(due):
            ax.scatter(pd.to_datetime(due["due_on"]).to_numpy(),
                       due["child"].map(index).to_numpy(dtype=float) - 0.28,
                       marker=look["due"], s=55, facecolors="none", edgecolors=look["colour"],
                       linewidths=1.6, label=f"Stage {stage} due ({thresholds.get(stage, '?')} "
                       f"episodes in {window_days} days)")
        held = meetings[meetings["stage"] == stage]
        if len(held):
            ax.scatter(pd.to_datetime(held["held_on"]).to_numpy(),
                       held["child"].map(index).to_numpy(dtype=float) + 0.28,
                       marker=look["held"], s=50, color=look["colour"],
                       label=f"Stage {stage} meeting held")
    ax.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))
    ax.set_yticks(np.arange(len(children)), children, fontsize=FONT_SIZE - 1)
    ax.set_ylim(len(children) - 0.4, -0.6)
    ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    fig.legend(loc="outside lower center", ncol=2, frameon=False, fontsize=FONT_SIZE - 2)
    fig.autofmt_xdate()
    style(ax)
    return Chart(fig, timeline_alt(episodes, stages, meetings, title, not_drawn), title)


def _was(n: int) -> str:
    return plural(n, "was", "were")


def _due_phrase(stages: pd.DataFrame, stage: int) -> str:
    """When a stage meeting fell due, over every child drawn ("for 2 children, between …")."""
    due = stages.loc[stages["stage"] == stage, ["child", "due_on"]]
    n = due["child"].nunique()
    if not n:
        return f"no stage {stage} meeting fell due"
    first, last = pd.Timestamp(due["due_on"].min()), pd.Timestamp(due["due_on"].max())
    when = (f"on {long_date(first)}" if first == last else
            f"between {long_date(first)} and {long_date(last)}")
    return f"a stage {stage} meeting fell due for {counted(n, 'child', 'children')}, {when}"


def _answering(stages: pd.DataFrame, meetings: pd.DataFrame) -> np.ndarray:
    """Per meeting drawn: held on or after its child's first due date for that stage."""
    first_due = stages.groupby(["child", "stage"], sort=False)["due_on"].min()
    key = pd.MultiIndex.from_arrays([meetings["child"], meetings["stage"]])
    due_on = first_due.reindex(key).to_numpy(dtype="datetime64[ns]")
    return pd.to_datetime(meetings["held_on"]).to_numpy(dtype="datetime64[ns]") >= due_on


def timeline_alt(episodes: pd.DataFrame, stages: pd.DataFrame, meetings: pd.DataFrame,
                 title: str, not_drawn: int = 0) -> str:
    """The timeline's alternative text: its figures in a few sentences, naming no child.

    The children drawn and their episodes (fewest and most per child), when stage 1 and
    stage 2 meetings fell due, the meetings held on or after the child's due date and
    those held before any was due; and how many children are not drawn.
    """
    per_child = episodes["child"].value_counts()
    n_children = len(per_child)
    if not n_children:
        return f"Timeline chart, {title}: there is nothing to show."
    fewest, most = int(per_child.min()), int(per_child.max())
    spread = f"{fewest} each" if fewest == most else f"{fewest} to {most} per child"
    text = (f"Timeline chart, {title}. {counted(n_children, 'child', 'children')}, one line "
            f"each, with {counted(len(episodes), 'episode')} ({spread}). "
            + capitalise(f"{_due_phrase(stages, 1)}; {_due_phrase(stages, 2)}") + ".")
    answering = int(_answering(stages, meetings).sum())
    early = len(meetings) - answering
    held = []
    if answering:
        held.append(f"{counted(answering, 'stage meeting')} {_was(answering)} held on or "
                    f"after {plural(answering, 'it was', 'they were')} due")
    if early:
        held.append(f"{counted(early, 'meeting')} {_was(early)} held before any was due "
                    "(not counted)")
    text += (" " + capitalise("; ".join(held)) + "." if held else
             " No stage meeting was held.")
    if not_drawn:
        text += (f" {counted(not_drawn, 'more child', 'more children')} "
                 f"{plural(not_drawn, 'is', 'are')} not drawn.")
    return text

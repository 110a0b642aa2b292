"""Charts for the reports: a colour-blind-safe palette, and every figure with alt text.

Every chart function takes a small tidy table and returns a
:class:`~cscp_analysis.report.chart.Chart` (the figure, its alt text and its title; how
charts are rendered and kept reproducible is :mod:`cscp_analysis.report.chart`). The
per-child timeline of rule 6.2 is drawn in :mod:`cscp_analysis.report.timeline` with this
palette.

What the charts promise the reader (docs/reports.md):

- a category with nothing in it is not drawn: :func:`count_bars` leaves it out and the
  section says in words which had none (:func:`drawn_and_empty`);
- every bar carries its value, and the axis runs past the tallest bar and its label
  (:data:`HEADROOM`), so no bar touches the frame;
- a 95% interval is drawn only on a rate resting on at least
  :data:`~cscp_analysis.report.settings.INTERVAL_MIN_N` answers;
- an agency cell is coloured (and given a rate) only when it rests on at least
  :data:`~cscp_analysis.report.settings.AGENCY_MIN_ANSWERS` answers; every cell shows its
  count ("2 of 3").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import colormaps
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from cscp_analysis.analysis.narrative import counted, plural
from cscp_analysis.report.chart import FONT_SIZE, Chart, new_figure, plain_text, style
from cscp_analysis.report.settings import AGENCY_MIN_ANSWERS, INTERVAL_MIN_N

#: Okabe & Ito's palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: Colours of the three outcomes of a question (met, partly, not met).
OUTCOME_COLOURS: dict[str, str] = {
    "met": OKABE_ITO["bluish_green"],
    "partly": OKABE_ITO["orange"],
    "not_met": OKABE_ITO["vermillion"],
}
OUTCOME_LABELS: dict[str, str] = {"met": "Met", "partly": "Partly met", "not_met": "Not met"}
#: Order in which categories take colours when there is no meaning to encode.
CATEGORY_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["bluish_green"], OKABE_ITO["vermillion"],
    OKABE_ITO["reddish_purple"], OKABE_ITO["sky_blue"], OKABE_ITO["yellow"], OKABE_ITO["black"],
)
#: Sequential colour map for heatmaps: perceptually uniform and colour-blind safe.
HEATMAP_CMAP = "cividis"
#: Stage 1 and stage 2 meetings differ in colour and in shape (due: outline, held: filled).
STAGE_MARKERS: dict[int, dict[str, str]] = {
    1: {"colour": OKABE_ITO["orange"], "due": "v", "held": "o"},
    2: {"colour": OKABE_ITO["reddish_purple"], "due": "D", "held": "s"},
}
#: The value axis runs this much past the tallest bar, leaving room for its label.
HEADROOM = 1.18
#: A white box behind a value label drawn over a bar (readable on colour and hatching).
LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
             "alpha": 0.85}


def _wrap(text: str, width: int = 38) -> str:
    """Wrap a long label onto several lines at word boundaries."""
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\n".join(lines)


def _with_n(label: str, n: int, width: int = 38) -> str:
    """A wrapped axis label ending "(n = 13)", never split across lines."""
    wrapped = _wrap(label, width)
    suffix = f"(n = {n})"
    last = wrapped.rsplit("\n", 1)[-1]
    joiner = " " if len(last) + 1 + len(suffix) <= width else "\n"
    return f"{wrapped}{joiner}{suffix}"


def _listing(pairs: Sequence[tuple[str, object]]) -> str:
    return "; ".join(f"{label}: {value}" for label, value in pairs)


def drawn_and_empty(counts: Mapping[str, int]) -> tuple[dict[str, int], list[str]]:
    """The categories a bar chart draws (a count above 0) and those it leaves out (none)."""
    drawn = {str(k): int(v) for k, v in counts.items() if int(v) > 0}
    return drawn, [str(k) for k, v in counts.items() if int(v) <= 0]


@plain_text
def count_bars(counts: Mapping[str, int], title: str, unit: str = "cases") -> Chart:
    """Horizontal bars of a count per category (e.g. cases by case type), each labelled.

    Categories counting 0 are not drawn (:func:`drawn_and_empty`; the caller names them
    in words), and the alt text says which had none.

    Parameters
    ----------
    counts
        Category label to count, in the order to draw (top to bottom).
    title
        What is counted, e.g. ``"Cases by case type"``.
    unit
        The noun counted, used on the axis and in the alt text.
    """
    drawn, empty = drawn_and_empty(counts)
    labels, values = list(drawn), list(drawn.values())
    fig = new_figure(6.5, 0.45 * max(len(labels), 1) + 1.1)
    ax = fig.add_subplot()
    y = np.arange(len(labels))
    ax.barh(y, values, color=CATEGORY_COLOURS[0])
    ax.set_yticks(y, [_wrap(label, 30) for label in labels])
    ax.invert_yaxis()
    ax.set_xlim(0, max(values, default=1) * HEADROOM + 0.3)
    ax.set_xlabel(f"Number of {unit}", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    ax.xaxis.get_major_locator().set_params(integer=True)
    for yi, v in zip(y, values, strict=True):
        ax.text(v, yi, f" {v}", va="center", fontsize=FONT_SIZE - 1)
    style(ax)
    if not labels:
        return Chart(fig, f"{title}: there is nothing to show.", title)
    alt = f"Bar chart, {title}. " + _listing(list(zip(labels, values, strict=True))) + "."
    if empty:
        alt += f" None in: {', '.join(empty)}."
    return Chart(fig, alt, title)


def _segment_labels(ax, y, left, share, counts) -> None:
    """A segment's count in its middle, where the segment is wide enough to hold it."""
    for yi, x0, width, n in zip(y, left, share, counts, strict=True):
        if n > 0 and width >= 0.07:
            ax.text(x0 + width / 2, yi, str(int(n)), ha="center", va="center",
                    fontsize=FONT_SIZE - 2, bbox=LABEL_BOX)


@plain_text
def findings_chart(findings: pd.DataFrame, title: str,
                   axis_label: str = "Share of cases with an answer",
                   min_n: int = INTERVAL_MIN_N) -> Chart:
    """Stacked bars of met / partly met / not met per question, with the met rate's interval.

    Each segment is labelled with its count (where it is wide enough; the alt text gives
    every count). The interval is drawn only where the row rests on ``min_n`` answers or
    more: on one or two answers it spans most of the axis and says nothing.

    Parameters
    ----------
    findings
        One row per question, columns ``label`` (question wording), ``met``, ``partly``,
        ``not_met`` (case counts), ``rate`` (met share, may be NaN) and ``ci_low``,
        ``ci_high`` (Wilson 95% interval of the rate, may be NaN).
    title
        The finding area's title.
    axis_label
        What the bars are shares of: cases for one question, "Share of answers" where a
        row pools the answers to several questions. Each row's label ends with its n
        (the answers rated met, partly or not met).
    """
    n = len(findings)
    fig = new_figure(7.5, 0.62 * max(n, 1) + 1.5)
    ax = fig.add_subplot()
    y = np.arange(n)
    totals = (findings["met"] + findings["partly"] + findings["not_met"]).to_numpy(dtype=float)
    safe = np.where(totals > 0, totals, 1.0)
    left = np.zeros(n)
    for key in ("met", "partly", "not_met"):
        counts = findings[key].to_numpy(dtype=float)
        share = counts / safe
        ax.barh(y, share, left=left, color=OUTCOME_COLOURS[key], label=OUTCOME_LABELS[key],
                height=0.6, edgecolor="white")
        _segment_labels(ax, y, left, share, counts)
        left = left + share
    rate = pd.to_numeric(findings["rate"], errors="coerce").to_numpy(dtype=float)
    low = pd.to_numeric(findings["ci_low"], errors="coerce").to_numpy(dtype=float)
    high = pd.to_numeric(findings["ci_high"], errors="coerce").to_numpy(dtype=float)
    has = ~np.isnan(rate) & ~np.isnan(low) & ~np.isnan(high) & (totals >= min_n)
    if has.any():
        ax.errorbar(rate[has], y[has] + 0.38, xerr=[rate[has] - low[has], high[has] - rate[has]],
                    fmt="o", color=OKABE_ITO["black"], markersize=3.5, capsize=3, linewidth=1.1,
                    label=f"Met rate, 95% interval (n ≥ {min_n})")
    ax.set_yticks(y, [_with_n(label, int(t)) for label, t in zip(findings["label"], totals,
                                                                   strict=True)])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel(axis_label, fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    fig.legend(loc="outside lower center", ncol=4, frameon=False, fontsize=FONT_SIZE - 1)
    style(ax)
    parts = []
    for row, r, lo, hi, drawn in zip(findings.itertuples(index=False), rate, low, high, has,
                                     strict=True):
        answered = int(row.met + row.partly + row.not_met)
        if not answered:
            parts.append(f"{row.label}: no answers")
            continue
        text = (f"{row.label}: {int(row.met)} met, {int(row.partly)} partly, "
                f"{int(row.not_met)} not met (n = {answered})")
        if not np.isnan(r):
            text += f" (met rate {r:.0%}"
            if drawn:
                text += f", 95% interval {lo:.0%} to {hi:.0%}"
            text += ")"
        parts.append(text)
    alt = f"Stacked bar chart of the findings on {title}. " + "; ".join(parts) + "."
    return Chart(fig, alt, title)


def _ink_on(colour) -> str:
    """Black or white text, whichever reads better on ``colour`` (relative luminance)."""
    r, g, b = colour[:3]
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45 else "white"


@plain_text
def agency_heatmap(met: pd.DataFrame, answered: pd.DataFrame, title: str,
                   min_answers: int = AGENCY_MIN_ANSWERS) -> Chart:
    """Agencies (rows) by questions (columns): every cell its count, "2 of 3".

    A cell resting on ``min_answers`` answers or more is coloured by its met rate
    (``cividis``) and shows the rate under the count; a cell on fewer shows the count
    alone on white; a dash where the agency gave no answer. Nothing relies on colour.

    Parameters
    ----------
    met, answered
        Index: agency names; columns: question labels (``Q1``…); values: the agency's
        answers that met the standard, and its answers rated met, partly or not met
        (0 where it gave none). Same shape.
    """
    met, answered = met.astype(int), answered.reindex_like(met).fillna(0).astype(int)
    rate = (met / answered.where(answered > 0)).astype(float)
    coloured = answered >= min_answers
    rows, cols = max(len(met.index), 1), max(len(met.columns), 1)
    fig = new_figure(max(5.5, 0.8 * cols + 3), 0.55 * rows + 2.2)
    ax = fig.add_subplot()
    if met.size:
        cmap = colormaps[HEATMAP_CMAP]
        sns.heatmap(rate, mask=~coloured.to_numpy(), ax=ax, cmap=cmap, vmin=0, vmax=1,
                    annot=False, linewidths=1, linecolor="#b1b4b6",
                    cbar=bool(coloured.to_numpy().any()),  # no scale when nothing is coloured
                    xticklabels=[_wrap(c, 14) for c in met.columns],
                    cbar_kws={"shrink": 0.8, "format": PercentFormatter(xmax=1, decimals=0),
                              "label": f"Met rate (cells of {min_answers}+ answers)"})
        for (i, j), n in np.ndenumerate(answered.to_numpy()):
            if not n:
                label, ink = "–", "black"
            elif coloured.iat[i, j]:
                label, ink = f"{met.iat[i, j]} of {n}\n{rate.iat[i, j]:.0%}", _ink_on(
                    cmap(rate.iat[i, j]))
            else:
                label, ink = f"{met.iat[i, j]} of {n}", "black"
            ax.text(j + 0.5, i + 0.5, label, ha="center", va="center",
                    fontsize=FONT_SIZE - 2, color=ink)
        ax.set_xlim(0, cols)
        ax.set_ylim(rows, 0)
        for spine in ax.spines.values():
            spine.set_visible(True)
            spine.set_color("#b1b4b6")
        ax.tick_params(axis="x", labelsize=FONT_SIZE - 2, rotation=0)
        ax.tick_params(axis="y", labelsize=FONT_SIZE - 1, rotation=0)
        if len(ax.figure.axes) > 1:
            ax.figure.axes[-1].yaxis.label.set_size(FONT_SIZE - 1)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    parts = []
    for i, agency in enumerate(met.index):
        cells = [f"{col} {met.iat[i, j]} of {answered.iat[i, j]}"
                 + (f" ({rate.iat[i, j]:.0%})" if coloured.iat[i, j] else "")
                 for j, col in enumerate(met.columns) if answered.iat[i, j]]
        parts.append(f"{agency}: " + (", ".join(cells) if cells else "no answers"))
    alt = (f"Table chart, {title}: answers that met the standard of those each agency "
           f"rated; a rate only on {min_answers} or more answers. " + "; ".join(parts) + ".")
    return Chart(fig, alt, title)


@plain_text
def timeliness_chart(days: Sequence[int], on_time: Sequence[bool], limit_label: str,
                     not_held: int, title: str = "Days from return to return home interview",
                     ) -> Chart:
    """The distribution of days from the child's return to the interview.

    One bar per whole day, stacked: within the timescale, then later (hatched); each
    bar's count above it (and, on a day of both kinds, each part's where it fits), with
    room above the tallest bar.

    Parameters
    ----------
    days
        Whole days from return to interview, one value per held interview.
    on_time
        For each interview, whether it met the timescale (rule 6.1 decides, so an
        interview 3 days later can be on time by the calendar-date rule).
    limit_label
        The timescale in words, e.g. ``"72 hours"``.
    not_held
        Due interviews never held (stated in the text, not drawn).
    """
    within, later = f"Within {limit_label}", f"Later than {limit_label}"
    held = pd.DataFrame({"days": [int(x) for x in days], "on_time": [bool(x) for x in on_time]})
    top = int(held["days"].max()) if len(held) else 0
    x = np.arange(0, max(top, 7) + 1)
    counts = {flag: held[held["on_time"] == flag]["days"].value_counts().reindex(x, fill_value=0)
              .to_numpy() for flag in (True, False)}
    fig = new_figure(7, 3.4)
    ax = fig.add_subplot()
    colours = {within: OUTCOME_COLOURS["met"], later: OUTCOME_COLOURS["not_met"]}
    total = counts[True] + counts[False]
    ceiling = max(total.max(), 1) * HEADROOM + 0.5
    bottom = np.zeros(len(x))
    for flag, name, hatch in ((True, within, None), (False, later, "//")):
        shown = counts[flag] > 0
        ax.bar(x[shown], counts[flag][shown], bottom=bottom[shown], width=0.8,
               color=colours[name], hatch=hatch, edgecolor="white")
        both = shown & (counts[not flag] > 0) & (counts[flag] >= 0.08 * ceiling)
        for xi, b, n in zip(x[both], bottom[both], counts[flag][both], strict=True):
            ax.text(xi, b + n / 2, str(n), ha="center", va="center", fontsize=FONT_SIZE - 2,
                    bbox=LABEL_BOX)  # each part of a day shared by both kinds
        bottom = bottom + counts[flag]
    for xi, n in zip(x[total > 0], total[total > 0], strict=True):
        ax.text(xi, n, str(n), ha="center", va="bottom", fontsize=FONT_SIZE - 1)
    fig.legend(handles=[Patch(facecolor=colours[within], label=within),
                        Patch(facecolor=colours[later], hatch="//", label=later)],
               frameon=False, fontsize=FONT_SIZE - 1, loc="outside lower center", ncol=2)
    ax.set_xlim(-0.5, x[-1] + 0.5)
    ax.set_ylim(0, ceiling)
    ax.set_xticks(x)
    ax.set_xlabel("Days from return to interview", fontsize=FONT_SIZE)
    ax.set_ylabel("Interviews", fontsize=FONT_SIZE)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    style(ax)
    n_within = int(held["on_time"].sum())
    alt = (f"Bar chart, {title}. {counted(n_within, 'interview')} "
           f"{plural(n_within, 'was', 'were')} held within {limit_label} and "
           f"{len(held) - n_within} later")
    if len(held):
        alt += f"; the longest wait was {counted(top, 'day')}"
    alt += (f". {counted(not_held, 'due interview')} {plural(not_held, 'was', 'were')} "
            "not held.")
    return Chart(fig, alt, title)

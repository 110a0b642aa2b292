"""Charts for the reports: a colour-blind-safe palette, and every figure with alt text.

Every chart function takes a small tidy table and returns a :class:`Chart`: the
matplotlib figure plus the alternative text a screen-reader user hears instead of it.
Figures are built with ``matplotlib.figure.Figure`` directly (no pyplot global state,
nothing shown twice by the notebook backend) and saved as PNG without the
``Software`` metadata key, so the same data always gives the same bytes. The per-child
timeline of rule 6.2 is drawn in :mod:`cscp_analysis.report.timeline` with this palette.

Labels, titles and legends carry input text (areas, question wording, cohort groups,
audit titles), and matplotlib would read ``$...$`` in them as mathematics (and, with
``text.usetex`` on, hand them to LaTeX): :func:`figure_png` draws every text of a
figure as plain text (and every chart function makes its figure so, since seaborn
measures labels while it draws), so ``$x^2$`` is shown as typed and a label such as
``$\\frac{$`` cannot stop the report.
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import rc_context
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import PercentFormatter

from cscp_analysis.analysis.narrative import counted, plural

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
DPI = 100
FONT_SIZE = 10


@dataclass(frozen=True)
class Chart:
    """A figure and the alternative text that describes what it shows."""

    figure: Figure
    alt: str

    def png(self) -> bytes:
        """The figure as PNG bytes, identical for identical data (no Software/date metadata)."""
        return figure_png(self.figure)

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = base64.b64encode(self.png()).decode("ascii")
        return (
            {"image/png": data, "text/plain": self.alt},
            {"image/png": {"alt": self.alt}},
        )


#: Text is drawn as typed: never as mathtext, never through LaTeX.
PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}


def _plain_text(chart):
    """A chart function that makes its figure with every text plain (:data:`PLAIN_TEXT`)."""
    @functools.wraps(chart)
    def make(*args, **kwargs):
        with rc_context(PLAIN_TEXT):
            return chart(*args, **kwargs)
    return make


def figure_png(fig: Figure) -> bytes:
    """Render a figure to PNG without run-to-run metadata, every text as plain text.

    Texts made before drawing are switched to plain text; tick labels matplotlib makes
    while drawing take the same settings from :data:`PLAIN_TEXT`.
    """
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)
    buffer = io.BytesIO()
    with rc_context(PLAIN_TEXT):
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None},
                    facecolor="white")
    return buffer.getvalue()


def _new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    return fig


def _style(ax) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.tick_params(labelsize=FONT_SIZE)


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


@_plain_text
def count_bars(counts: Mapping[str, int], title: str, unit: str = "cases") -> Chart:
    """Horizontal bars of a count per category (e.g. cases by case type).

    Parameters
    ----------
    counts
        Category label to count, in the order to draw (top to bottom).
    title
        What is counted, e.g. ``"Cases by case type"``.
    unit
        The noun counted, used on the axis and in the alt text.
    """
    labels = [str(k) for k in counts]
    values = [int(v) for v in counts.values()]
    fig = _new_figure(6.5, 0.45 * max(len(labels), 1) + 1.1)
    ax = fig.add_subplot()
    y = np.arange(len(labels))
    ax.barh(y, values, color=CATEGORY_COLOURS[0])
    ax.set_yticks(y, [_wrap(label, 30) for label in labels])
    ax.invert_yaxis()
    ax.set_xlabel(f"Number of {unit}", fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    ax.xaxis.get_major_locator().set_params(integer=True)
    for yi, v in zip(y, values, strict=True):
        ax.text(v, yi, f" {v}", va="center", fontsize=FONT_SIZE - 1)
    _style(ax)
    if not labels:
        return Chart(fig, f"{title}: there is nothing to show.")
    alt = f"Bar chart, {title}. " + _listing(list(zip(labels, values, strict=True))) + "."
    return Chart(fig, alt)


@_plain_text
def findings_chart(findings: pd.DataFrame, title: str,
                   axis_label: str = "Share of cases with an answer") -> Chart:
    """Stacked bars of met / partly met / not met per question, with the met rate's interval.

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
    fig = _new_figure(7.5, 0.62 * max(n, 1) + 1.5)
    ax = fig.add_subplot()
    y = np.arange(n)
    totals = (findings["met"] + findings["partly"] + findings["not_met"]).to_numpy(dtype=float)
    safe = np.where(totals > 0, totals, 1.0)
    left = np.zeros(n)
    for key in ("met", "partly", "not_met"):
        share = findings[key].to_numpy(dtype=float) / safe
        ax.barh(y, share, left=left, color=OUTCOME_COLOURS[key], label=OUTCOME_LABELS[key],
                height=0.6, edgecolor="white")
        left = left + share
    rate = pd.to_numeric(findings["rate"], errors="coerce").to_numpy(dtype=float)
    low = pd.to_numeric(findings["ci_low"], errors="coerce").to_numpy(dtype=float)
    high = pd.to_numeric(findings["ci_high"], errors="coerce").to_numpy(dtype=float)
    has = ~np.isnan(rate) & ~np.isnan(low) & ~np.isnan(high)
    if has.any():
        ax.errorbar(rate[has], y[has], xerr=[rate[has] - low[has], high[has] - rate[has]],
                    fmt="o", color=OKABE_ITO["black"], markersize=4, capsize=4, linewidth=1.2,
                    label="Met rate, 95% interval")
    ax.set_yticks(y, [_with_n(label, int(t)) for label, t in zip(findings["label"], totals,
                                                                   strict=True)])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel(axis_label, fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    fig.legend(loc="outside lower center", ncol=4, frameon=False, fontsize=FONT_SIZE - 1)
    _style(ax)
    parts = []
    for row, r, lo, hi in zip(findings.itertuples(index=False), rate, low, high, strict=True):
        text = (f"{row.label}: {int(row.met)} met, {int(row.partly)} partly, "
                f"{int(row.not_met)} not met (n = {int(row.met + row.partly + row.not_met)})")
        if not np.isnan(r):
            text += f" (met rate {r:.0%}"
            if not (np.isnan(lo) or np.isnan(hi)):
                text += f", 95% interval {lo:.0%} to {hi:.0%}"
            text += ")"
        parts.append(text)
    alt = f"Stacked bar chart of the findings on {title}. " + "; ".join(parts) + "."
    return Chart(fig, alt)


@_plain_text
def agency_heatmap(matrix: pd.DataFrame, title: str, value_label: str = "met rate") -> Chart:
    """Heatmap of agencies (rows) by questions (columns), each cell a share from 0 to 1.

    Drawn with ``seaborn.heatmap`` in the ``cividis`` map; every cell is labelled with
    its percentage (a dash where the agency gave no answer), so nothing relies on colour.

    Parameters
    ----------
    matrix
        Index: agency names; columns: short question labels; values: share of that
        agency's answers to the question that were met (NaN where it gave none).
    """
    values = matrix.astype(float)
    rows, cols = max(len(values.index), 1), max(len(values.columns), 1)
    fig = _new_figure(max(5.5, 0.75 * cols + 3), 0.5 * rows + 2.2)
    ax = fig.add_subplot()
    labels = values.map(lambda v: "–" if pd.isna(v) else f"{v:.0%}")
    if values.size:
        sns.heatmap(values, ax=ax, cmap=HEATMAP_CMAP, vmin=0, vmax=1, annot=labels, fmt="",
                    annot_kws={"fontsize": FONT_SIZE - 2}, linewidths=0.5, linecolor="white",
                    xticklabels=[_wrap(c, 14) for c in values.columns],
                    cbar_kws={"shrink": 0.8, "format": PercentFormatter(xmax=1, decimals=0),
                              "label": value_label.capitalize()})
        for (i, j), v in np.ndenumerate(values.to_numpy()):
            if np.isnan(v):  # seaborn leaves a blank cell blank: say there was no answer
                ax.text(j + 0.5, i + 0.5, "–", ha="center", va="center",
                        fontsize=FONT_SIZE - 2, color="black")
        ax.tick_params(axis="x", labelsize=FONT_SIZE - 2, rotation=0)
        ax.tick_params(axis="y", labelsize=FONT_SIZE - 1, rotation=0)
        ax.figure.axes[-1].yaxis.label.set_size(FONT_SIZE - 1)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    parts = []
    for agency, row in matrix.iterrows():
        cells = [f"{col} {v:.0%}" for col, v in row.items() if not pd.isna(v)]
        parts.append(f"{agency}: " + (", ".join(cells) if cells else "no answers"))
    alt = f"Heatmap, {title}. " + "; ".join(parts) + "."
    return Chart(fig, alt)


@_plain_text
def timeliness_chart(days: Sequence[int], on_time: Sequence[bool], limit_label: str,
                     not_held: int, title: str = "Days from return to return home interview",
                     ) -> Chart:
    """The distribution of days from the child's return to the interview (``sns.histplot``).

    One bar per whole day, stacked: within the timescale, then later (hatched).

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
    held = pd.DataFrame({"days": [int(x) for x in days],
                         "timing": [within if bool(x) else later for x in on_time]})
    top = int(held["days"].max()) if len(held) else 0
    fig = _new_figure(7, 3.4)
    ax = fig.add_subplot()
    colours = {within: OUTCOME_COLOURS["met"], later: OUTCOME_COLOURS["not_met"]}
    if len(held):
        sns.histplot(held, x="days", hue="timing", hue_order=[within, later], multiple="stack",
                     discrete=True, shrink=0.8, palette=colours, alpha=1, edgecolor="white",
                     legend=False, ax=ax)
        late = to_rgba(colours[later])
        for bar in ax.patches:  # late interviews are hatched too, not told by colour alone
            if to_rgba(bar.get_facecolor()) == late:
                bar.set_hatch("//")
    ax.legend(handles=[Patch(facecolor=colours[within], label=within),
                       Patch(facecolor=colours[later], hatch="//", label=later)],
              frameon=False, fontsize=FONT_SIZE - 1)
    x = np.arange(0, max(top, 7) + 1)
    ax.set_xlim(-0.5, x[-1] + 0.5)
    ax.set_xticks(x)
    ax.set_xlabel("Days from return to interview", fontsize=FONT_SIZE)
    ax.set_ylabel("Interviews", fontsize=FONT_SIZE)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    _style(ax)
    n_within = int((held["timing"] == within).sum())
    alt = (f"Bar chart, {title}. {counted(n_within, 'interview')} "
           f"{plural(n_within, 'was', 'were')} held within {limit_label} and "
           f"{len(held) - n_within} later")
    if len(held):
        alt += f"; the longest wait was {counted(top, 'day')}"
    alt += (f". {counted(not_held, 'due interview')} {plural(not_held, 'was', 'were')} "
            "not held.")
    return Chart(fig, alt)

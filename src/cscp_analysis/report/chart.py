"""What every chart is: a figure with its alt text, drawn as plain text, saved the same way.

A :class:`Chart` is the matplotlib figure plus the alternative text a screen-reader user
hears instead of it. Figures are built with ``matplotlib.figure.Figure`` directly (no
pyplot global state, nothing shown twice by the notebook backend).

Two renderings, both identical for identical data:

- **SVG** (:meth:`Chart.svg`): what the report embeds (a ``data:image/svg+xml`` image,
  which the page's policy allows and which runs no script) and what ``charts/`` holds.
  Vector, so crisp at any zoom and in print. Text is drawn as **paths**
  (``svg.fonttype: path``), not as ``<text>``: a chart then looks the same on every
  machine (a locked-down PC without DejaVu Sans would otherwise substitute a wider font
  and labels would overrun), pastes into Word unchanged, and no input text (areas,
  question wording) appears in the SVG's markup at all. The words are in the alt text.
  No ``Date`` or ``Creator`` metadata and a fixed ``svg.hashsalt``, so element ids do
  not change from run to run.
- **PNG** (:meth:`Chart.png`) at :data:`FILE_PPI` (300 ppi, stated in the file's
  ``pHYs`` chunk) for ``charts/``, without the ``Software`` key.

Labels, titles and legends carry input text, and matplotlib would read ``$...$`` in them
as mathematics (and, with ``text.usetex`` on, hand them to LaTeX): every text of a figure
is drawn as plain text (:data:`PLAIN_TEXT`; chart functions make their figures so with
:func:`plain_text`, since seaborn measures labels while it draws), so ``$x^2$`` is shown as
typed and a label such as ``$\\frac{$`` cannot stop the report. A character no font
draws (a tab, a carriage return, a right-to-left mark typed into an area's name) is drawn
as a space (:func:`drawable`), not as an empty box with a warning.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.text import Text

#: The figure's own resolution: sizes in inches times this are the SVG's size in CSS px.
DPI = 100
#: Pixels per inch of the PNG files in ``charts/`` (print quality for Board papers).
FILE_PPI = 300
FONT_SIZE = 10

#: Text is drawn as typed: never as mathtext, never through LaTeX.
PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}
#: SVG output: text as paths, ids that do not change from run to run.
SVG_SETTINGS = {"svg.fonttype": "path", "svg.hashsalt": "cscp-analysis"}


@dataclass(frozen=True)
class Chart:
    """A figure, the alternative text that describes what it shows, and its title.

    ``title`` names the chart's file in ``charts/`` (:mod:`cscp_analysis.report.chart_files`).
    """

    figure: Figure
    alt: str
    title: str = ""

    def png(self, dpi: int = FILE_PPI) -> bytes:
        """The figure as PNG bytes at ``dpi`` (no Software/date metadata)."""
        return _render(self.figure, "png", dpi=dpi, metadata={"Software": None})

    def svg(self) -> bytes:
        """The figure as SVG bytes, text as paths (no date, no creator, fixed ids)."""
        return _render(self.figure, "svg", metadata={"Date": None, "Creator": None})

    def _repr_mimebundle_(self, include=None, exclude=None):
        return (
            {"image/svg+xml": self.svg().decode("utf-8"), "text/plain": self.alt},
            {"image/svg+xml": {"alt": self.alt}},
        )


def plain_text(chart):
    """A chart function that makes its figure with every text plain (:data:`PLAIN_TEXT`)."""
    @functools.wraps(chart)
    def make(*args, **kwargs):
        with rc_context(PLAIN_TEXT):
            return chart(*args, **kwargs)
    return make


def drawable(text: str) -> str:
    """``text`` as a figure can draw it: each character that does not print (a tab, a
    carriage return, a control or formatting character) a space; line breaks kept."""
    return "".join(c if c == "\n" or c.isprintable() else " " for c in text)


def _render(fig: Figure, fmt: str, **options) -> bytes:
    """Save a figure without run-to-run metadata, every text as plain text.

    Texts made before drawing are switched to plain text, drawable (:func:`drawable`);
    tick labels matplotlib makes while drawing take the same settings from
    :data:`PLAIN_TEXT` (the chart functions wrap input text there, which spaces it).
    """
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)
        if (shown := text.get_text()) != (drawn := drawable(shown)):
            text.set_text(drawn)
    buffer = io.BytesIO()
    with rc_context({**PLAIN_TEXT, **SVG_SETTINGS}):
        fig.savefig(buffer, format=fmt, facecolor="white", **options)
    return buffer.getvalue()


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` by ``height`` inches with constrained layout."""
    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def style(ax) -> None:
    """No top or right frame; tick labels at the report's font size."""
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.tick_params(labelsize=FONT_SIZE)

"""Key messages: what most needs improving, what is working well, and what awaits action.

The **selection rule** (docs/assumptions.md, "Key messages") respects small samples: a
finding area or question is flagged *to improve* only when its whole Wilson 95 % interval
lies below the theme's ``levels.to_improve_below``, and *working well* only when the whole
interval lies above ``levels.working_well_above``. Anything whose interval straddles a
level is not flagged: at that sample size the data cannot tell. A question is flagged
only where its finding area as a whole is not flagged the same way (the area says it
already).

:func:`flag` applies the rule to exact tables (``AuditResults.flagged``);
:func:`publishable_flags` applies it to what a disclosure-controlled report may show:
only questions whose met and answered counts it publishes, and areas all of whose
questions it publishes, so a flag or a figure never tells a reader more than the
published findings table does. :func:`key_figures` gathers every figure the key
messages state, each from the tables ``AuditResults`` already holds (``shown(k)`` under a
threshold).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from cscp_analysis.analysis.published import is_hidden

if TYPE_CHECKING:
    from cscp_analysis.analysis.results import AuditResults
    from cscp_analysis.contract.themes import Levels

TO_IMPROVE, WORKING_WELL = "to_improve", "working_well"
#: The columns of a table of flags, in order.
FLAG_COLUMNS = ("flag", "level", "finding_area", "question_id", "label", "met", "answered",
                "rate", "ci_low", "ci_high")


def _flags(table: pd.DataFrame, levels: Levels) -> pd.Series:
    below = table["ci_high"] < levels.to_improve_below  # NaN (nothing rated) is neither
    above = table["ci_low"] > levels.working_well_above
    return pd.Series([TO_IMPROVE if b else WORKING_WELL if a else None
                      for b, a in zip(below, above, strict=True)], index=table.index,
                     dtype=object)


def flag(questions: pd.DataFrame, areas: pd.DataFrame, levels: Levels) -> pd.DataFrame:
    """The finding areas and questions flagged to improve or working well.

    Parameters
    ----------
    questions, areas
        ``AuditResults.questions`` and ``AuditResults.areas`` (or some of their rows):
        ``met``, ``answered``, ``rate`` and the Wilson interval ``ci_low``/``ci_high``.
    levels
        The theme's :class:`~cscp_analysis.contract.themes.Levels`.

    Returns
    -------
    DataFrame
        One row per flagged area or question, columns :data:`FLAG_COLUMNS`: ``flag``
        (``to_improve`` or ``working_well``), ``level`` (``area`` or ``question``),
        ``finding_area``, ``question_id`` (<NA> for an area), ``label`` (the area's title
        or the question's wording) and its figures. Those to improve come first, the
        clearest first (lowest upper bound), then those working well (highest lower
        bound); ties keep the theme's order, areas before their questions.
    """
    area_flags = _flags(areas, levels)
    by_area = dict(zip(areas["finding_area"], area_flags, strict=True))
    question_flags = _flags(questions, levels)
    # a question is flagged only where its area is not flagged the same way
    question_flags[[by_area.get(a) == f for a, f in zip(questions["finding_area"],
                                                         question_flags, strict=True)]] = None
    columns = ["met", "answered", "rate", "ci_low", "ci_high"]
    table = pd.concat([
        pd.DataFrame({"flag": area_flags, "level": "area", "finding_area": areas["finding_area"],
                      "question_id": pd.NA, "label": areas["finding_area"]}
                     ).join(areas[columns]),
        pd.DataFrame({"flag": question_flags, "level": "question",
                      "finding_area": questions["finding_area"],
                      "question_id": questions["question_id"], "label": questions["question"]}
                     ).join(questions[columns]),
    ], ignore_index=True)
    table = table[table["flag"].notna()].reset_index(drop=True)
    table["_order"] = range(len(table))
    table["_key"] = table["ci_high"].where(table["flag"] == TO_IMPROVE, -table["ci_low"])
    table["_first"] = (table["flag"] == WORKING_WELL).astype(int)
    table = table.sort_values(["_first", "_key", "_order"], kind="stable")
    table = table.drop(columns=["_order", "_key", "_first"]).reset_index(drop=True)
    return table.astype({"met": "int64", "answered": "int64"})[list(FLAG_COLUMNS)]


def shown_questions(shown_findings: pd.DataFrame) -> list[str]:
    """The questions whose met and answered counts a report publishes (neither hidden)."""
    if not len(shown_findings):
        return []
    ok = [not is_hidden(m) and not is_hidden(n)
          for m, n in zip(shown_findings["met"], shown_findings["answered"], strict=True)]
    return list(shown_findings.loc[ok, "question_id"])


def published_areas(shown_findings: pd.DataFrame) -> set[str]:
    """The finding areas all of whose questions' met and answered counts a report
    publishes: their figures are sums of published counts, so may be stated too."""
    kept = set(shown_questions(shown_findings))
    return {area for area, ids in shown_findings.groupby("finding_area")["question_id"]
            if set(ids) <= kept} if len(shown_findings) else set()


def publishable_flags(questions: pd.DataFrame, areas: pd.DataFrame,
                      shown_findings: pd.DataFrame, levels: Levels) -> pd.DataFrame:
    """:func:`flag` on what a disclosure-controlled report publishes.

    Only the questions whose met and answered counts ``shown_findings`` (the report's
    ``results.shown(k)["findings"]``) shows, and the areas all of whose questions it
    shows (:func:`published_areas`), are judged. So a flag and its figure follow from
    the published table, and tell a reader nothing it hides.
    """
    kept = set(shown_questions(shown_findings))
    return flag(questions[questions["question_id"].isin(kept)],
                areas[areas["finding_area"].isin(published_areas(shown_findings))], levels)


# ---------------------------------------------------------------- every figure stated


@dataclass(frozen=True)
class KeyFigures:
    """Every figure the key messages state, each as it may be published.

    ``flags``: the flagged areas and questions (:func:`flag`, or
    :func:`publishable_flags` under a threshold). ``partial``: some question's figures
    are hidden, so not everything could be judged. ``rules``: the missing-from-home rule
    results that can be stated, ``{name: (part, whole)}`` for ``rhi`` (interviews within
    the timescale of episodes ended), ``stage1`` / ``stage2`` (meetings held of children
    with one due) and ``placed_in`` (reports received of reports requested).
    ``disputed``: answers awaiting the panel (None: cannot be stated, some count is
    hidden). ``overdue``: recommendations overdue on the report date, exact under
    any threshold (None: no log, or no date to judge it); ``recommendations``: this audit's
    recommendations (None without a log). ``panel``: the panel's own ``Working well`` and
    ``To improve`` lines for the audit as a whole (``kind``, ``text``), in that order.
    """

    flags: pd.DataFrame
    partial: bool = False
    rules: dict[str, tuple[int, int]] = field(default_factory=dict)
    disputed: int | None = None
    overdue: int | None = None
    recommendations: int | None = None
    panel: pd.DataFrame | None = None


def _rule_figures(results: AuditResults, k: int) -> dict[str, tuple[int, int]]:
    shown = results.shown(k).get("missing")
    if shown is None or not len(shown):
        return {}
    values = dict(zip(shown["measure"], shown["value"], strict=True))
    rules = {area.rule for area in results.theme.finding_areas}
    pairs = {"rhi": ("rhi.within_72h", "rhi.due"),
             "stage1": ("stage1.held", "stage1.due"), "stage2": ("stage2.held", "stage2.due"),
             "placed_in": ("placed_in.reports_received", "placed_in.requested")}
    rule_of = {"rhi": "rhi", "stage1": "stage_meetings", "stage2": "stage_meetings",
               "placed_in": "placed_in"}
    figures = {}
    for name, (part, whole) in pairs.items():
        if rule_of[name] not in rules:
            continue
        got = values.get(part), values.get(whole)
        if any(v is None or is_hidden(v) for v in got) or not int(got[1]):
            continue  # hidden, or nothing was due: no figure to state
        figures[name] = (int(got[0]), int(got[1]))
    return figures


def _disputed(shown_findings: pd.DataFrame) -> int | None:
    values = list(shown_findings["disputed"]) if len(shown_findings) else []
    if any(is_hidden(v) for v in values):
        return None  # the total would give a hidden count away
    return int(sum(int(v) for v in values))


def _overdue(results: AuditResults) -> tuple[int | None, int | None]:
    """Recommendations overdue on the report date, and made: exact under any threshold
    (they count commitments, not children, and the reports list each one)."""
    status = results.recommendation_status
    if status is None:
        return None, None
    overdue = status["overdue"]
    if not len(status):
        return 0, 0
    if overdue.isna().all():
        return None, len(status)
    return int(overdue.fillna(False).sum()), len(status)


def key_figures(results: AuditResults, k: int = 0) -> KeyFigures:
    """Every figure of the key messages of ``results`` at threshold ``k`` (0: exact).

    Reads only the tables ``results`` holds: ``flagged_shown(k)``, ``shown(k)``'s
    findings and missing measures, ``recommendation_status`` and ``learning``.
    """
    shown_findings = results.shown(k)["findings"]
    partial = len(shown_questions(shown_findings)) < len(shown_findings)
    overdue, recommendations = _overdue(results)
    return KeyFigures(flags=results.flagged_shown(k), partial=partial,
                      rules=_rule_figures(results, k), disputed=_disputed(shown_findings),
                      overdue=overdue, recommendations=recommendations,
                      panel=_panel_lines(results.learning))


#: The kinds of the panel's learning the key messages quote, in order.
PANEL_KINDS = ("Working well", "To improve")


def _panel_lines(learning: pd.DataFrame) -> pd.DataFrame:
    """The panel's Working well then To improve lines for the whole audit (no area)."""
    whole = learning[learning["finding_area"].isna() & learning["kind"].isin(PANEL_KINDS)]
    order = whole["kind"].map({kind: i for i, kind in enumerate(PANEL_KINDS)})
    return whole.assign(_order=order).sort_values("_order", kind="stable")[
        ["kind", "text"]].reset_index(drop=True)

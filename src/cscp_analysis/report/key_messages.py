"""Key messages: the report's first section after its introduction, read in a minute.

The figures are :func:`cscp_analysis.analysis.key_messages.key_figures` (the flagged
areas and questions, the missing-from-home rule results, what awaits action), each as
the report's disclosure threshold lets it be stated; the words are
``templates/report/text/key_messages.html.j2``.
"""

from __future__ import annotations

from cscp_analysis.analysis.key_messages import TO_IMPROVE, WORKING_WELL, KeyFigures, key_figures
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import heading, text
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.wording import (
    disputed_phrase,
    of_phrase,
    overdue_phrase,
    rule_words,
    share_level,
)

#: The most areas or questions listed each way; the rest are counted ("and 2 more").
LISTED = 4


def _figure(row) -> str:
    unit = ("answer", None) if row["level"] == "area" else ("case", None)
    return f"{of_phrase(row['met'], row['answered'], *unit)} met the standard"


def _listed(figures: KeyFigures, which: str) -> tuple[list[dict], int]:
    rows = figures.flags[figures.flags["flag"] == which].to_dict("records")
    return ([{"label": r["label"], "figure": _figure(r)} for r in rows[:LISTED]],
            max(0, len(rows) - LISTED))


def _rules(results: AuditResults, figures: KeyFigures) -> dict[str, str]:
    nouns = {"rhi": ("episode", None), "stage1": ("child", "children"),
             "stage2": ("child", "children"), "placed_in": ("report", None)}
    said = {name: of_phrase(part, whole, *nouns[name])
            for name, (part, whole) in figures.rules.items()}
    return {"hours": str(rule_words(results.theme.rules)["hours"]),
            **{name: said.get(name, "") for name in nouns}}


def key_messages_section(results: AuditResults, settings: ReportSettings) -> list:
    """Key messages: what to improve and what works (by the theme's levels, only where
    the sample shows it clearly), the missing-from-home rule results, what awaits the
    panel and the recommendations' owners, and the panel's own words on the audit."""
    k = settings.threshold
    figures = key_figures(results, k)
    improve, more_improve = _listed(figures, TO_IMPROVE)
    well, more_well = _listed(figures, WORKING_WELL)
    levels = results.theme.levels
    overdue = ("" if figures.overdue is None else
               overdue_phrase(figures.overdue, figures.recommendations, settings.as_of))
    return [heading(2, "Key messages"), text(
        "key_messages", improve=improve, more_improve=more_improve, well=well,
        more_well=more_well, below=share_level(levels.to_improve_below),
        above=share_level(levels.working_well_above), partial=figures.partial,
        rules=_rules(results, figures), disputed=disputed_phrase(figures.disputed),
        overdue=overdue, panel=figures.panel.to_dict("records"))]

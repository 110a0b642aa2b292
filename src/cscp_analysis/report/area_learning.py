"""What a finding area's section shows after its figures: the panel's learning for the area,
the recommendations that answer it and the actions taken.

The learning is ``results.learning`` (the audit's ``learning.csv``: input text, shown as
text through the escaping templates, marked as the panel's own words); the
recommendations are this audit's rows of the log whose ``finding_area`` is the area
(``results.recommendation_status``: status, overdue on the report date, whether the loop
is closed). The audit-wide ``Working well`` and ``To improve`` lines are the key
messages' (:mod:`cscp_analysis.report.key_messages`); the audit-wide practitioner
feedback and actions close the Key findings (:func:`audit_learning`).
"""

from __future__ import annotations

import pandas as pd

from cscp_analysis.analysis.narrative import long_date
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import heading, snippet
from cscp_analysis.report.recommendations import recommendation_table
from cscp_analysis.report.settings import ReportSettings

#: The kinds of learning shown as the panel's words, in order; ``Action taken`` lines are
#: shown with their dates after the recommendations.
PANEL_KINDS = ("Working well", "To improve", "Practitioner feedback")
ACTION = "Action taken"


def _lines(learning: pd.DataFrame, kinds) -> list[dict]:
    return [{"kind": kind, "text": said} for kind in kinds
            for said in learning.loc[learning["kind"] == kind, "text"]]


def panel_lines(learning: pd.DataFrame, kinds=PANEL_KINDS):
    """The learning lines of ``kinds`` (in that order), marked as the panel's own words;
    None when there are none."""
    lines = _lines(learning, kinds)
    return snippet("parts/panel_learning.html.j2", lines=lines) if lines else None


def actions_taken(learning: pd.DataFrame):
    """The ``Action taken`` lines with their dates, as the panel recorded them; None when
    there are none."""
    actions = learning[learning["kind"] == ACTION]
    if not len(actions):
        return None
    return snippet("parts/actions_taken.html.j2", actions=[
        {"on": long_date(on), "text": said}
        for on, said in zip(actions["on"], actions["text"], strict=True)])


def _learning_items(mine: pd.DataFrame, kinds, recommendations=None) -> list:
    return [item for item in (panel_lines(mine, kinds), recommendations, actions_taken(mine))
            if item is not None]


def area_learning(results: AuditResults, area: str, settings: ReportSettings) -> list:
    """The panel's learning (working well, to improve, practitioner feedback), the
    recommendations answering the area and the actions taken, for one finding area
    (``area``: its title as the theme gives it); empty when there are none."""
    learning = results.learning
    mine = learning[learning["finding_area"].fillna("") == area]
    status = results.recommendation_status
    table = None
    if status is not None:
        answering = status[status["finding_area"].fillna("") == area]
        if len(answering):
            table = recommendation_table(
                answering, settings.as_of, area=False,
                caption=f"{area}: recommendations as of {long_date(settings.as_of)}")
    return _learning_items(mine, PANEL_KINDS, table)


def audit_learning(results: AuditResults) -> list:
    """The panel's practitioner feedback and actions for the audit as a whole (learning
    with no finding area), under their own heading; empty when there are none."""
    learning = results.learning
    mine = learning[learning["finding_area"].isna()
                    & learning["kind"].isin(["Practitioner feedback", ACTION])]
    if not len(mine):
        return []
    return [heading(3, "The audit as a whole"),
            *_learning_items(mine, ("Practitioner feedback",))]

"""The ``missing`` block of ``summary.json`` (data-contract section 10), from the rule tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from cscp_analysis.analysis.missing.interviews import rhi_counts, rhi_status
from cscp_analysis.analysis.missing.placed_in import placed_in
from cscp_analysis.analysis.missing.stages import stage_meetings
from cscp_analysis.contract.themes import MissingRules
from cscp_analysis.io.audit import Audit


def summary_block(
    source: Audit | Mapping[str, pd.DataFrame], rules: MissingRules | None = None
) -> dict[str, Any] | None:
    """The ``missing`` block of ``summary.json`` (data-contract section 10).

    Parameters
    ----------
    source
        An :class:`~cscp_analysis.io.audit.Audit` (its theme's rules are used unless
        ``rules`` is given), or a mapping with ``episodes`` and ``meetings`` tables.
    rules
        Rule settings; default: the audit theme's, else the contract defaults.

    Returns
    -------
    dict or None
        ``children`` (distinct children with at least one episode), ``episodes``,
        ``rhi`` (rule 6.1 counts), ``stage1`` / ``stage2`` (children with the meeting
        due, held, not held) and ``placed_in`` (``episodes``: every episode with a placing
        authority; ``requested``: those that ended, whose interview was requested back;
        ``reports_received``). ``None`` when there are no episodes (the block is then left
        out of the summary).
    """
    if isinstance(source, Audit):
        episodes, meetings = source.episodes, source.meetings
        rules = rules or source.theme.rules
    else:
        episodes, meetings = source["episodes"], source.get("meetings")
    rules = rules or MissingRules()
    if episodes is None or len(episodes) == 0:
        return None
    if meetings is None:
        meetings = pd.DataFrame(
            {
                "case_id": pd.Series([], dtype=object),
                "stage": pd.Series([], dtype=np.int64),
                "held_on": pd.Series([], dtype="datetime64[ns]"),
                "agencies_invited": pd.Series([], dtype=object),
            }
        )
    stages = stage_meetings(episodes, meetings, rules)
    return block_from_tables(episodes, rhi_counts(rhi_status(episodes, rules)), stages,
                             placed_in(episodes))


def stage_counts(stages: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Children with a stage 1 and a stage 2 meeting due, held and not held.

    ``stages`` is :func:`stage_meetings` (or some of its rows): the ``stage1`` and
    ``stage2`` entries of the ``missing`` block, counted over those children.
    """
    counts = {}
    for stage in (1, 2):
        held = stages[f"stage{stage}_held"]
        counts[f"stage{stage}"] = {
            "due": int(held.notna().sum()),
            "held": int((held == True).sum()),  # noqa: E712 (nullable boolean)
            "not_held": int((held == False).sum()),  # noqa: E712
        }
    return counts


def block_from_tables(
    episodes: pd.DataFrame, rhi: Mapping[str, int], stages: pd.DataFrame, placed: pd.DataFrame
) -> dict[str, Any]:
    """The ``missing`` block from the rule tables already computed (see :func:`summary_block`).

    ``rhi`` is :func:`rhi_counts`, ``stages`` :func:`stage_meetings` and ``placed``
    :func:`placed_in` of the same ``episodes``.
    """
    block: dict[str, Any] = {
        "children": int(episodes["case_id"].nunique()),
        "episodes": int(len(episodes)),
        "rhi": dict(rhi),
    }
    block.update(stage_counts(stages))
    block["placed_in"] = {
        "episodes": int(placed["episodes"].sum()),
        "requested": int(placed["requested"].sum()),
        "reports_received": int(placed["received"].sum()),
    }
    return block

"""Per-episode and per-child facts for a child's timeline: durations, runs, crossings."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cscp_analysis.analysis.missing.episodes import id_columns
from cscp_analysis.analysis.missing.stages import first_reaching, rolling_arrays, stage_due_dates
from cscp_analysis.contract.themes import MissingRules


def episode_timeline(episodes: pd.DataFrame, rules: MissingRules | None = None) -> pd.DataFrame:
    """Every episode with what a per-child timeline needs.

    Returns
    -------
    DataFrame
        One row per input episode, sorted by child (order of first appearance) and start:
        the identifying columns, ``kind``, ``missing_from``, ``returned``,
        ``still_missing``, ``duration_hours`` (float; NaN while still missing),
        ``counted`` (the kind counts for rule 6.2), ``rolling_count`` (<NA> when not
        counted), and ``stage1_crossing`` / ``stage2_crossing`` (this episode's start
        date is the child's stage 1 / stage 2 due date, on its first counting episode of
        that date).
    """
    rules = rules or MissingRules()
    positions, codes, _days, counts = rolling_arrays(episodes, rules)
    n = len(episodes)
    rolling = np.full(n, -1, dtype=np.int64)
    rolling[positions] = counts
    crossings = {}
    for stage, threshold in ((1, rules.stage1_threshold), (2, rules.stage2_threshold)):
        mark = np.zeros(n, dtype=bool)
        mark[positions[first_reaching(codes, counts, threshold)]] = True
        crossings[stage] = mark
    cols = [*id_columns(episodes), "kind", "missing_from", "returned"]
    out = episodes[cols].reset_index(drop=True)
    out["still_missing"] = out["returned"].isna().to_numpy()
    delta = out["returned"].to_numpy(dtype="datetime64[ns]") - out["missing_from"].to_numpy(
        dtype="datetime64[ns]"
    )
    out["duration_hours"] = delta.astype("timedelta64[s]").astype(np.float64) / 3600.0
    out.loc[out["still_missing"], "duration_hours"] = np.nan
    out["counted"] = rolling >= 0
    out["rolling_count"] = pd.array(np.where(rolling >= 0, rolling, 0), dtype="Int64")
    out.loc[~out["counted"], "rolling_count"] = pd.NA
    out["stage1_crossing"] = crossings[1]
    out["stage2_crossing"] = crossings[2]
    out["_child"] = pd.factorize(out["case_id"])[0]  # children in order of first appearance
    out = out.sort_values(["_child", "missing_from"], kind="stable").drop(columns="_child")
    return out.reset_index(drop=True)


def episode_profile(episodes: pd.DataFrame, rules: MissingRules | None = None) -> pd.DataFrame:
    """Per child: how often, how long, and the repeat pattern of going missing.

    Returns
    -------
    DataFrame
        One row per child with an episode: ``case_id``, ``episodes``, ``counted``
        (episodes that count for rule 6.2), ``still_missing``, ``first_missing``,
        ``last_missing``, ``total_hours`` / ``median_hours`` / ``longest_hours`` (of
        ended episodes), ``peak_rolling_count``, ``longest_run`` (the most counting
        episodes in a chain where each starts within ``window_days - 1`` days of the one
        before), ``stage1_due`` and ``stage2_due``.
    """
    rules = rules or MissingRules()
    timeline = episode_timeline(episodes, rules)
    grouped = timeline.groupby("case_id", sort=False)
    profile = pd.DataFrame(
        {
            "episodes": grouped.size(),
            "counted": grouped["counted"].sum(),
            "still_missing": grouped["still_missing"].sum(),
            "first_missing": grouped["missing_from"].min(),
            "last_missing": grouped["missing_from"].max(),
            "total_hours": grouped["duration_hours"].sum(min_count=1),
            "median_hours": grouped["duration_hours"].median(),
            "longest_hours": grouped["duration_hours"].max(),
        }
    )
    counted = timeline[timeline["counted"]]
    day = counted["missing_from"].dt.floor("D")
    gap = day.groupby(counted["case_id"]).diff().dt.days
    new_run = (gap.isna() | (gap > rules.window_days - 1)).to_numpy()
    run_id = np.cumsum(new_run)
    run_len = pd.Series(run_id).map(pd.Series(run_id).value_counts()).to_numpy()
    longest = pd.Series(run_len, index=counted["case_id"].to_numpy()).groupby(level=0).max()
    profile["longest_run"] = longest.reindex(profile.index).fillna(0).astype(np.int64)
    due = stage_due_dates(episodes, rules).set_index("case_id")
    profile = profile.join(due, how="left")
    profile["peak_rolling_count"] = profile["peak_rolling_count"].fillna(0).astype(np.int64)
    for col in ("episodes", "counted", "still_missing"):
        profile[col] = profile[col].astype(np.int64)
    return profile.reset_index(names="case_id")

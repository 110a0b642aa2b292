"""Rule 6.1: was each return home interview held within the theme's hours of the return?"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cscp_analysis.analysis.missing.episodes import date_only_flag, day_numbers, equals, id_columns
from cscp_analysis.contract.themes import MissingRules

#: Rule 6.1 statuses and not-held reasons, in report order.
RHI_STATUSES: tuple[str, ...] = ("within_72h", "late", "not_held")
RHI_REASONS: tuple[str, ...] = ("declined", "not_offered", "other")
RHI_COUNT_COLUMNS: tuple[str, ...] = ("due",) + RHI_STATUSES + RHI_REASONS


def rhi_status(episodes: pd.DataFrame, rules: MissingRules | None = None) -> pd.DataFrame:
    """Rule 6.1: the return home interview status of every episode.

    Parameters
    ----------
    episodes
        Tidy episodes table.
    rules
        The theme's rule settings (``rhi_hours``, default 72).

    Returns
    -------
    DataFrame
        One row per input episode, in input order: the identifying columns
        (``case_id``, ``episode_id``, ``row``), ``placing_authority``, ``due`` (the child
        has returned), ``calendar_rule`` (the return or the interview is date-only, so
        calendar dates are compared), ``hours_to_rhi`` (float; only when both values have
        a clock time), ``days_to_rhi`` (calendar days from return date to interview date),
        ``status`` (``within_72h`` / ``late`` / ``not_held``; <NA> when not due) and
        ``reason`` (``declined`` / ``not_offered`` / ``other`` for ``not_held``, else <NA>).

    Notes
    -----
    ``within_72h`` means held no more than ``rhi_hours`` after the return; under the
    calendar rule, held no later than ``rhi_hours / 24`` days after the return date.
    A not-held interview is ``declined`` when ``rhi_accepted`` is No, else
    ``not_offered`` when ``rhi_offered`` is No, else ``other``.
    """
    rules = rules or MissingRules()
    returned = episodes["returned"].to_numpy(dtype="datetime64[ns]")
    held = episodes["rhi_held"].to_numpy(dtype="datetime64[ns]")
    due = ~np.isnat(returned)
    is_held = due & ~np.isnat(held)
    calendar = (date_only_flag(episodes, "returned_date_only")
                | date_only_flag(episodes, "rhi_held_date_only"))

    hours = (held - returned).astype("timedelta64[s]").astype(np.float64) / 3600.0
    hours[~is_held | calendar] = np.nan
    days = (day_numbers(episodes["rhi_held"]) - day_numbers(episodes["returned"])).astype(
        np.float64
    )
    days[~is_held] = np.nan

    within = np.where(calendar, days <= rules.rhi_hours / 24.0, hours <= rules.rhi_hours)
    within &= is_held
    status = np.full(len(episodes), -1, dtype=np.int64)  # positions in RHI_STATUSES
    status[due] = RHI_STATUSES.index("not_held")
    status[is_held] = RHI_STATUSES.index("late")
    status[within] = RHI_STATUSES.index("within_72h")

    not_held = due & ~is_held
    declined = equals(episodes["rhi_accepted"], "No")
    not_offered = equals(episodes["rhi_offered"], "No")
    reason = np.full(len(episodes), -1, dtype=np.int64)  # positions in RHI_REASONS
    reason[not_held] = RHI_REASONS.index("other")
    reason[not_held & not_offered & ~declined] = RHI_REASONS.index("not_offered")
    reason[not_held & declined] = RHI_REASONS.index("declined")

    out = episodes[id_columns(episodes)].copy()
    out["placing_authority"] = episodes["placing_authority"]
    out["due"] = due
    out["calendar_rule"] = calendar & is_held
    out["hours_to_rhi"] = hours
    out["days_to_rhi"] = pd.arrays.IntegerArray(np.where(is_held, days, 0).astype(np.int64),
                                                ~is_held)
    out["status"] = _named(RHI_STATUSES, status)
    out["reason"] = _named(RHI_REASONS, reason)
    return out


def _named(names: tuple[str, ...], at: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """The name at each position of ``at`` (<NA> at -1) as text, taken without a Python
    string per episode."""
    return pd.array(list(names), dtype="string").take(at, allow_fill=True)


def rhi_counts(status: pd.DataFrame) -> dict[str, int]:
    """Rule 6.1 counts of an :func:`rhi_status` table: due, each status and each reason."""
    counts = {"due": int(status["due"].sum())}
    statuses, reasons = status["status"].value_counts(), status["reason"].value_counts()
    counts |= {name: int(statuses.get(name, 0)) for name in RHI_STATUSES}
    counts |= {name: int(reasons.get(name, 0)) for name in RHI_REASONS}
    return counts


def rhi_summary(
    episodes: pd.DataFrame,
    rules: MissingRules | None = None,
    cases: pd.DataFrame | None = None,
    by: str = "overall",
) -> pd.DataFrame:
    """Rule 6.1 counts, overall or per group.

    Parameters
    ----------
    episodes, rules
        As for :func:`rhi_status`.
    cases
        Tidy cases table; needed only for ``by="area"``.
    by
        ``"overall"`` (one row), ``"child"`` (one row per child with an episode),
        ``"authority"`` (``own`` children vs ``placed_in`` by another authority) or
        ``"area"`` (the child's area in ``cases``).

    Returns
    -------
    DataFrame
        A ``group`` column, then ``due``, ``within_72h``, ``late``, ``not_held``,
        ``declined``, ``not_offered``, ``other`` and ``rate_within`` (within_72h ÷ due,
        <NA> when nothing is due).
    """
    status = rhi_status(episodes, rules)
    if by == "overall":
        keys = pd.Series("all", index=status.index)
    elif by == "child":
        keys = status["case_id"].astype("string")
    elif by == "authority":
        placed = status["placing_authority"].notna().to_numpy()
        keys = pd.Series(np.where(placed, "placed_in", "own"), index=status.index)
    elif by == "area":
        if cases is None:
            raise ValueError("rhi_summary(by='area') needs the cases table")
        area = dict(zip(cases["case_id"], cases["area"], strict=False))
        keys = status["case_id"].map(area).fillna("unknown area")
    else:
        raise ValueError(f"unknown grouping {by!r}: expected overall, child, authority or area")
    rows = []
    for group, part in status.groupby(keys.to_numpy(), sort=True):
        rows.append({"group": group, **rhi_counts(part)})
    table = pd.DataFrame(rows, columns=["group", *RHI_COUNT_COLUMNS])
    if by == "overall" and table.empty:
        table = pd.DataFrame([{"group": "all", **rhi_counts(status)}])
    due = table["due"].astype("Float64")
    table["rate_within"] = (table["within_72h"] / due.where(due > 0)).round(3)
    return table

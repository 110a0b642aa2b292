"""Missing from home or care: rules 6.1, 6.2 and 6.3 of the data contract.

Every function takes the tidy ``episodes`` / ``meetings`` / ``cases`` tables described
in :mod:`cscp_analysis.io.audit` and the theme's
:class:`~cscp_analysis.contract.themes.MissingRules`,
and returns a new table; nothing is changed in place.

- Rule 6.1 (:func:`rhi_status`, :func:`rhi_summary`): was each return home interview
  held within 72 hours of the return?
- Rule 6.2 (:func:`rolling_counts`, :func:`stage_due_dates`, :func:`stage_meetings`):
  when did a child's rolling 90-day count of episodes reach the stage 1 / stage 2
  thresholds, and was a meeting of that stage held on or after that date?
- Rule 6.3 (:func:`placed_in`): for children placed here by other authorities, how
  many interviews were requested back and how many came back.
- :func:`episode_timeline` and :func:`episode_profile`: per-episode and per-child
  facts a notebook needs to draw a child's timeline with the threshold crossings.
- :func:`summary_block`: the ``missing`` block of ``summary.json`` (contract section 10).

Rule 6.2 is vectorised (sort once, then ``np.searchsorted`` on a combined
child-and-day key) so that it serves national data (a million episodes) as well as a
partnership's few dozen. Decisions where the contract is silent: ``docs/missing-rules.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from cscp_analysis.contract.codes import fold
from cscp_analysis.contract.themes import MissingRules
from cscp_analysis.io.audit import Audit

#: Rule 6.1 statuses and not-held reasons, in report order.
RHI_STATUSES: tuple[str, ...] = ("within_72h", "late", "not_held")
RHI_REASONS: tuple[str, ...] = ("declined", "not_offered", "other")
RHI_COUNT_COLUMNS: tuple[str, ...] = ("due",) + RHI_STATUSES + RHI_REASONS

_NS_PER_DAY = 86_400 * 10**9


# --------------------------------------------------------------------------- helpers


def _eq(series: pd.Series, value: str) -> np.ndarray:
    """Boolean array: the cell equals ``value`` (blank cells are never equal)."""
    return (series == value).fillna(False).to_numpy(dtype=bool)


def _day_numbers(values: pd.Series) -> np.ndarray:
    """Calendar day of each timestamp as an integer (days since 1970-01-01)."""
    return values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)


def _flag(episodes: pd.DataFrame, column: str) -> np.ndarray:
    """A ``*_date_only`` flag as a bool array (absent column: every value had a clock time)."""
    if column not in episodes.columns:
        return np.zeros(len(episodes), dtype=bool)
    return episodes[column].fillna(False).to_numpy(dtype=bool)


def _id_columns(episodes: pd.DataFrame) -> list[str]:
    """The columns that identify an episode in per-episode outputs."""
    return [c for c in ("case_id", "episode_id", "row") if c in episodes.columns]


# --------------------------------------------------------------------------- rule 6.1


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
    calendar = _flag(episodes, "returned_date_only") | _flag(episodes, "rhi_held_date_only")

    hours = (held - returned).astype("timedelta64[s]").astype(np.float64) / 3600.0
    hours[~is_held | calendar] = np.nan
    days = (_day_numbers(episodes["rhi_held"]) - _day_numbers(episodes["returned"])).astype(
        np.float64
    )
    days[~is_held] = np.nan

    within = np.where(calendar, days <= rules.rhi_hours / 24.0, hours <= rules.rhi_hours)
    within &= is_held
    status = np.full(len(episodes), None, dtype=object)
    status[due] = "not_held"
    status[is_held] = "late"
    status[within] = "within_72h"

    not_held = due & ~is_held
    declined = _eq(episodes["rhi_accepted"], "No")
    not_offered = _eq(episodes["rhi_offered"], "No")
    reason = np.full(len(episodes), None, dtype=object)
    reason[not_held] = "other"
    reason[not_held & not_offered & ~declined] = "not_offered"
    reason[not_held & declined] = "declined"

    out = episodes[_id_columns(episodes)].copy()
    out["placing_authority"] = episodes["placing_authority"]
    out["due"] = due
    out["calendar_rule"] = calendar & is_held
    out["hours_to_rhi"] = hours
    out["days_to_rhi"] = pd.array(days, dtype="Int64") if len(days) else pd.array([], "Int64")
    out["status"] = pd.array(status, dtype="string")
    out["reason"] = pd.array(reason, dtype="string")
    return out


def rhi_counts(status: pd.DataFrame) -> dict[str, int]:
    """Rule 6.1 counts of an :func:`rhi_status` table: due, each status and each reason."""
    counts = {"due": int(status["due"].sum())}
    for name in RHI_STATUSES:
        counts[name] = int((status["status"] == name).sum())
    for name in RHI_REASONS:
        counts[name] = int((status["reason"] == name).sum())
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


# --------------------------------------------------------------------------- rule 6.2


def _rolling_arrays(
    episodes: pd.DataFrame, rules: MissingRules
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Counting episodes sorted by child then start: (positions, child codes, days, counts).

    ``positions`` index the input table; child codes number children in order of first
    appearance. The rolling count is found with two ``searchsorted`` calls on the key
    ``child * stride + day``, where ``stride`` exceeds the whole date span plus the
    window, so that no window reaches into the previous child's episodes.
    """
    kinds = episodes["kind"].fillna("M").to_numpy(dtype=object)
    counted = np.isin(kinds, np.array(rules.counted_kinds, dtype=object))
    start_ok = episodes["missing_from"].notna().to_numpy()
    positions = np.flatnonzero(counted & start_ok)
    if len(positions) == 0:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty, empty
    codes, _ = pd.factorize(episodes["case_id"].iloc[positions])  # no object copy
    days = _day_numbers(episodes["missing_from"].iloc[positions])
    first_day = days.min()
    stride = int(days.max() - first_day) + rules.window_days + 1
    key = codes.astype(np.int64) * stride + (days - first_day)
    order = np.argsort(key, kind="stable")
    key = key[order]
    counts = np.searchsorted(key, key, side="right") - np.searchsorted(
        key, key - (rules.window_days - 1), side="left"
    )
    return positions[order], codes[order], days[order], counts


def rolling_counts(episodes: pd.DataFrame, rules: MissingRules | None = None) -> pd.DataFrame:
    """Rule 6.2: each counting episode's rolling count.

    The rolling count of an episode is the number of the child's counting episodes
    (kinds in ``rules.counted_kinds``) whose start *date* lies in the ``window_days``
    calendar days ending on this episode's start date (that date and the 89 days before
    it, by default). Episodes starting on the same date share one count.

    Returns
    -------
    DataFrame
        One row per counting episode, sorted by child (in order of first appearance) and
        start: the identifying columns, ``kind``, ``missing_from``, ``start_date`` (the
        calendar date) and ``rolling_count`` (int64).
    """
    rules = rules or MissingRules()
    positions, _, days, counts = _rolling_arrays(episodes, rules)
    out = episodes.iloc[positions][[*_id_columns(episodes), "kind", "missing_from"]]
    out = out.reset_index(drop=True)
    out["start_date"] = days.astype("datetime64[D]").astype("datetime64[ns]")
    out["rolling_count"] = counts.astype(np.int64)
    return out


def _first_reaching(codes: np.ndarray, counts: np.ndarray, threshold: int) -> np.ndarray:
    """Positions (in sorted order) of each child's first episode whose count reaches threshold."""
    hit = np.flatnonzero(counts >= threshold)
    first = np.ones(len(hit), dtype=bool)
    first[1:] = codes[hit[1:]] != codes[hit[:-1]]
    return hit[first]


def stage_due_dates(episodes: pd.DataFrame, rules: MissingRules | None = None) -> pd.DataFrame:
    """Rule 6.2: the date a stage 1 and a stage 2 meeting fell due, per child.

    A stage 1 meeting is due on the first start date whose rolling count reaches
    ``stage1_threshold`` (5); stage 2 on the first that reaches ``stage2_threshold`` (9).

    Returns
    -------
    DataFrame
        One row per child with at least one counting episode, in order of first
        appearance: ``case_id``, ``stage1_due``, ``stage2_due`` (datetime64 dates, NaT
        when never due) and ``peak_rolling_count`` (the child's highest rolling count).
    """
    rules = rules or MissingRules()
    positions, codes, days, counts = _rolling_arrays(episodes, rules)
    n_children = int(codes.max()) + 1 if len(codes) else 0
    starts = np.ones(len(codes), dtype=bool)
    starts[1:] = codes[1:] != codes[:-1]
    out = pd.DataFrame({"case_id": episodes["case_id"].iloc[positions[starts]].to_numpy()})
    for stage, threshold in ((1, rules.stage1_threshold), (2, rules.stage2_threshold)):
        due = np.full(n_children, np.datetime64("NaT"), dtype="datetime64[D]")
        first = _first_reaching(codes, counts, threshold)
        due[codes[first]] = days[first].astype("datetime64[D]")
        out[f"stage{stage}_due"] = due[codes[starts]].astype("datetime64[ns]")
    peak = np.zeros(n_children, dtype=np.int64)
    np.maximum.at(peak, codes, counts)
    out["peak_rolling_count"] = peak[codes[starts]]
    return out


def meeting_invitees(meetings: pd.DataFrame, rules: MissingRules | None = None) -> pd.DataFrame:
    """Each held meeting's invitees compared with the theme's required agencies.

    Returns
    -------
    DataFrame
        One row per meeting: ``case_id``, ``stage``, ``held_on``, ``row`` (when present),
        ``not_invited`` (required agencies missing, joined by ``"; "``, or <NA>) and
        ``n_not_invited``.
    """
    rules = rules or MissingRules()
    cols = [c for c in ("case_id", "stage", "held_on", "row") if c in meetings.columns]
    out = meetings[cols].copy()
    # Every invitee as one row, compared as ``fold`` compares (trimmed, any case).
    invited = meetings["agencies_invited"].astype("string").reset_index(drop=True)
    folded = invited.str.split(";").explode().str.strip().str.casefold()
    not_invited = pd.Series(pd.NA, index=invited.index, dtype="string")
    count = np.zeros(len(invited), dtype=np.int64)
    for agency in rules.required_agencies:
        absent = ~folded.eq(fold(agency)).fillna(False).groupby(level=0).any().to_numpy()
        named = (not_invited + "; " + agency).fillna(agency)
        not_invited = not_invited.mask(absent, named)
        count += absent
    out["not_invited"] = not_invited.array
    out["n_not_invited"] = count
    return out


def stage_meetings(
    episodes: pd.DataFrame, meetings: pd.DataFrame, rules: MissingRules | None = None
) -> pd.DataFrame:
    """Rule 6.2 per child: stage 1 and stage 2 due dates and the meetings that answered them.

    Returns
    -------
    DataFrame
        One row per child with an episode or a meeting, in that order of appearance.
        For each stage ``s`` in 1, 2: ``stage{s}_due`` (NaT when never due),
        ``stage{s}_held`` (boolean; <NA> when not due), ``stage{s}_meeting`` (the first
        meeting of that stage held on or after the due date), ``stage{s}_days`` (days
        from due date to that meeting), ``stage{s}_not_invited`` (required agencies not
        invited to that meeting, ``"; "``-joined, <NA> when all were or none was held),
        ``stage{s}_meetings`` (all meetings of that stage held for the child) and
        ``stage{s}_not_due`` (those held while none was due: no due date, or before it).
        Also ``peak_rolling_count``. Meetings held where none was due are counted, never
        treated as errors.
    """
    rules = rules or MissingRules()
    due = stage_due_dates(episodes, rules)
    children = pd.unique(
        pd.concat([episodes["case_id"], meetings["case_id"]], ignore_index=True).astype(object)
    )
    out = pd.DataFrame({"case_id": children}).merge(due, on="case_id", how="left")
    out["peak_rolling_count"] = out["peak_rolling_count"].fillna(0).astype(np.int64)
    invitees = meeting_invitees(meetings, rules)
    # Each meeting's child as a row of ``out``; per stage, a meeting answers the child's
    # due date when held on or after it, and the first answering meeting is the child's.
    child = pd.Index(children).get_indexer(invitees["case_id"].astype(object))
    held_on = invitees["held_on"].to_numpy(dtype="datetime64[ns]")
    not_invited = invitees["not_invited"].to_numpy(dtype=object)
    for stage in (1, 2):
        col = f"stage{stage}"
        due_on = out[f"{col}_due"].to_numpy(dtype="datetime64[ns]")
        mine = (invitees["stage"] == stage).fillna(False).to_numpy(dtype=bool)
        code, when = child[mine], held_on[mine]
        answers = when >= due_on[code]  # False where either date is missing
        total = np.bincount(code, minlength=len(out))
        answered = np.bincount(code[answers], minlength=len(out))
        first = pd.DataFrame({"child": code[answers], "held_on": when[answers],
                              "not_invited": not_invited[mine][answers]})
        first = first.sort_values(["child", "held_on"], kind="stable")
        first = first.drop_duplicates("child").set_index("child").reindex(range(len(out)))
        is_due = ~np.isnat(due_on)
        meeting = first["held_on"].to_numpy(dtype="datetime64[ns]")
        out[f"{col}_held"] = pd.array(np.where(is_due, answered > 0, None), dtype="boolean")
        out[f"{col}_meeting"] = meeting
        out[f"{col}_days"] = pd.Series(meeting - due_on).dt.days.astype("Int64").array
        out[f"{col}_not_invited"] = pd.array(first["not_invited"].to_numpy(), dtype="string")
        out[f"{col}_meetings"] = total.astype(np.int64)
        out[f"{col}_not_due"] = (total - answered).astype(np.int64)
    order = ["case_id"] + [
        f"stage{s}_{k}"
        for s in (1, 2)
        for k in ("due", "held", "meeting", "days", "not_invited", "meetings", "not_due")
    ]
    return out[[*order, "peak_rolling_count"]]


# --------------------------------------------------------------------------- rule 6.3


def placed_in(episodes: pd.DataFrame) -> pd.DataFrame:
    """Rule 6.3: return interviews requested back from placing authorities, per authority.

    An interview is *requested back* for every episode of a child placed here by another
    authority (``placing_authority`` set) that has ended (the child returned): a
    still-missing episode has no interview yet. It *came back* when
    ``rhi_report_received`` is Yes.

    Returns
    -------
    DataFrame
        One row per placing authority (sorted): ``placing_authority``, ``episodes`` (all
        its episodes), ``requested`` (ended episodes), ``received``, ``not_received``
        (requested with ``rhi_report_received`` No or blank).
    """
    placed = episodes[episodes["placing_authority"].notna()]
    requested = placed["returned"].notna()
    received = requested & (placed["rhi_report_received"] == "Yes").fillna(False)
    frame = pd.DataFrame(
        {
            "placing_authority": placed["placing_authority"].astype(object),
            "episodes": 1,
            "requested": requested.astype(np.int64),
            "received": received.astype(np.int64),
        }
    )
    table = frame.groupby("placing_authority", sort=True).sum().reset_index()
    table["not_received"] = table["requested"] - table["received"]
    return table.astype({c: np.int64 for c in ("episodes", "requested", "received")})


# --------------------------------------------------------------------------- profile


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
    positions, codes, _days, counts = _rolling_arrays(episodes, rules)
    n = len(episodes)
    rolling = np.full(n, -1, dtype=np.int64)
    rolling[positions] = counts
    crossings = {}
    for stage, threshold in ((1, rules.stage1_threshold), (2, rules.stage2_threshold)):
        mark = np.zeros(n, dtype=bool)
        mark[positions[_first_reaching(codes, counts, threshold)]] = True
        crossings[stage] = mark
    cols = [*_id_columns(episodes), "kind", "missing_from", "returned"]
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


# --------------------------------------------------------------------------- summary


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

"""Rule 6.2: rolling counts of episodes, stage 1 / stage 2 due dates, and the meetings held."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cscp_analysis.analysis.missing.episodes import day_numbers, id_columns
from cscp_analysis.contract import cells
from cscp_analysis.contract.codes import fold
from cscp_analysis.contract.themes import MissingRules


def rolling_arrays(
    episodes: pd.DataFrame, rules: MissingRules
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Counting episodes sorted by child then start: (positions, child codes, days, counts).

    ``positions`` index the input table; child codes number children in order of first
    appearance. The rolling count is found with two ``searchsorted`` calls on the key
    ``child * stride + day``, where ``stride`` exceeds the whole date span plus the
    window, so that no window reaches into the previous child's episodes.
    """
    counted = episodes["kind"].fillna("M").isin(rules.counted_kinds).to_numpy(dtype=bool)
    start_ok = episodes["missing_from"].notna().to_numpy()
    positions = np.flatnonzero(counted & start_ok)
    if len(positions) == 0:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty, empty
    codes, _ = pd.factorize(episodes["case_id"].iloc[positions])  # no object copy
    days = day_numbers(episodes["missing_from"].iloc[positions])
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
    positions, _, days, counts = rolling_arrays(episodes, rules)
    out = episodes.iloc[positions][[*id_columns(episodes), "kind", "missing_from"]]
    out = out.reset_index(drop=True)
    out["start_date"] = days.astype("datetime64[D]").astype("datetime64[ns]")
    out["rolling_count"] = counts.astype(np.int64)
    return out


def first_reaching(codes: np.ndarray, counts: np.ndarray, threshold: int) -> np.ndarray:
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
    positions, codes, days, counts = rolling_arrays(episodes, rules)
    n_children = int(codes.max()) + 1 if len(codes) else 0
    starts = np.ones(len(codes), dtype=bool)
    starts[1:] = codes[1:] != codes[:-1]
    out = pd.DataFrame({"case_id": episodes["case_id"].iloc[positions[starts]].astype("str")
                        .reset_index(drop=True)})
    for stage, threshold in ((1, rules.stage1_threshold), (2, rules.stage2_threshold)):
        due = np.full(n_children, np.datetime64("NaT"), dtype="datetime64[D]")
        first = first_reaching(codes, counts, threshold)
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
    children = pd.unique(pd.concat(  # as text: no Python string per episode
        [episodes["case_id"].astype("str"), meetings["case_id"].astype("str")],
        ignore_index=True))
    out = pd.DataFrame({"case_id": children})
    at = cells.positions(due["case_id"], children)  # the children with counting episodes
    for column, empty in (("stage1_due", np.datetime64("NaT")),
                          ("stage2_due", np.datetime64("NaT")), ("peak_rolling_count", 0)):
        values = np.full(len(out), empty, dtype=due[column].dtype)
        values[at] = due[column].to_numpy()
        out[column] = values
    invitees = meeting_invitees(meetings, rules)
    # Each meeting's child as a row of ``out``; per stage, a meeting answers the child's
    # due date when held on or after it, and the first answering meeting is the child's.
    child = cells.positions(invitees["case_id"].astype("str"), children)
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

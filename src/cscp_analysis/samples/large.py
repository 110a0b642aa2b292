"""Large synthetic missing-episode tables, for benchmarks at regional or national scale.

Entirely made up: no real child, date or authority. The generator is vectorised
(no per-child Python loop) so that a million episodes take a few seconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cscp_analysis.contract.tables import EPISODES, JUDGEMENTS
from cscp_analysis.io.audit import TIDY_COLUMNS

_AUTHORITIES = np.array(
    ["Northshire", "Southmoor", "Eastvale", "Westford", "Lakeside Borough"], dtype=object
)
_YES_NO_UNKNOWN = np.array(["Yes", "No", "Unknown"], dtype=object)


def large_mfh_episodes(n_children: int, n_episodes: int, seed: int = 0) -> pd.DataFrame:
    """A tidy ``episodes`` table (see :mod:`cscp_analysis.io.audit`) of synthetic children.

    Parameters
    ----------
    n_children
        Number of children; each has at least one episode (so ``n_episodes`` must be at
        least ``n_children``).
    n_episodes
        Total number of episodes.
    seed
        Random seed: the same arguments always give the same table.

    Returns
    -------
    DataFrame
        Episodes sorted by child then start, never overlapping within a child. A few
        children go missing very often (so both stage thresholds are reached), about
        15% of episodes are kind ``A``, 0.5% of children are still missing at the end,
        about 10% of children are placed in by another authority, and some interviews
        are recorded as date-only.
    """
    if n_episodes < n_children or n_children < 1:
        raise ValueError("need at least one child and at least one episode per child")
    rng = np.random.default_rng(seed)
    # Episodes per child: one each, the rest shared out with heavy-tailed weights.
    weights = rng.lognormal(mean=0.0, sigma=1.2, size=n_children)
    extra = rng.multinomial(n_episodes - n_children, weights / weights.sum())
    per_child = 1 + extra
    child = np.repeat(np.arange(n_children, dtype=np.int64), per_child)
    first = np.zeros(n_children, dtype=np.int64)
    first[1:] = np.cumsum(per_child)[:-1]
    n = n_episodes

    # Frequent runners have short gaps: mean gap shrinks with the child's episode count.
    mean_gap_hours = 24.0 * 400.0 / per_child
    gap = rng.exponential(1.0, size=n) * mean_gap_hours[child] + 1.0
    duration = rng.lognormal(mean=2.5, sigma=1.0, size=n)  # hours, median about 12
    dur_min = np.maximum(np.round(duration * 60.0).astype(np.int64), 1)
    # Each episode is followed by its own gap: the next start is this return plus the gap.
    minutes = dur_min + np.round(gap * 60.0).astype(np.int64)
    step = np.cumsum(minutes) - minutes  # minutes before this episode, over the whole table
    offset = step - step[first][child]  # minutes since the child's first episode
    base = np.datetime64("2012-01-01T00:00", "m") + rng.integers(
        0, 365 * 4 * 24 * 60, size=n_children
    ).astype("timedelta64[m]")
    start = base[child] + offset.astype("timedelta64[m]")
    returned = start + dur_min.astype("timedelta64[m]")

    last = np.zeros(n, dtype=bool)
    last[first[1:] - 1] = True
    last[-1] = True
    still = last & (rng.random(n) < 0.005)
    returned = np.where(still, np.datetime64("NaT"), returned)

    offered = _YES_NO_UNKNOWN[rng.choice(3, size=n, p=[0.85, 0.1, 0.05])]
    accepted = _YES_NO_UNKNOWN[rng.choice(3, size=n, p=[0.75, 0.2, 0.05])]
    is_held = (~still) & (offered == "Yes") & (accepted == "Yes") & (rng.random(n) < 0.9)
    delay = np.round(rng.gamma(2.0, 30.0, size=n) * 60.0).astype(np.int64)
    held = np.where(is_held, returned + delay.astype("timedelta64[m]"), np.datetime64("NaT"))
    held_day = held.astype("datetime64[D]")
    held_date_only = is_held & (rng.random(n) < 0.2) & (held_day > returned.astype("datetime64[D]"))
    held = np.where(held_date_only, held_day.astype("datetime64[m]"), held)

    placed_child = rng.random(n_children) < 0.1
    authority = np.where(
        placed_child, _AUTHORITIES[rng.integers(0, len(_AUTHORITIES), n_children)], None
    )[child]
    placed = placed_child[child]
    report = np.where(placed, np.where(rng.random(n) < 0.4, "Yes", "No"), None)

    width = max(6, len(str(n_children)))
    ids = np.array([f"L{i:0{width}d}" for i in range(1, n_children + 1)], dtype=object)
    kind = np.where(rng.random(n) < 0.15, "A", "M").astype(object)
    episode_no = np.arange(n, dtype=np.int64) - first[child] + 1
    table = pd.DataFrame(
        {
            "case_id": pd.array(ids[child], dtype="str"),
            "episode_id": pd.array(episode_no.astype(str), dtype="str"),
            "kind": pd.array(kind, dtype="str"),
            "missing_from": start.astype("datetime64[ns]"),
            "returned": returned.astype("datetime64[ns]"),
            "rhi_held": held.astype("datetime64[ns]"),
            "missing_from_date_only": np.zeros(n, dtype=bool),
            "returned_date_only": np.zeros(n, dtype=bool),
            "rhi_held_date_only": held_date_only,
            "rhi_offered": pd.array(offered, dtype="str"),
            "rhi_accepted": pd.array(accepted, dtype="str"),
            "placing_authority": pd.array(authority, dtype="str"),
            "rhi_report_received": pd.array(report, dtype="str"),
            "row": np.arange(2, n + 2, dtype=np.int64),
        }
    )
    return table[[*TIDY_COLUMNS["episodes"], "row"]]


def _text(values: pd.Series, date_only: pd.Series) -> pd.Series:
    """Contract text for a date-time column: ``YYYY-MM-DD HH:MM``, or the date alone."""
    full = values.dt.strftime("%Y-%m-%d %H:%M")
    return full.where(~date_only, values.dt.strftime("%Y-%m-%d")).fillna("")


def write_large_mfh_audit(dest, n_children: int, n_episodes: int, seed: int = 0):
    """Write a whole synthetic MFH audit folder at scale, in contract form.

    For trying the loader, the rules and the notebooks on regional or national volumes:
    one case per child (ages, genders and areas drawn at random), no judgements, and the
    episodes of :func:`large_mfh_episodes`.
    """
    from pathlib import Path

    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    ep = large_mfh_episodes(n_children, n_episodes, seed)
    rng = np.random.default_rng(seed + 1)
    ids = ep["case_id"].drop_duplicates().reset_index(drop=True)
    placed = ep.groupby("case_id", sort=False)["placing_authority"].first().notna().to_numpy()
    cases = pd.DataFrame({
        "case_id": ids,
        "area": np.where(rng.random(len(ids)) < 0.6, "Cumberland", "Westmorland and Furness"),
        "case_type": np.where(placed, "PLACED_IN",
                              np.array(["CLA", "CP", "CIN", "NONE"])[rng.integers(0, 4, len(ids))]),
        "age_years": rng.integers(10, 18, len(ids)),
        "gender": np.where(rng.random(len(ids)) < 0.55, "Male", "Female"),
        "synthetic": "SYNTHETIC",
    })
    episodes = pd.DataFrame({
        "case_id": ep["case_id"], "episode_id": ep["episode_id"], "kind": ep["kind"],
        "missing_from": _text(ep["missing_from"], ep["missing_from_date_only"]),
        "returned": _text(ep["returned"], ep["returned_date_only"]),
        "rhi_offered": ep["rhi_offered"], "rhi_accepted": ep["rhi_accepted"],
        "rhi_held": _text(ep["rhi_held"], ep["rhi_held_date_only"]),
        "placing_authority": ep["placing_authority"].fillna(""),
        "rhi_report_received": ep["rhi_report_received"].fillna(""),
    })[list(EPISODES.names)].assign(synthetic="SYNTHETIC")
    (dest / "audit.yaml").write_text(
        "# SYNTHETIC DATA made by cscp_analysis.samples.large: it describes no real child.\n"
        f"id: large-mfh-{n_episodes}\ntheme: mfh\ntitle: Synthetic missing episodes at scale\n"
        'conducted: "2016-06"\nsynthetic: true\n', encoding="utf-8")
    cases.to_csv(dest / "cases.csv", index=False)
    pd.DataFrame(columns=list(JUDGEMENTS.names)).to_csv(
        dest / "judgements.csv", index=False)
    episodes.to_csv(dest / "episodes.csv", index=False)
    return dest

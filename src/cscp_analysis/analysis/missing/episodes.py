"""What every missing-episode rule reads off the episodes table: days, flags, ids."""

from __future__ import annotations

import numpy as np
import pandas as pd

_NS_PER_DAY = 86_400 * 10**9


def equals(series: pd.Series, value: str) -> np.ndarray:
    """Boolean array: the cell equals ``value`` (blank cells are never equal)."""
    return (series == value).fillna(False).to_numpy(dtype=bool)


def day_numbers(values: pd.Series) -> np.ndarray:
    """Calendar day of each timestamp as an integer (days since 1970-01-01)."""
    return values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)


def date_only_flag(episodes: pd.DataFrame, column: str) -> np.ndarray:
    """A ``*_date_only`` flag as a bool array (absent column: every value had a clock time)."""
    if column not in episodes.columns:
        return np.zeros(len(episodes), dtype=bool)
    return episodes[column].fillna(False).to_numpy(dtype=bool)


def id_columns(episodes: pd.DataFrame) -> list[str]:
    """The columns that identify an episode in per-episode outputs."""
    return [c for c in ("case_id", "episode_id", "row") if c in episodes.columns]

"""Rule 6.3: return interviews requested back from the authorities that placed children here."""

from __future__ import annotations

import numpy as np
import pandas as pd


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
    columns = ["placing_authority", "returned", "rhi_report_received"]
    placed = episodes.loc[episodes["placing_authority"].notna().to_numpy(), columns]
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

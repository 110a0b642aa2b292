"""Recommendations: the partnership-wide action log that spans audits (data-contract section 8).

A recommendation is **overdue** when ``due_by`` is before the report's ``as_of`` date
and its status is ``Open`` or ``In progress``. The **loop is closed** when
``fed_back_on`` is set. ``as_of`` is always a parameter, never today's date, so a
rerun gives the same report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from cscp_analysis.contract.codes import REC_STATUSES

DateLike = str | dt.date | pd.Timestamp


def _timestamp(as_of: DateLike | None) -> pd.Timestamp | None:
    return None if as_of is None else pd.Timestamp(as_of).normalize()


def recommendation_status(recs: pd.DataFrame, as_of: DateLike | None) -> pd.DataFrame:
    """Each recommendation with ``overdue``, ``loop_closed`` and ``days_to_feedback``.

    ``overdue`` is <NA> when no ``as_of`` date is given (it cannot be judged);
    ``days_to_feedback`` (agreed_on to fed_back_on, in days) is <NA> while the loop is open.
    """
    when = _timestamp(as_of)
    table = recs.copy()
    open_ = table["status"].isin(["Open", "In progress"])
    if when is None:
        table["overdue"] = pd.Series(pd.NA, index=table.index, dtype="boolean")
    else:
        table["overdue"] = (open_ & (table["due_by"] < when).fillna(False)).astype("boolean")
    table["loop_closed"] = table["fed_back_on"].notna()
    table["days_to_feedback"] = (table["fed_back_on"] - table["agreed_on"]).dt.days.astype(
        "Int64"
    )
    return table


def status_counts(recs: pd.DataFrame) -> pd.DataFrame:
    """Recommendations per status, in the contract's order: ``status``, ``recommendations``."""
    counts = recs["status"].value_counts()
    return pd.DataFrame({
        "status": pd.Series(REC_STATUSES, dtype="str"),
        "recommendations": pd.Series([int(counts.get(s, 0)) for s in REC_STATUSES],
                                     dtype="int64"),
    })


def owner_counts(recs: pd.DataFrame) -> pd.DataFrame:
    """Recommendations per owner, most first then A–Z: ``owner``, ``recommendations``."""
    counts = recs["owner"].value_counts()
    table = pd.DataFrame({"owner": counts.index.astype("str"),
                          "recommendations": counts.to_numpy().astype("int64")})
    return table.sort_values(["recommendations", "owner"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def _figures(status: pd.DataFrame, judged: bool) -> dict[str, Any]:
    days = status["days_to_feedback"].dropna()
    return {
        "recommendations": int(len(status)),
        **{s: int((status["status"] == s).sum()) for s in REC_STATUSES},
        "overdue": int(status["overdue"].fillna(False).sum()) if judged else None,
        "loop_closed": int(status["loop_closed"].sum()),
        "loop_open": int((~status["loop_closed"]).sum()),
        "median_days_to_feedback": float(days.median()) if len(days) else None,
    }


def recommendations_by_audit(recs: pd.DataFrame, as_of: DateLike | None) -> pd.DataFrame:
    """One row per audit, then an ``All audits`` row: counts by status, overdue, loop closed.

    Columns ``audit_id``, ``recommendations``, ``Open``, ``In progress``, ``Done``,
    ``Dropped``, ``overdue`` (<NA> without ``as_of``), ``loop_closed``, ``loop_open``,
    ``median_days_to_feedback`` (NaN when no loop is closed).
    """
    status = recommendation_status(recs, as_of)
    rows = []
    for audit_id in sorted(status["audit_id"].unique()):
        part = status[status["audit_id"] == audit_id]
        rows.append({"audit_id": audit_id, **_figures(part, as_of is not None)})
    rows.append({"audit_id": "All audits", **_figures(status, as_of is not None)})
    table = pd.DataFrame(rows)
    table["overdue"] = table["overdue"].astype("Int64")
    table["median_days_to_feedback"] = table["median_days_to_feedback"].astype("float64")
    return table


def recommendations_summary(
    recs: pd.DataFrame, as_of: DateLike | None, audit_id: str | None = None
) -> dict[str, Any]:
    """The summary JSON ``recommendations`` block, for one audit or (``None``) all of them.

    Keys: ``as_of`` (ISO date or null), ``audit_id``, ``recommendations``, ``status``
    and ``owner`` (non-zero count maps), ``overdue`` (null without ``as_of``),
    ``loop_closed``, ``loop_open``, ``median_days_to_feedback``.
    """
    if audit_id is not None:
        recs = recs[recs["audit_id"] == audit_id]
    status = recommendation_status(recs, as_of)
    when = _timestamp(as_of)
    figures = _figures(status, when is not None)
    owners = owner_counts(recs)
    return {
        "as_of": None if when is None else when.date().isoformat(),
        "audit_id": audit_id,
        "recommendations": figures["recommendations"],
        "status": {s: figures[s] for s in REC_STATUSES if figures[s]},
        "owner": {str(o): int(n) for o, n in zip(owners["owner"], owners["recommendations"],
                                                  strict=True)},
        "overdue": figures["overdue"],
        "loop_closed": figures["loop_closed"],
        "loop_open": figures["loop_open"],
        "median_days_to_feedback": figures["median_days_to_feedback"],
    }

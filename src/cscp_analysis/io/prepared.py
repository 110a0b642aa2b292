"""A validated audit handed from the batch to a notebook kernel, so it is validated once.

The batch validates every audit of a cycle before it runs any notebook (so that every
problem is listed at once). It then saves each validated audit, with the cycle's
recommendations log, into the job's private working folder; the notebook reads it back
instead of validating the files again. The file lives only as long as the job's working
folder and is never published. It is a pickle: it is only ever read from a folder the
same batch run created, never from a path a user supplies.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd

from cscp_analysis.io.audit import Audit

#: The file name the batch writes in a job's working folder.
PREPARED_FILE = "prepared-audit.pickle"
_MARK = "cscp-analysis prepared audit/1"


def save_prepared(path: str | Path, audit: Audit | list[Audit],
                  recommendations: pd.DataFrame | None = None) -> Path:
    """Save a validated audit, or a cycle's audits (a list), and the log for a kernel."""
    path = Path(path)
    with path.open("wb") as fh:
        pickle.dump((_MARK, audit, recommendations), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def load_prepared(path: str | Path) -> tuple[Audit | list[Audit], pd.DataFrame | None]:
    """The audit (or list of audits) and recommendations log saved by :func:`save_prepared`."""
    with Path(path).open("rb") as fh:
        mark, audit, recommendations = pickle.load(fh)  # noqa: S301 (written by this run)
    audits = audit if isinstance(audit, list) else [audit]
    if mark != _MARK or not audits or not all(isinstance(a, Audit) for a in audits):
        raise ValueError(f"{Path(path).name} is not a prepared audit of this version")
    return audit, recommendations

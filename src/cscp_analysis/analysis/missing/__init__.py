"""Missing from home or care: rules 6.1, 6.2 and 6.3 of the data contract.

The rules live in a module each (``interviews`` 6.1, ``stages`` 6.2, ``placed_in`` 6.3,
``timeline``, ``block``); this package offers them all. Every function takes the tidy
``episodes`` / ``meetings`` / ``cases`` tables described
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

from cscp_analysis.analysis.missing.block import (
    block_from_tables,
    stage_counts,
    summary_block,
)
from cscp_analysis.analysis.missing.interviews import (
    RHI_COUNT_COLUMNS,
    RHI_REASONS,
    RHI_STATUSES,
    rhi_counts,
    rhi_status,
    rhi_summary,
)
from cscp_analysis.analysis.missing.placed_in import (
    placed_in,
)
from cscp_analysis.analysis.missing.stages import (
    meeting_invitees,
    rolling_counts,
    stage_due_dates,
    stage_meetings,
)
from cscp_analysis.analysis.missing.timeline import (
    episode_profile,
    episode_timeline,
)

__all__ = [
    "RHI_COUNT_COLUMNS",
    "RHI_REASONS",
    "RHI_STATUSES",
    "block_from_tables",
    "episode_profile",
    "episode_timeline",
    "meeting_invitees",
    "placed_in",
    "rhi_counts",
    "rhi_status",
    "rhi_summary",
    "rolling_counts",
    "stage_counts",
    "stage_due_dates",
    "stage_meetings",
    "summary_block",
]

"""The in-memory form of one audit: validated, canonical ("tidy") tables.

Every analysis function takes these tables, never raw files. The forms are:

``cases``
    case_id (str), area (str, canonical), case_type (str code, e.g. ``CLA_OOC``),
    age_years (int64), age_months (int64, blank read as 0), gender (str),
    cohort_group (str or <NA>), agencies (str: canonical names joined by ``"; "``, or
    <NA>), age_in_months (int64: years x 12 + months).
``judgements``
    case_id, question_id, answer (canonical scale value), agency (canonical; blank
    read as ``Panel``), comment (str or <NA>; never shown in reports).
``voice``
    case_id, said, consent_to_share (``Yes``/``No``), tags (str joined by ``"; "`` or <NA>).
``episodes`` (MFH)
    case_id, episode_id (str or <NA>), kind (``M``/``A``; blank read as ``M``),
    missing_from, returned (datetime64[ns], NaT when blank), rhi_offered,
    rhi_accepted (``Yes``/``No``/``Unknown`` or <NA>), rhi_held (datetime64[ns]),
    placing_authority (str or <NA>; <NA> = the partnership's own child),
    rhi_report_received (``Yes``/``No`` or <NA>), missing_from_date_only,
    returned_date_only, rhi_held_date_only (bool: the value had no clock time).
``meetings`` (MFH)
    case_id, stage (int64: 1 or 2), held_on (datetime64[ns], a date),
    agencies_invited, agencies_attended (str joined by ``"; "`` or <NA>).
``learning`` (the panel's learning; names no case)
    finding_area (str: the theme's title of the area, or <NA> for the audit as a whole),
    kind (``Working well``, ``To improve``, ``Practitioner feedback`` or
    ``Action taken``), text (str, trimmed), on (datetime64[ns], a date; NaT when
    blank). Empty, with these columns, when the audit has no ``learning.csv``.

The columns and their order are the declared ones (``contract/tables.py``) followed by
the derived ones (:data:`TIDY_COLUMNS`). Every table also has ``row``: the row number
the analyst sees in the spreadsheet (header = row 1), so later checks can point at the
source. Extra input columns are carried through untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cscp_analysis.contract.codes import DEFAULT_AREAS
from cscp_analysis.contract.tables import (
    CASES,
    DATETIME,
    EPISODES,
    JUDGEMENTS,
    LEARNING,
    MEETINGS,
    RECOMMENDATIONS,
    VOICE,
    Table,
)
from cscp_analysis.contract.themes import Theme


def date_only_column(name: str) -> str:
    """The tidy flag saying a date-time column's value had no clock time."""
    return f"{name}_date_only"


def _tidy_columns(table: Table, derived: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The declared columns, then the derived ones, then a flag per date-time column."""
    return (*table.names, *derived, *(date_only_column(c) for c in table.of_kind(DATETIME)))


#: The columns of each tidy table, in order (``row`` and any extra input columns follow).
TIDY_COLUMNS: dict[str, tuple[str, ...]] = {
    "cases": _tidy_columns(CASES, ("age_in_months",)),
    **{t.name: _tidy_columns(t) for t in (JUDGEMENTS, VOICE, EPISODES, MEETINGS, LEARNING,
                                          RECOMMENDATIONS)},
}


@dataclass(frozen=True)
class AuditInfo:
    """What the audit was (audit.yaml)."""

    id: str
    theme: str
    title: str
    conducted: str  # YYYY-MM
    conducted_by: str = ""
    areas: tuple[str, ...] = DEFAULT_AREAS
    #: agencies this audit adds to its theme's list (audit.yaml ``agencies``)
    agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Audit:
    """One validated audit: its description, theme and tidy tables."""

    info: AuditInfo
    theme: Theme
    cases: pd.DataFrame
    judgements: pd.DataFrame
    voice: pd.DataFrame
    episodes: pd.DataFrame
    meetings: pd.DataFrame
    #: the panel's learning (empty when the audit has none); made by ``load_audit``
    learning: pd.DataFrame = field(default_factory=lambda: no_learning())
    source: Path | None = None
    #: sha256 of each input file, keyed by file name (``cases.csv``) or workbook name
    inputs: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def has_episodes(self) -> bool:
        return len(self.episodes) > 0

    @property
    def has_learning(self) -> bool:
        """True when the panel recorded learning (``learning.csv`` has a row)."""
        return len(self.learning) > 0


def no_learning() -> pd.DataFrame:
    """The tidy learning table of an audit without ``learning.csv``: its columns, no rows."""
    from cscp_analysis.io.tidy import no_rows, tidy_table  # (tidy reads this module)

    return tidy_table(no_rows(LEARNING), LEARNING, {"finding_areas": ()})


def split_list(value: object) -> list[str]:
    """Split a ``;``-separated cell into its trimmed, non-empty parts (``<NA>`` gives [])."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]

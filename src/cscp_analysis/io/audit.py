"""The in-memory form of one audit: validated, canonical ("tidy") tables.

Every analysis function takes these tables, never raw files. The forms are:

``cases``
    case_id (str), area (str, canonical), case_type (str code, e.g. ``CLA_OOC``),
    age_years (int64), age_months (int64, blank read as 0), age_in_months (int64:
    years x 12 + months), gender (str), cohort_group (str or <NA>),
    agencies (str: canonical names joined by ``"; "``, or <NA>).
``judgements``
    case_id, question_id, answer (canonical scale value), agency (canonical; blank
    read as ``Panel``), comment (str or <NA>; never shown in reports).
``voice``
    case_id, said, consent_to_share (``Yes``/``No``), tags (str joined by ``"; "`` or <NA>).
``episodes`` (MFH)
    case_id, episode_id (str or <NA>), kind (``M``/``A``), missing_from, returned,
    rhi_held (datetime64[ns], NaT when blank), missing_from_date_only,
    returned_date_only, rhi_held_date_only (bool: the value had no clock time),
    rhi_offered, rhi_accepted (``Yes``/``No``/``Unknown`` or <NA>),
    placing_authority (str or <NA>; <NA> = the partnership's own child),
    rhi_report_received (``Yes``/``No`` or <NA>).
``meetings`` (MFH)
    case_id, stage (int64: 1 or 2), held_on (datetime64[ns], a date),
    agencies_invited, agencies_attended (str joined by ``"; "`` or <NA>).

Every table also has ``row``: the row number the analyst sees in the spreadsheet
(header = row 1), so later checks can point at the source. Extra input columns are
carried through untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cscp_analysis.contract.codes import DEFAULT_AREAS
from cscp_analysis.contract.themes import Theme

CASE_COLUMNS = [
    "case_id", "area", "case_type", "age_years", "age_months", "age_in_months",
    "gender", "cohort_group", "agencies",
]
JUDGEMENT_COLUMNS = ["case_id", "question_id", "answer", "agency", "comment"]
VOICE_COLUMNS = ["case_id", "said", "consent_to_share", "tags"]
EPISODE_COLUMNS = [
    "case_id", "episode_id", "kind", "missing_from", "returned", "rhi_held",
    "missing_from_date_only", "returned_date_only", "rhi_held_date_only",
    "rhi_offered", "rhi_accepted", "placing_authority", "rhi_report_received",
]
MEETING_COLUMNS = ["case_id", "stage", "held_on", "agencies_invited", "agencies_attended"]
RECOMMENDATION_COLUMNS = [
    "rec_id", "audit_id", "finding_area", "recommendation", "owner", "agreed_on",
    "due_by", "status", "fed_back_on",
]


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
    source: Path | None = None
    #: sha256 of each input file, keyed by file name (``cases.csv``) or workbook name
    inputs: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def has_episodes(self) -> bool:
        return len(self.episodes) > 0


def split_list(value: object) -> list[str]:
    """Split a ``;``-separated cell into its trimmed, non-empty parts (``<NA>`` gives [])."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]

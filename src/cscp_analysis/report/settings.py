"""What a report is for: its date, audience, disclosure threshold, log and cycle."""

from __future__ import annotations

from dataclasses import dataclass

from cscp_analysis.analysis.disclosure import threshold_for


@dataclass(frozen=True)
class ReportSettings:
    """The parameters a report is produced with (the notebook's parameters cell)."""

    as_of: str
    audience: str = "business_group"
    suppress_below: int = 0
    recommendations: str = ""
    cycle: str = ""

    @property
    def threshold(self) -> int:
        """The disclosure threshold in force (at least 5 for the public; 0 = exact counts)."""
        return threshold_for(self.audience, self.suppress_below)

    @property
    def suppressed(self) -> bool:
        return self.threshold > 0

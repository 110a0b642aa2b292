"""What a report is for: its date, audience, disclosure threshold, log and cycle; its size."""

from __future__ import annotations

from dataclasses import dataclass

from cscp_analysis.analysis.disclosure import threshold_for

#: The most children a per-child chart or table of a report shows (the rule 6.2 timeline
#: and its table of stage meetings): those with the most episodes. The others are counted
#: in a sentence and a table, so a regional audit's report stays a readable size.
CHILDREN_DRAWN = 40
#: The fewest answers a chart draws a 95% interval on: below it the interval spans most of
#: the axis and says nothing (the findings tables still give it).
INTERVAL_MIN_N = 5
#: The fewest answers an agency's cell of "What each agency found" is given a rate and a
#: colour on: below it the cell shows its count alone ("1 of 1"), since one or two answers
#: make a rate of 0% or 100% that says little about the agency.
AGENCY_MIN_ANSWERS = 5


@dataclass(frozen=True)
class ReportSettings:
    """The parameters a report is produced with (the notebook's parameters cell).

    ``children_drawn`` (default :data:`CHILDREN_DRAWN`) caps the per-child timeline and
    table; an analyst may raise it for an exploration, the batch keeps the default.
    """

    as_of: str
    audience: str = "business_group"
    suppress_below: int = 0
    recommendations: str = ""
    cycle: str = ""
    children_drawn: int = CHILDREN_DRAWN

    @property
    def threshold(self) -> int:
        """The disclosure threshold in force (at least 5 for the public; 0 = exact counts)."""
        return threshold_for(self.audience, self.suppress_below)

    @property
    def suppressed(self) -> bool:
        return self.threshold > 0

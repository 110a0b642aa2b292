"""The contract's code lists (data-contract sections 2-8), with canonical spellings.

Text values are matched ignoring case and surrounding spaces; every table the
package hands on carries the canonical spelling defined here.
"""

from __future__ import annotations

CASE_TYPES: dict[str, str] = {
    "CP": "Child Protection",
    "CIN": "Child in Need",
    "EH": "Early Help",
    "CLA": "Child Looked After",
    "CLA_OOC": "Child Looked After placed out of county",
    "PLACED_IN": "placed in the county by another authority",
    "NONE": "not previously known to children's social care",
}
GENDERS: tuple[str, ...] = ("Female", "Male", "Other", "Not recorded")
DEFAULT_AREAS: tuple[str, ...] = ("Cumberland", "Westmorland and Furness")
DEFAULT_AGENCIES: tuple[str, ...] = (
    "Children's Social Care",
    "Police",
    "Health",
    "Education",
    "Early Help",
    "Youth Justice",
    "Probation",
    "Housing",
    "Voluntary Sector",
    "Other",
)
PANEL = "Panel"

#: The report audiences a cycle may name, and how reports write them.
AUDIENCES: dict[str, str] = {
    "business_group": "Business Group",
    "partnership": "Safeguarding Partnership",
    "public": "Public",
}

SCALES: dict[str, tuple[str, ...]] = {
    "yes_no": ("Yes", "Partly", "No", "Not applicable"),
    "grade": ("Outstanding", "Good", "Requires improvement", "Inadequate", "Not applicable"),
}
#: Answers that count as *met* (data-contract section 4). ``Partly`` is never met.
MET_ANSWERS: frozenset[str] = frozenset({"Yes", "Outstanding", "Good"})
PARTLY_ANSWERS: frozenset[str] = frozenset({"Partly"})
NOT_APPLICABLE = "Not applicable"

YES_NO: tuple[str, ...] = ("Yes", "No")
YES_NO_UNKNOWN: tuple[str, ...] = ("Yes", "No", "Unknown")
EPISODE_KINDS: dict[str, str] = {"M": "missing", "A": "away from placement without authorisation"}
MEETING_STAGES: tuple[int, ...] = (1, 2)
REC_STATUSES: tuple[str, ...] = ("Open", "In progress", "Done", "Dropped")
OPEN_STATUSES: frozenset[str] = frozenset({"Open", "In progress"})
#: The kinds of the panel's learning (learning.csv, data-contract section 5a), in the
#: order reports list them.
LEARNING_KINDS: tuple[str, ...] = ("Working well", "To improve", "Practitioner feedback",
                                   "Action taken")


def canonical_map(values) -> dict[str, str]:
    """Map the folded form (trimmed, lower case) of each code to its canonical spelling."""
    return {fold(v): v for v in values}


def fold(value: object) -> str:
    """The form used to match text values: surrounding spaces removed, lower case."""
    return str(value).strip().casefold()

"""The vocabulary of the hand-designed sample rows, shared by every sample audit.

Short names for the areas, agencies and groups the rows mention, the answer codes of the
judgement grids, and :func:`judgement_rows`, which expands a grid of panel answers into
rows. Every row is invented: see ``synth.py``.
"""

from __future__ import annotations

CW = "Cumberland"
WF = "Westmorland and Furness"
CSC = "Children's Social Care"
LIS = "Learning and Improvement Subgroup"
CSEM = "CSE and Missing from Home Subgroup"

#: Short codes used in the judgement grids.
ANSWER = {
    "Y": "Yes", "P": "Partly", "N": "No", "NA": "Not applicable",
    "O": "Outstanding", "G": "Good", "RI": "Requires improvement", "IN": "Inadequate",
}
#: ``.`` in a grid means "no Panel answer": the agency rows decide the case-level answer.
NO_PANEL = "."

Row = tuple[object, ...]


def tally(met: int, partly: int, not_met: int, not_applicable: int = 0,
          disputed: int = 0) -> dict:
    """One question's intended outcome counts."""
    return {"met": met, "partly": partly, "not_met": not_met,
            "not_applicable": not_applicable, "disputed": disputed}


def judgement_rows(
    case_ids: list[str],
    grid: dict[str, str],
    panel_comments: dict[tuple[str, str], str],
    agency_rows: list[Row],
    blank_panel: set[str] | frozenset[str] = frozenset(),
) -> list[Row]:
    """Expand a Panel-answer grid into judgement rows, followed by the agency rows."""
    rows: list[Row] = []
    for case_id, question_id in panel_comments:
        code = grid[question_id].split()[case_ids.index(case_id)]
        if code == NO_PANEL:
            raise ValueError(f"comment for {case_id}/{question_id} has no Panel answer")
    for question_id, line in grid.items():
        codes = line.split()
        if len(codes) != len(case_ids):
            raise ValueError(f"grid row {question_id!r} has {len(codes)} answers")
        for case_id, code in zip(case_ids, codes, strict=True):
            if code == NO_PANEL:
                continue
            agency = "" if case_id in blank_panel else "Panel"
            comment = panel_comments.get((case_id, question_id), "")
            rows.append((case_id, question_id, ANSWER[code], agency, comment))
    return rows + list(agency_rows)


"""The 2022-09-neglect sample: twelve children from 5 months to 18 years.

Every row is invented (see ``synth.py``); the comments give the reasoning behind
:data:`INTENDED`, the figures worked out by hand from the rows.
"""

from __future__ import annotations

from cscp_analysis.samples.design import CSC, CW, LIS, WF, Row, judgement_rows, tally

AUDIT: dict[str, str] = {
    "id": "2022-09-neglect", "theme": "neglect", "title": "Neglect themed scrutiny activity",
    "conducted": "2022-09", "conducted_by": LIS,
}

CASES: list[Row] = [
    ("N01", CW, "CP", 0, 5, "Female", "", f"{CSC}; Health"),  # 5 months: the youngest
    ("N02", WF, "CP", 1, 10, "Male", "", f"{CSC}; Health"),
    ("N03", CW, "CP", 3, 2, "Female", "", f"{CSC}; Health; Early Help"),
    ("N04", CW, "CP", 6, "", "Male", "", f"{CSC}; Education; Police"),  # 72 months
    ("N05", WF, "CIN", 8, 7, "Female", "", f"{CSC}; Education"),
    ("N06", CW, "CIN", 9, 0, "Male", "", f"{CSC}; Education; Health"),
    ("N07", WF, "CIN", 11, 4, "Male", "", f"{CSC}; Education"),
    ("N08", CW, "EH", 12, 9, "Female", "", "Early Help; Education"),
    ("N09", CW, "EH", 14, 1, "Male", "", "Early Help; Education; Youth Justice"),
    ("N10", WF, "EH", 15, 6, "Female", "", "Early Help; Education; Health"),
    ("N11", CW, "CLA", 16, 11, "Male", "", f"{CSC}; Education; Health"),
    ("N12", WF, "CLA", 18, "", "Female", "", f"{CSC}; Housing"),  # 216 months: the oldest
]
CASE_IDS = [f"N{i:02d}" for i in range(1, 13)]
GRID: dict[str, str] = {
    #                           N01 N02 N03 N04 N05 N06 N07 N08 N09 N10 N11 N12
    # GCP2 mostly not used; N12 (18, looked after) is outside its scope.
    "gcp2_used":                "N   N   Y   N   N   P   N   N   N   N   N   NA",  # 1/1/9/1/0
    # The babies (N01, N02) are too young for 'A Day in my Life'.
    "day_in_my_life_used":      "NA  NA  N   Y   N   N   P   Y   N   N   N   N",   # 2/1/7/2/0
    # N04: no Panel answer; CSC No and Police No agree -> No.
    "impact_chronology":        "N   P   N   .   Y   N   N   P   N   N   Y   N",   # 2/2/8/0/0
    "history_informs_assessment": "P N   Y   N   P   Y   N   N   Y   P   Y   N",   # 4/3/5/0/0
    # N01 (5 months) is pre-verbal: the Panel judged the question not applicable.
    "voice_heard":              "NA  N   N   P   N   N   Y   P   N   Y   P   N",   # 2/3/6/1/0
    # N06: no Panel answer; CSC Yes, Health No, Education Partly -> disputed.
    "focus_on_child":           "Y   N   P   N   Y   .   N   N   P   Y   Y   P",   # 4/3/4/0/1
    "impact":                   "RI  IN  G   RI  G   RI  IN  RI  RI  G   O   RI",  # 4/0/8/0/0
}
PANEL_COMMENTS: dict[tuple[str, str], str] = {
    ("N03", "gcp2_used"): "Panel noted N03's health visitor completed GCP2 before conference",
    ("N09", "voice_heard"): "Panel noted N09's views recorded only as 'no concerns raised'",
    ("N12", "gcp2_used"): "N12 is 18 and in supported lodgings",
}
AGENCY_ROWS: list[Row] = [
    ("N02", "gcp2_used", "No", "Health", ""),
    ("N02", "gcp2_used", "No", "Early Help", ""),
    ("N04", "impact_chronology", "No", CSC, "Chronology is a list of contacts, not impact"),
    ("N04", "impact_chronology", "No", "Police", ""),
    ("N06", "focus_on_child", "Yes", CSC, ""),
    ("N06", "focus_on_child", "No", "Health", "Panel noted N06's mother's needs dominate"),
    ("N06", "focus_on_child", "Partly", "Education", ""),
    # The Panel (No) overrides Education's Yes.
    ("N09", "voice_heard", "Yes", "Education", "School mentor records his views"),
]
VOICE: list[Row] = [
    ("N08", "When mum's not well I make tea for my little brothers. Nobody ever asked me "
            "about that.",
     "Yes", "young carer; not asked"),
    ("N10", "I hang about after school because there's nothing in at home and it's cold.",
     "Yes", "home conditions"),
    # Not consented: must never be quoted.
    ("N11", "My old foster carer used to pack me two lunches because she knew.",
     "No", "home conditions"),
]
# children_heard = 3 (N08, N10, N11); shareable_quotes = 2.

# The panel's learning, consistent with the findings above (GCP2 and chronologies weak,
# the voice of the child weak). The actions came after the scrutiny (September 2022).
_TOOLS, _VOICE = "Use of Neglect Tools", "Voice of the Child"
LEARNING: list[Row] = [
    # finding_area, kind, text, on
    (_TOOLS, "To improve", "The graded care profile (GCP2) was rarely used, so most "
     "judgements about neglect rested on professional opinion rather than a shared tool.", ""),
    (_TOOLS, "Working well", "Where a Day in my Life tool was used, the child's daily routine "
     "and unmet needs were clear to every agency.", ""),
    ("Chronologies", "To improve", "Chronologies listed contacts and meetings but seldom said "
     "what the neglect meant for the child, so the history did not shape the assessment.",
     ""),
    (_VOICE, "To improve", "Older children's views were often summed up as no concerns "
     "raised, and the experience of babies was not recorded through observation.", ""),
    (_VOICE, "Practitioner feedback", "School staff said they see the child every day and "
     "would like to be asked for the child's views before conferences.", ""),
    ("", "To improve", "Children caring for brothers or sisters were not recognised as young "
     "carers, and nobody asked them what that was like.", ""),
    (_TOOLS, "Action taken", "Day in my Life packs were sent to every school, with a short "
     "briefing for designated safeguarding leads.", "2023-02-27"),
    ("", "Action taken", "The findings went to the Business Group, which agreed to repeat "
     "the scrutiny the following autumn.", "2022-11-15"),
]
# learning: Working well 1, To improve 4, Practitioner feedback 1, Action taken 2.

#: The figures the rows were designed to give (worked by hand; see the comments above).
INTENDED: dict = {
    "theme": "neglect",
    "cases": 12,
    "case_type": {"CP": 4, "CIN": 3, "EH": 3, "CLA": 2},
    "gender": {"Female": 6, "Male": 6},
    "area": {CW: 7, WF: 5},
    "cohort_group": {},
    "age_months": {"min": 5, "max": 216},
    "children_heard": 3,
    "shareable_quotes": 2,
    "findings": {
        "gcp2_used": tally(1, 1, 9, 1),
        "day_in_my_life_used": tally(2, 1, 7, 2),
        "impact_chronology": tally(2, 2, 8),
        "history_informs_assessment": tally(4, 3, 5),
        "voice_heard": tally(2, 3, 6, 1),
        "focus_on_child": tally(4, 3, 4, disputed=1),
        "impact": tally(4, 0, 8),
    },
    "learning": {"Working well": 1, "To improve": 4, "Practitioner feedback": 1, "Action taken": 2},
    "disputed": [("N06", "focus_on_child")],
}


def tables() -> dict[str, list[Row]]:
    """The audit's rows, by table."""
    return {
        "cases": CASES,
        "judgements": judgement_rows(CASE_IDS, GRID, PANEL_COMMENTS, AGENCY_ROWS),
        "voice": VOICE,
        "learning": LEARNING,
    }

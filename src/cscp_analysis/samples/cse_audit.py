"""The 2016-06-cse sample: five children at risk of child sexual exploitation.

Every row is invented (see ``synth.py``); the comments give the reasoning behind
:data:`INTENDED`, the figures worked out by hand from the rows.
"""

from __future__ import annotations

from cscp_analysis.samples.design import CSC, CSEM, CW, WF, Row, judgement_rows, tally

AUDIT: dict[str, str] = {
    "id": "2016-06-cse", "theme": "cse", "title": "Child Sexual Exploitation themed audit",
    "conducted": "2016-06", "conducted_by": CSEM,
}

CASES: list[Row] = [
    # case_id, area, case_type, age_years, age_months, gender, cohort_group, agencies
    ("C01", CW, "CP", 14, 7, "Female", "", f"{CSC}; Police; Health; Education"),
    # C02: months left blank (read as 0) -> 144 months, the youngest.
    ("C02", WF, "CIN", 12, "", "Female", "", f"{CSC}; Education"),
    ("C03", CW, "EH", 13, 11, "Female", "", "Early Help; Education; Health"),
    ("C04", CW, "CLA", 16, 2, "Male", "", f"{CSC}; Police; Youth Justice"),
    # C05: 17 years 0 months -> 204 months, the oldest.
    ("C05", WF, "CLA_OOC", 17, 0, "Female", "", f"{CSC}; Police; Health"),
]

# Panel answers, one column per case C01..C05. Tallies are met/partly/not_met/n-a/disputed.
CASE_IDS = ["C01", "C02", "C03", "C04", "C05"]
GRID: dict[str, str] = {
    "voice_heard":          "Y  Y  P  N  Y",   # 3/1/1/0/0
    "trusted_relationship": "Y  N  P  N  Y",   # 2/1/2/0/0
    # C03: no Panel answer; CSC says Yes, Early Help says No -> disputed.
    "explained_to_child":   "P  N  .  N  N",   # 0/1/3/0/1
    "rat_completed":        "Y  Y  N  Y  Y",   # 4/0/1/0/0
    # The contract's worked example: 2 met, 1 partly, 2 not met -> 0.4, Wilson [0.118, 0.769].
    "rat_multi_agency":     "Y  N  N  P  Y",   # 2/1/2/0/0
    # C03 never had a tool completed, so reviewing/sharing it does not apply.
    "rat_reviewed":         "N  P  NA N  Y",   # 1/1/2/1/0
    # C02: no Panel answer; Police No and CSC No agree -> No.
    "rat_shared":           "P  .  NA N  Y",   # 1/1/2/1/0
    "plan_addresses_cse":   "Y  P  N  N  Y",   # 2/1/2/0/0
    "plan_shared":          "N  Y  P  N  Y",   # 2/1/2/0/0
    # Only C05 is placed out of county.
    "ooc_risk_reduced":     "NA NA NA NA P",   # 0/1/0/4/0
    # Only the looked-after children (C04, C05) have a CLA plan to oversee.
    "ooc_oversight":        "NA NA NA Y  N",   # 1/0/1/3/0
    # Grades: Good is met; Requires improvement and Inadequate are not met.
    "impact":               "G  RI IN RI G",   # 2/0/3/0/0
}
PANEL_COMMENTS: dict[tuple[str, str], str] = {
    ("C03", "rat_completed"): "Panel noted C03's tool was started by school and never finished",
    ("C02", "rat_multi_agency"): "Panel noted C02's tool was filled in by social care alone",
    ("C04", "rat_reviewed"): "Panel noted C04's tool not revisited after the March strategy "
                             "meeting",
    ("C05", "explained_to_child"): "Panel noted C05 was not told why the phone was removed",
}
# Agency auditors' own answers (comments are never shown in reports).
AGENCY_ROWS: list[Row] = [
    # case_id, question_id, answer, agency, comment
    ("C01", "rat_multi_agency", "Yes", "Police", ""),
    ("C01", "rat_multi_agency", "Yes", CSC, ""),
    # Agencies disagree but the Panel answered (No): the Panel's answer stands, not disputed.
    ("C02", "rat_multi_agency", "Yes", CSC, "Social worker believed police had contributed"),
    ("C02", "rat_multi_agency", "No", "Police", "No police input found on C02's tool"),
    # Disputed: no Panel answer and the two agencies disagree.
    ("C03", "explained_to_child", "Yes", CSC, "Worker's notes say it was discussed"),
    ("C03", "explained_to_child", "No", "Early Help", "Panel noted C03 said nobody explained"),
    # Agreed without the Panel: both say No, so the case-level answer is No.
    ("C02", "rat_shared", "No", "Police", ""),
    ("C02", "rat_shared", "No", CSC, "Tool held on the social care file only"),
    # The Panel (No) overrides the agency's Partly.
    ("C04", "plan_addresses_cse", "Partly", CSC, "Plan mentions going missing, not CSE"),
    ("C05", "ooc_risk_reduced", "Yes", CSC, ""),
    ("C05", "ooc_risk_reduced", "Partly", "Police", "Still in contact with the older male"),
    ("C05", "voice_heard", "Yes", "Health", ""),
]
# C04's Panel rows leave the agency blank, which the contract reads as Panel.
BLANK_PANEL = {"C04"}

VOICE: list[Row] = [
    # case_id, said, consent_to_share, tags
    ("C01", "I was rude to her loads but she still kept turning up every week. "
            "After a while I started actually telling her things.",
     "Yes", "trusted relationship"),
    ("C01", "She always did what she said she would, which nobody else did.",
     "Yes", "trusted relationship; kept promises"),
    ("C05", "They just took my phone off me and no one said why. I thought I was the one "
            "in trouble.",
     "Yes", "not told why"),
    # Not consented: must never be quoted.
    ("C05", "I only go to his because there's always food and nobody shouts.",
     "No", "not told why; felt blamed"),
]
# children_heard = 2 (C01, C05); shareable_quotes = 3 (rows with consent Yes).

# The panel's learning, written for these invented cases: no case id and no numeral a
# public reader could take for a count. Two actions came after the audit (June 2016).
_RAT, _VOICE = "Risk Assessment Tools", "Voice of the Child"
LEARNING: list[Row] = [
    # finding_area, kind, text, on
    (_VOICE, "Working well", "Workers who kept turning up, week after week, became someone "
     "the child trusted and could talk to.", ""),
    (_VOICE, "To improve", "Children were seldom told why decisions were made about them, "
     "such as why a phone was taken away; some felt they were the one in trouble.", ""),
    (_RAT, "Working well", "A risk assessment was started in most cases once exploitation "
     "was suspected.", ""),
    (_RAT, "To improve", "The risk assessment was often completed by one agency alone, and "
     "was rarely reviewed or shared once written.", ""),
    (_RAT, "Practitioner feedback", "Practitioners said it is unclear which agency should "
     "start the tool, so it is left to whoever first raises the concern.", ""),
    ("Plans", "To improve", "Plans did not always name the exploitation risk, or say what "
     "each agency would do about it.", ""),
    ("", "Working well", "Auditors from every agency took part, and the panel settled "
     "nearly every answer without dispute.", ""),
    (_RAT, "Action taken", "A shorter risk assessment tool was issued, with guidance on "
     "which agency completes each part.", "2016-11-30"),
    ("", "Action taken", "The findings were presented to the Business Group, which asked "
     "for the subgroup to report back on the recommendations.", "2016-09-14"),
]
# learning: Working well 3, To improve 3, Practitioner feedback 1, Action taken 2.

#: The figures the rows were designed to give (worked by hand; see the comments above).
INTENDED: dict = {
    "theme": "cse",
    "cases": 5,
    "case_type": {"CP": 1, "CIN": 1, "EH": 1, "CLA": 1, "CLA_OOC": 1},
    "gender": {"Female": 4, "Male": 1},
    "area": {CW: 3, WF: 2},
    "cohort_group": {},
    "age_months": {"min": 144, "max": 204},
    "children_heard": 2,
    "shareable_quotes": 3,
    "findings": {
        "voice_heard": tally(3, 1, 1),
        "trusted_relationship": tally(2, 1, 2),
        "explained_to_child": tally(0, 1, 3, disputed=1),
        "rat_completed": tally(4, 0, 1),
        "rat_multi_agency": tally(2, 1, 2),
        "rat_reviewed": tally(1, 1, 2, 1),
        "rat_shared": tally(1, 1, 2, 1),
        "plan_addresses_cse": tally(2, 1, 2),
        "plan_shared": tally(2, 1, 2),
        "ooc_risk_reduced": tally(0, 1, 0, 4),
        "ooc_oversight": tally(1, 0, 1, 3),
        "impact": tally(2, 0, 3),
    },
    "learning": {"Working well": 3, "To improve": 3, "Practitioner feedback": 1, "Action taken": 2},
    "disputed": [("C03", "explained_to_child")],
}


def tables() -> dict[str, list[Row]]:
    """The audit's rows, by table."""
    return {
        "cases": CASES,
        "judgements": judgement_rows(CASE_IDS, GRID, PANEL_COMMENTS, AGENCY_ROWS, BLANK_PANEL),
        "voice": VOICE,
        "learning": LEARNING,
    }

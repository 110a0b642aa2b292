"""The bundled synthetic sample audits: hand-designed rows and the figures they should give.

Every row below is invented. No real child, worker, date or place-level detail is described;
the samples only mimic the *shape* of the partnership's 2016 CSE and Missing from Home audits
and its 2022 neglect scrutiny, so that notebooks, ``make report`` and tests have something
realistic to run on. Each file written is marked synthetic (a leading comment and
``synthetic: true`` in ``audit.yaml``; a ``synthetic`` column valued ``SYNTHETIC`` in every CSV).

The rows are written by hand, not drawn at random, because tests hold the package's computed
numbers to :data:`INTENDED`, which was worked out by hand from these rows (the reasoning is in
the comments beside them). ``docs/sample-data.md`` explains what each case illustrates.

``scripts/make_samples.py`` calls :func:`write_samples` to regenerate the package data; the
output is byte-for-byte the same on every run (no clock, no randomness).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cscp_analysis.contract.tables import (
    CASES,
    EPISODES,
    JUDGEMENTS,
    MEETINGS,
    RECOMMENDATIONS,
    VOICE,
    Table,
)
from cscp_analysis.io.bundled import sample_audit_ids, sample_root  # noqa: F401  (re-exported)

SYNTHETIC = "SYNTHETIC"
MARK = (
    "SYNTHETIC SAMPLE DATA: invented for testing and demonstration; "
    "it describes no real child."
)
CW = "Cumberland"
WF = "Westmorland and Furness"
CSC = "Children's Social Care"

#: Short codes used in the judgement grids below.
_ANSWER = {
    "Y": "Yes", "P": "Partly", "N": "No", "NA": "Not applicable",
    "O": "Outstanding", "G": "Good", "RI": "Requires improvement", "IN": "Inadequate",
}
#: ``.`` in a grid means "no Panel answer": the agency rows decide the case-level answer.
_NO_PANEL = "."

Row = tuple[object, ...]


# ---------------------------------------------------------------------------------------------
# 2016-06-cse: five children at risk of child sexual exploitation
# ---------------------------------------------------------------------------------------------

_CSE_CASES: list[Row] = [
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
_CSE_CASE_IDS = ["C01", "C02", "C03", "C04", "C05"]
_CSE_GRID: dict[str, str] = {
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
_CSE_PANEL_COMMENTS: dict[tuple[str, str], str] = {
    ("C03", "rat_completed"): "Panel noted C03's tool was started by school and never finished",
    ("C02", "rat_multi_agency"): "Panel noted C02's tool was filled in by social care alone",
    ("C04", "rat_reviewed"): "Panel noted C04's tool not revisited after the March strategy "
                             "meeting",
    ("C05", "explained_to_child"): "Panel noted C05 was not told why the phone was removed",
}
# Agency auditors' own answers (comments are never shown in reports).
_CSE_AGENCY_ROWS: list[Row] = [
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
_CSE_BLANK_PANEL = {"C04"}

_CSE_VOICE: list[Row] = [
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


# ---------------------------------------------------------------------------------------------
# 2022-09-neglect: twelve children from 5 months to 18 years
# ---------------------------------------------------------------------------------------------

_NEG_CASES: list[Row] = [
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
_NEG_CASE_IDS = [f"N{i:02d}" for i in range(1, 13)]
_NEG_GRID: dict[str, str] = {
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
_NEG_PANEL_COMMENTS: dict[tuple[str, str], str] = {
    ("N03", "gcp2_used"): "Panel noted N03's health visitor completed GCP2 before conference",
    ("N09", "voice_heard"): "Panel noted N09's views recorded only as 'no concerns raised'",
    ("N12", "gcp2_used"): "N12 is 18 and in supported lodgings",
}
_NEG_AGENCY_ROWS: list[Row] = [
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
_NEG_VOICE: list[Row] = [
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


# ---------------------------------------------------------------------------------------------
# 2016-06-mfh: fourteen children who went missing from home or care
# ---------------------------------------------------------------------------------------------

_OOC, _SINGLE, _UNKNOWN, _MULTI, _PLACED = (
    "Placed out of county", "Single episode", "Unknown to social care", "Multiple episodes",
    "Placed in county",
)
_MFH_CASES: list[Row] = [
    ("M01", CW, "CLA_OOC", 16, 4, "Male", _OOC, f"{CSC}; Police; Health"),
    ("M02", WF, "CLA_OOC", 15, 9, "Female", _OOC, f"{CSC}; Police; Education"),
    ("M03", CW, "CLA_OOC", 17, "", "Male", _OOC, f"{CSC}; Police"),
    ("M04", WF, "CIN", 13, 2, "Female", _SINGLE, f"{CSC}; Education"),
    ("M05", CW, "EH", 12, 6, "Male", _SINGLE, "Early Help; Education"),
    ("M06", CW, "CP", 14, 0, "Male", _SINGLE, f"{CSC}; Police; Education"),
    ("M07", CW, "NONE", 16, 8, "Male", _UNKNOWN, "Police"),
    ("M08", WF, "NONE", 15, 1, "Female", _UNKNOWN, "Police; Education"),
    ("M09", CW, "NONE", 10, 0, "Male", _UNKNOWN, "Police"),  # 120 months: the youngest
    ("M10", CW, "CLA", 15, 3, "Male", _MULTI, f"{CSC}; Police; Health; Education; Youth Justice"),
    ("M11", WF, "CP", 14, 10, "Female", _MULTI, f"{CSC}; Police; Health; Education"),
    ("M12", CW, "PLACED_IN", 16, 1, "Male", _PLACED, "Police; Health; Other"),
    ("M13", WF, "PLACED_IN", 13, 7, "Female", _PLACED, "Police; Education; Other"),
    ("M14", CW, "PLACED_IN", 17, 5, "Male", _PLACED, "Police; Other"),  # 209 months: oldest
]

# Episodes. Each line's comment gives the rule 6.1 outcome:
#   W = within 72h, L = late, Nd = not held/declined, No = not held/not offered,
#   Nx = not held/other, - = not due (still missing).
# and, for counted (kind M) episodes, the rolling 90-day count at its start date
# (the child's M episodes whose start DATE lies in [start - 89 days, start]).
# 2016 is a leap year: day-of-year Jan 1 = 1, Feb 1 = 32, Mar 1 = 61, Apr 1 = 92, May 1 = 122.
_MFH_EPISODES: list[Row] = [
    # case, id, kind, missing_from, returned, offered, accepted, rhi_held, placing, received
    # M01: the 90-day window edge, and an A episode that does not count.
    ("M01", "E1", "M", "2016-01-01 23:00", "2016-01-02 08:00", "Yes", "Yes",
     "2016-01-04 10:00", "", ""),                                    # W 50h; count 1
    ("M01", "E2", "M", "2016-02-10 21:00", "2016-02-11 06:30", "Yes", "Yes",
     "2016-02-15", "", ""),                                          # L date-only: 4 days; 2
    ("M01", "E3", "A", "2016-03-01 19:00", "2016-03-01 23:45", "No", "",
     "", "", ""),                                                    # No; A: not counted
    ("M01", "E4", "M", "12/03/2016", "13/03/2016", "Yes", "Yes",
     "15/03/2016", "", ""),                                          # W 2 days; count 3
    ("M01", "E5", "M", "2016-03-20 22:00", "2016-03-21 07:00", "Yes", "Yes",
     "2016-03-23 15:00", "", ""),                                    # W 56h; count 4
    # E6 starts Mar 31 (day 91): window Jan 2..Mar 31 leaves out E1 (Jan 1) -> count 4,
    # so M01 never reaches 5. (Counting the A episode, or an off-by-one window, gives 5.)
    ("M01", "E6", "M", "2016-03-31 20:00", "2016-04-01 09:00", "Yes", "No",
     "", "", ""),                                                    # Nd; count 4
    # M02: two episodes on one day both count; stage 1 due, no meeting ever held.
    ("M02", "E1", "M", "2016-02-02 16:00", "2016-02-02 19:30", "Yes", "Yes",
     "2016-02-04 11:00", "", ""),                                    # W 39.5h; count 1
    ("M02", "E2", "M", "2016-02-20 22:00", "2016-02-21 03:00", "Yes", "Yes",
     "2016-02-26", "", ""),                                          # L date-only: 5 days; 2
    ("M02", "E3", "M", "2016-03-05 13:00", "2016-03-05 15:00", "Yes", "Yes",
     "2016-03-08 15:00", "", ""),                                    # W exactly 72h; count 3
    ("M02", "E4", "M", "2016-03-05 20:00", "2016-03-06 01:00", "Yes", "No",
     "", "", ""),                                                    # Nd; count 4
    # E5 Apr 2 (day 93): window Jan 4..Apr 2 holds E1..E5 -> 5: stage 1 due 2016-04-02.
    ("M02", "E5", "M", "2016-04-02 18:00", "2016-04-03 10:00", "Unknown", "Unknown",
     "", "", ""),                                                    # Nx; count 5
    # M03: one interview in time, then still missing at the audit.
    ("M03", "E1", "M", "01/04/2016 21:00", "02/04/2016 09:15", "Yes", "Yes",
     "04/04/2016", "", ""),                                          # W date-only: 2 days
    ("M03", "E2", "M", "2016-05-28 23:00", "", "", "",
     "", "", ""),                                                    # - still missing
    # Single-episode children.
    ("M04", "E1", "M", "2016-03-14", "2016-03-15", "Yes", "Yes",
     "2016-03-17", "", ""),                                          # W 2 days
    # M05: 75 hours although only 3 calendar days: both are date-times, so late.
    ("M05", "E1", "M", "2016-04-09 22:00", "2016-04-10 11:00", "Yes", "Yes",
     "2016-04-13 14:00", "", ""),                                    # L 75h
    # M06: date-only return Feb 28, interview Mar 2 = 3 calendar days (Feb 29 exists).
    ("M06", "E1", "M", "2016-02-27 19:00", "28/02/2016", "Yes", "Yes",
     "2016-03-02 16:00", "", ""),                                    # W 3 days
    # Unknown to social care.
    ("M07", "E1", "M", "2016-01-16 23:30", "2016-01-17 02:00", "No", "",
     "", "", ""),                                                    # No
    ("M08", "E1", "M", "2016-03-26 17:00", "2016-03-27 12:00", "Yes", "Yes",
     "2016-03-29 10:00", "", ""),                                    # W 46h
    ("M08", "E2", "M", "2016-05-07 20:00", "2016-05-08 08:00", "Yes", "Yes",
     "2016-05-16", "", ""),                                          # L 8 days
    ("M09", "E1", "M", "2016-04-23 18:30", "2016-04-23 21:00", "Yes", "No",
     "", "", ""),                                                    # Nd
    # M10: ten episodes: stage 1 due at E5 (Feb 18), stage 2 due at E9 (Apr 1).
    ("M10", "E1", "M", "2016-01-08 20:00", "2016-01-09 01:00", "Yes", "Yes",
     "2016-01-11 10:00", "", ""),                                    # W 57h; count 1
    ("M10", "E2", "M", "2016-01-19", "2016-01-20", "Yes", "Yes",
     "2016-01-25", "", ""),                                          # L 5 days; count 2
    ("M10", "E3", "M", "2016-01-30 21:00", "2016-01-31 04:00", "Yes", "Yes",
     "2016-02-02 12:00", "", ""),                                    # W 56h; count 3
    ("M10", "E4", "M", "2016-02-09 22:00", "2016-02-10 07:00", "Yes", "No",
     "", "", ""),                                                    # Nd; count 4
    ("M10", "E5", "M", "2016-02-18 19:00", "2016-02-19 02:00", "Yes", "Yes",
     "2016-02-24 09:00", "", ""),                                    # L; count 5: stage 1 due
    ("M10", "E6", "M", "2016-02-29 20:00", "2016-03-01 06:00", "Yes", "Yes",
     "2016-03-03", "", ""),                                          # W 2 days; count 6
    ("M10", "E7", "M", "2016-03-10 23:00", "2016-03-11 09:00", "Yes", "Yes",
     "2016-03-14 08:00", "", ""),                                    # W 71h; count 7
    ("M10", "E8", "M", "2016-03-22 21:00", "2016-03-23 03:00", "No", "",
     "", "", ""),                                                    # No; count 8
    # E9 Apr 1 (day 92): window Jan 3..Apr 1 holds E1 (Jan 8)..E9 -> 9: stage 2 due.
    ("M10", "E9", "M", "2016-04-01 22:00", "2016-04-02 05:00", "Yes", "Yes",
     "2016-04-07", "", ""),                                          # L 5 days; count 9
    # E10 Apr 12 (day 103): window Jan 14..Apr 12 drops E1 -> 9 (E2..E10).
    ("M10", "E10", "M", "2016-04-12 20:00", "2016-04-13 10:00", "Yes", "Yes",
     "2016-04-15 10:00", "", ""),                                    # W 48h; count 9
    # M11: stage 1 due at E6 (Apr 1); the meeting that follows did not invite Education.
    ("M11", "E1", "M", "2016-02-05 22:00", "2016-02-06 09:00", "Yes", "Yes",
     "2016-02-08 11:00", "", ""),                                    # W 50h; count 1
    ("M11", "E2", "M", "2016-02-14 23:00", "2016-02-15 10:00", "Yes", "Yes",
     "2016-02-19 10:00", "", ""),                                    # L 96h; count 2
    ("M11", "E3", "A", "2016-02-25 18:00", "2016-02-25 22:00", "No", "",
     "", "", ""),                                                    # No; A: not counted
    ("M11", "E4", "M", "2016-03-03 21:30", "2016-03-04 06:00", "Yes", "Yes",
     "2016-03-06", "", ""),                                          # W 2 days; count 3
    ("M11", "E5", "M", "2016-03-19 20:00", "2016-03-20", "Yes", "Yes",
     "2016-03-23", "", ""),                                          # W 3 days; count 4
    # E6 Apr 1: window Jan 3..Apr 1 holds the five M episodes -> stage 1 due 2016-04-01.
    ("M11", "E6", "M", "2016-04-01 22:00", "2016-04-02 11:00", "Yes", "Unknown",
     "", "", ""),                                                    # Nx; count 5
    ("M11", "E7", "M", "2016-04-16T21:00", "2016-04-17 08:00", "Yes", "Yes",
     "2016-04-19 09:00", "", ""),                                    # W 49h; count 6
    # M12: placed in by Lancashire; stage 1 due Mar 17, but the only meeting was before it.
    ("M12", "E1", "M", "2016-01-22 21:00", "2016-01-23 07:00", "Yes", "Yes",
     "2016-01-25 14:00", "Lancashire", "Yes"),                       # W 55h; count 1
    ("M12", "E2", "M", "2016-02-12 22:00", "2016-02-13 05:00", "Unknown", "Unknown",
     "", "Lancashire", "No"),                                        # Nx; count 2
    ("M12", "E3", "M", "2016-02-25 20:00", "2016-02-26 09:00", "Unknown", "Unknown",
     "", "Lancashire", "No"),                                        # Nx; count 3
    ("M12", "E4", "M", "2016-03-08 23:00", "2016-03-09 10:00", "Unknown", "Unknown",
     "", "Lancashire", "No"),                                        # Nx; count 4
    ("M12", "E5", "M", "2016-03-17 19:00", "2016-03-18 08:00", "Unknown", "Unknown",
     "", "Lancashire", "No"),                                        # Nx; count 5: due
    ("M13", "E1", "M", "2016-04-04", "2016-04-05", "Yes", "Unknown",
     "", "Blackburn with Darwen", "No"),                             # Nx
    ("M13", "E2", "M", "2016-05-02 22:00", "2016-05-03 01:00", "No", "",
     "", "Blackburn with Darwen", "No"),                             # No
    ("M14", "E1", "M", "2016-03-29 21:00", "2016-03-30 10:00", "Yes", "Yes",
     "2016-04-01 12:00", "North Yorkshire", "Yes"),                  # W 50h
    ("M14", "E2", "M", "2016-05-14 22:00", "2016-05-15 09:00", "Yes", "No",
     "", "North Yorkshire", "No"),                                   # Nd
]
# Tally (episodes / due / W / L / Nd / No / Nx):
#   M01 6/6/3/1/1/1/0  M02 5/5/2/1/1/0/1  M03 2/1/1/0/0/0/0  M04 1/1/1/0/0/0/0
#   M05 1/1/0/1/0/0/0  M06 1/1/1/0/0/0/0  M07 1/1/0/0/0/1/0  M08 2/2/1/1/0/0/0
#   M09 1/1/0/0/1/0/0  M10 10/10/5/3/1/1/0  M11 7/7/4/1/0/1/1  M12 5/5/1/0/0/0/4
#   M13 2/2/0/0/0/1/1  M14 2/2/1/0/1/0/0
#   total 46 episodes, 45 due, 20 within 72h, 8 late, 17 not held (5 declined,
#   5 not offered, 7 other). Placed in: M12 5 + M13 2 + M14 2 = 9 episodes, 2 reports back.

_REQUIRED = f"{CSC}; Police; Health; Education"
_MFH_MEETINGS: list[Row] = [
    # case_id, stage, held_on, agencies_invited, agencies_attended
    # M10 stage 1: due Feb 18, held Mar 1 (12 days later), all required agencies invited.
    ("M10", 1, "01/03/2016", f"{_REQUIRED}; Youth Justice", f"{CSC}; Police; Education"),
    # M10 stage 2: held Mar 24, BEFORE stage 2 became due (Apr 1), so stage 2 is not held.
    ("M10", 2, "2016-03-24", _REQUIRED, f"{CSC}; Police; Health"),
    # M11 stage 1: due Apr 1, held Apr 8 (7 days later); Education not invited.
    ("M11", 1, "2016-04-08", f"{CSC}; Police; Health", f"{CSC}; Police"),
    # M12 stage 1: held Mar 2, before it became due (Mar 17): stage 1 is not held.
    ("M12", 1, "2016-03-02", f"{_REQUIRED}; Other", f"{CSC}; Police; Other"),
]
# Stage 1 due: M02 (Apr 2), M10 (Feb 18), M11 (Apr 1), M12 (Mar 17) -> 4; held M10, M11 -> 2.
# Stage 2 due: M10 (Apr 1) -> 1; held 0.

_MFH_CASE_IDS = [f"M{i:02d}" for i in range(1, 15)]
_MFH_GRID: dict[str, str] = {
    #                       M01 M02 M03 M04 M05 M06 M07 M08 M09 M10 M11 M12 M13 M14
    "voice_heard":          "Y   Y   N   Y   Y   P   N   P   N   Y   P   N   Y   N",   # 6/3/5/0/0
    # M10: no Panel answer; CSC Partly, Police No -> disputed.
    "felt_listened_to":     "P   Y   N   Y   Y   P   N   N   N   .   Y   N   P   N",   # 4/3/6/0/1
    # Not applicable where no interview was ever held (M07, M09, M13).
    "rhi_informs_plan":     "P   N   Y   Y   N   Y   NA  N   NA  P   Y   N   NA  N",   # 4/2/5/3/0
    # Children unknown to social care have no plan.
    "plan_reduces_risk":    "P   N   N   Y   Y   Y   NA  NA  NA  N   P   N   P   Y",   # 4/3/4/3/0
    # Only a pattern of running away (5 or more episodes) calls for a strategy.
    "plan_runaway_strategy": "N  N   NA  NA  NA  NA  NA  NA  NA  P   Y   N   NA  NA",  # 1/1/3/9/0
    # Only children with a stage meeting (M10, M11, M12).
    "right_agencies_invited": "NA NA NA  NA  NA  NA  NA  NA  NA  Y   N   P   NA  NA",  # 1/1/1/11/0
    # Only children placed in by other authorities. M13: no Panel; Police No, CSC No -> No.
    "police_hub_joined_up": "NA  NA  NA  NA  NA  NA  NA  NA  NA  NA  NA  N   .   P",   # 0/1/2/11/0
    "impact":               "RI  IN  IN  G   G   O   RI  RI  NA  RI  G   IN  RI  G",   # 5/0/8/1/0
}
_MFH_PANEL_COMMENTS: dict[tuple[str, str], str] = {
    ("M02", "plan_runaway_strategy"): "Panel noted M02 keeps returning to her home town",
    ("M11", "right_agencies_invited"): "Panel noted M11's school was not invited",
    ("M12", "right_agencies_invited"): "Placing authority not invited to M12's meeting",
}
_MFH_AGENCY_ROWS: list[Row] = [
    ("M05", "voice_heard", "Yes", "Early Help", ""),
    ("M10", "felt_listened_to", "Partly", CSC, "Social worker says he opened up in March"),
    ("M10", "felt_listened_to", "No", "Police", "Panel noted M10 repeats his story to each "
                                                "new officer"),
    ("M11", "right_agencies_invited", "No", "Education", "School not told of the meeting"),
    ("M13", "police_hub_joined_up", "No", "Police", ""),
    ("M13", "police_hub_joined_up", "No", CSC, "Hub not told M13 had been placed here"),
    # The Panel (Partly) settles the disagreement.
    ("M14", "police_hub_joined_up", "Yes", "Police", ""),
    ("M14", "police_hub_joined_up", "No", CSC, ""),
]
_MFH_VOICE: list[Row] = [
    ("M02", "I only went back because all my mates are there. Up here I haven't got anyone.",
     "Yes", "placed away from home; friends"),
    ("M05", "The lady who came after didn't tell me off, she just asked what happened and "
            "listened.",
     "Yes", "felt listened to"),
    ("M08", "Nobody asked me why I went, they just drove me home.", "Yes", "not asked why"),
    ("M10", "I've told the same thing to that many people. What's the point.",
     "Yes", "too many professionals"),
    # Not consented: must never be quoted.
    ("M10", "When it kicks off at home I stay at my mate's above the takeaway.",
     "No", "where I go"),
    ("M13", "My social worker is miles away and I don't know who to ring here.",
     "Yes", "placed in; not told who to contact"),
]
# children_heard = 5 (M02, M05, M08, M10, M13); shareable_quotes = 5.


# ---------------------------------------------------------------------------------------------
# recommendations.csv: partnership-wide, spanning the three audits
# ---------------------------------------------------------------------------------------------

_LIS = "Learning and Improvement Subgroup"
_CSEM = "CSE and Missing from Home Subgroup"
_RECOMMENDATIONS: list[Row] = [
    # rec_id, audit_id, finding_area, recommendation, owner, agreed_on, due_by, status,
    # fed_back_on. Overdue = due_by before 2023-03-31 and status Open or In progress.
    ("R01", "2016-06-cse", "Risk Assessment Tools",
     "Complete the CSE risk assessment tool with every agency involved with the child, "
     "not by one agency alone.",
     _CSEM, "2016-07-14", "2016-12-31", "Done", "2017-02-09"),          # fed back
    ("R02", "2016-06-cse", "Risk Assessment Tools",
     "Review the risk assessment tool at least every three months and share it with the "
     "agencies working with the child.",
     CSC, "2016-07-14", "2017-03-31", "Done", ""),                      # done, not fed back
    ("R03", "2016-06-cse", "Plans",
     "Plans for children at risk of CSE name the risk and the actions that address it.",
     CSC, "2016-07-14", "2017-06-30", "Dropped", "2017-09-14"),         # fed back
    ("R04", "2016-06-cse", "Voice of the Child",
     "Explain to children why actions are taken, such as removing a phone.",
     "Police", "14/07/2016", "", "In progress", ""),                    # no due date: not overdue
    ("R05", "2016-06-mfh", "72 Hour Timescale",
     "Offer every child a return home interview within 72 hours and record why one did "
     "not happen.",
     CSC, "2016-07-21", "2016-10-31", "Done", "2017-02-09"),            # fed back
    ("R06", "2016-06-mfh", "Stage 1 and 2 Meetings",
     "Convene a stage 1 meeting whenever the threshold is reached, inviting Education.",
     _CSEM, "2016-07-21", "2017-01-31", "In progress", ""),             # OVERDUE
    ("R07", "2016-06-mfh", "Children Placed in Cumbria by Other Authorities",
     "Agree with placing authorities that return interview reports come back to the "
     "Safeguarding Hub.",
     "Safeguarding Hub", "2016-07-21", "2016-12-31", "Open", ""),       # OVERDUE
    ("R08", "2016-06-mfh", "Plans",
     "Plans for children who run away repeatedly include a strategy to keep them safe.",
     "Police", "2016-07-21", "2016-12-31", "Done", "2017-05-11"),       # fed back
    ("R09", "2022-09-neglect", "Use of Neglect Tools",
     "Train practitioners in the Graded Care Profile 2 and expect its use in neglect cases.",
     _LIS, "2022-10-20", "2023-03-31", "In progress", ""),              # due ON as_of: not overdue
    ("R10", "2022-09-neglect", "Chronologies",
     "Keep an impact chronology on every neglect case open for more than three months.",
     CSC, "2022-10-20", "2023-01-31", "Open", ""),                      # OVERDUE
    ("R11", "2022-09-neglect", "Voice of the Child",
     "Record the lived experience of babies and pre-verbal children through observation.",
     "Health", "2022-10-20", "2023-06-30", "Open", ""),                 # due later: not overdue
    ("R12", "2022-09-neglect", "Use of Neglect Tools",
     "Make 'A Day in my Life' tools available in every school.",
     "Education", "2022-10-20", "28/02/2023", "Done", "2023-03-16"),    # fed back
    ("R13", "2022-09-neglect", "",
     "Repeat the neglect scrutiny activity in twelve months.",
     _LIS, "2022-10-20", "2023-09-30", "Open", ""),                     # not overdue
]


# ---------------------------------------------------------------------------------------------
# The figures the rows were designed to give (worked by hand; see the comments above)
# ---------------------------------------------------------------------------------------------


def _f(met: int, partly: int, not_met: int, not_applicable: int = 0, disputed: int = 0) -> dict:
    return {"met": met, "partly": partly, "not_met": not_met,
            "not_applicable": not_applicable, "disputed": disputed}


INTENDED: dict[str, dict] = {
    "2016-06-cse": {
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
            "voice_heard": _f(3, 1, 1),
            "trusted_relationship": _f(2, 1, 2),
            "explained_to_child": _f(0, 1, 3, disputed=1),
            "rat_completed": _f(4, 0, 1),
            "rat_multi_agency": _f(2, 1, 2),
            "rat_reviewed": _f(1, 1, 2, 1),
            "rat_shared": _f(1, 1, 2, 1),
            "plan_addresses_cse": _f(2, 1, 2),
            "plan_shared": _f(2, 1, 2),
            "ooc_risk_reduced": _f(0, 1, 0, 4),
            "ooc_oversight": _f(1, 0, 1, 3),
            "impact": _f(2, 0, 3),
        },
        "disputed": [("C03", "explained_to_child")],
    },
    "2016-06-mfh": {
        "theme": "mfh",
        "cases": 14,
        "case_type": {"CLA_OOC": 3, "CIN": 1, "EH": 1, "CP": 2, "NONE": 3, "CLA": 1,
                      "PLACED_IN": 3},
        "gender": {"Male": 9, "Female": 5},
        "area": {CW: 9, WF: 5},
        "cohort_group": {_OOC: 3, _SINGLE: 3, _UNKNOWN: 3, _MULTI: 2, _PLACED: 3},
        "age_months": {"min": 120, "max": 209},
        "children_heard": 5,
        "shareable_quotes": 5,
        "findings": {
            "voice_heard": _f(6, 3, 5),
            "felt_listened_to": _f(4, 3, 6, disputed=1),
            "rhi_informs_plan": _f(4, 2, 5, 3),
            "plan_reduces_risk": _f(4, 3, 4, 3),
            "plan_runaway_strategy": _f(1, 1, 3, 9),
            "right_agencies_invited": _f(1, 1, 1, 11),
            "police_hub_joined_up": _f(0, 1, 2, 11),
            "impact": _f(5, 0, 8, 1),
        },
        "disputed": [("M10", "felt_listened_to")],
        "missing": {
            "children": 14,
            "episodes": 46,
            "rhi": {"due": 45, "within_72h": 20, "late": 8, "not_held": 17,
                    "declined": 5, "not_offered": 5, "other": 7},
            "stage1": {"due": 4, "held": 2, "not_held": 2},
            "stage2": {"due": 1, "held": 0, "not_held": 1},
            "placed_in": {"episodes": 9, "requested": 9, "reports_received": 2},
        },
        # Per child: the due date of each stage reached and the first meeting of that stage
        # held on or after it (None = not held). Children not listed never reach stage 1.
        "stage_meetings": {
            "M02": {"stage1_due": "2016-04-02", "stage1_held_on": None},
            "M10": {"stage1_due": "2016-02-18", "stage1_held_on": "2016-03-01",
                    "stage2_due": "2016-04-01", "stage2_held_on": None},
            "M11": {"stage1_due": "2016-04-01", "stage1_held_on": "2016-04-08"},
            "M12": {"stage1_due": "2016-03-17", "stage1_held_on": None},
        },
        # Required agencies (themes/mfh.yaml) missing from each meeting's invitees.
        "meeting_missing_agencies": [
            {"case_id": "M10", "stage": 1, "held_on": "2016-03-01", "missing": []},
            {"case_id": "M10", "stage": 2, "held_on": "2016-03-24", "missing": []},
            {"case_id": "M11", "stage": 1, "held_on": "2016-04-08", "missing": ["Education"]},
            {"case_id": "M12", "stage": 1, "held_on": "2016-03-02", "missing": []},
        ],
    },
    "2022-09-neglect": {
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
            "gcp2_used": _f(1, 1, 9, 1),
            "day_in_my_life_used": _f(2, 1, 7, 2),
            "impact_chronology": _f(2, 2, 8),
            "history_informs_assessment": _f(4, 3, 5),
            "voice_heard": _f(2, 3, 6, 1),
            "focus_on_child": _f(4, 3, 4, disputed=1),
            "impact": _f(4, 0, 8),
        },
        "disputed": [("N06", "focus_on_child")],
    },
}

#: Recommendations figures at ``as_of`` 2023-03-31 (see the comments on the rows).
INTENDED_RECOMMENDATIONS: dict[str, object] = {
    "as_of": "2023-03-31",
    "recommendations": 13,
    "status": {"Open": 4, "In progress": 3, "Done": 5, "Dropped": 1},
    "overdue": 3,  # R06, R07, R10
    "overdue_ids": ["R06", "R07", "R10"],
    "fed_back": 5,  # R01, R03, R05, R08, R12
    "by_audit": {"2016-06-cse": 4, "2016-06-mfh": 4, "2022-09-neglect": 5},
    "owner": {CSC: 4, _CSEM: 2, _LIS: 2, "Police": 2, "Education": 1, "Health": 1,
              "Safeguarding Hub": 1},
}


# ---------------------------------------------------------------------------------------------
# Writing the files
# ---------------------------------------------------------------------------------------------

_AUDITS: dict[str, dict] = {
    "2016-06-cse": {
        "theme": "cse",
        "title": "Child Sexual Exploitation themed audit",
        "conducted": "2016-06",
        "conducted_by": _CSEM,
        "tables": lambda: {
            "cases": (CASES, _CSE_CASES),
            "judgements": (JUDGEMENTS, _judgements(
                _CSE_CASE_IDS, _CSE_GRID, _CSE_PANEL_COMMENTS, _CSE_AGENCY_ROWS,
                _CSE_BLANK_PANEL)),
            "voice": (VOICE, _CSE_VOICE),
        },
    },
    "2016-06-mfh": {
        "theme": "mfh",
        "title": "Missing from Home or Care themed audit",
        "conducted": "2016-06",
        "conducted_by": _CSEM,
        "tables": lambda: {
            "cases": (CASES, _MFH_CASES),
            "judgements": (JUDGEMENTS, _judgements(
                _MFH_CASE_IDS, _MFH_GRID, _MFH_PANEL_COMMENTS, _MFH_AGENCY_ROWS)),
            "voice": (VOICE, _MFH_VOICE),
            "episodes": (EPISODES, _MFH_EPISODES),
            "meetings": (MEETINGS, _MFH_MEETINGS),
        },
    },
    "2022-09-neglect": {
        "theme": "neglect",
        "title": "Neglect themed scrutiny activity",
        "conducted": "2022-09",
        "conducted_by": _LIS,
        "tables": lambda: {
            "cases": (CASES, _NEG_CASES),
            "judgements": (JUDGEMENTS, _judgements(
                _NEG_CASE_IDS, _NEG_GRID, _NEG_PANEL_COMMENTS, _NEG_AGENCY_ROWS)),
            "voice": (VOICE, _NEG_VOICE),
        },
    },
}

_README = f"""# Bundled sample audits: SYNTHETIC

{MARK}

Every file in this folder was written by `scripts/make_samples.py`
(`cscp_analysis.samples.synth`). Do not edit by hand: change `synth.py` and regenerate.

- `2016-06-cse/`: five children at risk of child sexual exploitation.
- `2016-06-mfh/`: fourteen children who went missing from home or care, with their
  episodes and stage 1 / stage 2 meetings.
- `2022-09-neglect/`: twelve children, aged five months to eighteen years, experiencing neglect.
- `recommendations.csv`: the partnership's recommendations from these three audits.

Every CSV has a `synthetic` column whose value is `SYNTHETIC` on every row, and every
`audit.yaml` says `synthetic: true`. The design of each sample is described in
`docs/sample-data.md` of the project.
"""


def _judgements(
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
        if code == _NO_PANEL:
            raise ValueError(f"comment for {case_id}/{question_id} has no Panel answer")
    for question_id, line in grid.items():
        codes = line.split()
        if len(codes) != len(case_ids):
            raise ValueError(f"grid row {question_id!r} has {len(codes)} answers")
        for case_id, code in zip(case_ids, codes, strict=True):
            if code == _NO_PANEL:
                continue
            agency = "" if case_id in blank_panel else "Panel"
            comment = panel_comments.get((case_id, question_id), "")
            rows.append((case_id, question_id, _ANSWER[code], agency, comment))
    return rows + list(agency_rows)


def _csv_bytes(table: Table, rows: list[Row]) -> bytes:
    """A CSV file's bytes: the declared header, rows, and the ``synthetic`` marker column."""
    columns = list(table.names)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*columns, "synthetic"])
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"row {row!r} does not match columns {columns}")
        writer.writerow([*("" if v is None else v for v in row), SYNTHETIC])
    return buffer.getvalue().encode("utf-8")


def _audit_yaml(audit_id: str, spec: dict) -> bytes:
    text = (
        f"# {MARK}\n"
        f"id: {audit_id}\n"
        f"theme: {spec['theme']}\n"
        f"title: {spec['title']}\n"
        f"conducted: \"{spec['conducted']}\"\n"
        f"conducted_by: {spec['conducted_by']}\n"
        f"areas: [{CW}, {WF}]\n"
        "synthetic: true\n"
    )
    return text.encode("utf-8")


def sample_files() -> dict[str, bytes]:
    """Every bundled sample file, keyed by its path relative to the sample folder.

    Returns
    -------
    dict
        ``"2016-06-cse/cases.csv"`` -> file bytes, and so on, plus ``recommendations.csv``
        and ``README.md``. The same bytes on every call.
    """
    files: dict[str, bytes] = {"README.md": _README.encode("utf-8")}
    for audit_id, spec in _AUDITS.items():
        files[f"{audit_id}/audit.yaml"] = _audit_yaml(audit_id, spec)
        for name, (table, rows) in spec["tables"]().items():
            files[f"{audit_id}/{name}.csv"] = _csv_bytes(table, rows)
    files["recommendations.csv"] = _csv_bytes(RECOMMENDATIONS, _RECOMMENDATIONS)
    return files


def write_samples(dest: Path | str) -> list[Path]:
    """Write the bundled synthetic sample audits into ``dest`` (created if needed).

    Parameters
    ----------
    dest
        The folder to write into, normally ``src/cscp_analysis/sample``. Existing files of
        the same names are overwritten; nothing else is touched.

    Returns
    -------
    list of Path
        The files written, in a fixed order.
    """
    root = Path(dest)
    written = []
    for relative, content in sample_files().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written



"""The 2016-06-mfh sample: fourteen children who went missing from home or care.

Every row is invented (see ``synth.py``); the comments give the reasoning behind
:data:`INTENDED`, the figures worked out by hand from the rows (rules 6.1 to 6.3).
"""

from __future__ import annotations

from cscp_analysis.samples.design import CSC, CSEM, CW, WF, Row, judgement_rows, tally

AUDIT: dict[str, str] = {
    "id": "2016-06-mfh", "theme": "mfh", "title": "Missing from Home or Care themed audit",
    "conducted": "2016-06", "conducted_by": CSEM,
}

_OOC, _SINGLE, _UNKNOWN, _MULTI, _PLACED = (
    "Placed out of county", "Single episode", "Unknown to social care", "Multiple episodes",
    "Placed in county",
)
CASES: list[Row] = [
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
EPISODES: list[Row] = [
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
MEETINGS: list[Row] = [
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

CASE_IDS = [f"M{i:02d}" for i in range(1, 15)]
GRID: dict[str, str] = {
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
PANEL_COMMENTS: dict[tuple[str, str], str] = {
    ("M02", "plan_runaway_strategy"): "Panel noted M02 keeps returning to her home town",
    ("M11", "right_agencies_invited"): "Panel noted M11's school was not invited",
    ("M12", "right_agencies_invited"): "Placing authority not invited to M12's meeting",
}
AGENCY_ROWS: list[Row] = [
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
VOICE: list[Row] = [
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

# The panel's learning, consistent with the rule results above (fewer than half of the
# interviews due were held within 72 hours; half the stage 1 meetings due were held, the
# stage 2 one was not; few placed-in reports came back). No case id, no small numeral.
_RHI, _PLACED_IN = "72 Hour Timescale", "Children Placed in Cumbria by Other Authorities"
LEARNING: list[Row] = [
    # finding_area, kind, text, on
    ("Voice of the Child", "Working well", "When the person who met the child after they came "
     "back listened instead of telling them off, children explained why they had gone.", ""),
    ("Voice of the Child", "To improve", "Children who went missing often told their story "
     "to a new professional each time, and saw no point in repeating it.", ""),
    (_RHI, "To improve", "Fewer than half of the return interviews due were held within 72 "
     "hours; the rest were late or not held at all, and declined offers were not followed "
     "up.", ""),
    (_RHI, "Practitioner feedback", "Interview workers said they often heard that a child "
     "had come back days later, because police notifications reached them only once a "
     "day.", ""),
    ("Stage 1 and 2 Meetings", "To improve", "Only half of the stage one meetings that were "
     "due took place, no stage two meeting was held when due, and schools were not always "
     "invited.", ""),
    (_PLACED_IN, "To improve", "Return interview reports were asked for from the placing "
     "authority after every episode, but few came back, so local workers did not know what "
     "the child had said.", ""),
    (_RHI, "Action taken", "Police now tell the return interview service on the same day "
     "that a child has come back.", "2016-09-01"),
    ("", "Action taken", "The missing children's group now reviews a weekly list of return "
     "interviews that are due, late or not held.", "2016-10-03"),
]
# learning: Working well 1, To improve 4, Practitioner feedback 1, Action taken 2.

#: The figures the rows were designed to give (worked by hand; see the comments above).
INTENDED: dict = {
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
        "voice_heard": tally(6, 3, 5),
        "felt_listened_to": tally(4, 3, 6, disputed=1),
        "rhi_informs_plan": tally(4, 2, 5, 3),
        "plan_reduces_risk": tally(4, 3, 4, 3),
        "plan_runaway_strategy": tally(1, 1, 3, 9),
        "right_agencies_invited": tally(1, 1, 1, 11),
        "police_hub_joined_up": tally(0, 1, 2, 11),
        "impact": tally(5, 0, 8, 1),
    },
    "learning": {"Working well": 1, "To improve": 4, "Practitioner feedback": 1, "Action taken": 2},
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
}


def tables() -> dict[str, list[Row]]:
    """The audit's rows, by table."""
    return {
        "cases": CASES,
        "judgements": judgement_rows(CASE_IDS, GRID, PANEL_COMMENTS, AGENCY_ROWS),
        "voice": VOICE,
        "episodes": EPISODES,
        "meetings": MEETINGS,
        "learning": LEARNING,
    }

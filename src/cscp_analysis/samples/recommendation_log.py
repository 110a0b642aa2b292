"""recommendations.csv: the partnership's recommendations, spanning the three sample audits.

Every row is invented (see ``synth.py``); :data:`INTENDED` gives the figures worked out by
hand from the rows at ``as_of`` 2023-03-31 (see the comments on the rows).
"""

from __future__ import annotations

from cscp_analysis.samples.design import CSC, CSEM, LIS, Row

ROWS: list[Row] = [
    # rec_id, audit_id, finding_area, recommendation, owner, agreed_on, due_by, status,
    # fed_back_on. Overdue = due_by before 2023-03-31 and status Open or In progress.
    ("R01", "2016-06-cse", "Risk Assessment Tools",
     "Complete the CSE risk assessment tool with every agency involved with the child, "
     "not by one agency alone.",
     CSEM, "2016-07-14", "2016-12-31", "Done", "2017-02-09"),          # fed back
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
     CSEM, "2016-07-21", "2017-01-31", "In progress", ""),             # OVERDUE
    ("R07", "2016-06-mfh", "Children Placed in Cumbria by Other Authorities",
     "Agree with placing authorities that return interview reports come back to the "
     "Safeguarding Hub.",
     "Safeguarding Hub", "2016-07-21", "2016-12-31", "Open", ""),       # OVERDUE
    ("R08", "2016-06-mfh", "Plans",
     "Plans for children who run away repeatedly include a strategy to keep them safe.",
     "Police", "2016-07-21", "2016-12-31", "Done", "2017-05-11"),       # fed back
    ("R09", "2022-09-neglect", "Use of Neglect Tools",
     "Train practitioners in the Graded Care Profile 2 and expect its use in neglect cases.",
     LIS, "2022-10-20", "2023-03-31", "In progress", ""),              # due ON as_of: not overdue
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
     LIS, "2022-10-20", "2023-09-30", "Open", ""),                     # not overdue
]

INTENDED: dict[str, object] = {
    "as_of": "2023-03-31",
    "recommendations": 13,
    "status": {"Open": 4, "In progress": 3, "Done": 5, "Dropped": 1},
    "overdue": 3,  # R06, R07, R10
    "overdue_ids": ["R06", "R07", "R10"],
    "fed_back": 5,  # R01, R03, R05, R08, R12
    "by_audit": {"2016-06-cse": 4, "2016-06-mfh": 4, "2022-09-neglect": 5},
    "owner": {CSC: 4, CSEM: 2, LIS: 2, "Police": 2, "Education": 1, "Health": 1,
              "Safeguarding Hub": 1},
}

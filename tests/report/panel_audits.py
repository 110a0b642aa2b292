"""Small hand-made audits whose every answer is the panel's, analysed, for the tests of
what the cycle overview gathers across audits (themes across audits, key messages).

:func:`two_audits`: CSE, five cases, voice_heard and explained_to_child No for each
(Voice of the Child 0 of 10: Wilson upper bound 3.84 / 13.84 = 0.278, to improve) and
impact Good for each (5 of 5: 57% to 100%, not flagged); Neglect, five cases,
voice_heard No for each (0 of 5: 0 to 0.434, to improve) and impact Good for each.
"""

from __future__ import annotations

from conftest import CASES_HEADER, write_audit

from cscp_analysis.analysis.results import AuditResults, analyse

JUDGEMENTS = ["case_id", "question_id", "answer", "agency", "comment"]


def panel_audit(folder, ident: str, theme: str, answers, cases: int = 5) -> AuditResults:
    """An audit of ``cases`` cases, each given the same ``(question, answer)`` pairs."""
    rows = [[f"C{i}", "Cumberland", "CP", "12", "", "Female"] for i in range(1, cases + 1)]
    return analyse(write_audit(
        folder / ident, {"id": ident, "theme": theme, "title": f"{theme.upper()} audit",
                         "conducted": "2016-06"}, cases=(CASES_HEADER, rows),
        judgements=(JUDGEMENTS, [[f"C{i}", q, a, "Panel", ""] for i in range(1, cases + 1)
                                 for q, a in answers])))


def two_audits(folder) -> list[AuditResults]:
    """The CSE and Neglect audits above, in that order."""
    return [panel_audit(folder, "2016-06-cse", "cse",
                        [("voice_heard", "No"), ("explained_to_child", "No"),
                         ("impact", "Good")]),
            panel_audit(folder, "2016-07-neglect", "neglect",
                        [("voice_heard", "No"), ("impact", "Good")])]

"""The report's sentences that depend on the numbers: rates, intervals and outcomes in words.

Each function turns figures already computed into plain text (no markup); the sections
show the text through the escaping templates of :mod:`cscp_analysis.report.display`.
The counting words themselves (``counted``, ``plural``, ``ordinal`` …) are in
:mod:`cscp_analysis.analysis.narrative`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cscp_analysis.analysis import narrative
from cscp_analysis.analysis.disclosure import SECONDARY_MARKER
from cscp_analysis.analysis.narrative import (
    count_phrase,
    long_date,
    month_name,
    number_words,
    plural,
)
from cscp_analysis.analysis.published import protect_cases


def pct(value: object) -> str:
    """A share as a whole percentage ("40%"); a dash when there is none."""
    if value == SECONDARY_MARKER:
        return SECONDARY_MARKER
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    return "–" if number != number else f"{number:.0%}"


def share(value: object) -> object:
    """A share as the tables beside the report give it: the number :func:`pct` shows, as a
    number (0.43 for "43%"); a disclosure marker as it is; ``None`` when there is none."""
    if isinstance(value, str):
        return value
    shown = pct(value)
    return None if shown == "–" else int(shown.removesuffix("%")) / 100


def interval_text(low: object, high: object) -> str:
    """A 95% interval in words ("12% to 77%"); "none (no rated answers)" when there is none."""
    if SECONDARY_MARKER in (low, high):
        return SECONDARY_MARKER
    lo, hi = pct(low), pct(high)
    if "–" in (lo, hi):
        return "none (no rated answers)"
    return f"{lo} to {hi}"


def parts(pairs: Sequence[tuple[int, str]]) -> list[str]:
    """The non-zero parts of a count ("1 partly met it"), zero parts left out."""
    return [f"{n} {text}" for n, text in pairs if n]


def audit_sentence(info, cases: int | str, threshold: int, as_of: str) -> str:
    """When and by whom the audit was carried out, how many cases from where, and the date.

    ``cases`` may be the number of cases as disclosure control shows it: ``"<5"`` reads
    "fewer than 5 cases"; ``"*"`` (hidden so that smaller groups cannot be worked out)
    gives no number.
    """
    note = ""
    if cases == SECONDARY_MARKER:
        counted = "cases"
        note = " (how many is not given, so that smaller groups cannot be worked out)"
    elif isinstance(cases, str):
        counted = f"{count_phrase(cases)} cases"
    else:
        counted = (f"{count_phrase(cases, threshold)} {plural(cases, 'case')}"
                   if cases else "no cases")
    by = f" by the {info.conducted_by}" if info.conducted_by else ""
    areas = narrative.join_list(list(info.areas))
    return (f"The audit was carried out in {month_name(info.conducted)}{by} and looked at "
            f"{counted}" + (f" from {areas}" if areas else "") + note
            + f". This report gives the position on {long_date(as_of)}.")


def result_sentence(row: Mapping[str, Any]) -> str:
    """One question's result in words: met count and rate with its interval, then the other
    outcomes that occurred (zero outcomes are left out)."""
    met, partly, not_met = int(row["met"]), int(row["partly"]), int(row["not_met"])
    answered = met + partly + not_met
    if answered == 0:
        text = "No case had an answer that could be counted"
    else:
        text = (f"{met} of {answered} {plural(answered, 'case')} met the standard "
                f"({pct(row['rate'])}; 95% interval "
                f"{interval_text(row['ci_low'], row['ci_high'])})")
        rest = parts([(partly, "partly met it"), (not_met, "did not")])
        if rest:
            text += "; " + narrative.join_list(rest)
    extras = parts([
        (int(row.get("not_applicable", 0)), "not applicable"),
        (int(row.get("disputed", 0)), "disputed between agencies, left for the panel"),
    ])
    return text + (f" ({'; '.join(extras)})" if extras else "") + "."


def agreement_sentence(total: int, disagreed: int, disputed: int) -> str:
    """How often agencies answering the same case question disagreed, and what the panel did.

    ``total`` case questions had answers from two or more agencies; on ``disagreed`` of them
    the answers differed; ``disputed`` of those still have no panel answer.
    """
    which = ("the one case question" if total == 1 else
             f"all {total} case questions" if not disagreed else
             f"{disagreed} of the {total} case questions")
    if not disagreed:
        return f"On {which} answered by more than one agency, the agencies agreed."
    first = f"On {which} answered by more than one agency, the agencies disagreed"
    settled = disagreed - disputed
    if not disputed:
        return f"{first}; the panel settled {plural(settled, 'it', 'every one')}."
    if not settled:
        return f"{first}; the panel has not yet settled {plural(disputed, 'it', 'them')}."
    return (f"{first}; the panel settled {settled} and {disputed} "
            f"{plural(disputed, 'is', 'are')} still disputed.")


def voice_sentence(heard: int, quotes: int, cases: int = 0, suppress_below: int = 0) -> str:
    """How many children were heard and how much may be quoted, in words.

    With ``suppress_below`` the number heard is protected against the number of
    ``cases`` (:func:`~cscp_analysis.analysis.published.protect_cases`: the children not
    heard are worked out by subtraction) and worded by :func:`heard_sentence`.
    """
    if suppress_below and heard:
        _, shown = protect_cases(cases, {"heard": [heard]}, suppress_below)
        return heard_sentence(shown["heard"][0], quotes, suppress_below)
    return heard_sentence(heard, quotes, suppress_below)


def heard_sentence(heard: int | str, quotes: int, suppress_below: int = 0) -> str:
    """How many children were heard, as disclosure control shows it (a count or a marker).

    With ``suppress_below`` the number heard is given only where it is shown, and the
    number of quotes is not given.
    """
    if heard == 0:
        return "No child was heard directly in this audit."
    if heard == SECONDARY_MARKER:
        return ("Some children spoke to the auditors (how many is not shown, so that "
                "smaller groups cannot be worked out).")
    if isinstance(heard, str):
        return f"Fewer than {heard[1:]} children spoke to the auditors."
    opening = narrative.sentence_start(heard) if heard < 100 else f"A total of {heard}"
    if suppress_below:
        return f"{opening} children spoke to the auditors."
    text = f"{opening} {plural(heard, 'child', 'children')} spoke to the auditors"
    if quotes:
        text += (f"; {number_words(quotes)} of the things they said "
                 f"{plural(quotes, 'is', 'are')} quoted below with their agreement")
    return text + "."


def held_text(held: object, early: Sequence[Any]) -> str:
    """A stage meeting's "Held" cell: Yes / No, with any meeting held too early explained."""
    if held is True:
        return "Yes"
    if not early:
        return "No"
    dates = narrative.join_list([long_date(d) for d in early])
    if len(early) == 1:
        return f"No: a meeting was held {dates}, before it was due, so it does not count"
    return f"No: meetings were held {dates}, before it was due, so they do not count"


def rule_words(rules) -> dict[str, Any]:
    """A theme's missing-from-home rule settings in words, for the rule texts' templates.

    ``hours`` (72), ``days`` (the calendar-date limit: "three days", "one day"; "" under a
    day), ``stage1``/``stage2`` as ordinals ("5th") and as counts of times ("5 times"),
    ``window`` ("90 days"), and whether missing (``M``) and away (``A``) episodes count.
    """
    days = rules.rhi_hours // 24
    return {
        "hours": rules.rhi_hours,
        "days": narrative.counted(days, "day", spell=True) if days else "",
        "stage1": narrative.ordinal(rules.stage1_threshold),
        "stage2": narrative.ordinal(rules.stage2_threshold),
        "stage1_times": narrative.counted(rules.stage1_threshold, "time"),
        "stage2_times": narrative.counted(rules.stage2_threshold, "time"),
        "window": narrative.counted(rules.window_days, "day"),
        "missing": "M" in rules.counted_kinds,
        "away": "A" in rules.counted_kinds,
    }


def of_phrase(part: int, whole: int, noun: str, many: str | None = None) -> str:
    """A part of a whole in figures, the noun agreeing with the whole: "2 of 5 cases",
    "0 of 1 child" (``many``: the plural when it is not the noun + "s")."""
    return f"{int(part)} of {narrative.counted(int(whole), noun, many)}"


def share_level(level: float) -> str:
    """A theme's level (0.6) as the key messages write it: "60%"."""
    return f"{float(level):.0%}"


def disputed_phrase(disputed: int | None) -> str:
    """Answers awaiting the panel: "one answer disputed between agencies awaits the panel";
    ``None`` (a count hidden by disclosure control) gives no number."""
    if disputed is None:
        return ("any answers disputed between agencies are counted in the Key findings "
                "tables, for the panel to settle")
    if not disputed:
        return "no disputed answer awaits the panel"
    return (f"{narrative.counted(disputed, 'answer', spell=True)} disputed between agencies "
            f"{plural(disputed, 'awaits', 'await')} the panel")


def overdue_phrase(overdue: int | str, recommendations: int | None, as_of: str) -> str:
    """Recommendations overdue on the report date: "two of the four recommendations made
    after this audit are overdue on 31 March 2023". ``overdue`` may be a disclosure
    marker ("<5": "fewer than 5 ... are"); the number made (``recommendations``) is
    given only when not ``None``."""
    when = long_date(as_of)
    if isinstance(overdue, str):
        return f"{count_phrase(overdue)} recommendations are overdue on {when}"
    if not overdue:
        return f"no recommendation is overdue on {when}"
    verb = plural(overdue, "is", "are")
    if recommendations is None:
        return (f"{narrative.counted(overdue, 'recommendation', spell=True)} {verb} overdue "
                f"on {when}")
    if recommendations == overdue:
        whole = ("the recommendation made after this audit" if overdue == 1 else
                 f"all {number_words(overdue)} recommendations made after this audit")
        return f"{whole} {verb} overdue on {when}"
    return (f"{number_words(overdue)} of the {number_words(int(recommendations or 0))} "
            f"recommendations made after this audit {verb} overdue on {when}")

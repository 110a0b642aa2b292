"""The cohort paragraph, written the way a partnership publishes it.

For example: "Five cases were audited: one Child Protection, one Child in Need, one
Early Help, one Child Looked After and one Child Looked After placed out of county.
The children were aged 12 to 17 years. Four were girls and one was a boy."

House style (see ``docs/assumptions.md``): counts up to ten in words, larger counts in
figures, except that a sentence never starts with a figure (it is spelled out, or
rephrased above 99); ages are always in figures, in months under one year.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cscp_analysis.contract.codes import CASE_TYPES, GENDERS

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _spell(n: int) -> str:
    """0–99 spelled out in lower case ("twenty-three")."""
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + (f"-{_UNITS[unit]}" if unit else "")


def number_words(n: int) -> str:
    """A count in running text: words up to ten, figures above ("four", "11")."""
    return _spell(n) if 0 <= n <= 10 else str(n)


def sentence_start(n: int) -> str:
    """A count opening a sentence: always words, capitalised ("Four", "Twelve").

    Counts of 100 or more cannot be spelled neatly; callers rephrase them
    (see :func:`_count_opening`).
    """
    if not 0 <= n <= 99:
        raise ValueError("only counts 0–99 are spelled out at a sentence start")
    word = _spell(n)
    return word[0].upper() + word[1:]


def _count_opening(n: int, noun_phrase: str) -> str:
    """``"Twelve cases"`` at a sentence start, or ``"A total of 120 cases"`` above 99."""
    if n <= 99:
        return f"{sentence_start(n)} {noun_phrase}"
    return f"A total of {n} {noun_phrase}"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``singular`` for one, else ``plural_form`` (default: singular + "s")."""
    return singular if n == 1 else (plural_form or singular + "s")


def counted(n: int, word: str, many: str | None = None, *, spell: bool = False) -> str:
    """``1 answer``, ``2 answers``: a count with its noun in the right number.

    In figures by default; ``spell=True`` follows the house style of running text
    (words up to ten: ``one day``, ``three days``, ``11 days``).
    """
    return f"{number_words(n) if spell else n} {plural(n, word, many)}"


def ordinal(n: int) -> str:
    """An ordinal in figures: ``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``–``13th``, ``21st``."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def join_list(items: Sequence[str]) -> str:
    """Join phrases as English does: "a", "a and b", "a, b and c"."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def _counts(values: pd.Series, order: Sequence[str]) -> list[tuple[str, int]]:
    """Non-zero counts of ``values`` in ``order`` first, then any others A–Z."""
    counts = values.dropna().astype(str).value_counts()
    known = [v for v in order if counts.get(v, 0) > 0]
    extra = sorted(v for v in counts.index if v not in set(order))
    return [(v, int(counts[v])) for v in known + extra]


def _all(n: int) -> str:
    """"Both" for two, else "All five" / "All 12" (a sentence start)."""
    return "Both" if n == 2 else f"All {number_words(n)}"


def _article(label: str) -> str:
    return "an" if label[:1].lower() in "aeiou" else "a"


def case_type_sentence(cases: pd.DataFrame) -> str:
    """How many cases were audited, and of which types (labels from ``codes.CASE_TYPES``)."""
    n = len(cases)
    if n == 0:
        return "No cases were audited."
    types = _counts(cases["case_type"], list(CASE_TYPES))
    labels = [(CASE_TYPES.get(code, code), count) for code, count in types]
    if n == 1:
        label = labels[0][0]
        if label[:1].islower():  # a descriptive phrase such as "placed in the county by ..."
            return f"One case was audited: a child {label}."
        return f"One case was audited: {_article(label)} {label} case."
    opening = f"{_count_opening(n, 'cases')} were audited"
    if len(labels) == 1:
        return f"{opening}, {'both' if n == 2 else 'all'} {labels[0][0]}."
    parts = [f"{number_words(count)} {label}" for label, count in labels]
    return f"{opening}: {join_list(parts)}."


def _age_phrase(months: int) -> str:
    """An age in figures: months under one year, else whole years."""
    if months < 12:
        return f"{months} {plural(months, 'month')}"
    years = months // 12
    return f"{years} {plural(years, 'year')}"


def _age_range_phrase(youngest: int, oldest: int) -> str:
    low, high = _age_phrase(youngest), _age_phrase(oldest)
    if low == high:
        return low
    low_n, low_unit = low.split(" ", 1)
    high_unit = high.split(" ", 1)[1]
    if low_unit.rstrip("s") == high_unit.rstrip("s"):  # one unit: "12 to 17 years"
        return f"{low_n} to {high}"
    return f"{low} to {high}"


def age_sentence(cases: pd.DataFrame) -> str:
    """The children's age range, e.g. "The children were aged 5 months to 18 years."."""
    if len(cases) == 0:
        return ""
    ages = cases["age_in_months"].astype("int64")
    phrase = _age_range_phrase(int(ages.min()), int(ages.max()))
    if len(cases) == 1:
        return f"The child was aged {phrase}."
    if " to " not in phrase:
        return f"The children were {'both' if len(cases) == 2 else 'all'} aged {phrase}."
    return f"The children were aged {phrase}."


_GENDER_PHRASES: dict[str, tuple[str, str]] = {
    # gender: (one child, several children)
    "Female": ("was a girl", "were girls"),
    "Male": ("was a boy", "were boys"),
    "Other": ("had another gender recorded", "had another gender recorded"),
    "Not recorded": ("had no gender recorded", "had no gender recorded"),
}


def gender_sentence(cases: pd.DataFrame) -> str:
    """How many were girls, boys, of another gender or with none recorded."""
    n = len(cases)
    if n == 0:
        return ""
    counts = _counts(cases["gender"], GENDERS)
    if len(counts) == 1:
        gender = counts[0][0]
        one, many = _GENDER_PHRASES.get(gender, (f"was recorded as {gender}",) * 2)
        if n == 1:
            return f"The child {one}."
        if gender == "Not recorded":
            return f"None of the {number_words(n)} children had a gender recorded."
        return f"{_all(n)} {many}."
    parts = []
    for i, (gender, count) in enumerate(counts):
        one, many = _GENDER_PHRASES.get(
            gender, (f"was recorded as {gender}", f"were recorded as {gender}")
        )
        number = _count_opening(count, "").strip() if i == 0 else number_words(count)
        parts.append(f"{number} {one if count == 1 else many}")
    return f"{join_list(parts)}."


def area_sentence(cases: pd.DataFrame, areas: Sequence[str] = ()) -> str:
    """Where the cases came from, e.g. "Three cases were from Cumberland and two were from ..."."""
    n = len(cases)
    if n == 0 or "area" not in cases.columns:
        return ""
    counts = _counts(cases["area"], areas)
    if not counts:
        return ""
    if len(counts) == 1:
        if n == 1:
            return f"The case was from {counts[0][0]}."
        return f"{_all(n)} cases were from {counts[0][0]}."
    parts = []
    for i, (area, count) in enumerate(counts):
        if i == 0:
            parts.append(f"{_count_opening(count, plural(count, 'case'))} "
                         f"{plural(count, 'was', 'were')} from {area}")
        else:
            parts.append(f"{number_words(count)} {plural(count, 'was', 'were')} from {area}")
    return f"{join_list(parts)}."


def cohort_group_sentence(cases: pd.DataFrame, groups: Sequence[str] = ()) -> str:
    """Which sampling groups the records were drawn from ("" when none is recorded)."""
    if len(cases) == 0 or "cohort_group" not in cases.columns:
        return ""
    counts = _counts(cases["cohort_group"], groups)
    if not counts:
        return ""
    unrecorded = int(cases["cohort_group"].isna().sum())
    n_grouped = len(cases) - unrecorded
    if len(counts) == 1:
        group = counts[0][0]
        if n_grouped == 1:
            text = f"One case was drawn from the sampling group {group}."
        elif unrecorded == 0:
            text = f"{_all(n_grouped)} cases were drawn from the sampling group {group}."
        else:
            text = (f"{_count_opening(n_grouped, 'cases')} were drawn from the sampling "
                    f"group {group}.")
    else:
        parts = [f"{group} ({number_words(count)})" for group, count in counts]
        subject = "The cases were"
        if unrecorded:
            subject = f"{_count_opening(n_grouped, 'cases')} were"
        text = (f"{subject} drawn from {number_words(len(counts))} sampling groups: "
                f"{join_list(parts)}.")
    if unrecorded:
        verb = plural(unrecorded, "case had", "cases had")
        text += f" {_count_opening(unrecorded, '').strip()} {verb} no sampling group recorded."
    return text


def cohort_narrative(
    cases: pd.DataFrame, areas: Sequence[str] = (), cohort_groups: Sequence[str] = ()
) -> str:
    """The cohort paragraph: case types, ages, genders, areas and sampling groups.

    Parameters
    ----------
    cases
        The tidy ``cases`` table.
    areas
        The audit's areas, in the order they should be named.
    cohort_groups
        The theme's sampling groups, in the order they should be named.
    """
    sentences = [
        case_type_sentence(cases),
        age_sentence(cases),
        gender_sentence(cases),
        area_sentence(cases, areas),
        cohort_group_sentence(cases, cohort_groups),
    ]
    return " ".join(s for s in sentences if s)


# ---------------------------------------------------------------- dates and phrases in reports

_MONTHS = ("January February March April May June July August September October November "
           "December").split()


def long_date(value: object) -> str:
    """A date as reports write it: "31 March 2023" (no leading zero); "" when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {_MONTHS[stamp.month - 1]} {stamp.year}"


def month_name(value: object) -> str:
    """A month as reports write it: "June 2016" (from "2016-06" or any date)."""
    text = str(value)
    if len(text) == 7 and text[4] == "-":
        text += "-01"
    stamp = pd.Timestamp(text)
    return f"{_MONTHS[stamp.month - 1]} {stamp.year}"


def count_phrase(n: int | str, suppress_below: int = 0) -> str:
    """A count in running text, or "fewer than 5" when it is hidden by disclosure control.

    Zero is always written ("none" is left to the caller): it identifies no child. ``n``
    may be a disclosure marker: ``"<5"`` reads "fewer than 5"; ``"*"`` (a count hidden
    to protect another) has no words, so the caller must leave the count out.
    """
    if isinstance(n, str):
        if n.startswith("<"):
            return f"fewer than {n[1:]}"
        raise ValueError(f"a count hidden as {n!r} cannot be written in words")
    if suppress_below > 1 and 0 < n < suppress_below:
        return f"fewer than {suppress_below}"
    return number_words(n)


def capitalise(text: str) -> str:
    """The first letter in capitals, for a label or a sentence start ("Placed in the ...")."""
    return _cap(text)


def cases_audited_sentence(n: int | str, suppress_below: int) -> str:
    """How many cases were audited, with no small count: "Fourteen cases were audited."

    ``n`` may be the number of cases as disclosure control shows it: ``"*"`` when it had
    to be hidden (then no number of cases is given), ``"<5"`` when small.
    """
    if isinstance(n, str):
        return (f"Fewer than {suppress_below} cases were audited." if n.startswith("<")
                else "The number of cases audited is not given: with it, smaller groups "
                     "could be worked out.")
    if n == 0:
        return "No cases were audited."
    if n < suppress_below:
        return f"Fewer than {suppress_below} cases were audited."
    return f"{_count_opening(n, 'cases')} were audited."


def suppressed_cohort_sentence(n: int | str, suppress_below: int) -> str:
    """The cohort paragraph of a disclosure-controlled report: no small count at all.

    For example, for 14 cases and ``suppress_below = 5``: "Fourteen cases were audited.
    To protect the children's privacy, this version of the report does not describe
    them by type of involvement, age, gender or area in words; the table below shows
    each group of 5 or more children, and smaller groups as "<5"." ``n`` may be the
    number of cases as disclosure control shows it: ``"*"`` when it had to be hidden
    (then no number of cases is given), ``"<5"`` when small.
    """
    opening = cases_audited_sentence(n, suppress_below)
    if n == 0:
        return opening
    return (f"{opening} To protect the children's privacy, this version of the report does not "
            "describe them by type of involvement, age, gender or area in words; the table "
            f"below shows each group of {suppress_below} or more children, and smaller groups "
            f'as "<{suppress_below}".')

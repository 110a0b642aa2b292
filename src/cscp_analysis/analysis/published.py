"""What a disclosure-controlled report of one audit shows: its counts protected together.

A theme report, its CSVs and the cycle overview publish, for one audit: the number of
cases (in words), each cohort breakdown (its parts add up to the number of cases), how
many children were heard (the other cases were not), each question's outcome counts,
the agreement counts per question, the themes of what children said and the
missing-from-home measures. A reader who knows the rule combines them, so
:func:`suppress_tables` protects them as they are tied: the number of cases, every
breakdown and the children heard as one system (:func:`protect_cases`); each question's
row, each agreement row and the measures on their own, as they share no count
(:mod:`cscp_analysis.analysis.disclosure`). Themes of what children said are listed only
where at least ``k`` children gave them. ``AuditResults.shown`` keeps the result per
threshold, so the HTML, the CSVs and the overview show the very same cells;
:func:`cycle_total` protects the cycle's number of cases against the audits' own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from cscp_analysis.analysis.deduction import OTHER, SMALL, protect, worked_out
from cscp_analysis.analysis.disclosure import (
    MISSING_TOTALS,
    SECONDARY_MARKER,
    _zero_small,
    missing_limits,
    suppress,
    suppress_measures,
    suppression_marker,
)
from cscp_analysis.analysis.findings import OUTCOMES, RATED
from cscp_analysis.contract.themes import MissingRules

if TYPE_CHECKING:
    from cscp_analysis.analysis.results import AuditResults

#: The key of the number of cases; ``heard`` is the number of children heard.
CASES, HEARD = "cases", "heard"
#: The agreement counts of a question: cases answered by 2+ agencies = agreed + disagreed.
AGREEMENT_COUNTS = ("multi_agency", "agreed", "disagreed")


def _marker(how: str, k: int) -> str:
    return suppression_marker(k) if how == SMALL else SECONDARY_MARKER


def is_hidden(value: object) -> bool:
    """Whether a published value is a disclosure marker rather than a count."""
    return isinstance(value, str) and (value == SECONDARY_MARKER or value.startswith("<"))


def protect_cases(cases: int, parts: Mapping[str, Sequence[int]], k: int
                  ) -> tuple[int | str, dict[str, list[int | str]]]:
    """The number of cases and the counts of cases that add up to it, protected together.

    Each entry of ``parts`` counts cases in distinct categories (a breakdown, or the
    children heard). Where they add up to fewer than ``cases``, the rest (cases with no
    cohort group, children not heard) is what a reader works out by subtraction: it is
    never shown, so it counts as hidden from the start, and is protected like a hidden
    count (a small rest must not be worked out either). The number of cases is published
    in words, so it is hidden only when nothing else can protect a count; returned as
    its marker then, it must not be stated anywhere. Returns the number of cases and
    each entry's counts as shown (a count or its marker).
    """
    values: dict = {CASES: int(cases)}
    equations, unshown = [], {}
    for name, counts in parts.items():
        keys = [(name, i) for i in range(len(counts))]
        values.update(zip(keys, (int(c) for c in counts), strict=True))
        rest = int(cases) - sum(int(c) for c in counts)
        if rest < 0:
            raise ValueError(f"{name}: {sum(counts)} counted of {cases} cases")
        if rest:
            keys.append((name, "rest"))
            values[(name, "rest")] = rest
            if rest >= k:  # a small rest is hidden as small anyway
                unshown[(name, "rest")] = OTHER
        equations.append((CASES, tuple(keys)))
    hidden = protect(values, equations, k, _zero_small(k, False), fixed=[CASES],
                     start=unshown)

    def shown(key):
        return _marker(hidden[key], k) if key in hidden else values[key]

    return shown(CASES), {name: [shown((name, i)) for i in range(len(counts))]
                          for name, counts in parts.items()}


def suppress_breakdown(
    table: pd.DataFrame, suppress_below: int | None, count: str, total: int
) -> pd.DataFrame:
    """Disclosure control for one breakdown of all cases (e.g. cases by gender).

    The parts of a breakdown add up to ``total`` (the number of cases, shown elsewhere
    in the report), so other categories are hidden too ("*") until no hidden count can
    be worked out from the total and the shown ones (:func:`protect_cases`). Use
    :func:`breakdown_total_hidden` to learn whether the total itself had to be hidden
    (then it must not be published).
    """
    if not suppress_below or suppress_below <= 1 or not len(table):
        return table.copy()
    cases, parts = protect_cases(total, {count: list(table[count])}, int(suppress_below))
    out = table.copy().astype({count: object})
    out[count] = parts[count]
    out.attrs["total_hidden"] = is_hidden(cases)
    return out


def breakdown_total_hidden(shown: pd.DataFrame) -> bool:
    """Whether :func:`suppress_breakdown` had to hide the breakdown's total as well."""
    return bool(shown.attrs.get("total_hidden", False))


def missing_measures(block: Mapping | None) -> pd.DataFrame:
    """The summary's ``missing`` block as ``measure``/``value`` rows (``tables/missing.csv``),
    so the report and its CSV hide the same cells."""
    flat = []
    for name, values in (block or {}).items():
        if isinstance(values, Mapping):
            flat += [{"measure": f"{name}.{key}", "value": v} for key, v in values.items()]
        else:
            flat.append({"measure": name, "value": values})
    return pd.DataFrame(flat, columns=["measure", "value"])


def report_tables(results: AuditResults) -> dict[str, pd.DataFrame]:
    """Every table of counts a report of ``results`` publishes, exact.

    ``cohort`` (:attr:`AuditResults.cohort`: every category, zeros too, of each breakdown
    some case has), ``findings`` (``questions``), ``agreement`` (questions answered by two
    or more agencies for some case), ``voice_tags``, ``counts`` (``heard``: the children
    heard) and, for an audit with episodes, ``missing`` (:func:`missing_measures`).
    """
    cohort = results.cohort
    present = cohort.groupby("breakdown", sort=False)["cases"].transform("sum") > 0
    agreement = results.agreement
    tables = {
        "cohort": cohort[present].reset_index(drop=True),
        "findings": results.questions,
        "agreement": agreement[agreement["multi_agency"] > 0].reset_index(drop=True),
        "voice_tags": results.voice_tags,
        "counts": pd.DataFrame({"measure": [HEARD], "value": [int(results.children_heard)]}),
    }
    if results.missing_block:
        tables["missing"] = missing_measures(results.missing_block)
    return tables


def _with_cases(counts: pd.DataFrame | None, cases: int | str) -> pd.DataFrame:
    rows = pd.DataFrame({"measure": [CASES], "value": [cases]}, dtype=object)
    if counts is None or not len(counts):
        return rows
    return pd.concat([rows, counts.astype(object)], ignore_index=True)


def suppress_tables(
    tables: Mapping[str, pd.DataFrame], suppress_below: int | None, cases: int,
    rules: MissingRules | None = None,
) -> dict[str, pd.DataFrame]:
    """The tables :func:`report_tables` gives (or some of them), disclosure-controlled.

    ``cohort`` (one row per category: ``breakdown`` and ``cases``) and the ``heard`` row
    of ``counts`` are protected with the number of ``cases`` (:func:`protect_cases`);
    the result's ``counts`` starts with the number of cases as it may be shown.
    ``findings`` and ``agreement``: each question's outcome counts and its agreement
    counts as one system (:func:`suppress_questions`). ``voice_tags``: only themes at
    least ``suppress_below`` children gave. ``missing``:
    :func:`~cscp_analysis.analysis.disclosure.suppress_measures` with
    :data:`~cscp_analysis.analysis.disclosure.MISSING_TOTALS` and the limits of the
    theme's ``rules`` (:func:`~cscp_analysis.analysis.disclosure.missing_limits`), the
    worked-out measures (``_still_missing``, ``_not_received``) as rows after the
    others. Any other table is left out (it was not checked). With no threshold the
    tables are returned unchanged.
    """
    if not suppress_below or suppress_below <= 1:
        return {**tables, "counts": _with_cases(tables.get("counts"), int(cases))}
    k = int(suppress_below)
    out: dict[str, pd.DataFrame] = {}
    cohort = tables.get("cohort")
    counts = tables.get("counts")
    parts: dict[str, list[int]] = {}
    if cohort is not None:
        for name, part in cohort.groupby("breakdown", sort=False):
            parts[name] = list(part["cases"])
    named = [] if counts is None else list(counts["measure"])
    for name in named:
        parts[f"counts:{name}"] = [int(counts.loc[counts["measure"] == name, "value"].iloc[0])]
    shown_cases, shown = protect_cases(cases, parts, k)
    if cohort is not None:
        cohort = cohort.copy().astype({"cases": object})
        for name, part in cohort.groupby("breakdown", sort=False):
            cohort.loc[part.index, "cases"] = shown[name]
        out["cohort"] = cohort
    out["counts"] = _with_cases(pd.DataFrame({
        "measure": named, "value": [shown[f"counts:{n}"][0] for n in named]}), shown_cases)
    if "findings" in tables:
        out["findings"], agreement = suppress_questions(tables["findings"],
                                                        tables.get("agreement"), k, cases)
        if agreement is not None:
            out["agreement"] = agreement
    elif "agreement" in tables:
        agreement = tables["agreement"]
        out["agreement"] = suppress(
            agreement, k, list(AGREEMENT_COUNTS),
            totals={"multi_agency": ["agreed", "disagreed"]},
            derived={c: list(AGREEMENT_COUNTS) for c in ("agreement_rate",)
                     if c in agreement.columns})
    if "voice_tags" in tables:
        tags = tables["voice_tags"]
        out["voice_tags"] = tags[tags["children"] >= k].reset_index(drop=True)
    if "missing" in tables:
        rules = rules or MissingRules()
        out["missing"] = suppress_measures(
            tables["missing"], k, MISSING_TOTALS, keep_virtual=True,
            limits=missing_limits(cases, rules.stage1_threshold, rules.stage2_threshold))
    return out


def suppress_questions(findings: pd.DataFrame, agreement: pd.DataFrame | None, k: int,
                       cases: int) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Each question's outcome counts (a findings table: CSV or results columns) and its
    agreement counts, protected as one system.

    A reader ties them: ``answered`` = met + partly + not met, ``asked`` = every
    outcome, ``multi_agency`` = agreed + disagreed, and knows from the rules that a
    question is asked for at most every case (``asked`` <= ``cases``), that a disputed
    answer is one the agencies disagreed on (``disputed`` <= ``disagreed``) and that a
    case two agencies answered has an outcome (``multi_agency`` <= ``asked``). Rates and
    intervals are hidden wherever their counts are, the agreement rate wherever its are.
    """
    csv = {"ci95_low": "ci_low", "ci95_high": "ci_high"}
    renamed = {old: new for old, new in csv.items() if old in findings.columns}
    table = findings.rename(columns=renamed)
    added = [c for c in ("asked", "answered") if c not in table.columns]
    if len(table) and added:
        # the totals the counts add up to, so that none can be worked out by subtraction
        table = table.assign(answered=table[list(RATED)].sum(axis=1),
                             asked=table[list(OUTCOMES)].sum(axis=1))
    together = agreement is not None and len(agreement) and len(table)
    if together:
        by_question = agreement.set_index("question_id")
        table = table.assign(**{c: table["question_id"].map(by_question[c])
                                for c in AGREEMENT_COUNTS})
    limits = [((("asked", 1),), int(cases)),
              ((("disputed", 1), ("disagreed", -1)), 0),
              ((("multi_agency", 1), ("asked", -1)), 0)]
    sources = [c for c in (*RATED, "answered") if c in table.columns]
    shown = suppress(table, k, [c for c in (*OUTCOMES, "asked", "answered", *AGREEMENT_COUNTS)
                                if c in table.columns],
                     totals={"asked": list(OUTCOMES), "answered": list(RATED),
                             "multi_agency": ["agreed", "disagreed"]},
                     derived={c: sources for c in ("rate", "ci_low", "ci_high")
                              if c in table.columns}, limits=limits)
    out = shown[[c for c in table.columns if c not in AGREEMENT_COUNTS]]
    out = out.drop(columns=added, errors="ignore").rename(
        columns={new: old for old, new in renamed.items()})
    if agreement is None or not together:
        return out, None if agreement is None else agreement.copy()
    marks = shown.set_index("question_id")
    agreed_shown = agreement.copy().astype(
        {c: object for c in (*AGREEMENT_COUNTS, "agreement_rate") if c in agreement.columns})
    for index, question in zip(agreement.index, agreement["question_id"], strict=True):
        for column in AGREEMENT_COUNTS:
            if is_hidden(marks.at[question, column]):
                agreed_shown.at[index, column] = marks.at[question, column]
        if "agreement_rate" in agreement.columns and any(
                is_hidden(marks.at[question, c]) for c in AGREEMENT_COUNTS):
            agreed_shown.at[index, "agreement_rate"] = SECONDARY_MARKER
    return out, agreed_shown


def cycle_total(cases: Sequence[int], shown: Sequence[int | str], k: int) -> int | str:
    """The cycle's number of cases, protected against the audits' own numbers of cases.

    ``cases`` are the audits' numbers of cases and ``shown`` the same as each audit's
    report shows them (a count or a marker: :attr:`AuditResults.shown`). The audits'
    numbers are published in their own reports, so only the total is hidden: as ``"<k"``
    when small, else ``"*"`` where, beside the audits' shown numbers, it would give a
    hidden one away (``Cases <5`` beside 12 in a cycle of 15 cases; or the exact number
    of an audit whose report hides it, ``*``, to protect its breakdowns).
    """
    total = sum(int(n) for n in cases)
    if not k:
        return total
    audits = [("audit", i) for i in range(len(cases))]
    values = {**dict(zip(audits, (int(n) for n in cases), strict=True)), "total": total}
    start = {key: OTHER for key, value in zip(audits, shown, strict=True)
             if value == SECONDARY_MARKER}
    equations = [("total", tuple(audits))]
    hidden = protect(values, equations, k, _zero_small(k, False), fixed=audits, start=start)
    if "total" not in hidden and worked_out(values, equations, hidden, k) & set(start):
        # a number of cases its report hides to protect its breakdowns must stay unknown
        hidden["total"] = OTHER
    if any((key in hidden) != is_hidden(value) for key, value in zip(audits, shown,
                                                                        strict=True)):
        raise ValueError("an audit's number of cases would have to be hidden in its report")
    return _marker(hidden["total"], k) if "total" in hidden else total

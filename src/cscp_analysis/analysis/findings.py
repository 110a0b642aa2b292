"""Audit findings: case-level answers, rates and Wilson intervals (data-contract section 4).

The **case-level answer** to a question is the Panel's answer where one exists;
otherwise the agencies' answer where every agency that answered gives the same answer;
otherwise the case is **disputed** for that question. Each case-level answer has one
outcome:

``met``            ``Yes``, ``Outstanding`` or ``Good``
``partly``         ``Partly`` (never met)
``not_met``        ``No``, ``Requires improvement`` or ``Inadequate``
``not_applicable`` ``Not applicable`` (leaves the denominator)
``disputed``       no Panel answer and the agencies disagree (leaves the denominator)

``rate = met / (met + partly + not_met)``, with a Wilson score interval. A case with
no answer at all to a question is not counted for it ("asked" means answered by
someone). Areas and questions follow the theme file's order and wording.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist

import numpy as np
import pandas as pd

from cscp_analysis.contract.codes import MET_ANSWERS, NOT_APPLICABLE, PANEL, PARTLY_ANSWERS
from cscp_analysis.contract.themes import Theme

OUTCOMES: tuple[str, ...] = ("met", "partly", "not_met", "not_applicable", "disputed")
#: Outcomes that make up a rate's denominator.
RATED: tuple[str, ...] = ("met", "partly", "not_met")


def answer_outcome(answer: object) -> str:
    """The outcome of one (non-disputed) answer: met, partly, not_met or not_applicable."""
    if answer in MET_ANSWERS:
        return "met"
    if answer in PARTLY_ANSWERS:
        return "partly"
    if answer == NOT_APPLICABLE:
        return "not_applicable"
    return "not_met"


def wilson_interval(met: int, n: int, confidence: float = 0.95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion ``met / n`` (``None`` when ``n`` is 0).

    The Wilson interval stays inside [0, 1] and behaves sensibly for the small
    samples and 0 % / 100 % rates audits produce, unlike the normal approximation.
    """
    if n <= 0:
        return None
    if not 0 <= met <= n:
        raise ValueError(f"met ({met}) must lie between 0 and n ({n})")
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)  # 1.95996... at 95 %
    p = met / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # The interval contains p exactly; clamp away floating-point error at 0 % and 100 %.
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


def _theme_questions(judgements: pd.DataFrame, theme: Theme | None) -> pd.DataFrame:
    if theme is None:
        return judgements
    ids = {q.id for q in theme.questions}
    return judgements[judgements["question_id"].isin(ids)]


def case_answers(judgements: pd.DataFrame, theme: Theme | None = None) -> pd.DataFrame:
    """One row per (case, question) that anyone answered: the case-level answer and outcome.

    Returns columns ``case_id``, ``question_id``, ``answer`` (<NA> when disputed),
    ``source`` (``panel``, ``agencies`` or ``disputed``), ``outcome``,
    ``agencies_answered`` (non-Panel answers) and ``agencies_agree`` (bool: two or
    more agencies answered and all gave the same answer; <NA> with fewer than two).
    """
    keys = ["case_id", "question_id"]
    j = _theme_questions(judgements, theme)[keys + ["answer", "agency"]]
    is_panel = j["agency"].fillna(PANEL) == PANEL
    panel = j[is_panel].drop_duplicates(keys)[keys + ["answer"]]
    panel = panel.rename(columns={"answer": "panel_answer"})
    agency = (
        j[~is_panel]
        .groupby(keys, sort=False)["answer"]
        .agg(agencies_answered="size", distinct="nunique", agency_answer="first")
        .reset_index()
    )
    table = panel.merge(agency, on=keys, how="outer")
    table = table.sort_values(keys, kind="stable").reset_index(drop=True)
    answered = table["agencies_answered"].fillna(0).astype("int64")
    distinct = table["distinct"].fillna(0).astype("int64")
    has_panel = table["panel_answer"].notna()
    agree = distinct == 1
    source = np.where(has_panel, "panel", np.where(agree, "agencies", "disputed"))
    answer = table["panel_answer"].where(has_panel, table["agency_answer"].where(agree))
    # answer_outcome for every row at once (no per-row Python for a regional audit)
    outcome = np.select(
        [source == "disputed", answer.isin(MET_ANSWERS).to_numpy(dtype=bool),
         answer.isin(PARTLY_ANSWERS).to_numpy(dtype=bool),
         answer.eq(NOT_APPLICABLE).fillna(False).to_numpy(dtype=bool)],
        ["disputed", "met", "partly", "not_applicable"], "not_met")
    agencies_agree = pd.Series(agree, dtype="boolean").where(answered >= 2)
    return pd.DataFrame(
        {
            "case_id": table["case_id"].astype("str"),
            "question_id": table["question_id"].astype("str"),
            "answer": answer.astype("str"),
            "source": pd.Series(source, dtype="str"),
            "outcome": pd.Series(outcome, dtype="str"),
            "agencies_answered": answered,
            "agencies_agree": agencies_agree,
        }
    )


def _rate_columns(met: int, answered: int) -> dict[str, float]:
    interval = wilson_interval(met, answered)
    if interval is None:
        return {"rate": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    return {"rate": met / answered, "ci_low": interval[0], "ci_high": interval[1]}


def _count_row(outcomes: pd.Series) -> dict[str, int]:
    counts = outcomes.value_counts()
    row = {o: int(counts.get(o, 0)) for o in OUTCOMES}
    row["asked"] = sum(row[o] for o in OUTCOMES)
    row["answered"] = sum(row[o] for o in RATED)
    return row


def question_results(answers: pd.DataFrame, theme: Theme) -> pd.DataFrame:
    """Counts, rate and 95 % Wilson interval for every question of the theme, in theme order.

    Parameters
    ----------
    answers
        Case-level answers from :func:`case_answers`.
    theme
        The audit's theme: gives the order, the finding areas and the question wording.

    Returns
    -------
    DataFrame with ``finding_area``, ``question_id``, ``question`` (wording), ``scale``,
    ``met``, ``partly``, ``not_met``, ``not_applicable``, ``disputed``, ``asked`` (the
    five summed), ``answered`` (met + partly + not_met), ``rate``, ``ci_low``,
    ``ci_high`` (NaN when nothing was answered).
    """
    rows = []
    by_question = dict(tuple(answers.groupby("question_id", sort=False)["outcome"]))
    for q in theme.questions:
        outcomes = by_question.get(q.id, pd.Series([], dtype="str"))
        row = {"finding_area": q.finding_area, "question_id": q.id, "question": q.text,
               "scale": q.scale}
        row |= _count_row(outcomes)
        row |= _rate_columns(row["met"], row["answered"])
        rows.append(row)
    return _typed(pd.DataFrame(rows, columns=_result_columns(
        ["finding_area", "question_id", "question", "scale"])))


def _result_columns(keys: list[str]) -> list[str]:
    return keys + list(OUTCOMES) + ["asked", "answered", "rate", "ci_low", "ci_high"]


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    for column in list(OUTCOMES) + ["asked", "answered"]:
        table[column] = table[column].astype("int64")
    for column in ("rate", "ci_low", "ci_high"):
        table[column] = table[column].astype("float64")
    return table


def area_results(questions: pd.DataFrame, theme: Theme) -> pd.DataFrame:
    """Pool each finding area's questions: counts, rate and interval per area, in theme order.

    An area's rate pools every case-level answer to its questions (a case counts once
    per question). If ``questions`` has an ``area`` column (see
    :func:`question_results_by_area`), the result is given per geographical area too.
    """
    by = ["area"] if "area" in questions.columns else []
    groups = questions.groupby(by, sort=False) if by else [((), questions)]
    rows = []
    for key, part in groups:
        for fa in theme.finding_areas:
            sub = part[part["finding_area"] == fa.title]
            row = dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True))
            row |= {"finding_area": fa.title, "questions": len(fa.questions)}
            for column in list(OUTCOMES) + ["asked", "answered"]:
                row[column] = int(sub[column].sum())
            row |= _rate_columns(row["met"], row["answered"])
            rows.append(row)
    return _typed(pd.DataFrame(rows, columns=_result_columns(by + ["finding_area", "questions"])))


def disputed_list(
    judgements: pd.DataFrame, answers: pd.DataFrame, theme: Theme
) -> pd.DataFrame:
    """The (case, question) pairs the panel must settle, with each agency's answer.

    **Internal**: this list names cases and is for the audit panel only; reports show
    only the ``disputed`` counts. Comments are never included. Columns ``case_id``,
    ``finding_area``, ``question_id``, ``question``, ``agency_answers``
    ("Health: Yes; Police: No").
    """
    disputed = answers[answers["outcome"] == "disputed"][["case_id", "question_id"]]
    j = judgements[judgements["agency"].fillna(PANEL) != PANEL]
    j = j.merge(disputed, on=["case_id", "question_id"])
    rows = []
    order = {q.id: i for i, q in enumerate(theme.questions)}
    for (case_id, question_id), part in j.groupby(["case_id", "question_id"], sort=False):
        part = part.sort_values("agency")
        q = theme.question(str(question_id))
        rows.append({
            "case_id": case_id,
            "finding_area": q.finding_area,
            "question_id": question_id,
            "question": q.text,
            "agency_answers": "; ".join(
                f"{a}: {v}" for a, v in zip(part["agency"], part["answer"], strict=True)
            ),
            "_order": order[str(question_id)],
        })
    columns = ["case_id", "finding_area", "question_id", "question", "agency_answers"]
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})
    table = pd.DataFrame(rows).sort_values(["_order", "case_id"], kind="stable")
    return table[columns].reset_index(drop=True)


def _agency_order(agencies: Sequence[str], theme: Theme) -> list[str]:
    known = [a for a in theme.agencies if a in set(agencies)]
    return known + sorted(set(agencies) - set(known))


def agency_results(judgements: pd.DataFrame, theme: Theme) -> pd.DataFrame:
    """Each agency's own answers per question (Panel answers excluded), with rate and interval.

    Columns ``finding_area``, ``question_id``, ``question``, ``agency``, ``met``,
    ``partly``, ``not_met``, ``not_applicable``, ``answered``, ``rate``, ``ci_low``,
    ``ci_high``; questions in theme order, agencies in the theme's agency order.
    Only (question, agency) pairs with at least one answer appear.
    """
    j = _theme_questions(judgements, theme)
    j = j[j["agency"].fillna(PANEL) != PANEL]
    outcomes = j["answer"].map(answer_outcome)
    j = j.assign(outcome=outcomes)
    agencies = _agency_order(j["agency"].astype(str).unique().tolist(), theme)
    rows = []
    for q in theme.questions:
        jq = j[j["question_id"] == q.id]
        for agency in agencies:
            part = jq[jq["agency"] == agency]
            if len(part) == 0:
                continue
            counts = part["outcome"].value_counts()
            row = {"finding_area": q.finding_area, "question_id": q.id, "question": q.text,
                   "agency": agency}
            row |= {o: int(counts.get(o, 0)) for o in OUTCOMES if o != "disputed"}
            row["answered"] = sum(row[o] for o in RATED)
            row |= _rate_columns(row["met"], row["answered"])
            rows.append(row)
    columns = ["finding_area", "question_id", "question", "agency", "met", "partly", "not_met",
               "not_applicable", "answered", "rate", "ci_low", "ci_high"]
    table = pd.DataFrame(rows, columns=columns)
    for column in columns[4:9]:
        table[column] = table[column].astype("int64")
    for column in columns[9:]:
        table[column] = table[column].astype("float64")
    return table


def agency_agreement(answers: pd.DataFrame, theme: Theme) -> pd.DataFrame:
    """How often the agencies agreed, per question, where two or more agencies answered.

    Columns ``finding_area``, ``question_id``, ``question``, ``multi_agency`` (cases
    with two or more agency answers), ``agreed``, ``disagreed`` and ``agreement_rate``
    (NaN when no case had two agency answers). A Panel answer does not change whether
    the agencies agreed.
    """
    rows = []
    for q in theme.questions:
        part = answers[(answers["question_id"] == q.id) & (answers["agencies_answered"] >= 2)]
        agreed = int(part["agencies_agree"].fillna(False).astype(bool).sum())
        total = len(part)
        rows.append({
            "finding_area": q.finding_area, "question_id": q.id, "question": q.text,
            "multi_agency": total, "agreed": agreed, "disagreed": total - agreed,
            "agreement_rate": agreed / total if total else np.nan,
        })
    table = pd.DataFrame(rows)
    table["agreement_rate"] = table["agreement_rate"].astype("float64")
    return table


def _areas_in_order(cases: pd.DataFrame, areas: Sequence[str]) -> list[str]:
    present = cases["area"].dropna().astype(str).unique().tolist()
    return [a for a in areas if a in present] + sorted(set(present) - set(areas))


def _by_area(table: pd.DataFrame, cases: pd.DataFrame, areas: Sequence[str], compute):
    """``compute`` over the rows of each geographical area, with an ``area`` column first."""
    with_area = table.merge(cases[["case_id", "area"]], on="case_id", how="left")
    parts = []
    for area in _areas_in_order(cases, areas):
        part = compute(with_area[with_area["area"] == area])
        part.insert(0, "area", area)
        parts.append(part)
    if not parts:
        empty = compute(table.iloc[0:0]).iloc[0:0]
        empty.insert(0, "area", pd.Series([], dtype="str"))
        return empty
    return pd.concat(parts, ignore_index=True)


def question_results_by_area(
    answers: pd.DataFrame, cases: pd.DataFrame, theme: Theme, areas: Sequence[str] = ()
) -> pd.DataFrame:
    """:func:`question_results` for each geographical area, with an ``area`` column first."""
    return _by_area(answers, cases, areas, lambda part: question_results(part, theme))


def agency_results_by_area(
    judgements: pd.DataFrame, cases: pd.DataFrame, theme: Theme, areas: Sequence[str] = ()
) -> pd.DataFrame:
    """:func:`agency_results` for each geographical area, with an ``area`` column first."""
    return _by_area(judgements, cases, areas, lambda part: agency_results(part, theme))

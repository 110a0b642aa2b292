"""One audit's results, computed once: the tables every output reads.

:func:`analyse` is the analyst's entry point. The :class:`AuditResults` it returns
computes each table the first time it is asked for and keeps it, so a report, its
tables, ``summary.json`` and an analyst exploring in JupyterLab all read the same
numbers from the same place. Every attribute is a tidy DataFrame (one row per thing
counted, one column per measure) whose columns are described on the attribute.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from cscp_analysis.analysis import cohort as cohort_tables
from cscp_analysis.analysis import findings, key_messages, missing, voice
from cscp_analysis.analysis import recommendations as recs
from cscp_analysis.analysis.narrative import cohort_narrative
from cscp_analysis.contract.themes import Theme
from cscp_analysis.io.audit import TIDY_COLUMNS, Audit

#: The cohort breakdowns, in report order: (breakdown, code column, label column).
COHORT_BREAKDOWNS: tuple[str, ...] = ("case_type", "age_band", "gender", "area", "cohort_group")


class AuditResults:
    """The results of one audit, each table computed once, when first asked for.

    Made by :func:`analyse`. Tables that name cases (``answers``, ``disputed``, the MFH
    rule tables) are for the audit panel and the analyst only: reports show counts,
    never case ids.

    Attributes
    ----------
    audit : Audit
        The validated audit (``audit.cases``, ``audit.judgements``… are its tidy tables).
    theme : Theme
        The audit's theme: question bank, finding areas, rule settings.
    recommendations : DataFrame or None
        The partnership's recommendations log (every audit's), as loaded.
    as_of : pandas.Timestamp or None
        The date the results speak for (overdue recommendations are judged at it).
    """

    def __init__(self, audit: Audit, recommendations: pd.DataFrame | None = None,
                 as_of: object | None = None):
        self.audit = audit
        self.recommendations = recommendations
        self.as_of = None if as_of in (None, "") else pd.Timestamp(as_of).normalize()

    def __repr__(self) -> str:
        return (f"<AuditResults {self.audit.id}: {self.theme.id}, "
                f"{len(self.audit.cases)} cases>")

    @property
    def theme(self) -> Theme:
        return self.audit.theme

    @property
    def id(self) -> str:
        """The audit's id (as ``audit.id``), so results stand in for their audit."""
        return self.audit.id

    @property
    def info(self):
        """The audit's description from ``audit.yaml`` (as ``audit.info``)."""
        return self.audit.info

    # ------------------------------------------------------------------ cohort

    @cached_property
    def cohort(self) -> pd.DataFrame:
        """Who the audited children were: cases per category of each breakdown.

        Columns ``breakdown`` (``case_type``, ``age_band``, ``gender``, ``area``,
        ``cohort_group``), ``code`` (the contract's code), ``label`` (as the report
        shows it) and ``cases``. Every known category is listed, zeros included, in the
        contract's (or theme's) order.
        """
        cases, info = self.audit.cases, self.audit.info
        parts = {
            "case_type": cohort_tables.case_type_counts(cases),
            "age_band": cohort_tables.age_band_counts(cases),
            "gender": cohort_tables.gender_counts(cases),
            "area": cohort_tables.area_counts(cases, info.areas),
            "cohort_group": cohort_tables.cohort_group_counts(cases, self.theme.cohort_groups),
        }
        frames = []
        for breakdown in COHORT_BREAKDOWNS:
            part = parts[breakdown]
            labels = part["label"] if "label" in part.columns else part[breakdown]
            frames.append(pd.DataFrame({
                "breakdown": pd.Series(breakdown, index=part.index, dtype="str"),
                "code": part[breakdown].astype("str"),
                "label": labels.astype("str"),
                "cases": part["cases"].astype("int64"),
            }))
        return pd.concat(frames, ignore_index=True)

    def breakdown(self, name: str) -> pd.DataFrame:
        """One cohort breakdown (e.g. ``"gender"``): columns ``code``, ``label``, ``cases``."""
        if name not in COHORT_BREAKDOWNS:
            raise KeyError(f"{name!r}: expected one of {', '.join(COHORT_BREAKDOWNS)}")
        part = self.cohort[self.cohort["breakdown"] == name]
        return part[["code", "label", "cases"]].reset_index(drop=True)

    @cached_property
    def cohort_paragraph(self) -> str:
        """The cohort in one plain-English paragraph (summary ``cohort.narrative``)."""
        return cohort_narrative(self.audit.cases, self.audit.info.areas,
                                self.theme.cohort_groups)

    # ---------------------------------------------------------------- findings

    @cached_property
    def answers(self) -> pd.DataFrame:
        """The case-level answer to each question (one row per case and question answered).

        Columns ``case_id``, ``question_id``, ``answer`` (<NA> when disputed), ``source``
        (``panel``, ``agencies`` or ``disputed``), ``outcome`` (``met``, ``partly``,
        ``not_met``, ``not_applicable``, ``disputed``), ``agencies_answered``,
        ``agencies_agree``. See :func:`cscp_analysis.analysis.findings.case_answers`.
        """
        return findings.case_answers(self.audit.judgements, self.theme)

    @cached_property
    def questions(self) -> pd.DataFrame:
        """Each question's results, in theme order.

        Columns ``finding_area``, ``question_id``, ``question`` (wording), ``scale``,
        ``met``, ``partly``, ``not_met``, ``not_applicable``, ``disputed``, ``asked``,
        ``answered`` (met + partly + not met), ``rate`` (met / answered), ``ci_low``,
        ``ci_high`` (Wilson 95 % interval; NaN when nothing was answered).
        """
        return findings.question_results(self.answers, self.theme)

    @cached_property
    def areas(self) -> pd.DataFrame:
        """Each finding area's pooled results: the columns of :attr:`questions` per area."""
        return findings.area_results(self.questions, self.theme)

    @cached_property
    def agencies(self) -> pd.DataFrame:
        """Each agency's own answers per question (Panel answers excluded).

        Columns ``finding_area``, ``question_id``, ``question``, ``agency``, ``met``,
        ``partly``, ``not_met``, ``not_applicable``, ``answered``, ``rate``, ``ci_low``,
        ``ci_high``; only (question, agency) pairs with an answer.
        """
        return findings.agency_results(self.audit.judgements, self.theme)

    @cached_property
    def agreement(self) -> pd.DataFrame:
        """Per question, how often agencies agreed where two or more answered."""
        return findings.agency_agreement(self.answers, self.theme)

    @cached_property
    def disputed(self) -> pd.DataFrame:
        """The (case, question) pairs the panel must settle, with each agency's answer.

        Names cases: for the panel only. Columns ``case_id``, ``finding_area``,
        ``question_id``, ``question``, ``agency_answers``.
        """
        return findings.disputed_list(self.audit.judgements, self.answers, self.theme)

    @cached_property
    def flagged(self) -> pd.DataFrame:
        """The finding areas and questions flagged to improve or working well (key messages).

        Flagged only when the whole 95 % interval lies below (above) the theme's
        ``levels``: see :func:`cscp_analysis.analysis.key_messages.flag` for the rule
        and the columns (``flag``, ``level``, ``finding_area``, ``question_id``,
        ``label``, ``met``, ``answered``, ``rate``, ``ci_low``, ``ci_high``).
        """
        return key_messages.flag(self.questions, self.areas, self.theme.levels)

    def flagged_shown(self, threshold: int) -> pd.DataFrame:
        """:attr:`flagged` as a report at ``threshold`` may state it (0: :attr:`flagged`).

        Judged only on the questions whose counts :meth:`shown` publishes
        (:func:`~cscp_analysis.analysis.key_messages.publishable_flags`); computed once
        per threshold, so the report, the brief and the overview state the same flags.
        """
        if not threshold:
            return self.flagged
        cache = self.__dict__.setdefault("_flagged_shown", {})
        if threshold not in cache:
            cache[threshold] = key_messages.publishable_flags(
                self.questions, self.areas, self.shown(threshold)["findings"],
                self.theme.levels)
        return cache[threshold]

    # ------------------------------------------------------------------- voice

    @cached_property
    def voice(self) -> pd.DataFrame:
        """What children said that they agreed to share (no case ids): ``said``, ``tags``."""
        return voice.shareable_quotes(self.audit.voice)

    @cached_property
    def children_heard(self) -> int:
        """How many children said something to the auditors (shareable or not)."""
        return voice.children_heard(self.audit.voice)

    @cached_property
    def voice_tags(self) -> pd.DataFrame:
        """The themes of what was shared: ``tag``, ``mentions``, ``children``."""
        return voice.tag_counts(self.audit.voice)

    # ---------------------------------------------------- the panel's learning

    @cached_property
    def learning(self) -> pd.DataFrame:
        """The panel's learning (``learning.csv``, data-contract section 5a), in file order.

        The panel's own words, written for publication: the loader refuses a text that
        holds a case id, so this table names no case. Columns ``finding_area`` (the
        theme's title of the area; <NA> for the audit as a whole), ``kind`` (``Working
        well``, ``To improve``, ``Practitioner feedback`` or ``Action taken``), ``text``,
        ``on`` (datetime64, NaT when blank; for an action, when it was taken) and ``row``
        (the row of ``learning.csv``). Empty, with these columns, when there is none.
        Extra input columns are left out.
        """
        columns = [*TIDY_COLUMNS["learning"], "row"]
        return self.audit.learning[columns].reset_index(drop=True)

    # --------------------------------------------------- missing from home (MFH)

    @cached_property
    def episodes(self) -> pd.DataFrame:
        """Every episode with its rule 6.1 status and rule 6.2 rolling count.

        The columns of :func:`~cscp_analysis.analysis.missing.rhi_status` (``due``,
        ``hours_to_rhi``, ``days_to_rhi``, ``status``, ``reason``…) plus ``kind``,
        ``missing_from``, ``returned`` and ``rolling_count`` (<NA> for episodes of a
        kind the theme does not count). Empty for an audit without episodes.
        """
        status = self.rhi
        timeline = self.timeline
        keys = [c for c in ("case_id", "episode_id", "row") if c in status.columns]
        if "row" in keys:
            keys = ["row"]
        extra = timeline[[*keys, "kind", "missing_from", "returned", "rolling_count"]]
        return status.merge(extra, on=keys, how="left")

    @cached_property
    def rhi(self) -> pd.DataFrame:
        """Rule 6.1 per episode: see :func:`~cscp_analysis.analysis.missing.rhi_status`."""
        return missing.rhi_status(self.audit.episodes, self.theme.rules)

    @cached_property
    def rhi_counts(self) -> dict[str, int]:
        """Rule 6.1 counts: due, within_72h, late, not_held and the not-held reasons."""
        return missing.rhi_counts(self.rhi)

    @cached_property
    def timeline(self) -> pd.DataFrame:
        """Every episode in child then start order, with rolling counts and stage crossings."""
        return missing.episode_timeline(self.audit.episodes, self.theme.rules)

    @cached_property
    def stages(self) -> pd.DataFrame:
        """Rule 6.2 per child: stage 1 / 2 due dates and the meetings that answered them."""
        return missing.stage_meetings(self.audit.episodes, self.audit.meetings, self.theme.rules)

    @cached_property
    def placed_in(self) -> pd.DataFrame:
        """Rule 6.3 per placing authority: episodes, interviews requested and received."""
        return missing.placed_in(self.audit.episodes)

    @cached_property
    def missing_block(self) -> dict[str, Any] | None:
        """The summary's ``missing`` block (``None`` for an audit without episodes)."""
        if not self.audit.has_episodes:
            return None
        return missing.block_from_tables(self.audit.episodes, self.rhi_counts, self.stages,
                                         self.placed_in)

    # --------------------------------------------------------- recommendations

    @cached_property
    def recommendation_status(self) -> pd.DataFrame | None:
        """This audit's recommendations with ``overdue``, ``loop_closed``, ``days_to_feedback``.

        ``None`` when no recommendations log was given.
        """
        if self.recommendations is None:
            return None
        mine = self.recommendations[self.recommendations["audit_id"] == self.audit.id]
        return recs.recommendation_status(mine, self.as_of)

    # ------------------------------------------------------- disclosure control

    def shown(self, threshold: int) -> dict[str, pd.DataFrame]:
        """Every count a report publishes, disclosure-controlled at ``threshold`` (0: exact).

        ``cohort``, ``counts`` (``cases`` then ``heard``: a count or its marker),
        ``findings``, ``agreement``, ``voice_tags`` and (with episodes) ``missing``:
        :func:`cscp_analysis.analysis.published.suppress_tables` of
        :func:`~cscp_analysis.analysis.published.report_tables`. Computed once per
        threshold, so the report, its CSVs and the cycle overview show the same cells.
        """
        from cscp_analysis.analysis.published import report_tables, suppress_tables

        cache = self.__dict__.setdefault("_shown", {})
        if threshold not in cache:
            cache[threshold] = suppress_tables(report_tables(self), threshold,
                                               len(self.audit.cases), self.theme.rules)
        return cache[threshold]

    def shown_count(self, threshold: int, name: str) -> int | str:
        """One of :meth:`shown`'s ``counts`` (``"cases"``, ``"heard"``) as it may be shown."""
        counts = self.shown(threshold)["counts"]
        return counts.loc[counts["measure"] == name, "value"].iloc[0]

    # ----------------------------------------------------------------- summary

    def summary(self) -> dict[str, Any]:
        """The data contract's section 10 summary, exactly as ``cscp-analysis summary`` prints."""
        from cscp_analysis.analysis.summary import build_summary_from

        return build_summary_from(self)


def analyse(audit: Audit | str | Path, *, recommendations: pd.DataFrame | str | Path | None = None,
            as_of: object | None = None) -> AuditResults:
    """Analyse one audit: every table of its report, computed once, when first used.

    Parameters
    ----------
    audit
        A loaded :class:`~cscp_analysis.io.audit.Audit`, or what
        :func:`~cscp_analysis.io.load.load_audit` accepts: a bundled sample name
        (``"2016-06-mfh"``), an audit folder or a workbook.
    recommendations
        The partnership's recommendations log: a loaded table, or the path of a
        ``recommendations.csv``. ``None`` (the default) for none. This audit's rows must
        name finding areas of its theme (or none): ``AuditValidationError`` otherwise.
    as_of
        The date the results speak for (``"2023-03-31"``): overdue recommendations are
        judged at it. Never today's date by default: without it, overdue is not judged.

    Returns
    -------
    AuditResults
        ``results.questions``, ``results.areas``, ``results.cohort``… and
        ``results.summary()``.

    Examples
    --------
    >>> results = analyse("2016-06-mfh")
    >>> results.questions[["question_id", "met", "answered", "rate"]]  # doctest: +SKIP
    """
    if not isinstance(audit, Audit):
        from cscp_analysis.io.load import load_audit

        audit = load_audit(audit)
    if recommendations is not None and not isinstance(recommendations, pd.DataFrame):
        from cscp_analysis.io.recommendations import load_recommendations

        recommendations = load_recommendations(recommendations)
    if recommendations is not None:
        from cscp_analysis.io.log_audits import meet_audit

        recommendations = meet_audit(recommendations, audit)
    return AuditResults(audit, recommendations, as_of)

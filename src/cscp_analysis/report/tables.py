"""The tables beside a theme report: each one's rows, and what each column is.

One declaration serves every copy of a table: ``templates/report/tables.yaml`` names the
tables in order, the sheet of ``results.xlsx`` each becomes, what it shows and what
each column means and holds (its kind); the headings are the report's own
(``labels.yaml``). :func:`export_tables` gives the rows, as the report shows them:
counts from ``results.shown(threshold)`` (the disclosure-controlled view, so a hidden
cell is the report's marker, ``<5`` or ``*``), rates and interval bounds rounded to a
whole percent as the report rounds them (0.43 for "43%"), labels beside codes.
``report.exports`` writes them as ``tables/*.csv`` and ``report.workbook`` as sheets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from cscp_analysis.analysis.disclosure import MISSING_TOTALS, SECONDARY_MARKER
from cscp_analysis.analysis.findings import OUTCOMES
from cscp_analysis.analysis.published import is_hidden
from cscp_analysis.analysis.results import COHORT_BREAKDOWNS, AuditResults
from cscp_analysis.report.cohort import breakdown_name, category_label
from cscp_analysis.report.display import labels, templates_root
from cscp_analysis.report.recommendations import FED_BACK_WORDS, OVERDUE_WORDS
from cscp_analysis.report.wording import rule_words, share


@dataclass(frozen=True)
class Column:
    """One column of a table: its key in the rows, heading, kind and meaning."""

    key: str
    heading: str
    kind: str  # text, code, count, share or date
    meaning: str


@dataclass(frozen=True)
class TableSpec:
    """One table beside the report: its CSV ``file``, its ``sheet`` and its columns."""

    name: str
    sheet: str
    shows: str
    columns: tuple[Column, ...]
    absent: str = ""
    exact_rows: str = ""
    suppressed_rows: str = ""

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def described(self, theme=None) -> str:
        """What the table shows, with the theme's rule settings in words (72 hours …);
        as declared without a theme (a table across audits of several themes)."""
        return self.shows.format_map(rule_words(theme.rules)) if theme else self.shows

    def labelled(self, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` (columns by key) with the report's headings, in the declared order."""
        return rows[[c.key for c in self.columns]].rename(
            columns={c.key: c.heading for c in self.columns})


@cache
def wording() -> dict:
    """``templates/report/tables.yaml`` as read."""
    import yaml

    return yaml.safe_load((templates_root() / "tables.yaml").read_text(encoding="utf-8"))


def specs_of(declared: dict) -> dict[str, TableSpec]:
    """The tables ``declared`` (a ``tables:`` block of ``tables.yaml``), in order, with
    their headings from ``labels.yaml``."""
    specs = {}
    for name, table in declared.items():
        groups = table["labels"]
        headings = {}
        for group in reversed([groups] if isinstance(groups, str) else groups):
            headings.update(labels(group))  # the first group holding a column gives it
        columns = tuple(Column(key, headings[key], column["kind"], column["meaning"])
                        for key, column in table["columns"].items())
        specs[name] = TableSpec(name, table["sheet"], " ".join(table["shows"].split()),
                                columns, table.get("absent", ""), table.get("exact_rows", ""),
                                table.get("suppressed_rows", ""))
    return specs


@cache
def table_specs() -> dict[str, TableSpec]:
    """Every table beside a theme report, in order, from ``tables.yaml`` and ``labels.yaml``."""
    return specs_of(wording()["tables"])


@cache
def overview_specs() -> dict[str, TableSpec]:
    """Every table beside the cycle overview, in order (``tables.yaml``, ``overview_tables``)."""
    return specs_of(wording()["overview_tables"])


def _bounds(frame: pd.DataFrame) -> dict[str, list]:
    """A results table's rate and interval, rounded as the report shows them; no interval
    without a rate; hidden cells keep their marker."""
    rates = list(frame["rate"])
    return {"rate": [share(r) for r in rates],
            **{c: [share(v) if is_hidden(v) or not pd.isna(r) else None
                   for v, r in zip(frame[c], rates, strict=True)] for c in ("ci_low", "ci_high")}}


def _cohort(results: AuditResults, threshold: int) -> pd.DataFrame:
    cohort = results.shown(threshold)["cohort"]
    cohort = cohort[cohort["breakdown"].isin(COHORT_BREAKDOWNS)]
    if not threshold:  # exact counts: the categories with children
        cohort = cohort[cohort["cases"] > 0]
    return pd.DataFrame({
        "breakdown": cohort["breakdown"].map(breakdown_name),
        "label": [category_label(b, v) for b, v in zip(cohort["breakdown"], cohort["label"],
                                                        strict=True)],
        "code": cohort["code"], "cases": cohort["cases"]}).reset_index(drop=True)


def results_rows(frame: pd.DataFrame, keys: list[str], exact: bool) -> pd.DataFrame:
    """The ``keys`` columns of a results table, its counts (whole numbers when ``exact``,
    else as shown, markers and all) and its rate and interval as the report rounds them."""
    counts = [c for c in (*OUTCOMES, "answered") if c in frame.columns]
    rows = frame[keys].copy()
    for column in counts:
        rows[column] = frame[column].astype("int64") if exact else frame[column]
    return rows.assign(**_bounds(frame)).reset_index(drop=True)


def _missing(results: AuditResults, threshold: int) -> pd.DataFrame:
    measures = results.shown(threshold)["missing"]
    measures = measures[~measures["measure"].str.startswith("_")]  # the report's rests only
    values = dict(zip(measures["measure"], measures["value"], strict=True))
    base = {part: total for total, parts in MISSING_TOTALS.items() for part in parts}
    words = labels("missing")

    def part_of(measure):
        total = base.get(measure)
        if total is None:
            return None
        value, of = values[measure], values[total]
        if is_hidden(value) or is_hidden(of):
            return SECONDARY_MARKER
        return share(int(value) / int(of)) if int(of) else None

    return pd.DataFrame({
        "measure": [words.get(m, m) for m in measures["measure"]],
        "code": measures["measure"], "value": measures["value"],
        "base": [words[base[m]] if m in base else None for m in measures["measure"]],
        "share": [part_of(m) for m in measures["measure"]]}).reset_index(drop=True)


def _recommendations(status: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "rec_id": status["rec_id"], "finding_area": status["finding_area"],
        "recommendation": status["recommendation"], "owner": status["owner"],
        "due_by": status["due_by"], "status": status["status"],
        "overdue": status["overdue"].map(OVERDUE_WORDS),
        "loop_closed": status["loop_closed"].map(FED_BACK_WORDS),
        "fed_back_on": status["fed_back_on"]}).reset_index(drop=True)


def export_tables(results: AuditResults, threshold: int = 0) -> dict[str, pd.DataFrame]:
    """The tables beside the report (columns by key, in :func:`table_specs` order).

    Counts are those of ``results.shown(threshold)``: exact with no threshold (only
    categories with children are listed), else every category, with the report's
    markers. A table the report does not show is left out: findings by area and by
    agency under a threshold, the missing-from-home rules without episodes,
    recommendations without a log.
    """
    shown = results.shown(threshold)
    exact = not threshold
    tables = {"cohort": _cohort(results, threshold)}
    tables["findings"] = results_rows(shown["findings"] if threshold else results.questions,
                                       ["finding_area", "question", "question_id"], exact)
    if exact:
        tables["areas"] = results_rows(results.areas, ["finding_area", "questions"], exact)
        tables["agencies"] = results_rows(
            results.agencies, ["finding_area", "question", "question_id", "agency"], exact)
    agreement = shown["agreement"]
    tables["agreement"] = agreement[["finding_area", "question", "question_id", "multi_agency",
                                     "agreed", "disagreed"]].assign(
        agreement_rate=[share(r) for r in agreement["agreement_rate"]]).reset_index(drop=True)
    if "missing" in shown:
        tables["missing"] = _missing(results, threshold)
    tables["voice"] = shown["voice_tags"][["tag", "mentions", "children"]].reset_index(drop=True)
    if results.recommendation_status is not None:
        tables["recommendations"] = _recommendations(results.recommendation_status)
    return {name: tables[name] for name in table_specs() if name in tables}

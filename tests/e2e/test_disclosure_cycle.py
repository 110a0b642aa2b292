"""The real batch with suppression: no small count in any report, table or sentence."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
from conftest import SAMPLE_AUDITS
from openpyxl import load_workbook

from cscp_analysis.analysis import narrative
from cscp_analysis.analysis.results import analyse
from cscp_analysis.batch.jobs import OVERVIEW_KEY
from cscp_analysis.batch.run import run_cycle
from cscp_analysis.io.load import load_audit
from cscp_analysis.report.tables import overview_specs, table_specs

# ---------------------------------------------------------------- the real batch, suppressed

# a small count before a noun it counts ("3 children", "four cases"); "Stage 1 and 2
# Meetings" (a theme heading) names stages, it counts nothing
_SMALL_COUNT_WORDS = re.compile(
    r"(?<!stage )(?<!and )\b(?:[1-4]|one|two|three|four)\s+"
    r"(?:child|children|cases?|episodes?|answers?|interviews?|girls?|boys?|meetings?|reports?)\b",
    re.I)


def _visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", page,
                                                            flags=re.S)))


def _without_recommendation_counts(page: str) -> str:
    """The page without the overview's recommendations by audit: they count commitments,
    not children, exactly (docs/assumptions.md)."""
    return re.sub(r"<table><caption>Recommendations by audit.*?</table>", "", page, flags=re.S)


def _tables_hide_small_counts(folder):
    """Every count of the tables beside a report (CSV and workbook alike) is 0, 5 or
    more, or a marker; the overview's recommendations by audit count commitments."""
    book = load_workbook(folder / "results.xlsx")
    specs = overview_specs() if folder.name == OVERVIEW_KEY else table_specs()
    for name, spec in specs.items():
        path = folder / "tables" / spec.file
        if not path.is_file():
            assert spec.sheet not in book.sheetnames, (folder.name, name)
            continue
        table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        sheet = [list(r) for r in book[spec.sheet].iter_rows(values_only=True)]
        assert sheet[0] == list(table.columns), (folder.name, name)
        if folder.name == OVERVIEW_KEY and name == "recommendations":
            continue
        for i, column in enumerate(spec.columns):
            if column.kind != "count":
                continue
            assert all(_shown_count_ok(v) for v in table[column.heading]), (
                folder.name, name, column.key)
            cells = [row[i] for row in sheet[1:]]  # the workbook: the same cells
            assert [("" if v is None else str(v)) for v in cells] == list(
                table[column.heading]), (folder.name, name)
            assert all(v is None or isinstance(v, int) or v in ("<5", "*") for v in cells), (
                folder.name, name)


def _shown_count_ok(value: str) -> bool:
    """A shown count is 0 (identifies no child), 5 or more, or a marker."""
    value = value.strip()
    if value in ("<5", "*", "") or not re.fullmatch(r"\d+", value):
        return True
    return int(value) == 0 or int(value) >= 5


def test_a_cycle_with_suppress_below_5_shows_no_small_count(tmp_path):
    params = tmp_path / "public.yaml"
    params.write_text(
        "cycle: for-publication\ntitle: Sample cycle, for publication\n"
        f"audits: [{', '.join(SAMPLE_AUDITS)}]\nas_of: 2023-03-31\n"
        "audience: partnership\nsuppress_below: 5\n", encoding="utf-8")
    run = run_cycle(params, out=tmp_path / "out", jobs=2, timeout=300,
                    progress=lambda _msg: None)
    assert run.exit_code == 0
    for key in (*SAMPLE_AUDITS, OVERVIEW_KEY):
        page = (run.out / key / "report.html").read_text(encoding="utf-8")
        cells = re.findall(r"<td[^>]*>(.*?)</td>", _without_recommendation_counts(page),
                           flags=re.S)
        assert len(cells) > 20, key
        assert all(_shown_count_ok(html.unescape(c)) for c in cells), (
            key, [c for c in cells if not _shown_count_ok(html.unescape(c))])
        assert "<img" not in page, key  # no chart: charts would show the small counts
        text = " ".join(_visible_text(page).split())
        assert not _SMALL_COUNT_WORDS.search(text), (key, _SMALL_COUNT_WORDS.search(text))
        assert "not_met" not in text and "not_applicable" not in text  # human headings
        assert "summary.json and the executed notebook" in text and "not for publication" in text
        _tables_hide_small_counts(run.out / key)
        if key == OVERVIEW_KEY:
            continue
        assert "Not met" in text and "Partly met" in text
        audit = load_audit(key)
        # the number of cases as disclosure control lets it be stated: the five CSE cases
        # are one each of five types shown as <5, so "Five cases" would make each exactly 1
        cases = analyse(audit).shown_count(5, "cases")
        assert cases == {"2016-06-cse": "*"}.get(key, len(audit.cases))
        assert narrative.suppressed_cohort_sentence(cases, 5) in text
        assert (f"{narrative.sentence_start(len(audit.cases))} cases" in text) == (
            key != "2016-06-cse")
        assert narrative.cohort_narrative(audit.cases, audit.info.areas,
                                          audit.theme.cohort_groups) not in text
        book = load_workbook(run.out / key / "results.xlsx")
        assert set(book.sheetnames) >= {"About", "Cohort", "Findings by question"}
        assert not {"Findings by area", "Agencies"} & set(book.sheetnames)  # not published
    mfh = run.out / "2016-06-mfh"
    assert "<5" in (mfh / "tables" / "missing.csv").read_text(encoding="utf-8-sig")
    about = {r[0]: r[1] for r in load_workbook(mfh / "results.xlsx")["About"].iter_rows(
        values_only=True) if r[0] and r[1]}
    assert about["Audience"] == "Safeguarding Partnership"
    assert "Counts from 1 to 4 are hidden (threshold 5)" in about["Disclosure rule"]
    # summary.json stays exact (machine-readable, internal): the stage 2 count of 1 is there
    internal = run.internal / "2016-06-mfh"
    # ... and kept apart from the published folder, with the executed notebooks
    assert not list(run.out.rglob("summary.json")) and not list(run.out.rglob("*.ipynb"))
    assert run.internal == run.out.parent / "_internal" / run.out.name
    assert (run.internal / OVERVIEW_KEY / f"{OVERVIEW_KEY}.ipynb").is_file()
    assert not list(run.internal.glob(".staging-*"))
    assert json.loads((internal / "summary.json").read_text())["missing"]["stage2"]["due"] == 1

"""A published folder read back by a reader who knows the rule, and solved for what it hides.

The real batch runs the sample cycle with two tiny audits added (three cases, all on child
protection plans; fourteen cases, Female 8 / Male 5 / Other 1, 13 of 14 met on one
question, 12 of 14 children heard, 2 cases in no cohort group, seven missing episodes of
which two interviews were late), once for the public and once with ``suppress_below: 5``
(without the CSE sample). Every figure of every file in the published folder is
collected (HTML tables and sentences, CSVs and workbooks, the overview's too), with the
equations a reader
knows: each breakdown adds up to the number of cases (a breakdown not every case has,
and the children heard, leave an unknown rest), each findings row's answered = met +
partly + not met, each agreement row's total, the MFH measures' totals, the audits' cases
add up to the cycle's, and the overview's recommendations add up by row and to the
"All audits" row; and the inequalities the rules give (a question is answered for at most
every case, a disputed answer is one the agencies disagreed on, a case two agencies
answered has an outcome, a theme was given by children heard, the missing-from-home
measures' bounds). Each audit's list of recommendations is counted as a reader would,
and the overview's counts must read the same. A finding area's figures (the key
messages, the overview's themes across audits) are read with their equation: the sum of
the area's questions'. The brute-force reader of ``disclosure_reader.py`` then finds no
hidden small count (nor small unpublished rest) it can work out.

The cycle is published by ``published_folder.py`` (shared with
``test_published_folder.py``, which checks what the folder holds), and each page and
table is read by ``folder_reader.py``.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from disclosure_reader import K, published_tables, settled
from folder_reader import read_audit, read_overview, read_overview_tables
from published_folder import (
    FOURTEEN,
    RUN_IDS,
    RUNS,
    THREE,
    Reader,
    areas_of_summary,
    published_cycle,
)

from cscp_analysis.batch.jobs import OVERVIEW_KEY
from cscp_analysis.report.tables import overview_specs, table_specs

BOUND = 60  # above every count of the cycle (46 MFH episodes)


@pytest.fixture(scope="module", params=RUNS, ids=RUN_IDS)
def published(request, tmp_path_factory):
    return published_cycle(*request.param, tmp_path_factory)


# a small count before a noun it counts ("3 children", "four cases")
_SMALL_COUNT_WORDS = re.compile(
    r"(?<!stage )(?<!and )\b(?:[1-4]|one|two|three|four)\s+"
    r"(?:child|children|cases?|episodes?|answers?|interviews?|girls?|boys?|meetings?)\b", re.I)


def test_no_hidden_count_can_be_worked_out_from_the_published_folder(published):
    published, audits = published
    out, internal = published.out, published.internal
    reader = Reader()
    titles = {r.title: r.key for r in published.results}
    texts, areas_of = [], {}
    for key in audits:
        summary = json.loads((internal / key / "summary.json").read_text(encoding="utf-8"))
        areas_of[key] = areas_of_summary(summary)
        texts.append(read_audit(reader, out, key, summary))
    texts.append(read_overview(reader, out, titles, areas_of))
    overview_tables = read_overview_tables(reader, out, areas_of)
    assert set(overview_tables) == {"audits", "themes", "rules", "recommendations",
                                    "comparison"}
    # the tiny audits as the issue found them: now nothing small can be solved
    assert reader.read[(THREE, "cases")] == "<5"
    assert reader.read[(THREE, "case_type", "Child Protection")] == "<5"
    assert [reader.read[(FOURTEEN, "gender", g)] for g in ("Female", "Male", "Other")] == [
        "*", "5", "<5"]
    assert reader.read[(FOURTEEN, "cases")] == "14"
    assert reader.read[(FOURTEEN, "heard")] == "*"  # 12 of 14: the 2 not heard stay unknown
    # beside the CSE audit's hidden number of cases the total gives nothing away (48 =
    # CSE + 3 + 40: CSE 5 to 7); without it, 43 - 40 would give the three cases
    assert reader.read["cycle cases"] == ("48" if "2016-06-cse" in audits else "*")
    assert reader.stated  # the key messages' figures were read, each as a published cell
    targets = reader.targets()
    assert len(targets) > 100 and len(reader.equations) > 80, (len(targets),
                                                                len(reader.equations))
    assert len(reader.limits) > 60, len(reader.limits)
    # the overview's recommendation counts are those a reader counts from the lists
    assert reader.lists == 7 * (len(audits) - 2)  # the tiny audits have none
    assert not settled(reader.shown, reader.hidden, reader.equations, BOUND, targets,
                       limits=reader.limits)
    # no small count in any table cell of any page (but the recommendations, counted
    # from their lists: actions, not children), any CSV, or any sentence
    for path in out.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for table in page("table"):  # recommendations count commitments, exactly
            if table.caption and table.caption.get_text().startswith("Recommendations by"):
                table.decompose()
        for cell in page("td"):
            value = cell.get_text().strip()
            assert not (value.isdigit() and 1 <= int(value) < K), (path, value)
    for folder in sorted(p for p in out.iterdir() if (p / "tables").is_dir()):
        overview = folder.name == OVERVIEW_KEY
        specs = overview_specs() if overview else table_specs()
        tables = published_tables(folder, specs)  # each sheet holds its CSV's cells
        assert sorted(p.name for p in (folder / "tables").glob("*.csv")) == sorted(
            [*(specs[name].file for name in tables), "dictionary.csv"]), folder
        for name, table in tables.items():
            if overview and name == "recommendations":  # commitments, counted exactly
                continue
            for column in (c.heading for c in specs[name].columns if c.kind == "count"):
                assert not any(v.isdigit() and 1 <= int(v) < K for v in table[column]), (
                    folder, name, column)
    for text in texts:
        assert not _SMALL_COUNT_WORDS.search(text), _SMALL_COUNT_WORDS.search(text)

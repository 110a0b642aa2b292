"""The cycle overview's comparison: change only between audits of one theme."""

from __future__ import annotations

import shutil

import yaml

from cscp_analysis.analysis.results import analyse
from cscp_analysis.io.load import load_audit, sample_root
from cscp_analysis.report import overview
from cscp_analysis.report.settings import ReportSettings

SETTINGS = ReportSettings("2023-03-31", "business_group", 0, "", "test-cycle")


def _text(items) -> str:
    return "\n".join(getattr(item, "data", str(item)) for item in items)


def _later_cse(tmp_path):
    """The CSE sample again a year later, where every child's voice was heard."""
    folder = tmp_path / "2017-06-cse"
    shutil.copytree(sample_root() / "2016-06-cse", folder)
    meta = yaml.safe_load((folder / "audit.yaml").read_text(encoding="utf-8"))
    meta.update(id="2017-06-cse", conducted="2017-06")
    (folder / "audit.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    lines = (folder / "judgements.csv").read_text(encoding="utf-8").splitlines()
    lines = [line.replace(",voice_heard,Partly,", ",voice_heard,Yes,")
             .replace(",voice_heard,No,", ",voice_heard,Yes,") for line in lines]
    (folder / "judgements.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return analyse(load_audit(folder))


def test_audits_of_one_theme_are_compared_for_change(tmp_path):
    before, after = analyse("2016-06-cse"), _later_cse(tmp_path)
    page = _text(overview.comparison_section([before, after], SETTINGS))
    assert "Child Sexual Exploitation: audits of the same theme" in page
    assert "Change from the audit before" in page
    # voice_heard: 3 of 5 [23%, 88%] then 5 of 5 [57%, 100%]: the intervals overlap
    row = page[page.index("Is the child&#x27;s voice evident in the record? (cse)"):]
    row = row[: row.index("</table>")]
    assert "60%" in row and "100%" in row and "no clear change" in row
    assert "different themes" not in page


def test_audits_of_different_themes_are_only_set_side_by_side():
    page = _text(overview.comparison_section(
        [analyse("2016-06-cse"), analyse("2022-09-neglect")], SETTINGS))
    assert "No theme was audited more than once in this cycle" in page
    assert "Questions asked in audits of different themes" in page
    assert "Change from the audit before" not in page
    assert "improvement" not in page and "decline" not in page


def test_recommendation_counts_are_exact_for_the_public_as_the_lists_beside_them_are():
    """Recommendations count commitments, not children, and each report and brief lists
    them one by one: under a threshold the overview's counts stay exact (hand-worked from
    the sample log on 31 March 2023: overdue = due before then and Open or In progress)."""
    from bs4 import BeautifulSoup

    from cscp_analysis.io.bundled import bundled_recommendations

    results = [analyse(key, recommendations=bundled_recommendations(), as_of="2023-03-31")
               for key in ("2016-06-cse", "2016-06-mfh", "2022-09-neglect")]
    public = ReportSettings("2023-03-31", "public", 0, "", "test-cycle")
    soup = BeautifulSoup(_text(overview.recommendations_section(results, public)),
                         "html.parser")
    rows = [[td.get_text().strip() for td in tr("td")] for tr in soup("tbody")[0]("tr")]
    # recommendations, Open, In progress, Done, Dropped, overdue (cells before loop closed)
    assert [r[1:7] for r in rows] == [
        ["4", "0", "1", "2", "1", "0"],  # CSE: R01-R04, R04 without a due date
        ["4", "1", "1", "2", "0", "2"],  # MFH: R06 (due Jan 2017), R07 (Dec 2016) overdue
        ["5", "3", "1", "1", "0", "1"],  # neglect: R10 (due Jan 2023) overdue
        ["13", "4", "3", "5", "1", "3"],  # all audits
    ]

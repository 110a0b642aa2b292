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

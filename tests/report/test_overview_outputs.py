"""The files beside the cycle overview: results.xlsx (opened with openpyxl), tables/*.csv
with their dictionary, and charts/, on the sample cycle worked by hand."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook
from PIL import Image

from cscp_analysis.report.inputs import cycle_results
from cscp_analysis.report.overview_exports import write_overview_outputs
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.tables import overview_specs

SAMPLES = ["2016-06-cse", "2016-06-mfh", "2022-09-neglect"]
TITLE = "Audit cycle overview"


def _write(folder, audience="business_group", audits=SAMPLES, suppress_below=0,
           recommendations="sample"):
    settings = ReportSettings("2023-03-31", audience, suppress_below, recommendations,
                              "2016-sample-cycle")
    write_overview_outputs(cycle_results(audits, settings), settings, folder, TITLE)
    return load_workbook(folder / "results.xlsx")


@pytest.fixture(scope="module")
def exact(tmp_path_factory):
    folder = tmp_path_factory.mktemp("overview")
    return folder, _write(folder)


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    folder = tmp_path_factory.mktemp("overview-public")
    return folder, _write(folder, "public")


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _keyed(sheet, *columns: int) -> dict:
    return {tuple(row[c] for c in columns): row for row in _rows(sheet)[1:]}


def _about(book) -> dict[str, str]:
    """The About sheet's first lines (the list of columns below names sheets again)."""
    about: dict[str, str] = {}
    for row in _rows(book["About"]):
        if row[0] and row[1]:
            about.setdefault(row[0], row[1])
    return about


def test_the_mfh_rules_by_audit_hand_worked(exact):
    _, book = exact
    sheet = book["MFH rules by audit"]
    assert _rows(sheet)[0] == ["Audit", "Audit id", "Carried out", "Rule", "Rule code",
                               "Kept", "Out of", "Share"]
    rules = _keyed(sheet, 4)
    # episodes.csv: 46 episodes, one with no return (not due), 20 of the other 45 with an
    # interview within 72 hours of the return (44%)
    assert rules[("rhi.within_72h",)][1:] == [
        "2016-06-mfh", "June 2016", "Return home interviews within 72 hours",
        "rhi.within_72h", 20, 45, 0.44]
    # M02, M10, M11 and M12 reach 5 episodes within 90 days; meetings.csv holds a stage 1
    # meeting on or after the day it fell due for two of them (fewer than 5 due: no
    # share, as the overview gives none)
    assert rules[("stage1.held",)][5:] == [2, 4, None]
    # only M10 reaches 9 episodes (1 April 2016); its stage 2 was held on 24 March, before
    assert rules[("stage2.held",)][5:] == [0, 1, None]
    # nine episodes of children placed in, all ended: two reports came back (22%)
    assert rules[("placed_in.reports_received",)][5:] == [2, 9, 0.22]
    assert sheet["H2"].number_format == "0%" and sheet["F2"].number_format == "0"


def test_every_sheet_of_the_overview_with_its_figures(exact):
    folder, book = exact
    assert book.sheetnames == ["About", "Audits", "Finding areas by audit",
                               "Themes across audits", "MFH rules by audit",
                               "Recommendations by audit", "Questions across audits"]
    audits = _keyed(book["Audits"], 1)
    assert [audits[(a,)][5] for a in SAMPLES] == [5, 14, 12]  # cases.csv rows
    assert audits[("2016-06-mfh",)][2:5] == ["Missing from Home", "mfh", "June 2016"]
    # recommendations.csv, as of 31 March 2023: CSE R01-R04 (2 done, 1 in progress,
    # 1 dropped; none overdue: R02 was done, R04 has no due date; R01 and R03 fed back),
    # MFH R05-R08 (R06 in progress since January 2017 and R07 open since December 2016
    # are overdue), neglect R09-R13 (R10 due in January 2023 is overdue; R09 is due on
    # the day itself)
    recs = _keyed(book["Recommendations by audit"], 0)
    assert _rows(book["Recommendations by audit"])[0] == [
        "Audit", "Audit id", "Recommendations", "Open", "In progress", "Done", "Dropped",
        "Overdue", "Loop closed"]
    assert recs[("Child Sexual Exploitation themed audit",)][1:] == [
        "2016-06-cse", 4, 0, 1, 2, 1, 0, 2]
    assert recs[("Missing from Home or Care themed audit",)][2:] == [4, 1, 1, 2, 0, 2, 2]
    assert recs[("Neglect themed scrutiny activity",)][2:] == [5, 3, 1, 1, 0, 1, 1]
    assert recs[("All audits",)][1:] == [None, 13, 4, 3, 5, 1, 3, 5]
    # voice_heard in the CSE sample: C01, C02, C05 Yes of five answers, 60% [23%, 88%]
    compared = _keyed(book["Questions across audits"], 2, 4)
    assert compared[("voice_heard", "2016-06-cse")][0] == "Audits of different themes, side by side"
    assert compared[("voice_heard", "2016-06-cse")][7:] == [3, 5, 0.6, 0.23, 0.88, None]
    # the CSE sample's one Impact question: Good twice of five answers
    areas = _keyed(book["Finding areas by audit"], 1, 2)
    assert areas[("2016-06-cse", "Impact")][3:10] == [1, 2, 0, 3, 0, 0, 5]
    themes = _keyed(book["Themes across audits"], 0, 2)
    assert themes[("Impact", "2016-06-cse")][4:7] == [2, 5, 0.4]
    assert set(k[0] for k in themes) == {"Voice of the Child", "Plans", "Impact"}
    about = _about(book)
    assert about["Cycle"] == "2016-sample-cycle" and about["Title"] == TITLE
    assert about["Audits"].startswith("Child Sexual Exploitation themed audit (2016-06-cse); ")
    assert about["Report date (as of)"] == "31 March 2023" and about["Audience"] == "Business Group"
    assert about["Hidden cells"] == "No cell is hidden."
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
        assert all(c.font.bold for c in sheet[1])
    assert book.properties.title == f"Results of {TITLE}"


def test_every_sheet_is_its_csv_and_the_dictionary_says_what_each_column_is(exact):
    folder, book = exact
    specs = overview_specs()
    with (folder / "tables" / "dictionary.csv").open(encoding="utf-8-sig", newline="") as fh:
        dictionary = list(csv.reader(fh))
    assert dictionary[0] == ["File", "Sheet of results.xlsx", "Column", "Meaning"]
    files = sorted(p.name for p in (folder / "tables").iterdir())
    assert files == sorted([*(s.file for s in specs.values()), "dictionary.csv"])
    for spec in specs.values():
        raw = (folder / "tables" / spec.file).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
        with (folder / "tables" / spec.file).open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        sheet = _rows(book[spec.sheet])
        assert rows[0] == sheet[0] == [c.heading for c in spec.columns]
        assert len(rows) == len(sheet)
        described = [r for r in dictionary if r[0] == spec.file]
        assert described[0][1:3] == [spec.sheet, ""] and described[0][3]
        assert [r[2] for r in described[1:]] == rows[0]
        for column in spec.columns:
            if column.kind == "share":  # whole percents, formatted 0%
                i = [c.key for c in spec.columns].index(column.key)
                cells = [r[i] for r in book[spec.sheet].iter_rows(min_row=2)]
                assert all(c.number_format == "0%" for c in cells if c.value is not None)
                assert all(abs(c.value * 100 - round(c.value * 100)) < 1e-9 for c in cells
                           if isinstance(c.value, float))


@pytest.mark.parametrize("written", ["exact", "public"])
def test_counts_are_whole_numbers_or_markers_alike_in_csv_and_sheet(written, request):
    folder, book = request.getfixturevalue(written)
    for spec in overview_specs().values():
        if spec.sheet not in book.sheetnames:
            continue
        with (folder / "tables" / spec.file).open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))[1:]
        sheet = _rows(book[spec.sheet])[1:]
        for i, column in enumerate(spec.columns):
            if column.kind == "count":
                cells = [row[i] for row in sheet]
                assert all(v is None or isinstance(v, int) or v in ("<5", "*") for v in cells)
                assert [r[i] for r in rows] == ["" if v is None else str(v) for v in cells], (
                    spec.file, column.key)


def test_the_charts_folder_holds_every_chart_the_overview_draws(exact):
    folder, _ = exact
    names = sorted(p.name for p in (folder / "charts").iterdir())
    stems = ["01-findings-child-sexual-exploitation-themed-audit-finding",
             "02-findings-missing-from-home-or-care-themed-audit-finding",
             "03-findings-neglect-themed-scrutiny-activity-finding-areas",
             "04-rules-missing-from-home-rules-kept",
             "05-recommendations-recommendations-of-the-cycle-by-status"]
    assert names == sorted(f"{s}.{ext}" for s in stems for ext in ("png", "svg", "txt"))
    alt = (folder / "charts" / f"{stems[3]}.txt").read_text(encoding="utf-8")
    assert "Return home interviews within 72 hours: 20 of 45" in alt
    assert "Stage 2 meetings held when due: 0 of 1" in alt
    with Image.open(folder / "charts" / f"{stems[3]}.png") as image:
        assert [round(v) for v in image.info["dpi"]] == [300, 300]


def test_the_same_cycle_gives_the_same_bytes(exact, tmp_path):
    folder, _ = exact
    _write(tmp_path)
    first = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    assert first == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    for name in first:
        assert (folder / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_the_public_overview_publishes_only_what_its_page_shows(public):
    folder, book = public
    # no finding charts or pooled areas under a threshold; nothing drawn at all
    assert "Finding areas by audit" not in book.sheetnames
    assert list((folder / "charts").iterdir()) == []
    about = {row[0]: row for row in _rows(book["About"]) if row[0]}
    assert about["Finding areas by audit"][1] == "Not included"
    assert _about(book)["Audience"] == "Public"
    # the MFH rules as the audit's public report shows them: 20 of 45, the rest hidden;
    # no shares (the public overview gives none)
    rules = _keyed(book["MFH rules by audit"], 4)
    assert rules[("rhi.within_72h",)][5:] == [20, 45, None]
    assert rules[("stage1.held",)][5:] == ["<5", "<5", None]
    assert rules[("stage2.held",)][5:] == [0, "<5", None]
    assert rules[("placed_in.reports_received",)][5:] == ["<5", 9, None]
    # the CSE sample's five cases are hidden in its public report ("*")
    assert _keyed(book["Audits"], 1)[("2016-06-cse",)][5] == "*"
    # themes across audits: no audit's public report publishes every count of an area
    assert all(row[4:10] == [None] * 6 for row in _rows(book["Themes across audits"])[1:])
    cells = [c for sheet in book.worksheets[1:] for row in sheet.iter_rows(min_row=2)
             for c in row]
    small = [c.value for c in cells if isinstance(c.value, int) and 1 <= c.value < 5
             and c.parent.title != "Recommendations by audit"]  # commitments, exact
    assert small == []


def test_every_text_cell_is_formula_safe(tmp_path):
    from hostile import FORMULA_STARTS, FORMULAS, write_hostile_audit

    audits = [str(write_hostile_audit(tmp_path / name, FORMULAS, audit_id=name,
                                      conducted=month))
              for name, month in (("2024-01-hostile", "2024-01"), ("2024-02-hostile", "2024-02"))]
    book = _write(tmp_path / "out", audits=audits, recommendations="")
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(FORMULA_STARTS)]
    for payload in FORMULAS:  # each a finding area and a question shared by both audits,
        # as the theme file words it (an XML reader reads a carriage return as a line end)
        assert texts.count("'" + payload.replace("\r", "\n")) >= 4, payload
    for path in (tmp_path / "out" / "tables").glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                assert not [v for v in row if v.startswith(FORMULA_STARTS)], path

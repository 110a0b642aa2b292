"""The cycle batch: real notebooks on the real sample cycle, publishing and failure behaviour.

The sample cycle runs once per test session (``sample_run`` in conftest.py); test_browser.py
reuses it.
"""

from __future__ import annotations

import datetime
import errno
import functools
import html
import json
import os
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
from bs4 import BeautifulSoup
from conftest import PARAMS, ROOT, SAMPLE_AUDITS
from openpyxl import load_workbook

from cscp_analysis import cli
from cscp_analysis.batch import publish, render
from cscp_analysis.batch.failed import FAILED_DIR
from cscp_analysis.batch.jobs import OVERVIEW_KEY
from cscp_analysis.batch.run import run_cycle
from cscp_analysis.io.audit import split_list
from cscp_analysis.io.load import load_audit
from cscp_analysis.report.display import heading_id

NOTEBOOKS = ROOT / "notebooks"
KEYS = (*SAMPLE_AUDITS, OVERVIEW_KEY)

# ---------------------------------------------------------------- the real batch


def test_sample_cycle_publishes_every_report(sample_run):
    assert sample_run.exit_code == 0
    assert [r.key for r in sample_run.results] == list(KEYS)
    out = sample_run.out
    assert out.name == "2016-sample-cycle"
    for key in KEYS:
        folder = out / key
        if key == OVERVIEW_KEY:  # its tables, workbook and charts; each audit's summary
            assert sorted(p.name for p in folder.iterdir()) == [
                "charts", f"{key}.ipynb", "report.html", "report.pdf", "results.xlsx",
                "tables"]
            assert (folder / "tables" / "rules.csv").is_file()
        else:
            assert sorted(p.name for p in folder.iterdir()) == [
                f"{key}.ipynb", "charts", "learning-brief.html", "learning-brief.pdf",
                "report.html", "report.pdf", "results.xlsx", "summary.json", "tables"]
            assert (folder / "tables" / "findings.csv").is_file()
        assert (folder / "tables" / "dictionary.csv").is_file()
        # every chart the report shows, as a file of each kind, with the report's alt text
        images = BeautifulSoup((folder / "report.html").read_bytes(), "html.parser")("img")
        assert all(i["src"].startswith("data:image/svg+xml;base64,") for i in images)
        alts = [i["alt"] for i in images]
        charts = sorted((folder / "charts").glob("*.txt"))
        assert len(charts) == len(alts) >= (5 if key == OVERVIEW_KEY else 8)
        assert [c.read_text(encoding="utf-8").rstrip("\n") for c in charts] == alts
        for chart in charts:
            assert chart.with_suffix(".png").is_file() and chart.with_suffix(".svg").is_file()
    assert not (out / FAILED_DIR).exists()
    assert not list(out.glob(".staging-*"))


def test_index_links_every_report_relatively(sample_run):
    page = (sample_run.out / "index.html").read_text(encoding="utf-8")
    for key in KEYS:
        assert f'href="{key}/report.html"' in page
        assert f'href="{key}/results.xlsx"' in page
    assert "All 4 reports were produced." in page
    assert not re.search(r'(src|href)="(https?:|/)', page)


def test_summary_json_follows_the_contract(sample_run):
    summary = json.loads((sample_run.out / "2016-06-cse" / "summary.json").read_text())
    assert summary["schema"] == "cscp-audit-summary/1"
    assert summary["audit"]["id"] == "2016-06-cse"
    assert summary["cohort"]["cases"] == 5
    assert "missing" not in summary
    mfh = json.loads((sample_run.out / "2016-06-mfh" / "summary.json").read_text())
    assert mfh["missing"]["rhi"]["due"] == 45


def test_findings_csv_matches_summary(sample_run):
    folder = sample_run.out / "2016-06-cse"
    summary = json.loads((folder / "summary.json").read_text())
    table = pd.read_csv(folder / "tables" / "findings.csv", encoding="utf-8-sig")
    assert list(table["Question code"]) == [f["question_id"] for f in summary["findings"]]
    assert list(table["Met"]) == [f["met"] for f in summary["findings"]]
    assert "case_id" not in table.columns


def _sheets(path: Path) -> dict[str, list[list]]:
    book = load_workbook(path)
    return {sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets}


def _keyed(rows: list[list], column: int) -> dict:
    return {row[column]: row for row in rows[1:]}


def test_results_workbook_gives_the_reports_tables(sample_run):
    cse = _sheets(sample_run.out / "2016-06-cse" / "results.xlsx")
    assert list(cse) == ["About", "Cohort", "Findings by question", "Findings by area",
                         "Agencies", "Agreement", "Voice tags", "Recommendations"]
    about = {row[0]: row[1] for row in cse["About"] if row[0] and row[1]}
    assert about["Audit"] == "2016-06-cse" and about["Audience"] == "Business Group"
    assert about["Report date (as of)"] == "31 March 2023"
    assert about["Theme"] == "Child Sexual Exploitation (cse)"
    assert about["Disclosure rule"].startswith("None: every count is exact.")
    # the sample's five cases: four girls and one boy
    assert cse["Cohort"][0] == ["Breakdown", "Category", "Code", "Cases"]
    assert ["Gender", "Female", "Female", 4] in cse["Cohort"]
    # voice_heard: C01, C02, C05 Yes, C03 Partly, C04 No: 3 of 5 met, 60%
    findings = _keyed(cse["Findings by question"], 2)
    assert cse["Findings by question"][0][:4] == ["Finding area", "Question", "Question code",
                                                  "Met"]
    assert findings["voice_heard"][3:10] == [3, 1, 1, 0, 0, 5, 0.6]
    # impact, the area's one question: Good twice, Requires improvement twice, Inadequate
    assert cse["Findings by area"][0][:3] == ["Finding area", "Questions", "Met"]
    assert _keyed(cse["Findings by area"], 0)["Impact"][1:9] == [1, 2, 0, 3, 0, 0, 5, 0.4]
    # Health's one answer: Yes to voice_heard for C05
    assert cse["Agencies"][0][3:5] == ["Agency", "Met"]
    assert ["Voice of the Child", "Is the child's voice evident in the record?", "voice_heard",
            "Health", 1, 0, 0, 0, 1, 1] in [r[:10] for r in cse["Agencies"]]
    # rat_multi_agency: C01 Yes from the Police and social care; C02 Yes and No
    assert cse["Agreement"][0][3:] == ["Cases answered by 2+ agencies", "Agreed", "Disagreed",
                                       "Agreement rate"]
    assert _keyed(cse["Agreement"], 2)["rat_multi_agency"][3:] == [2, 1, 1, 0.5]
    # two consented quotes of C01 tagged "trusted relationship"; "felt blamed" was given
    # only to words the child did not agree to share
    assert cse["Voice tags"][0] == ["What children talked about", "Mentions", "Children"]
    assert _keyed(cse["Voice tags"], 0)["trusted relationship"][1:] == [2, 1]
    assert "felt blamed" not in _keyed(cse["Voice tags"], 0)
    assert cse["Recommendations"][0][:3] == ["Recommendation code", "Finding area",
                                             "Recommendation"]
    assert _keyed(cse["Recommendations"], 0)["R03"][5:] == [
        "Dropped", None, "Yes", datetime.datetime(2017, 9, 14)]
    mfh = _sheets(sample_run.out / "2016-06-mfh" / "results.xlsx")
    assert "MFH rules" in mfh
    assert mfh["MFH rules"][0] == ["Measure", "Code", "Number", "Out of", "Share"]
    rules = _keyed(mfh["MFH rules"], 1)
    # 46 episodes, one with no return recorded: 45 interviews due, 20 within 72 hours (44%)
    assert rules["rhi.within_72h"][2:] == [20, "Episodes ended (interview due)", 0.44]
    # four children had a stage 1 meeting due, two were held; two of nine reports came back
    assert rules["stage1.held"][2:] == [2, "Children with a stage 1 meeting due", 0.5]
    assert rules["placed_in.reports_received"][2:] == [2, "Interview reports requested back",
                                                      0.22]
    book = load_workbook(sample_run.out / "2016-06-mfh" / "results.xlsx")
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A2", sheet.title
    assert book["MFH rules"]["E5"].number_format == "0%"


def test_the_overview_workbook_gives_the_mfh_rules_by_audit(sample_run):
    folder = sample_run.out / OVERVIEW_KEY
    book = _sheets(folder / "results.xlsx")
    assert list(book) == ["About", "Audits", "Finding areas by audit", "Themes across audits",
                          "MFH rules by audit", "Recommendations by audit",
                          "Questions across audits"]
    # 20 of the 45 interviews due were within 72 hours; stage 1 held for 2 of the 4
    # children due one, stage 2 for none of the 1; 2 of the 9 reports placing
    # authorities were asked for came back
    rules = {row[4]: row[5:] for row in book["MFH rules by audit"][1:]}
    assert rules == {"rhi.within_72h": [20, 45, 0.44], "stage1.held": [2, 4, None],
                     "stage2.held": [0, 1, None], "placed_in.reports_received": [2, 9, 0.22]}
    table = pd.read_csv(folder / "tables" / "rules.csv", encoding="utf-8-sig")
    assert list(table["Kept"]) == [20, 2, 0, 2] and list(table["Out of"]) == [45, 4, 1, 9]
    about = {row[0]: row[1] for row in book["About"][:12] if row[0] and row[1]}
    assert about["Cycle"] == "2016-sample-cycle" and about["Audience"] == "Business Group"


def test_reports_have_no_code_and_are_self_contained(sample_run):
    for key in KEYS:
        page = (sample_run.out / key / "report.html").read_text(encoding="utf-8")
        assert "<script" not in page
        assert "require.js" not in page and "mathjax" not in page.lower()
        # nothing but its own headings, its images, and once the way back to the index
        assert re.findall(r'(?:src|href)="(?!#|data:)([^"]*)"', page) == ["../index.html"], key
        assert 'class="input_area"' not in page and "load_audit" not in page
        assert re.search(r'<nav[^>]*class="toc"', page)
        imgs = re.findall(r"<img\b[^>]*>", page)
        assert imgs, key
        assert all(re.search(r'alt="[^"]{10,}"', i) for i in imgs), key
        assert "Run details" in page and "sha256" in page and "2023-03-31" in page


def test_run_details_give_the_parameters_as_the_cycles_file_does(sample_run):
    """params/2016-sample-cycle.yaml says 'recommendations: sample': so does the report
    (before: 'recommendations recommendations.csv', the bundled file it resolves to)."""
    page = (sample_run.out / "2016-06-mfh" / "report.html").read_text(encoding="utf-8")
    assert ("Parameters exactly as given in the parameter file 2016-sample-cycle.yaml "
            "(sha256 ") in page
    assert ("cycle 2016-sample-cycle; audit 2016-06-mfh; as_of 2023-03-31; audience "
            "business_group; suppress_below 0; recommendations sample.") in page
    overview = (sample_run.out / "cycle-overview" / "report.html").read_text(encoding="utf-8")
    assert "audits 2016-06-cse, 2016-06-mfh, 2022-09-neglect;" in overview


def test_finding_area_headings_come_from_the_theme(sample_run):
    for key in SAMPLE_AUDITS:
        audit = load_audit(key)
        page = (sample_run.out / key / "report.html").read_text(encoding="utf-8")
        for area in audit.theme.finding_areas:
            assert re.search(r"<h3 id=[^>]*>" + re.escape(area.title.replace("'", "&#39;")),
                             page.replace("&#x27;", "&#39;")), (key, area.title)


def test_key_messages_come_after_the_introduction_and_before_the_cohort(sample_run):
    for key in SAMPLE_AUDITS:
        page = (sample_run.out / key / "report.html").read_text(encoding="utf-8")
        headings = re.findall(r"<h2 id=[^>]*>([^<]*)</h2>", page)
        assert headings[:3] == ["What was audited and why", "Key messages",
                                "The children whose records were audited"], (key, headings)
        start = page.index(">Key messages</h2>")
        messages = page[start:page.index("<h2", start)]
        assert messages.count("<li") <= 8, key
        assert "met the standard" in messages or "no clear signal" in messages, key


def _section(page: str, ident: str) -> str:
    """The part of a page from the heading with this id to the next h2 or h3."""
    start = page.index(f'id="{ident}"')
    ends = [i for i in (page.find("<h2", start), page.find("<h3", start)) if i > 0]
    return page[start:min(ends)] if ends else page[start:]


def test_every_learning_line_is_in_its_own_area_section(sample_run):
    shown = 0
    for key in SAMPLE_AUDITS:
        learning = load_audit(key).learning
        assert len(learning), key  # every sample has the panel's learning
        page = (sample_run.out / key / "report.html").read_text(encoding="utf-8")
        for area, kind, said in zip(learning["finding_area"], learning["kind"],
                                    learning["text"], strict=True):
            if pd.notna(area):
                where = heading_id(area)
            elif kind in ("Working well", "To improve"):
                where = "Key-messages"
            else:
                where = "The-audit-as-a-whole"
            assert html.escape(said) in _section(page, where), (key, area, said)
            shown += 1
    assert shown >= 20


def _secrets() -> dict[str, list[str]]:
    ids, comments, quotes, tags = [], [], [], []
    for name in SAMPLE_AUDITS:
        audit = load_audit(name)
        ids += list(audit.cases["case_id"])
        comments += [c for c in audit.judgements["comment"].dropna() if c.strip()]
        voice = audit.voice
        private = voice["consent_to_share"] == "No"
        quotes += list(voice.loc[private, "said"])
        shared_tags = {t for cell in voice.loc[~private, "tags"] for t in split_list(cell)}
        tags += [t for cell in voice.loc[private, "tags"] for t in split_list(cell)
                 if t not in shared_tags]
    return {"ids": ids, "comments": comments, "quotes": quotes, "tags": tags}


def test_no_case_id_comment_or_unconsented_quote_reaches_a_report(sample_run):
    secrets = _secrets()
    assert len(secrets["ids"]) > 20 and secrets["comments"] and secrets["quotes"]
    assert secrets["tags"]  # themes given only to words the child did not agree to share
    files = [*sample_run.out.rglob("*.html"), *sample_run.out.rglob("*.csv"),
             *sample_run.out.rglob("summary.json"), *sample_run.out.rglob("*.ipynb"),
             *sample_run.out.rglob("*.xlsx"), sample_run.log]
    assert len(files) >= 5 + 3 + 3 + 4 + 3 + 1
    for path in files:
        if path.suffix == ".xlsx":  # every cell of every sheet
            text = "\n".join(str(v) for rows in _sheets(path).values() for row in rows
                             for v in row if v is not None)
        else:
            text = html.unescape(path.read_text(encoding="utf-8-sig"))  # &#x27; is still a '
        for case_id in secrets["ids"]:
            assert not re.search(rf"\b{re.escape(case_id)}\b", text), (path, case_id)
        for secret in secrets["comments"] + secrets["quotes"] + secrets["tags"]:
            assert secret not in text and " ".join(secret.split()) not in text, path


def test_each_run_keeps_its_log_in_the_private_folder(sample_run):
    assert sample_run.log.parent == (sample_run.out.parent / "_internal" / sample_run.out.name
                                     / "logs")
    assert sample_run.out not in sample_run.log.parents  # never published
    lines = sample_run.log.read_text(encoding="utf-8").splitlines()
    for result in sample_run.results:  # one line per job started and finished, with times
        assert sum(f"] start  {result.key} (" in line for line in lines) == 1, result.key
        assert sum(re.search(rf"\] done   {result.key} in \d+\.\ds$", line) is not None
                   for line in lines) == 1, result.key
    assert re.search(r"\] finished in \d+\.\ds: 4 published, 0 failed$", lines[-1])
    assert all(re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ (INFO|DEBUG) ", line)
               for line in lines)


def test_same_cycle_twice_gives_the_same_reports(sample_run, tmp_path):
    again = run_cycle(PARAMS, out=tmp_path, jobs=2, timeout=300,
                      progress=lambda _msg: None)
    assert again.exit_code == 0
    for key in KEYS:
        first = (sample_run.out / key / "report.html").read_text(encoding="utf-8")
        second = (again.out / key / "report.html").read_text(encoding="utf-8")
        assert render.normalise_html(first) == render.normalise_html(second), key
    for key in KEYS:
        files = sorted(str(p.relative_to(again.out / key)) for p in (again.out / key).rglob("*")
                       if p.parent.name in ("charts", "tables") or p.suffix in (".xlsx", ".json"))
        assert "results.xlsx" in files and len(files) >= 20, key
        for name in files:
            assert (sample_run.out / key / name).read_bytes() == (again.out / key / name
                                                                  ).read_bytes(), (key, name)


# ---------------------------------------------------------------- failure behaviour


def _broken_notebooks(folder: Path, source: str) -> Path:
    """The notebooks, with ``source`` run in the theme report just after its parameters."""
    shutil.copytree(NOTEBOOKS, folder)
    nb = nbformat.read(folder / "theme_report.ipynb", as_version=4)
    after = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(after + 1, nbformat.v4.new_code_cell(source))
    nbformat.write(nb, folder / "theme_report.ipynb")
    return folder


def test_a_failing_notebook_is_kept_aside_and_the_earlier_report_survives(sample_run, tmp_path,
                                                                           capsys):
    out = tmp_path / "outputs"
    shutil.copytree(sample_run.out, out / sample_run.out.name)
    earlier = (out / sample_run.out.name / "2022-09-neglect" / "report.html").read_bytes()
    # the traceback of this failure shows a case id: it must never be published
    notebooks = _broken_notebooks(tmp_path / "nb", (
        "from cscp_analysis.io.prepared import load_prepared\n"
        "if audit == '2022-09-neglect':\n"
        "    raise RuntimeError(load_prepared(prepared)[0].cases['case_id'].iloc[0])"))
    code = cli.main(["run", str(PARAMS), "--out", str(out), "--notebooks", str(notebooks),
                     "--jobs", "2", "--timeout", "300"])
    assert code == 1
    printed, err = capsys.readouterr()
    assert "1 of 4 notebooks failed" in err and "2022-09-neglect: RuntimeError" in err
    # the run's log names the failure without its message (which shows a case id)
    log = Path(re.search(r"^log of this run: (.*)$", printed, re.MULTILINE).group(1))
    assert log.parent == out / "_internal" / sample_run.out.name / "logs"
    logged = log.read_text(encoding="utf-8")
    assert re.search(r"WARNING cscp_analysis\.batch\.run: \[ *\d+\.\ds\] FAILED 2022-09-neglect "
                     r"after \d+\.\ds: RuntimeError in cell \d+ while running the notebook\n",
                     logged)
    assert "N01" not in logged and "N01" not in printed + err
    root = out / sample_run.out.name
    failed = out / "_internal" / sample_run.out.name / FAILED_DIR / "2022-09-neglect.ipynb"
    assert failed.is_file()
    assert "N01" in failed.read_text(encoding="utf-8")  # kept for the analyst, with its traceback
    assert (root / "2022-09-neglect" / "report.html").read_bytes() == earlier
    for key in ("2016-06-cse", "2016-06-mfh", OVERVIEW_KEY):
        assert (root / key / "report.html").is_file()
    index = (root / "index.html").read_text(encoding="utf-8")
    assert "1 of 4 reports failed in this run." in index
    assert "the last good one" in index
    assert "_failed" not in index
    assert not list(root.rglob("*.html.tmp")) and not list(root.glob(".staging-*"))


def test_a_notebook_over_its_timeout_is_stopped(tmp_path):
    params = tmp_path / "one.yaml"
    params.write_text("audits: [2016-06-cse]\nas_of: 2023-03-31\n", encoding="utf-8")
    # The limit leaves the overview (a real notebook) room to finish on a loaded machine;
    # the stuck notebook would sleep ten times longer.
    notebooks = _broken_notebooks(tmp_path / "nb", "import time\ntime.sleep(600)")
    run = run_cycle(params, out=tmp_path / "out", jobs=2, timeout=60,
                    notebook_dir=notebooks, progress=lambda _msg: None)
    result = {r.key: r for r in run.results}
    assert result["2016-06-cse"].ok is False
    assert result["2016-06-cse"].error == "timed out after 60s"
    assert result["2016-06-cse"].seconds < 180
    assert result[OVERVIEW_KEY].ok is True
    assert not (run.out / "2016-06-cse").exists()
    assert run.exit_code == 1


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_fault_publishing_one_report_leaves_it_whole_and_the_others_published(
        sample_run, tmp_path, monkeypatch):
    """The real batch, with the rename that would swap 2016-06-mfh's new folder in
    failing with EIO (the exchange, or the first rename where there is none)."""
    out = tmp_path / "outputs"
    root = out / sample_run.out.name
    shutil.copytree(sample_run.out, root)
    earlier = _tree(root / "2016-06-mfh")
    injected = []

    def failing(real, *paths):
        names = [os.fsdecode(p) for p in paths if isinstance(p, str | bytes | os.PathLike)]
        if any(name.endswith(f"{os.sep}2016-06-mfh") for name in names):
            injected.append(paths)
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(*paths)

    if publish._renameat2 is not None:
        monkeypatch.setattr(publish, "_renameat2", functools.partial(failing,
                                                                     publish._renameat2))
    else:
        monkeypatch.setattr(os, "replace", functools.partial(failing, os.replace))
    run = run_cycle(PARAMS, out=out, jobs=2, timeout=300, progress=lambda _msg: None)
    monkeypatch.undo()
    assert len(injected) == 1
    result = {r.key: r for r in run.results}
    assert [r.key for r in run.failed] == ["2016-06-mfh"] and run.exit_code == 1
    assert result["2016-06-mfh"].error == "OSError EIO (Input/output error) while publishing"
    assert result["2016-06-mfh"].kept_earlier
    assert _tree(root / "2016-06-mfh") == earlier  # the good report, whole
    for key in ("2016-06-cse", "2022-09-neglect", OVERVIEW_KEY):
        assert result[key].published, key
        first = (sample_run.out / key / "report.html").read_text(encoding="utf-8")
        again = (root / key / "report.html").read_text(encoding="utf-8")
        assert render.normalise_html(first) == render.normalise_html(again), key
    index = (root / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"#]+)"', index)
    assert "2016-06-mfh/report.html" in hrefs and len(hrefs) >= 4 + 3
    assert all((root / href).is_file() for href in hrefs)
    assert "1 of 4 reports failed in this run." in index and "the last good one" in index
    assert sorted(p.name for p in root.iterdir()) == sorted([*KEYS, "index.html"])
    private = out / "_internal" / root.name
    assert (private / FAILED_DIR / "2016-06-mfh.log").is_file()
    assert not [p for p in private.iterdir() if p.name.startswith(".") and p.name != ".lock"]


def test_a_public_rerun_of_an_internal_cycle_publishes_nothing_internal(sample_run, tmp_path):
    """The sample cycle, last run for the Business Group, rerun for the public with the
    neglect report failing: its earlier (exact-count) report leaves the published folder
    whole for the internal one and is not linked; nothing published holds exact counts."""
    out = tmp_path / "outputs"
    root = out / sample_run.out.name
    shutil.copytree(sample_run.out, root)
    earlier = _tree(root / "2022-09-neglect")
    params = tmp_path / "public.yaml"
    params.write_text(PARAMS.read_text(encoding="utf-8").replace(
        "audience: business_group", "audience: public"), encoding="utf-8")
    notebooks = _broken_notebooks(tmp_path / "nb", (
        "if audit == '2022-09-neglect':\n    raise RuntimeError('stopped')"))
    seen: list[str] = []
    run = run_cycle(params, out=out, jobs=2, timeout=300, notebook_dir=notebooks,
                    progress=seen.append)
    assert [r.key for r in run.failed] == ["2022-09-neglect"]
    assert sorted(p.name for p in root.iterdir()) == sorted(
        ["index.html", "2016-06-cse", "2016-06-mfh", OVERVIEW_KEY])
    assert not [p for p in root.rglob("*") if p.suffix in {".json", ".ipynb", ".log"}]
    internal = out / "_internal" / root.name
    assert _tree(internal / "2022-09-neglect") == earlier  # kept whole, for the analysts
    assert sum("moved the earlier" in line for line in seen) == 4  # every report was exact
    index = (root / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"#]+)"', index)
    assert hrefs and all((root / h).is_file() for h in hrefs)
    assert not [h for h in hrefs if "neglect" in h or h.endswith((".json", ".ipynb"))]
    assert "Failed (RuntimeError in cell" in index and "no report published" in index

"""The cycle batch: real notebooks on the real sample cycle, publishing and failure behaviour.

The sample cycle runs once per test session (``sample_run`` in conftest.py); test_browser.py
reuses it.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import PARAMS, ROOT, SAMPLE_AUDITS
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from cscp_analysis import cli
from cscp_analysis.batch import run as report
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.audit import split_list
from cscp_analysis.io.load import load_audit
from cscp_analysis.report import render

NOTEBOOKS = ROOT / "notebooks"
KEYS = (*SAMPLE_AUDITS, report.OVERVIEW_KEY)

# ---------------------------------------------------------------- the real batch


def test_sample_cycle_publishes_every_report(sample_run):
    assert sample_run.exit_code == 0
    assert [r.key for r in sample_run.results] == list(KEYS)
    out = sample_run.out
    assert out.name == "2016-sample-cycle"
    for key in SAMPLE_AUDITS:
        folder = out / key
        assert sorted(p.name for p in folder.iterdir()) == [
            f"{key}.ipynb", "report.html", "summary.json", "tables"]
        assert (folder / "tables" / "findings.csv").is_file()
    assert (out / report.OVERVIEW_KEY / "report.html").is_file()
    assert not (out / report.FAILED_DIR).exists()
    assert not list(out.glob(".staging-*"))


def test_index_links_every_report_relatively(sample_run):
    page = (sample_run.out / "index.html").read_text(encoding="utf-8")
    for key in KEYS:
        assert f'href="{key}/report.html"' in page
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
    assert list(table["question_id"]) == [f["question_id"] for f in summary["findings"]]
    assert list(table["met"]) == [f["met"] for f in summary["findings"]]
    assert "case_id" not in table.columns


def test_reports_have_no_code_and_are_self_contained(sample_run):
    for key in KEYS:
        page = (sample_run.out / key / "report.html").read_text(encoding="utf-8")
        assert "<script" not in page
        assert "require.js" not in page and "mathjax" not in page.lower()
        assert not re.search(r'(src|href)="(?!#|data:)', page), key
        assert 'class="input_area"' not in page and "load_audit" not in page
        assert re.search(r'<nav[^>]*class="toc"', page)
        imgs = re.findall(r"<img\b[^>]*>", page)
        assert imgs, key
        assert all(re.search(r'alt="[^"]{10,}"', i) for i in imgs), key
        assert "Run details" in page and "sha256" in page and "2023-03-31" in page


def test_finding_area_headings_come_from_the_theme(sample_run):
    for key in SAMPLE_AUDITS:
        audit = load_audit(key)
        page = (sample_run.out / key / "report.html").read_text(encoding="utf-8")
        for area in audit.theme.finding_areas:
            assert re.search(r"<h3 id=[^>]*>" + re.escape(area.title.replace("'", "&#39;")),
                             page.replace("&#x27;", "&#39;")), (key, area.title)


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
             *sample_run.out.rglob("summary.json")]
    assert len(files) >= 5 + 3 + 3
    for path in files:
        text = html.unescape(path.read_text(encoding="utf-8-sig"))  # &#x27; is still a '
        for case_id in secrets["ids"]:
            assert not re.search(rf"\b{re.escape(case_id)}\b", text), (path, case_id)
        for secret in secrets["comments"] + secrets["quotes"] + secrets["tags"]:
            assert secret not in text and " ".join(secret.split()) not in text, path


def test_same_cycle_twice_gives_the_same_reports(sample_run, tmp_path):
    again = report.run_cycle(PARAMS, out=tmp_path, jobs=2, timeout=300,
                             progress=lambda _msg: None)
    assert again.exit_code == 0
    for key in KEYS:
        first = (sample_run.out / key / "report.html").read_text(encoding="utf-8")
        second = (again.out / key / "report.html").read_text(encoding="utf-8")
        assert render.normalise_html(first) == render.normalise_html(second), key
    for key in SAMPLE_AUDITS:
        for name in ("summary.json", "tables/findings.csv", "tables/cohort.csv"):
            assert (sample_run.out / key / name).read_bytes() == (again.out / key / name
                                                                  ).read_bytes()


# ---------------------------------------------------------------- failure behaviour


def _broken_notebooks(folder: Path, theme: str, source: str) -> Path:
    shutil.copytree(NOTEBOOKS, folder)
    nb = nbformat.read(folder / f"{theme}.ipynb", as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell(source))
    nbformat.write(nb, folder / f"{theme}.ipynb")
    return folder


def test_a_failing_notebook_is_kept_aside_and_the_earlier_report_survives(sample_run, tmp_path,
                                                                           capsys):
    out = tmp_path / "outputs"
    shutil.copytree(sample_run.out, out / sample_run.out.name)
    earlier = (out / sample_run.out.name / "2022-09-neglect" / "report.html").read_bytes()
    # the traceback of this failure shows a case id: it must never be published
    notebooks = _broken_notebooks(tmp_path / "nb", "neglect",
                                  "raise RuntimeError(data.cases['case_id'].iloc[0])")
    code = cli.main(["run", str(PARAMS), "--out", str(out), "--notebooks", str(notebooks),
                     "--jobs", "2", "--timeout", "300"])
    assert code == 1
    err = capsys.readouterr().err
    assert "1 of 4 notebooks failed" in err and "2022-09-neglect: RuntimeError" in err
    root = out / sample_run.out.name
    failed = root / report.FAILED_DIR / "2022-09-neglect.ipynb"
    assert failed.is_file()
    assert "N01" in failed.read_text(encoding="utf-8")  # kept for the analyst, with its traceback
    assert (root / "2022-09-neglect" / "report.html").read_bytes() == earlier
    for key in ("2016-06-cse", "2016-06-mfh", report.OVERVIEW_KEY):
        assert (root / key / "report.html").is_file()
    index = (root / "index.html").read_text(encoding="utf-8")
    assert "1 of 4 reports failed in this run." in index
    assert "the last good one" in index
    assert "_failed" not in index
    assert not list(root.rglob("*.html.tmp")) and not list(root.glob(".staging-*"))


def test_a_notebook_over_its_timeout_is_stopped(tmp_path):
    params = tmp_path / "one.yaml"
    params.write_text("audits: [2016-06-cse]\nas_of: 2023-03-31\n", encoding="utf-8")
    notebooks = _broken_notebooks(tmp_path / "nb", "cse", "import time\ntime.sleep(120)")
    run = report.run_cycle(params, out=tmp_path / "out", jobs=2, timeout=15,
                           notebook_dir=notebooks, progress=lambda _msg: None)
    result = {r.key: r for r in run.results}
    assert result["2016-06-cse"].ok is False
    assert result["2016-06-cse"].error == "timed out after 15s"
    assert result["2016-06-cse"].seconds < 60
    assert result[report.OVERVIEW_KEY].ok is True
    assert not (run.out / "2016-06-cse").exists()
    assert run.exit_code == 1


def test_bad_input_is_reported_before_anything_runs(tmp_path, capsys):
    params = tmp_path / "bad.yaml"
    params.write_text("audits: [2016-06-cse, no-such-audit]\nas_of: 31/13/2023\n"
                      "audience: everyone\n", encoding="utf-8")
    code = cli.main(["run", str(params), "--out", str(tmp_path / "out")])
    assert code == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert "bad.yaml row 2, column as_of: '31/13/2023' is not a date (expected 2023-03-31 " \
        "or 31/03/2023)" in err
    assert "bad.yaml row 3, column audience: 'everyone' is not one of business_group, " \
        "partnership, public" in err
    assert "bad.yaml row 1, column audits: 'no-such-audit' is not an audit folder" in err
    assert not (tmp_path / "out").exists()


def test_an_invalid_audit_names_every_problem_and_writes_nothing(tmp_path):
    audit = tmp_path / "broken"
    shutil.copytree(load_audit("2016-06-cse").source, audit)
    cases = (audit / "cases.csv").read_text(encoding="utf-8").splitlines()
    header = cases[0].split(",")
    row = cases[1].split(",")
    row[header.index("age_years")] = "19"
    cases[1] = ",".join(row)
    (audit / "cases.csv").write_text("\n".join(cases) + "\n", encoding="utf-8")
    params = tmp_path / "cycle.yaml"
    params.write_text("audits: [broken]\nas_of: 2023-03-31\n", encoding="utf-8")
    with pytest.raises(AuditValidationError) as caught:
        report.run_cycle(params, out=tmp_path / "out", progress=lambda _msg: None)
    assert any(p.file == "broken/cases.csv" and p.row == 2 and p.column == "age_years"
               for p in caught.value.problems)
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- pieces


def test_read_cycle_resolves_paths_against_the_params_file(tmp_path):
    (tmp_path / "data" / "a1").mkdir(parents=True)
    params = tmp_path / "c.yaml"
    params.write_text("cycle: c1\naudits: [data/a1, 2016-06-cse]\nas_of: 2023-03-31\n"
                      "suppress_below: 5\n", encoding="utf-8")
    cycle = report.read_cycle(params)
    assert cycle.name == "c1"
    assert cycle.audits == (str((tmp_path / "data" / "a1").resolve()), "2016-06-cse")
    assert cycle.as_of == "2023-03-31"
    assert cycle.suppress_below == 5
    assert cycle.audience == "business_group"


def test_ids_reach_the_notebook_as_strings():
    cycle = report.Cycle(name="c", title="t", audits=("007",), as_of="2023-03-31")

    class _Audit:
        id = "007"
        theme = type("T", (), {"id": "cse"})()
        info = type("I", (), {"title": "T"})()

    jobs = report.plan_jobs(cycle, {"007": _Audit()}, NOTEBOOKS)
    assert jobs[0].parameters["audit"] == "007"
    assert jobs[0].notebook == NOTEBOOKS / "cse.ipynb"
    nb = load_notebook_node(str(NOTEBOOKS / "cse.ipynb"))
    injected = parameterize_notebook(nb, dict(jobs[0].parameters))
    source = next(c.source for c in injected.cells
                  if "injected-parameters" in c.metadata.get("tags", []))
    assert 'audit = "007"' in source
    assert jobs[1].key == report.OVERVIEW_KEY and jobs[1].parameters["audits"] == ["007"]


def test_notebooks_are_committed_without_outputs():
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path


def test_publish_replaces_a_report_folder_whole(tmp_path):
    final = tmp_path / "out" / "a1"
    final.mkdir(parents=True)
    (final / "report.html").write_text("old")
    (final / "stale.csv").write_text("old")
    staging = tmp_path / "stage" / "a1"
    staging.mkdir(parents=True)
    (staging / "report.html").write_text("new")
    report.publish(staging, final)
    assert sorted(p.name for p in final.iterdir()) == ["report.html"]
    assert (final / "report.html").read_text() == "new"
    assert not staging.exists()
    assert sorted(p.name for p in final.parent.iterdir()) == ["a1"]

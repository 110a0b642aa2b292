"""Every report printed to PDF by the batch's one headless Chromium, and the batch without it.

The PDFs of the real sample cycle (``sample_run``) are read back with pypdf: every page
A4 and carrying the running header (the report's title, the date it speaks for, the
audience marking) and "Page N of M". Without Chromium (``CSCP_CHROMIUM`` naming a file
that is not there) a real run still publishes every report, says so once and prints none.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import SAMPLE_AUDITS
from pypdf import PdfReader

from cscp_analysis.batch.jobs import OVERVIEW_KEY
from cscp_analysis.batch.pdf import CHROMIUM_ENV, Printer, RunningHeader
from cscp_analysis.batch.render import notebook_to_html
from cscp_analysis.batch.run import run_cycle
from cscp_analysis.io.load import load_audit

KEYS = (*SAMPLE_AUDITS, OVERVIEW_KEY)
MARKING = "For the Business Group — not for publication"
A4 = (595.0, 842.0)  # points, ±1


def clean(text: str) -> str:
    """Text as a reader sees it: whitespace collapsed, direction isolates dropped."""
    return " ".join(text.replace("\u2068", "").replace("\u2069", "").split())


def _title(key: str, run) -> str:
    return run.cycle.title if key == OVERVIEW_KEY else load_audit(key).info.title


@pytest.mark.parametrize("key", KEYS)
def test_every_report_is_printed_on_a4_with_the_running_header_on_every_page(sample_run, key):
    assert sample_run.exit_code == 0 and sample_run.pdf_failures == []
    pages = PdfReader(sample_run.out / key / "report.pdf").pages
    assert len(pages) >= 3
    header = f"{_title(key, sample_run)} · position on 31 March 2023"
    for number, page in enumerate(pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert all(abs(got - want) <= 1 for got, want in zip(size, A4, strict=True)), size
        text = clean(page.extract_text())
        assert header in text, (number, text[-300:])
        assert MARKING in text and f"Page {number} of {len(pages)}" in text, number
    first = clean(pages[0].extract_text())
    assert "Contents" in first  # the page itself, under the header


@pytest.mark.parametrize("key", SAMPLE_AUDITS)
def test_each_learning_brief_is_printed_under_its_own_heading(sample_run, key):
    pages = PdfReader(sample_run.out / key / "learning-brief.pdf").pages
    header = f"Learning brief: {load_audit(key).info.title} · position on 31 March 2023"
    for number, page in enumerate(pages, start=1):
        text = clean(page.extract_text())
        assert header in text and MARKING in text, (number, text[-300:])
        assert f"Page {number} of {len(pages)}" in text


def test_the_index_links_each_pdf_beside_its_report(sample_run):
    soup = BeautifulSoup((sample_run.out / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    for key in KEYS:
        assert hrefs.index(f"{key}/report.pdf") == hrefs.index(f"{key}/report.html") + 1
    assert "ready to print" in soup.main.get_text()


def _one_audit_cycle(folder: Path) -> Path:
    cycle = {"cycle": "no-chromium", "title": "Without Chromium", "audits": ["2016-06-cse"],
             "as_of": "2023-03-31", "recommendations": ""}
    path = folder / "cycle.yaml"
    path.write_text(yaml.safe_dump(cycle), encoding="utf-8")
    return path


def test_without_chromium_the_run_publishes_every_report_says_so_once_and_prints_none(
        tmp_path, monkeypatch, caplog):
    missing = tmp_path / "no-such-chromium"
    monkeypatch.setenv(CHROMIUM_ENV, str(missing))
    said: list[str] = []
    run = run_cycle(_one_audit_cycle(tmp_path), out=tmp_path / "out", jobs=2, timeout=300,
                    progress=said.append)
    assert run.exit_code == 0 and not run.failed
    about_pdfs = [line for line in said if "PDF" in line or "Chromium" in line]
    assert about_pdfs == [
        f"PDFs are not printed in this run: there is no Chromium at {missing}. Install "
        "Debian's chromium (sudo apt-get install chromium) or set CSCP_CHROMIUM to a "
        "Chromium or Chrome executable; the HTML reports are published as usual."]
    assert run.pdf_unavailable == about_pdfs[0]
    # a warning, so --quiet (warnings and errors only) still says why there are no PDFs
    assert [r.levelname for r in caplog.records if "no Chromium" in r.getMessage()] == [
        "WARNING"]
    for key in ("2016-06-cse", OVERVIEW_KEY):
        assert (run.out / key / "report.html").is_file()
    assert list(tmp_path.rglob("*.pdf")) == []
    index = (run.out / "index.html").read_text(encoding="utf-8")
    assert ".pdf" not in index and "ready to print" not in index


def _page(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}"
                    "</body></html>", encoding="utf-8")
    return path


HEADER = RunningHeader("An <b>audit</b> & more", "31 March 2023", "Published version")


def test_a_chromium_that_will_not_start_is_reported_once_and_prints_nothing(tmp_path):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    said: list[str] = []
    with Printer(lambda message, *level: said.append(message), executable=broken) as printer:
        for folder in ("a", "b"):
            _page(tmp_path / folder, "report.html", "<p>x</p>")
            assert printer.print_folder(tmp_path / folder, HEADER, folder) == []
    assert len(said) == 1 and said[0].startswith(
        f"PDFs are not printed in this run: Chromium at {broken} would not start (")
    assert printer.unavailable == said[0] and printer.failures == []
    assert list(tmp_path.rglob("*.pdf")) == []


def test_every_page_of_a_folder_is_printed_and_one_that_cannot_be_costs_only_its_pdf(tmp_path):
    folder = tmp_path / "key"
    _page(folder, "report.html", "<h1>Report</h1>" + "<p>line</p>" * 200)
    _page(folder, "brief.html", '<p>Brief</p><img src="https://example.invalid/x.png">')
    (folder / "report.pdf").mkdir()  # where report.pdf would go: it cannot be written
    said: list[str] = []
    with Printer(lambda message, *level: said.append(message)) as printer:
        written = printer.print_folder(folder, HEADER, "key")
    assert said == [] and written == [folder / "brief.pdf"]
    assert printer.printed == 1 and printer.seconds > 0
    assert printer.failures == [("key/report.html", "IsADirectoryError EISDIR (Is a directory)")]
    pages = PdfReader(folder / "brief.pdf").pages
    assert len(pages) == 1
    text = clean(pages[0].extract_text())
    # the header's values are text: the title's markup is shown, not applied
    assert "An <b>audit</b> & more · position on 31 March 2023" in text
    assert "Published version" in text and "Page 1 of 1" in text and "Brief" in text
    # the long page runs over several pages, each numbered, once it can be written
    os.rmdir(folder / "report.pdf")
    shutil.move(folder / "brief.html", tmp_path / "brief.html")
    with Printer(lambda message, *level: said.append(message)) as printer:
        assert printer.print_folder(folder, HEADER, "key") == [folder / "report.pdf"]
    numbers = [re.search(r"Page (\d+) of (\d+)", clean(p.extract_text())).groups()
               for p in PdfReader(folder / "report.pdf").pages]
    assert len(numbers) >= 2
    assert numbers == [(str(i), str(len(numbers))) for i in range(1, len(numbers) + 1)]


def _display_html(html: str):
    return nbformat.v4.new_output("display_data", data={"text/html": html})


def test_the_closing_line_goes_over_with_what_comes_before_it(tmp_path):
    # the last section starts a page and fills it to 5 mm above the bottom margin (A4 with
    # 24 + 18 mm margins leaves 255 mm): the closing line and its 3rem margin cannot fit
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A report\n\nThe first section."),
        nbformat.v4.new_code_cell("show(last_section)", outputs=[
            _display_html('<h2 id="Last" style="break-before: page; height: 10mm; margin: 0">'
                          "Last section</h2>"),
            *(_display_html(f'<div style="height: 20mm">Block {n}</div>')
              for n in range(1, 13)),
            _display_html('<div style="height: 5mm">Final block</div>')]),
    ]
    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "report.html").write_text(notebook_to_html(nb, title="A report"),
                                        encoding="utf-8")
    with Printer(lambda message, *level: None) as printer:
        assert printer.print_folder(folder, HEADER, "report") == [folder / "report.pdf"]
    pages = PdfReader(folder / "report.pdf").pages
    last = clean(pages[-1].extract_text())
    assert "Produced by cscp-analysis" in last
    # more than the closing line: the last block at least came over with it, whole
    assert "Final block" in last and "Final block" not in clean(pages[-2].extract_text())
    assert "Block 12" in clean(pages[-2].extract_text())  # the rest stayed on its page

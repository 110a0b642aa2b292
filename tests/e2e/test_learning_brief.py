"""The learning brief beside each sample report: made by the real batch, opened and
printed by headless Chromium (A4, at most two pages), offline, naming no case."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from chromium import browser_context, visit
from conftest import SAMPLE_AUDITS
from pypdf import PdfReader

from cscp_analysis.batch.execute import BRIEF_FILE
from cscp_analysis.io.load import load_audit

#: An A4 page in PDF points (1/72 inch): 210 x 297 mm.
A4 = (595.3, 841.9)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with browser_context(tmp_path_factory.mktemp("brief-profile")) as context:
        yield context


@pytest.mark.parametrize("key", SAMPLE_AUDITS)
def test_each_sample_brief_prints_on_at_most_two_a4_pages(sample_run, browser, key):
    path = sample_run.out / key / BRIEF_FILE
    page = browser.new_page()
    try:
        seen = visit(page, path, settle_ms=200)
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    finally:
        page.close()
    assert seen.requests == [path.as_uri()] and not seen.dialogs and not seen.errors
    assert 1 <= len(pdf.pages) <= 2, (key, len(pdf.pages))
    for printed in pdf.pages:
        width, height = float(printed.mediabox.width), float(printed.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1


@pytest.mark.parametrize("key", SAMPLE_AUDITS)
def test_each_brief_is_its_audit_learning_and_names_no_case(sample_run, key):
    soup = BeautifulSoup((sample_run.out / key / BRIEF_FILE).read_text(encoding="utf-8"),
                         "html.parser")
    audit = load_audit(key)
    assert soup.find("h1").get_text().strip().rstrip("¶") == (
        f"Learning brief: {audit.info.title}")
    text = soup.get_text(" ")
    for case_id in audit.cases["case_id"]:
        assert case_id not in text
    # what the report's own cells show (code, contents, analysts' tables) is not in it
    assert soup.find("nav", class_="toc") is None and soup.find("pre") is None
    # like every report page, it links back to the index and no further
    assert [a["href"] for a in soup.find_all("a") if not a["href"].startswith("#")] == [
        "../index.html"]
    report = (sample_run.out / key / "report.html").read_text(encoding="utf-8")
    assert "Learning brief" not in report
    # the sample cycle is for the Business Group: its brief says it is theirs, not the
    # one for publication (tests/e2e/test_published_folder.py reads the public one's)
    closing = " ".join(soup.find_all("p", class_="note")[-1].get_text().split())
    assert closing.startswith("This is the Business Group's version of the learning brief: "
                              "it shows exact counts, and it is not for publication.")


@pytest.mark.parametrize("key", SAMPLE_AUDITS)
def test_each_brief_carries_the_key_messages_and_the_panels_learning(sample_run, key):
    soup = BeautifulSoup((sample_run.out / key / BRIEF_FILE).read_text(encoding="utf-8"),
                         "html.parser")
    headings = [" ".join(h.get_text().replace("¶", "").split()) for h in soup("h2")]
    assert headings[:3] == ["What was audited and why",
                            "The children whose records were audited", "Key messages"]
    assert headings[-1] == "What changed afterwards: actions taken and recommendations"
    learning = load_audit(key).learning
    # each area's lines under that area's own heading; every action with its date
    for row in learning.itertuples():
        said = " ".join(row.text.split())
        if row.kind == "Action taken":
            section = soup.find("h2", string=lambda s: s and s.startswith("What changed"))
        elif isinstance(row.finding_area, str):
            section = soup.find("h3", string=lambda s, a=row.finding_area: s and
                                s.replace("¶", "").strip() == a)
        else:
            continue  # the audit's own working-well and to-improve lines: key messages
        assert section is not None, (key, row.finding_area)
        following = section.find_next(["ul"])
        assert said in " ".join(following.get_text().split()), (key, said)


def introducers(soup: BeautifulSoup) -> set[str]:
    """The brief's headings and the lines that introduce a list, as printed text."""
    found = soup.select("h1, h2, h3, h4, p.panel-words, p.subheading")
    return {" ".join(tag.get_text().replace("¶", "").split()) for tag in found}


@pytest.mark.parametrize("key", SAMPLE_AUDITS)
def test_each_printed_brief_is_two_pages_and_no_page_ends_on_a_heading_or_lead_in(
        sample_run, key):
    """The batch's learning-brief.pdf: a heading or "The panel's learning, in its own
    words:" is printed on the page of what it introduces (the MFH brief's page 1 used to
    end on "Stage 1 and 2 Meetings" and its lead-in, their list on page 2)."""
    soup = BeautifulSoup((sample_run.out / key / BRIEF_FILE).read_text(encoding="utf-8"),
                         "html.parser")
    leads = introducers(soup)
    assert "The panel's learning, in its own words:" in leads
    pdf = PdfReader(sample_run.out / key / "learning-brief.pdf")
    assert len(pdf.pages) == 2, (key, len(pdf.pages))
    for number, printed in enumerate(pdf.pages, start=1):
        lines = [line.strip() for line in printed.extract_text().splitlines() if line.strip()]
        # the batch's running header and page footer come last in the text: set them aside
        assert lines[-1].endswith(f"Page {number} of 2"), lines[-2:]
        content = lines[:-2]
        assert content[-1] not in leads, (key, number, content[-3:])

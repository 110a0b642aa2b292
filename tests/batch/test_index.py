"""The cycle's index page: for readers first, the run's status for analysts, every value
escaped, relative links only to files that are there."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import PARAMS

from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.index import first_sentence, write_index
from cscp_analysis.batch.inputs import check_cycle
from cscp_analysis.batch.jobs import OVERVIEW_KEY, JobResult, default_notebook_dir, plan_jobs


def _soup(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def _rows(page: str) -> list[list[str]]:
    return [[td.get_text() for td in tr.find_all("td")]
            for tr in _soup(page).select("details.for-analysts tbody tr")]


def _touch(folder, *names):
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x", encoding="utf-8")


def test_index_escapes_every_value_and_says_what_happened(tmp_path):
    _touch(tmp_path / "a1", "report.html", "tables/findings.csv", "tables/cohort.csv",
           "summary.json")
    _touch(tmp_path / "a2", "report.html")
    cycle = Cycle(name="c<1>", title="<script>alert(1)</script> & co", audits=(),
                  as_of="2023-03-31", audience="partnership")
    results = [
        JobResult("a1", "Audit <one>", ok=True, seconds=3.26),
        JobResult("a2", "Audit two", ok=False, seconds=1.0, error="KeyError in cell 4"),
        JobResult("a3", "Audit three", ok=False, seconds=2.0, error="timed out after 5s"),
    ]
    page = write_index(cycle, results, tmp_path).read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "Audit &lt;one&gt;" in page and "c&lt;1&gt;" in page
    assert "2 of 3 reports failed in this run." in page
    assert "as they stood on 31 March 2023, for the Safeguarding Partnership." in page
    assert _soup(page).select_one(".marking").get_text() == (
        "For the Safeguarding Partnership — not for publication")
    assert _rows(page) == [
        ["Audit <one> · summary.json · tables: cohort, findings", "a1", "Published", "3.3 s"],
        ["Audit two", "a2", "This run failed (KeyError in cell 4); the report linked is the "
         "last good one", "1.0 s"],
        ["Audit three", "a3", "Failed (timed out after 5s); no report published", "2.0 s"],
    ]
    hrefs = [a["href"] for a in _soup(page).find_all("a")]
    assert hrefs == ["a1/report.html", "a2/report.html",  # for readers
                     "a1/summary.json", "a1/tables/cohort.csv", "a1/tables/findings.csv"]
    audits = _soup(page).select("section.entry")
    assert [s.h3.get_text() for s in audits] == ["Audit <one>", "Audit two", "Audit three"]
    assert audits[2].select_one(".note").get_text() == (
        "No report yet: the latest run could not produce it.")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a1", "a2", "index.html"]
    # for the public a folder holding exact counts (one a run could not move out) is never
    # linked; a2 (a report and nothing else) is
    public = Cycle(name="c", title="C", audits=(), as_of="2023-03-31", audience="public")
    page = write_index(public, results, tmp_path).read_text(encoding="utf-8")
    assert _soup(page).select_one(".marking").get_text() == "Published version"
    hrefs = [a["href"] for a in BeautifulSoup(page, "html.parser").find_all("a")]
    assert hrefs == ["a2/report.html"]


def test_index_when_every_report_was_produced(tmp_path):
    cycle = Cycle(name="c", title="C", audits=(), as_of="2023-03-31")
    page = write_index(cycle, [JobResult("a", "A", ok=True, seconds=0.0)], tmp_path
                       ).read_text(encoding="utf-8")
    assert "All 1 reports were produced." in page
    assert "for the Business Group." in page
    assert _soup(page).select_one(".marking").get_text() == (
        "For the Business Group — not for publication")


@pytest.fixture(scope="module")
def plan():
    inputs = check_cycle(PARAMS)
    return inputs.cycle, plan_jobs(inputs, default_notebook_dir())


def test_readers_see_the_overview_first_then_each_audit_and_only_files_that_exist(tmp_path,
                                                                                plan):
    cycle, jobs = plan
    mfh = "2016-06-mfh"
    _touch(tmp_path / mfh, "report.html", "report.pdf", "results.xlsx",
           "learning-brief.html", "summary.json", "tables/missing.csv")
    _touch(tmp_path / OVERVIEW_KEY, "report.html", "report.pdf", "results.xlsx",
           "tables/rules.csv")
    _touch(tmp_path / "2016-06-cse", "report.pdf")  # a PDF without its report: not linked
    results = [JobResult(j.key, j.title, ok=True, seconds=1.0) for j in jobs]
    soup = _soup(write_index(cycle, results, tmp_path, jobs).read_text(encoding="utf-8"))
    main = soup.main
    sections = main.find_all("section", recursive=False)
    assert [s.find(["h2", "h3"]).get_text() for s in sections] == [
        "Cycle overview: all the audits together", "Child Sexual Exploitation themed audit",
        "Missing from Home or Care themed audit", "Neglect themed scrutiny activity"]
    assert "overview" in sections[0]["class"]
    links = {s.find(["h2", "h3"]).get_text(): [(a.get_text(), a["href"]) for a in s("a")]
             for s in sections}
    assert links["Cycle overview: all the audits together"] == [
        ("Report", "cycle-overview/report.html"), ("PDF for printing", "cycle-overview/report.pdf"),
        ("Results workbook (Excel)", "cycle-overview/results.xlsx")]
    assert links["Missing from Home or Care themed audit"] == [
        ("Report", f"{mfh}/report.html"), ("PDF for printing", f"{mfh}/report.pdf"),
        ("Results workbook (Excel)", f"{mfh}/results.xlsx"),
        ("Learning brief", f"{mfh}/learning-brief.html")]
    assert links["Child Sexual Exploitation themed audit"] == []
    texts = [p.get_text() for p in sections[2].find_all("p")]
    assert texts == ["Missing from Home · carried out in June 2016",
                     "Children who go missing from home or care are at risk of harm, "
                     "including exploitation."]
    # the run's status, folders and data files only for analysts, in a closed <details>
    details = main.find("details", class_="for-analysts")
    assert details is not None and not details.has_attr("open")
    assert details.summary.get_text().startswith("For analysts")
    outside = [a["href"] for a in main("a") if details not in a.parents]
    assert not [h for h in outside if h.endswith((".json", ".csv"))]
    assert [a["href"] for a in details("a")] == [
        f"{OVERVIEW_KEY}/tables/rules.csv", f"{mfh}/summary.json", f"{mfh}/tables/missing.csv"]
    assert main.find("table").find_parent("details") is details
    assert "Published" not in " ".join(s.get_text() for s in sections)


def test_first_sentence():
    assert first_sentence("  One thing.  Then\nanother. ") == "One thing."
    assert first_sentence("No full stop") == "No full stop"
    assert first_sentence("Aged 2.5 years. More") == "Aged 2.5 years."
    assert first_sentence("") == ""


def test_index_links_stay_beside_it_and_the_page_forbids_scripts(tmp_path):
    key = "javascript:alert(1)"  # a folder name that would be a scheme in a bare href
    _touch(tmp_path / key, "report.html")
    cycle = Cycle(name="c", title="\u202eCycle", audits=(), as_of="2023-03-31")
    page = write_index(cycle, [JobResult(key, "A", ok=True, seconds=0.0)], tmp_path
                       ).read_text(encoding="utf-8")
    soup = _soup(page)
    assert [a["href"] for a in soup.find_all("a")] == ["javascript%3Aalert%281%29/report.html"]
    assert soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] == (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
        "form-action 'none'")
    assert soup.h1.get_text() == "\u2068\u202eCycle\u2069"  # isolated: the override ends there

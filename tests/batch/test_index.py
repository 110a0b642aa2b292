"""The cycle's index page: relative links, the status of this run, every value escaped."""

from __future__ import annotations

from bs4 import BeautifulSoup

from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.index import write_index
from cscp_analysis.batch.jobs import JobResult


def _rows(page: str) -> list[list[str]]:
    soup = BeautifulSoup(page, "html.parser")
    return [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")]


def test_index_escapes_every_value_and_says_what_happened(tmp_path):
    (tmp_path / "a1" / "tables").mkdir(parents=True)
    (tmp_path / "a1" / "report.html").write_text("x", encoding="utf-8")
    (tmp_path / "a1" / "tables" / "findings.csv").write_text("x", encoding="utf-8")
    (tmp_path / "a1" / "tables" / "cohort.csv").write_text("x", encoding="utf-8")
    (tmp_path / "a1" / "summary.json").write_text("{}", encoding="utf-8")
    (tmp_path / "a2").mkdir()
    (tmp_path / "a2" / "report.html").write_text("x", encoding="utf-8")
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
    assert "as of\n31 March 2023, for the Safeguarding Partnership." in page
    assert _rows(page) == [
        ["Audit <one> · summary.json · tables: cohort, findings", "a1", "Published", "3.3 s"],
        ["Audit two", "a2", "This run failed (KeyError in cell 4); the report linked is the "
         "last good one", "1.0 s"],
        ["Audit three", "a3", "Failed (timed out after 5s); no report published", "2.0 s"],
    ]
    hrefs = [a["href"] for a in BeautifulSoup(page, "html.parser").find_all("a")]
    assert hrefs == ["a1/report.html", "a1/summary.json", "a1/tables/cohort.csv",
                     "a1/tables/findings.csv", "a2/report.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a1", "a2", "index.html"]
    # for the public a folder holding exact counts (one a run could not move out) is never
    # linked; a2 (a report and nothing else) is
    public = Cycle(name="c", title="C", audits=(), as_of="2023-03-31", audience="public")
    page = write_index(public, results, tmp_path).read_text(encoding="utf-8")
    hrefs = [a["href"] for a in BeautifulSoup(page, "html.parser").find_all("a")]
    assert hrefs == ["a2/report.html"]


def test_index_when_every_report_was_produced(tmp_path):
    cycle = Cycle(name="c", title="C", audits=(), as_of="2023-03-31")
    page = write_index(cycle, [JobResult("a", "A", ok=True, seconds=0.0)], tmp_path
                       ).read_text(encoding="utf-8")
    assert "All 1 reports were produced." in page
    assert "for the Business Group." in page


def test_index_links_stay_beside_it_and_the_page_forbids_scripts(tmp_path):
    key = "javascript:alert(1)"  # a folder name that would be a scheme in a bare href
    (tmp_path / key).mkdir()
    (tmp_path / key / "report.html").write_text("x", encoding="utf-8")
    cycle = Cycle(name="c", title="\u202eCycle", audits=(), as_of="2023-03-31")
    page = write_index(cycle, [JobResult(key, "A", ok=True, seconds=0.0)], tmp_path
                       ).read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert [a["href"] for a in soup.find_all("a")] == ["javascript%3Aalert%281%29/report.html"]
    assert soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] == (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
        "form-action 'none'")
    assert soup.h1.get_text() == "\u2068\u202eCycle\u2069"  # isolated: the override ends there

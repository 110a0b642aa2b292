"""Offline report HTML: table of contents, links made text, tagged cells left out, run-to-run
noise removed."""

from __future__ import annotations

import nbformat
from bs4 import BeautifulSoup

from cscp_analysis.batch import render


def test_normalise_html_removes_known_noise_only():
    a = ('<div id="cell-id=ab12"><table id="T_1a2b3"><td>5</td></table>'
         '<span class="noise">3.2 s</span> 2023-03-31T10:00:01Z</div>')
    b = ('<div id="cell-id=ff99"><table id="T_9f8e7"><td>5</td></table>'
         '<span class="noise">9.9 s</span> 2024-01-01T00:00:00Z</div>')
    assert render.normalise_html(a) == render.normalise_html(b)
    assert render.normalise_html(a) != render.normalise_html(a.replace("<td>5", "<td>6"))


def test_table_of_contents_nests_h3_under_h2():
    body = ('<h1 id="T">T</h1><h2 id="A">A<a class="anchor-link" href="#A">¶</a></h2>'
            '<h3 id="A1">A one</h3><h3 id="A2">A two</h3><h2 id="B">B &amp; C</h2>')
    assert render.table_of_contents(body) == (
        '<ol><li><a href="#A">A</a><ol><li><a href="#A1">A one</a></li>'
        '<li><a href="#A2">A two</a></li></ol></li><li><a href="#B">B &amp; C</a></li></ol>'
    )


def test_external_links_become_text():
    body = '<p><a href="https://example.org/x">the guide</a> and <a href="#s">here</a></p>'
    assert render.strip_external_links(body) == (
        '<p>the guide (https://example.org/x) and <a href="#s">here</a></p>')


def _notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# The report's title"),
        nbformat.v4.new_markdown_cell("## Findings\nSee [the guide](https://example.org/g)."),
        nbformat.v4.new_markdown_cell("## How to explore\nOpen the data frame.",
                                      metadata={"tags": ["analyst"]}),
        nbformat.v4.new_markdown_cell("### Scratch\nnotes to self", metadata={"tags": ["remove"]}),
        nbformat.v4.new_code_cell("print('shown output')", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="shown output\n")]),
        nbformat.v4.new_code_cell("import secrets_module", metadata={"tags": ["analyst"]},
                                  outputs=[nbformat.v4.new_output(
                                      "stream", name="stdout", text="analyst-only output\n")]),
        nbformat.v4.new_markdown_cell("### Met & not met <b>x</b>"),
    ]
    return nb


def test_a_notebook_becomes_a_report_without_code_or_analyst_cells():
    page = render.notebook_to_html(_notebook(), title="T <&>", page={
        "cycle": "Cycle 1", "as_of": "31 March 2023", "audience": "Business Group"})
    soup = BeautifulSoup(page, "html.parser")
    assert soup.title.get_text() == "T <&>"
    header = soup.find("header", class_="report-header")
    assert header.find("h1").get_text().rstrip("¶") == "The report's title"
    assert header.find(class_="kicker").get_text() == (
        "Cycle 1 · position on 31 March 2023 · for the Business Group")
    assert soup.find("main").find("h1") is None  # moved, not copied
    toc = [(a["href"], a.get_text()) for a in soup.select("nav.toc a")]
    assert toc == [("#Findings", "Findings"), ("#Met-&-not-met-x", "Met & not met x")]
    text = soup.get_text()
    assert "shown output" in text
    assert "the guide (https://example.org/g)" in text
    for gone in ("How to explore", "Open the data frame", "Scratch", "notes to self",
                 "analyst-only output", "import secrets_module", "print("):
        assert gone not in text, gone
    assert not soup.find_all("a", href=lambda h: not h.startswith("#"))
    assert "<script" not in page


def test_external_link_whose_text_is_its_address_is_not_repeated():
    body = '<p><a href="https://example.org">https://example.org</a></p>'
    assert render.strip_external_links(body) == "<p>https://example.org</p>"


def test_every_report_page_forbids_scripts_and_outside_sources():
    page = render.notebook_to_html(_notebook(), title="T")
    soup = BeautifulSoup(page, "html.parser")
    metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert [m["content"] for m in metas] == [
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
        "form-action 'none'"]
    # before anything the policy governs: only the charset comes first
    assert [t.name for t in soup.head.find_all(True)][:2] == ["meta", "meta"]
    assert soup.head.find("meta").get("charset") == "utf-8"


def test_a_right_to_left_override_in_the_header_cannot_reverse_the_words_after_it():
    rlo = "Cycle \u202eenilno"  # shows as "Cycle online" reversed, to its end
    page = render.notebook_to_html(_notebook(), title=f"T {rlo}", page={
        "cycle": rlo, "as_of": "31 March 2023", "audience": "Public"})
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find(class_="kicker").get_text() == (
        f"\u2068{rlo}\u2069 · position on 31 March 2023 · for the Public")
    assert soup.title.get_text() == f"\u2068T {rlo}\u2069"


def _with_brief(nb):
    nb.cells.append(nbformat.v4.new_code_cell(
        "show(learning_brief(results, settings))", metadata={"tags": ["brief"]},
        outputs=[nbformat.v4.new_output("display_data", data={
            "text/html": "<h1>Learning brief: T</h1><h2 id='Learned'>Learned</h2>"
                         "<p>brief-only words</p>"})]))
    return nb


def test_the_brief_cells_are_left_out_of_the_report_and_alone_make_the_brief():
    nb = _with_brief(_notebook())
    assert render.has_brief(nb) and not render.has_brief(_notebook())
    report = BeautifulSoup(render.notebook_to_html(nb, title="T"), "html.parser")
    brief = BeautifulSoup(render.notebook_to_html(nb, title="T", brief=True), "html.parser")
    assert "brief-only words" not in report.get_text()
    assert "shown output" in report.get_text()
    assert "brief-only words" in brief.get_text()
    assert "shown output" not in brief.get_text()
    assert "The report's title" not in brief.get_text()
    # the brief's own title heads its page, and a two-page brief has no contents list
    assert brief.find("header", class_="report-header").find("h1").get_text() == (
        "Learning brief: T")
    assert brief.find("nav") is None and report.find("nav", class_="toc") is not None
    assert brief.find("main")["class"] == ["brief"]


def test_a_brief_cell_that_displayed_nothing_makes_no_brief():
    nb = _notebook()
    nb.cells.append(nbformat.v4.new_code_cell("# nothing", metadata={"tags": ["brief"]}))
    assert not render.has_brief(nb)

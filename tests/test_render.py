"""Offline report HTML: table of contents, links made text, run-to-run noise removed."""

from __future__ import annotations

from cscp_analysis.report import render


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

"""Executed notebook to offline report HTML: the project's own nbconvert template.

nbconvert's default ``lab`` template loads require.js and MathJax from a CDN; council
machines are often offline, so reports use ``templates/cscp`` instead: no scripts, CSS
inlined, images embedded as data URIs, no code cells, a table of contents built from the
headings; the notebooks add a plain-English "how to read this report" section.
``normalise_html`` removes the known run-to-run noise so reports can be compared.
"""

from __future__ import annotations

import html
import re
import threading
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

from cscp_analysis import __version__


def templates_dir() -> Path:
    """The folder of the project's nbconvert templates inside the package."""
    return Path(str(resources.files("cscp_analysis") / "templates"))


_EXPORT_LOCK = threading.Lock()


def notebook_to_html(nb, title: str, kicker: str = "") -> str:
    """Convert an executed notebook to the project's offline report HTML (in-process).

    Inputs, prompts, stderr and tracebacks are left out; images stay embedded as data
    URIs; the table of contents is built from the report's headings; any link to
    outside the file is turned into plain text.
    """
    from nbconvert import HTMLExporter

    css = (templates_dir() / "cscp" / "report.css").read_text(encoding="utf-8")
    with _EXPORT_LOCK:
        exporter = HTMLExporter(
            template_name="cscp",
            extra_template_basedirs=[str(templates_dir())],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
        )
        body, _ = exporter.from_notebook_node(nb, resources={
            "cscp_title": title, "cscp_css": css, "cscp_kicker": kicker,
            "cscp_footer": f"Produced by cscp-analysis {__version__}. No case references, "
                           "auditors' comments or quotes shared without the child's agreement "
                           "are included.",
        })
    body = strip_external_links(body)
    body = _title_first(body)
    return body.replace("<!--CSCP-TOC-->", table_of_contents(body))


_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>", re.S)


def _title_first(body: str) -> str:
    """Move the report's first heading (its title) into the page header, above the contents."""
    match = _H1.search(body, body.find("<main"))
    if not match or "<!--CSCP-TITLE-->" not in body:
        return body
    title = match.group(0)
    body = body[: match.start()] + body[match.end():]
    return body.replace("<!--CSCP-TITLE-->", title, 1)


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3") and self._open is None:
            ident = dict(attrs).get("id")
            if ident:
                self._open, self._text = (int(tag[1]), ident), []

    def handle_endtag(self, tag):
        if self._open and tag == f"h{self._open[0]}":
            text = " ".join("".join(self._text).replace("¶", "").split())
            self.found.append((self._open[0], self._open[1], text))
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._text.append(data)


def table_of_contents(body: str) -> str:
    """A nested ordered list linking every h2 and h3 of the report by its id."""
    parser = _Headings()
    parser.feed(body)
    items, depth = [], 0
    for level, ident, text in parser.found:
        if text == "Contents":
            continue
        want = 1 if level == 2 else 2
        if want > depth:
            items.append("<ol>" * (want - depth))
        else:
            items.append("</li>" + "</ol></li>" * (depth - want))
        depth = want
        items.append(f'<li><a href="#{html.escape(ident)}">{html.escape(text)}</a>')
    if depth:
        items.append("</li>" + "</ol></li>" * (depth - 1) + "</ol>")
    return "".join(items)


_EXTERNAL_A = re.compile(r'<a\b[^>]*\bhref="(?!#)([^"]*)"[^>]*>(.*?)</a>', re.S | re.I)


def strip_external_links(body: str) -> str:
    """Turn every link that leaves the page into plain text (the address shown after it)."""

    def plain(match: re.Match) -> str:
        target, text = match.group(1), match.group(2)
        return text if target in text else f"{text} ({html.escape(target)})"

    return _EXTERNAL_A.sub(plain, body)


_NOISE = [
    (re.compile(r'\s+id="cell-id=[^"]*"'), ""),
    (re.compile(r"T_[0-9a-f]{5,}"), "T_uuid"),
    (re.compile(r'<span class="noise">.*?</span>', re.S), '<span class="noise"></span>'),
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"), "<time>"),
    (re.compile(r"\b\d+(?:\.\d+)? ?(?:seconds|s)\b(?= elapsed)"), "<duration>"),
]


def normalise_html(text: str) -> str:
    """A report's HTML with known run-to-run noise removed, for comparing two runs.

    Removes cell-id anchors, pandas Styler uuids, wall-clock timestamps and the spans
    the index marks as ``noise`` (elapsed times, run time).
    """
    for pattern, replacement in _NOISE:
        text = pattern.sub(replacement, text)
    return text

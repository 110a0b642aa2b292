"""Executed notebook to offline report HTML: the project's own nbconvert template.

This runs in the batch (the parent process), never in a notebook kernel. nbconvert's
default ``lab`` template loads require.js and MathJax from a CDN; council machines are
often offline, so reports use ``templates/cscp`` instead: no scripts, CSS inlined, images
embedded as data URIs, no code cells, a table of contents built from the headings; the
notebooks add a plain-English "how to read this report" section. Every page carries
:data:`CONTENT_SECURITY_POLICY` as a second wall behind escaping: no script of any kind
runs and nothing is fetched from outside the file, whatever reached the page. Cells
tagged ``analyst`` (guides and exploration for the analyst in JupyterLab) or ``remove``
are left out.

After conversion the page is parsed once with Beautiful Soup (Python's ``html.parser``
underneath) and changed as a document tree, never with regular expressions over HTML:
the title moves into the page header, links that leave the file become text, and the
table of contents is filled in. ``normalise_html`` removes the known run-to-run noise so
reports can be compared.
"""

from __future__ import annotations

import functools
import html
import re
import threading
from importlib import resources
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.formatter import HTMLFormatter

from cscp_analysis import __version__
from cscp_analysis.report.display import isolate_bidi

#: Cells with one of these tags are left out of the report (they stay in the notebook).
REMOVE_CELL_TAGS = ("analyst", "remove")
#: The tag of the cells that make a report's learning brief (``learning-brief.html``): they
#: are left out of the full report, and the brief is made of them alone.
BRIEF_TAG = "brief"
#: The Content-Security-Policy of every report page and index page (a ``<meta>``): no
#: scripts, frames, objects, fonts or fetches; images only as ``data:`` URIs; styles only
#: the page's own inline CSS; no ``<base>`` and no form can send anything anywhere.
CONTENT_SECURITY_POLICY = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                           "base-uri 'none'; form-action 'none'")
_TITLE_MARK = "CSCP-TITLE"
_TOC_MARK = "CSCP-TOC"


def templates_dir() -> Path:
    """The folder of the project's templates inside the package."""
    return Path(str(resources.files("cscp_analysis") / "templates"))


class _Html(HTMLFormatter):
    """Serialise as HTML: attributes in their written order, text escaped as ``html.escape``."""

    def __init__(self):
        super().__init__(entity_substitution=html.escape, void_element_close_prefix=None)

    def attributes(self, tag):
        return list(tag.attrs.items())


_FORMATTER = _Html()


def _parse(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def _serialise(node) -> str:
    return node.decode(formatter=_FORMATTER)


_EXPORT_LOCK = threading.Lock()


@functools.cache
def _exporter():
    """The HTML exporter (one, used under the lock): the ``cscp`` template, no inputs or
    prompts, tagged cells left out."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
    return HTMLExporter(
        config=config,
        template_name="cscp",
        extra_template_basedirs=[str(templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", ()))


def has_brief(nb) -> bool:
    """Whether an executed notebook has learning-brief cells (tagged :data:`BRIEF_TAG`)
    that displayed something."""
    return any(BRIEF_TAG in _tags(cell) and cell.get("outputs") for cell in nb.cells)


def _only(nb, brief: bool):
    """A copy of ``nb`` holding the brief's cells (``brief``) or every other cell."""
    kept = nb.copy()
    kept.cells = [cell for cell in nb.cells if (BRIEF_TAG in _tags(cell)) == brief]
    return kept


def notebook_to_html(nb, title: str, page: dict[str, str] | None = None,
                     brief: bool = False) -> str:
    """Convert an executed notebook to the project's offline report HTML (in-process).

    ``page`` fills the template's page header (``cycle``, ``as_of``, ``audience``,
    ``marking``, and ``index``, the link back to the cycle's index: the words around
    them are the template's). Inputs, prompts, stderr, tracebacks and cells
    tagged ``analyst`` or ``remove`` are left out; images stay embedded as data URIs; the
    table of contents is built from the report's headings; any link to outside the file
    is turned into plain text. The report leaves out the cells tagged ``brief``; with
    ``brief`` the page is the learning brief: those cells alone, with no contents list.
    """
    css = (templates_dir() / "cscp" / "report.css").read_text(encoding="utf-8")
    header = {f"cscp_{k}": isolate_bidi(v) for k, v in (page or {}).items()}
    with _EXPORT_LOCK:
        body, _ = _exporter().from_notebook_node(_only(nb, brief), resources={
            "cscp_title": isolate_bidi(title), "cscp_css": css, "cscp_version": __version__,
            "cscp_csp": CONTENT_SECURITY_POLICY, "cscp_brief": brief, **header})
    soup = _parse(body)
    _unlink_external(soup)
    _title_first(soup)
    mark = soup.find(string=lambda s: isinstance(s, Comment) and s.strip() == _TOC_MARK)
    if mark is not None:
        contents = _contents(soup)
        if contents is None:
            mark.extract()
        else:
            mark.replace_with(contents)
    return _serialise(soup)


def _title_first(soup: BeautifulSoup) -> None:
    """Move the report's first heading (its title) into the page header, above the contents."""
    mark = soup.find(string=lambda s: isinstance(s, Comment) and s.strip() == _TITLE_MARK)
    main = soup.find("main")
    heading = main.find("h1") if main is not None else None
    if mark is None or heading is None:
        return
    mark.replace_with(heading.extract())


def _headings(soup: BeautifulSoup) -> list[tuple[int, str, str]]:
    """(level, id, text) of every h2 and h3 that has an id, in order; the ¶ links dropped."""
    found = []
    for tag in soup.find_all(["h2", "h3"]):
        ident = tag.get("id")
        if ident:
            text = " ".join(tag.get_text().replace("¶", "").split())
            found.append((int(tag.name[1]), ident, text))
    return found


def _contents(soup: BeautifulSoup) -> Tag | None:
    """A nested ordered list linking every h2 (and its h3s) of the page; None if none."""
    top = soup.new_tag("ol")
    current: Tag | None = None  # the <li> of the last h2
    for level, ident, text in _headings(soup):
        if text == "Contents":
            continue
        item = soup.new_tag("li")
        link = soup.new_tag("a", href=f"#{ident}")
        link.string = text
        item.append(link)
        if level == 2 or current is None:
            top.append(item)
            current = item if level == 2 else current
            continue
        sub = current.find("ol", recursive=False)
        if sub is None:
            sub = soup.new_tag("ol")
            current.append(sub)
        sub.append(item)
    return top if top.contents else None


def table_of_contents(body: str) -> str:
    """A nested ordered list linking every h2 and h3 of the report by its id ("" if none)."""
    contents = _contents(_parse(body))
    return "" if contents is None else _serialise(contents)


#: The one link a report page keeps that leaves it: back to the cycle's index, from the
#: template's ``nav.to-index`` in the page header (never from anything a notebook shows).
INDEX_LINK = "../index.html"


def _is_index_link(link: Tag) -> bool:
    nav = link.parent
    return (link["href"] == INDEX_LINK and nav is not None and nav.name == "nav"
            and "to-index" in nav.get("class", []) and nav.parent is not None
            and nav.parent.name == "header" and "report-header" in nav.parent.get("class", []))


def _unlink_external(soup: BeautifulSoup) -> None:
    """Turn every link that leaves the page into its text, with the address after it
    (all but the header's link back to the cycle's index)."""
    for link in soup.find_all("a", href=True):
        target = link["href"]
        if target.startswith("#") or _is_index_link(link):
            continue
        if target not in link.get_text():
            link.append(NavigableString(f" ({target})"))
        link.unwrap()


def strip_external_links(body: str) -> str:
    """Turn every link that leaves the page into plain text (the address shown after it)."""
    soup = _parse(body)
    _unlink_external(soup)
    return _serialise(soup)


#: Run-to-run noise inside text and attribute values (never matched against markup).
_NOISY_TEXT = [
    (re.compile(r"T_[0-9a-f]{5,}"), "T_uuid"),  # pandas Styler ids
    (re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?"), "<time>"),
    (re.compile(r"\b\d+(?:\.\d+)? ?(?:seconds|s)\b(?= elapsed)"), "<duration>"),
]


def _quiet(text: str) -> str:
    for pattern, replacement in _NOISY_TEXT:
        text = pattern.sub(replacement, text)
    return text


def normalise_html(text: str) -> str:
    """A report's HTML with known run-to-run noise removed, for comparing two runs.

    Removes cell-id anchors, pandas Styler uuids, wall-clock timestamps and the contents
    of elements the index marks as ``noise`` (elapsed times, run time).
    """
    soup = _parse(text)
    for tag in soup.find_all(class_="noise"):
        tag.clear()
    for tag in soup.find_all(True):
        if str(tag.get("id", "")).startswith("cell-id="):
            del tag["id"]
        for name, value in tag.attrs.items():
            if isinstance(value, str):
                tag[name] = _quiet(value)
            elif isinstance(value, list):
                tag[name] = [_quiet(v) for v in value]
    for string in soup.find_all(string=True):
        quiet = _quiet(str(string))
        if quiet != string:
            string.replace_with(type(string)(quiet))
    return _serialise(soup)

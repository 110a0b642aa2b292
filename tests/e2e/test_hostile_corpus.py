"""The hostile corpus: every payload in every free-text field, through the real batch, opened
in headless Chromium.

Two audits with a theme file of their own (``tests/hostile.py``) hold each payload as
the whole value of each area, cohort group, finding area, question, consented quote, tag,
recommendation and owner, and all of them joined in the audit's title, conducted by and
the theme's title and description; the cycle's title joins them too. The panel's learning
says each payload about the finding area of the same payload, and again for the audit as
a whole. Every page the batch publishes (the index, each report and learning brief, the
overview) must then fire no dialog, make no request beyond its own file, hold no element
or handler from input, and show each payload as the text it is.
"""

from __future__ import annotations

import csv
import re

import pytest
import yaml
from chromium import browser_context, visit
from hostile import (
    AUDIT_WIDE_KINDS,
    FORMULA_STARTS,
    FORMULAS,
    LEARNING_KINDS,
    MARKUP,
    joined,
    tag,
    write_hostile_audit,
    write_hostile_recommendations,
)
from openpyxl import load_workbook

from cscp_analysis.batch.jobs import OVERVIEW_KEY
from cscp_analysis.batch.run import run_cycle

PAYLOADS = MARKUP + FORMULAS
AUDITS = ("2024-01-hostile", "2024-06-hostile")
PAGES = ("index.html", *(f"{key}/report.html" for key in (*AUDITS, OVERVIEW_KEY)),
         *(f"{key}/learning-brief.html" for key in AUDITS))


def clean(text: str) -> str:
    """Text as a reader sees it: whitespace collapsed, direction isolates dropped."""
    return " ".join(text.replace("\u2068", "").replace("\u2069", "").split())


SHOWN = [clean(p) for p in PAYLOADS]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    for key, folder, conducted in zip(AUDITS, "ab", ("2024-01", "2024-06"), strict=True):
        write_hostile_audit(root / folder, PAYLOADS, audit_id=key, conducted=conducted)
    write_hostile_recommendations(root / "recommendations.csv", AUDITS[0], PAYLOADS)
    cycle = {"cycle": "hostile-cycle", "title": joined(PAYLOADS), "audits": ["a", "b"],
             "as_of": "2024-09-30", "recommendations": "recommendations.csv"}
    (root / "cycle.yaml").write_text(yaml.safe_dump(cycle, allow_unicode=True),
                                     encoding="utf-8")
    run = run_cycle(root / "cycle.yaml", out=root / "outputs", jobs=2, timeout=600,
                    progress=lambda _msg: None)
    assert run.exit_code == 0, [(r.key, r.error) for r in run.results]  # PDFs printed too
    assert sorted(p.parent.name for p in run.out.glob("*/report.pdf")) == sorted(
        [*AUDITS, OVERVIEW_KEY])
    return run.out


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with browser_context(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


#: The page's elements as the browser built them: anything live, and the text shown.
_DOM = """() => {
  const all = [...document.querySelectorAll('*')];
  const text = e => e.textContent.replace(/\\u00b6/g, '');
  let section = '';
  const sections = {};
  for (const e of document.querySelectorAll('main h2, main h3, main p, main li, '
                                             + 'main blockquote, main td, main img')) {
    if (e.tagName === 'H2') { section = text(e).trim(); continue; }
    const strong = e.tagName === 'LI' && e.querySelector('strong');
    (sections[section] = sections[section] || []).push(
      [e.tagName.toLowerCase(), e.tagName === 'IMG' ? e.alt : text(strong || e), text(e),
       e.parentElement.className]);
  }
  return {
    live: [...document.querySelectorAll('script, iframe, frame, frameset, object, embed, '
      + 'link, svg, math, base, form, input, button, video, audio, source, picture, '
      + 'template, noscript, portal')].map(e => e.outerHTML.slice(0, 80)),
    metas: [...document.querySelectorAll('meta[http-equiv]')].map(
      m => m.getAttribute('http-equiv')),
    styles: [...document.querySelectorAll('style')].map(s => s.parentElement.tagName),
    handlers: all.flatMap(e => [...e.attributes].filter(
      a => a.name.toLowerCase().startsWith('on')).map(a => e.tagName + ' ' + a.name)),
    images: [...document.images].map(i => i.getAttribute('src').slice(0, 26)),
    hrefs: [...document.querySelectorAll('[href]')].map(e => e.getAttribute('href')),
    back: [...document.querySelectorAll('header.report-header > nav.to-index > a')].map(
      e => e.getAttribute('href')),
    srcs: [...document.querySelectorAll('[src]')].map(e => e.getAttribute('src').slice(0, 26)),
    emphasis: [...document.querySelectorAll('strong, b, em, i')].map(e => e.textContent),
    alts: [...document.images].map(i => i.alt),
    text: document.body.innerText,
    title: document.title,
    h1: [...document.querySelectorAll('h1')].map(text),
    kicker: [...document.querySelectorAll('.kicker')].map(text),
    toc: [...document.querySelectorAll('nav.toc a')].map(text),
    rows: [...document.querySelectorAll('tbody tr')].map(
      r => [...r.querySelectorAll('td')].map(text)),
    sections: sections,
  };
}"""


def _open(browser, path):
    page = browser.new_page()
    try:
        seen = visit(page, path)
        return seen, page.url, page.evaluate(_DOM)
    finally:
        page.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_payload_runs_fetches_or_becomes_markup(outputs, browser, name):
    path = outputs / name
    seen, url, dom = _open(browser, path)
    assert seen.dialogs == []
    assert seen.requests == [path.as_uri()]  # nothing else even reached the network
    assert seen.errors == []  # nor was anything refused by the page's policy
    assert url == path.as_uri()  # no refresh, no redirect
    assert dom["live"] == [] and dom["handlers"] == []
    assert dom["metas"] == ["Content-Security-Policy"]
    assert dom["styles"] == ["HEAD"]  # the page's own stylesheet only
    assert all(src == "data:image/svg+xml;base64," for src in dom["images"] + dom["srcs"])
    if name == "index.html":  # a report's files, in a folder beside the page
        pattern = (r"[a-z0-9-]+/(report\.(html|pdf)|learning-brief\.(html|pdf)|results\.xlsx"
                   r"|summary\.json|tables/[a-z]+\.csv)")
        hrefs = dom["hrefs"]
    else:  # a heading of the page itself; and once, first, the template's way back
        pattern = r"#.+"
        assert dom["hrefs"][1] == "../index.html"  # after the skip link
        hrefs = dom["hrefs"][:1] + dom["hrefs"][2:]
        assert dom["back"] == ["../index.html"]
    assert [h for h in hrefs if not re.fullmatch(pattern, h, flags=re.S)] == []
    assert not {"bold", "em", "click"} & {clean(t) for t in dom["emphasis"]}
    shown = clean(dom["text"] + " " + " ".join(dom["alts"]))
    assert [p for p in SHOWN if p not in shown] == []  # {{ 7*7 }} too: never evaluated


def test_the_cycle_audit_and_theme_titles_are_text_on_the_index_and_every_report(outputs,
                                                                                browser):
    title = clean(joined(PAYLOADS))
    _, _, index = _open(browser, outputs / "index.html")
    assert [clean(t) for t in index["h1"]] == [title]
    assert clean(index["title"]) == f"{title}: reports"
    assert [clean(r[0]).split(" · ")[0] for r in index["rows"]] == [title] * 3  # audit titles
    audits = [(t, clean(x)) for t, x, *_ in index["sections"]["The audits"]]
    assert [x for t, x in audits if t == "h3"] == [title] * 2  # for readers too
    for key in (*AUDITS, OVERVIEW_KEY):
        _, _, dom = _open(browser, outputs / key / "report.html")
        assert [clean(k).split(" · ")[0] for k in dom["kicker"]] == [title]
        assert [clean(t) for t in dom["h1"]] == [title]  # the audit's title, the overview's
        assert clean(dom["title"]) == title
        if key == OVERVIEW_KEY:  # the theme's title heads its comparison
            assert ("h3", f"{title}: audits of the same theme") in [
                (t, clean(x)) for t, x, *_ in dom["sections"]["Comparing audits"]]


def test_every_field_of_an_audit_report_shows_each_payload_as_its_own_text(outputs, browser):
    _, _, dom = _open(browser, outputs / AUDITS[0] / "report.html")
    sections = {name: [(tag_name, clean(t)) for tag_name, t, _, within in items
                        if within not in LEARNING_LISTS]
                for name, items in dom["sections"].items()}
    # theme description: one paragraph per payload; then who conducted it, and the areas
    about = [t for tag_name, t in sections["What was audited and why"] if tag_name == "p"]
    assert about[:-1] == SHOWN
    assert f"by the {clean(joined(list(reversed(PAYLOADS))))} and looked at 20 cases" in about[-1]
    # areas and cohort groups: the cohort sentence, and the sampling-group chart
    children = " ".join(t for _, t in sections["The children whose records were audited"])
    for payload in SHOWN:
        assert f"was from {payload}" in children
        assert f"{payload} (one)" in children and f"{payload}: 1" in children
    # finding areas: headings and contents; question wording: the results list
    findings = sections["Key findings"]
    assert [t for tag_name, t in findings if tag_name == "h3"] == SHOWN
    assert [t for t in map(clean, dom["toc"]) if t in SHOWN] == SHOWN
    assert [t for tag_name, t in findings if tag_name == "li"] == SHOWN  # each in bold
    # consented quotes, each a quote of its own; never the unconsented words; tags: each
    # raised once, so a sentence (bars all alike say nothing), each tag as typed
    voice = sections["What children told the auditors"]
    assert [t for tag_name, t in voice if tag_name == "blockquote"] == SHOWN
    assert "UNCONSENTED" not in dom["text"]
    tags = next(t for tag_name, t in voice if tag_name == "p"
                and t.startswith("What children talked about:"))
    assert tags.endswith("(each raised once).")
    assert [p for p in PAYLOADS if clean(tag(p)) not in tags] == []
    # recommendations and their owners, under the finding area of the same payload
    rows = [r for r in map(lambda r: [clean(c) for c in r], dom["rows"]) if len(r) == 7]
    assert [r[:3] for r in rows] == [[p, p, p] for p in SHOWN]


def test_the_published_tables_are_formula_safe(outputs):
    cells = []
    for key in (*AUDITS, OVERVIEW_KEY):
        for table in sorted((outputs / key / "tables").glob("*.csv")):
            with table.open(encoding="utf-8-sig", newline="") as fh:
                cells += [c for row in csv.reader(fh) for c in row]
    assert cells and not [c for c in cells if c.startswith(FORMULA_STARTS)]
    for payload in FORMULAS:
        assert "'" + payload.strip() in cells  # areas: a CSV cell is read stripped
    for key in (*AUDITS, OVERVIEW_KEY):  # each workbook: text cells, never formulas
        book = load_workbook(outputs / key / "results.xlsx")
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], key
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert texts and not [t for t in texts if t.startswith(FORMULA_STARTS)], key
        for payload in FORMULAS:  # an audit's areas are read stripped; the overview
            # shows finding areas as the theme words them (XML reads \r as a line end)
            shown = payload.replace("\r", "\n") if key == OVERVIEW_KEY else payload.strip()
            assert "'" + shown in texts, (key, payload)



#: The lists the panel's learning is shown in (area sections, the brief, key messages).
LEARNING_LISTS = ("panel-learning", "actions-taken", "key-messages")
ACTION_ON = "1 March 2024"


def _lists_by_heading(items) -> dict[str, dict[str, list[str]]]:
    """Each list item's whole text, by the h3 above it and the class of its list."""
    found: dict[str, dict[str, list[str]]] = {}
    heading = ""
    for tag_name, _, whole, within in items:
        if tag_name == "h3":
            heading = clean(whole)
        elif tag_name == "li":
            found.setdefault(heading, {}).setdefault(within, []).append(clean(whole))
    return found


def _panel_said(payload: str, kind: str) -> str:
    return f"{ACTION_ON}: \u201c{payload}\u201d" if kind == "Action taken" else (
        f"{kind}: \u201c{payload}\u201d")


def _area_lines() -> dict[str, dict[str, list[str]]]:
    """What each finding area's section lists of the panel's learning: its payload."""
    kinds = [LEARNING_KINDS[i % len(LEARNING_KINDS)] for i in range(len(SHOWN))]
    return {p: {"actions-taken" if kind == "Action taken" else "panel-learning":
                [_panel_said(p, kind)]} for p, kind in zip(SHOWN, kinds, strict=True)}


def _key_message_lines() -> list[str]:
    """The key messages' audit-wide lines, each the panel's own words: working well, then
    to improve, each in file order."""
    return [f"{kind}, in the panel's own words: \u201c{p}\u201d"
            for turn, kind in enumerate(AUDIT_WIDE_KINDS)
            for p in SHOWN[turn::len(AUDIT_WIDE_KINDS)]]


def _panel_words(items) -> list[str]:
    return [clean(whole) for tag_name, _, whole, within in items
            if tag_name == "li" and within == "key-messages" and "panel's own words" in whole]


def test_the_panels_learning_shows_each_payload_as_its_own_text_in_its_own_place(outputs,
                                                                                 browser):
    _, _, dom = _open(browser, outputs / AUDITS[0] / "report.html")
    # each area's section: its own line (a kind in words, or an action with its date)
    by_area = _lists_by_heading(dom["sections"]["Key findings"])
    assert {area: mine for area, lists in by_area.items()
            if (mine := {k: v for k, v in lists.items() if k in LEARNING_LISTS})
            } == _area_lines()
    # the key messages: every audit-wide line
    assert _panel_words(dom["sections"]["Key messages"]) == _key_message_lines()


def test_the_learning_brief_shows_each_payload_as_its_own_text_in_its_own_place(outputs,
                                                                                browser):
    _, _, dom = _open(browser, outputs / AUDITS[0] / "learning-brief.html")
    items = [item for section in dom["sections"].values() for item in section]
    # the key messages' audit-wide lines, as in the report
    assert _panel_words(items) == _key_message_lines()
    # the panel's learning under the heading of its own finding area; then every action
    lists = _lists_by_heading(items)
    expected = _area_lines()
    assert {area: mine["panel-learning"] for area, mine in lists.items()
            if "panel-learning" in mine} == {
        area: mine["panel-learning"] for area, mine in expected.items()
        if "panel-learning" in mine}
    assert [line for mine in lists.values() for line in mine.get("actions-taken", [])] == [
        line for mine in expected.values() for line in mine.get("actions-taken", [])]
    # the recommendations, each its own payload, with where it stands
    recommendations = [line for mine in lists.values()
                       for line in mine.get("brief-recommendations", [])]
    assert [r[:r.rindex(" (")] for r in recommendations] == SHOWN

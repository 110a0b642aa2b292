"""Every report of the sample cycle opened in headless Chromium, offline.

Chromium is Debian's ``/usr/bin/chromium`` (CI installs it with apt-get), driven by
Playwright's Python package with a fresh user-data folder per test. Screenshots are
saved under the outputs folder for people to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS, guard_requests
from conftest import ROOT, SAMPLE_AUDITS
from playwright.sync_api import sync_playwright

from cscp_analysis.batch.jobs import OVERVIEW_KEY
from cscp_analysis.io.load import load_audit

SCREENSHOTS = ROOT / "outputs" / "screenshots"  # git-ignored; for people to look at
KEYS = (*SAMPLE_AUDITS, OVERVIEW_KEY)


@pytest.fixture(scope="module")
def outputs(sample_run):
    assert sample_run.exit_code == 0
    return sample_run.out


@pytest.fixture()
def browser_page(tmp_path):
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def _open(page, path):
    """Open a file, recording every request and every console error on the way."""
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return requests, errors


@pytest.mark.parametrize("key", KEYS)
def test_report_opens_offline_with_every_image_and_the_contents(outputs, browser_page, key):
    page = browser_page
    path = outputs / key / "report.html"
    requests, errors = _open(page, path)
    assert requests and all(u.startswith(("file://", "data:")) for u in requests), requests
    assert [u for u in requests if u.startswith("file://")] == [path.as_uri()]
    assert errors == []
    images = page.evaluate(
        "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt])")
    assert len(images) >= 3
    for complete, width, alt in images:
        assert complete and width > 0
        assert len(alt) > 10
    toc = page.locator("nav.toc a")
    assert toc.count() >= 5
    headings = page.evaluate(
        "Array.from(document.querySelectorAll('h2, h3')).map(h => h.textContent.trim())")
    for name in ("Run details", "Assumptions and definitions"):
        assert any(h.startswith(name) for h in headings)
    if key != OVERVIEW_KEY:
        for area in load_audit(key).theme.finding_areas:
            assert any(h.startswith(area.title) for h in headings), area.title
        assert "Key findings" in [h.rstrip("¶") for h in headings]
    toc_targets = page.evaluate(
        "Array.from(document.querySelectorAll('nav.toc a'))"
        ".map(a => !!document.getElementById(a.getAttribute('href').slice(1)))")
    assert all(toc_targets)
    assert page.locator(".input_area, .input, .prompt, .output_stderr, .output_error").count() == 0
    text = page.inner_text("body")
    assert "import " not in text and "load_audit(" not in text and "Traceback" not in text
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # never inside a published report folder
    page.screenshot(path=str(SCREENSHOTS / f"{key}.png"), full_page=True)
    # the top of the page: the audience marking, and the way back to the cycle's index
    assert page.inner_text("header .marking") == "For the Business Group — not for publication"
    back = page.evaluate("[...document.querySelectorAll('a')].filter(a => "
                         "!a.getAttribute('href').startsWith('#')).map(a => a.href)")
    assert back == [(outputs / "index.html").as_uri()]
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('nav.toc'))"
                         ".pageBreakAfter || getComputedStyle(document.querySelector('nav.toc'))"
                         ".breakAfter") in {"always", "page"}
    printed = page.evaluate("""() => {
      const style = (selector, property) => [...document.querySelectorAll(selector)].map(
        e => getComputedStyle(e)[property]);
      return {rows: style('tr', 'breakInside'), heads: style('thead', 'display'),
              charts: style('figure', 'breakInside'),
              headings: style('main h2, main h3', 'breakAfter'),
              back: style('.to-index', 'display')};
    }""")
    assert printed["rows"] and set(printed["rows"]) == {"avoid"}  # no row split in two
    assert set(printed["heads"]) <= {"table-header-group"}  # repeated on each page
    assert printed["charts"] and set(printed["charts"]) == {"avoid"}
    assert set(printed["headings"]) == {"avoid"}  # kept with what follows
    assert printed["back"] == ["none"]  # a link is no use on paper


def test_index_links_open_each_report(outputs, browser_page):
    page = browser_page
    requests, errors = _open(page, outputs / "index.html")
    assert all(u.startswith("file://") for u in requests)
    assert errors == []
    hrefs = page.evaluate(
        "Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))")
    reports = [h for h in hrefs if h.endswith("report.html")]
    assert reports == [f"{key}/report.html" for key in (OVERVIEW_KEY, *SAMPLE_AUDITS)]
    targets = page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.href)")
    assert targets and all(Path(url2pathname(urlparse(t).path)).is_file() for t in targets)
    # the run's status and the data files: for analysts, folded away
    assert page.evaluate("document.querySelector('details.for-analysts').open") is False
    assert not page.locator("details.for-analysts table").is_visible()
    assert page.inner_text(".marking") == "For the Business Group — not for publication"
    mfh = page.locator("section.entry", has_text=load_audit(SAMPLE_AUDITS[1]).info.title)
    mfh.get_by_role("link", name="Report", exact=True).click()
    page.wait_for_load_state("load")
    assert re.search(r"/2016-06-mfh/report\.html$", page.url)
    page.get_by_role("link", name="All reports of this audit cycle").click()
    page.wait_for_load_state("load")
    assert page.url == (outputs / "index.html").as_uri()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "index.png"))


_SMUGGLE = """() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation',
                              e => window.violations.push(e.violatedDirective));
    const main = document.querySelector('main');
    main.insertAdjacentHTML('beforeend',
        '<img src="https://example.invalid/x.png"><img src="x" onerror="window.fired = 1">'
        + '<link rel="stylesheet" href="https://example.invalid/x.css">'
        + '<iframe src="https://example.invalid/"></iframe>');
    const script = document.createElement('script');
    script.textContent = 'window.fired = 2';
    main.appendChild(script);
}"""


@pytest.mark.parametrize("name", [f"{SAMPLE_AUDITS[0]}/report.html", "index.html"])
def test_the_page_policy_stops_markup_that_got_past_escaping(outputs, browser_page, name):
    """The second wall: markup put straight into the page runs nothing and fetches nothing."""
    page = browser_page
    reached = guard_requests(page, outputs / name)
    _open(page, outputs / name)
    page.evaluate(_SMUGGLE)
    page.wait_for_timeout(300)
    assert page.evaluate("window.fired") is None
    assert reached == [(outputs / name).as_uri()]
    assert sorted(page.evaluate("window.violations")) == [
        "frame-src", "img-src", "img-src", "script-src-attr", "script-src-elem",
        "style-src-elem"]


@pytest.mark.parametrize("key", KEYS)
def test_report_reflows_at_320_css_pixels_without_sideways_scrolling(outputs, browser_page,
                                                                     key):
    """WCAG 1.4.10: at 320 CSS px wide nothing makes the page scroll sideways (a wide
    table scrolls inside its own box), and every chart still shows, shrunk to fit."""
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    _open(page, outputs / key / "report.html")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    widths = page.evaluate("Array.from(document.images).map(i => i.getBoundingClientRect()"
                           ".right)")
    assert widths and max(widths) <= 320
    boxes = page.evaluate("Array.from(document.querySelectorAll('.table-scroll'))"
                          ".map(b => [b.getBoundingClientRect().right, b.scrollWidth])")
    assert boxes and all(right <= 320 for right, _ in boxes)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{key}-320px.png"), full_page=True)

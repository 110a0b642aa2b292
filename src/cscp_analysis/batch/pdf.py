"""Report pages to PDF: one headless Chromium for a whole batch run prints every page.

Each report folder's pages (``report.html``, and any other ``*.html`` page a job writes
beside it, such as a learning brief) are printed to a PDF of the same name, in the
staging folder, before the folder is published. Chromium is the executable
``CSCP_CHROMIUM`` names; else Debian's ``/usr/bin/chromium``; else the first Chromium,
Chrome or Edge on the ``PATH`` or in its usual place (:func:`chromium_path`: a council
Windows machine has Edge, which is Chromium). It is driven through Playwright, whose
``page.pdf`` adds what Chromium's own ``--print-to-pdf`` cannot: a running header and
footer on every page (the templates ``templates/batch/pdf_header.html.j2`` and
``pdf_footer.html.j2``: the report's title, the date it speaks for, the audience
marking, "Page N of M"). The page is A4 with the margins of the report's print CSS; the
page loads nothing but its own file (every other request is aborted; its images are
data URIs).

One browser serves the run: it starts at the first page and every page after reuses
it. Playwright's synchronous API belongs to the thread that started it, so every call
to it runs in one thread of the printer's own, and jobs hand it their pages from theirs.

PDFs never cost a report: without Chromium (or if it cannot start) the run says so
once, with how to install it, and publishes the HTML reports without PDFs; a page that
cannot be printed is published without its PDF and reported (``Printer.failures``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from cscp_analysis.batch.failed import error_line

#: The environment variable naming the Chromium (or Chrome) executable to print with.
CHROMIUM_ENV = "CSCP_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
#: Chromium-based browsers looked for on the PATH when Debian's is not there, in order.
PATH_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                 "chrome", "msedge", "microsoft-edge")
#: Where Edge and Chrome install themselves on Windows and macOS, looked at last.
USUAL_BROWSERS = (
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--no-first-run"]
#: Longest a page may take to load and print, in milliseconds.
PAGE_TIMEOUT_MS = 120_000
#: The printed page: A4, and margins that leave room for the running header and footer
#: (the same as the ``@page`` rule of ``templates/cscp/report.css``).
PAPER = {"format": "A4",
         "margin": {"top": "24mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}}


#: The page's first heading as a reader sees it (its "¶" anchor left out), or "".
_HEADING = """() => {
  const h = document.querySelector('h1');
  return h ? h.textContent.replace(/\u00b6/g, '').trim() : '';
}"""


def chromium_path() -> Path:
    """The Chromium the batch prints with: ``$CSCP_CHROMIUM`` as named (if it is missing,
    the run says so); else Debian's; else the first of :data:`PATH_BROWSERS` on the
    ``PATH``; else the first of :data:`USUAL_BROWSERS` there; with none, Debian's path,
    which the run's message then names."""
    if named := os.environ.get(CHROMIUM_ENV):
        return Path(named)
    if Path(DEFAULT_CHROMIUM).is_file():
        return Path(DEFAULT_CHROMIUM)
    for name in PATH_BROWSERS:
        if found := shutil.which(name):
            return Path(found)
    for path in USUAL_BROWSERS:
        if Path(path).is_file():
            return Path(path)
    return Path(DEFAULT_CHROMIUM)


def report_pages(folder: Path) -> list[Path]:
    """The report pages of a report folder: every ``*.html`` file directly in it."""
    return sorted(p for p in folder.glob("*.html") if p.is_file())


@dataclass(frozen=True)
class RunningHeader:
    """What the top of every printed page says: the report's title (the page's own first
    heading where it has one), the date it speaks for (as written in reports) and the
    audience marking."""

    title: str
    as_of: str
    marking: str


def _templates(header: RunningHeader) -> dict[str, str]:
    from cscp_analysis.batch.pages import batch_template
    from cscp_analysis.report.display import isolate_bidi

    values = {"title": isolate_bidi(header.title), "as_of": header.as_of,
              "marking": header.marking}
    return {"header_template": batch_template("pdf_header.html.j2").render(**values),
            "footer_template": batch_template("pdf_footer.html.j2").render(**values)}


def _missing_message(executable: Path) -> str:
    return (f"PDFs are not printed in this run: there is no Chromium at {executable}. "
            "Install Debian's chromium (sudo apt-get install chromium) or set "
            f"{CHROMIUM_ENV} to a Chromium or Chrome executable; the HTML reports are "
            "published as usual.")


class Printer:
    """One headless Chromium, started at the first page, printing every page of a run.

    ``say(message, level)`` is told once, at warning level, if PDFs cannot be printed at
    all (no Chromium, or it would not start). ``failures`` lists (page, one-line reason)
    for pages that could not be printed.
    """

    def __init__(self, say: Callable[..., None], executable: Path | None = None):
        self.executable = Path(executable) if executable else chromium_path()
        self._say = say
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cscp-pdf")
        self._lock = threading.Lock()
        self._playwright = None
        self._browser = None
        self.unavailable = ""  # why no PDFs are printed in this run ("" while they are)
        self.failures: list[tuple[str, str]] = []
        self.printed = 0  # PDFs written in this run
        self.seconds = 0.0  # time spent starting the browser and printing them
        if not (self.executable.is_file() and os.access(self.executable, os.X_OK)):
            self._give_up(_missing_message(self.executable))

    def _give_up(self, message: str) -> None:
        with self._lock:
            if not self.unavailable:
                self.unavailable = message
                self._say(message, logging.WARNING)  # shown even with --quiet

    def print_folder(self, folder: Path, header: RunningHeader, name: str = "") -> list[Path]:
        """Print every report page of ``folder`` to a PDF beside it; the PDFs written.

        Never raises for a page it cannot print: the page gets no PDF and is listed in
        ``failures`` under ``name`` (the report folder's name) and the page's file name.
        """
        written = []
        for page in report_pages(folder):
            if self.unavailable:
                break
            target = page.with_suffix(".pdf")
            try:
                self._thread.submit(self._print, page, target, header).result()
            except _NoBrowser as exc:
                self._give_up(str(exc))
            except Exception as exc:  # one page's failure costs only its PDF
                with contextlib.suppress(OSError):
                    target.unlink(missing_ok=True)
                with self._lock:
                    self.failures.append((f"{name}/{page.name}" if name else page.name,
                                          error_line(exc)))
            else:
                written.append(target)
                with self._lock:
                    self.printed += 1
        return written

    # ---- in the printer's thread only

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=str(self.executable), headless=True, args=CHROMIUM_ARGS)
        except Exception as exc:
            self._stop()
            raise _NoBrowser(
                f"PDFs are not printed in this run: Chromium at {self.executable} would not "
                f"start ({error_line(exc)}). Install Debian's chromium (sudo apt-get install "
                f"chromium) or set {CHROMIUM_ENV} to a working Chromium or Chrome; the HTML "
                "reports are published as usual.") from exc

    def _print(self, source: Path, target: Path, header: RunningHeader) -> None:
        started = time.perf_counter()
        try:
            self._print_page(source, target, header)
        finally:
            self.seconds += time.perf_counter() - started  # this thread only

    def _print_page(self, source: Path, target: Path, header: RunningHeader) -> None:
        if self._browser is None:
            self._start()
        page = self._browser.new_page()
        try:
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            own = source.resolve().as_uri()

            def only_the_page(route):  # nothing else is fetched, whatever the page asks
                if route.request.url == own:
                    route.continue_()
                else:
                    route.abort()

            page.route("**/*", only_the_page)
            page.goto(own, wait_until="load")
            # the page's own heading names it in the header (a brief is "Learning brief: ...")
            heading = page.evaluate(_HEADING)
            if heading:
                header = replace(header, title=heading)
            page.pdf(path=str(target), display_header_footer=True, print_background=True,
                     **PAPER, **_templates(header))
        finally:
            page.close()

    def _stop(self) -> None:
        if self._browser is not None:
            with contextlib.suppress(Exception):
                self._browser.close()
        if self._playwright is not None:
            with contextlib.suppress(Exception):
                self._playwright.stop()
        self._browser = self._playwright = None

    # ----

    def close(self) -> None:
        """Stop the browser and the printer's thread."""
        with contextlib.suppress(Exception):
            self._thread.submit(self._stop).result()
        self._thread.shutdown(wait=True)

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _NoBrowser(RuntimeError):
    """Chromium could not be started: no PDFs in this run."""

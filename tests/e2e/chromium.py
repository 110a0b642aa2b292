"""Driving Debian's Chromium (``/usr/bin/chromium``, or ``$CSCP_CHROMIUM``) with Playwright,
for the e2e tests.

Each page is opened with every request that reaches the network recorded (and every
one but the page's own file aborted, so nothing ever leaves the machine), every dialog
counted and dismissed, and every console error kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cscp_analysis.batch.pdf import CHROMIUM_ARGS, chromium_path

#: The batch's own Chromium: ``$CSCP_CHROMIUM``, else Debian's (``batch.pdf``).
CHROMIUM = str(chromium_path())
__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "Visit", "guard_requests", "visit"]


@contextmanager
def browser_context(profile: Path) -> Iterator:
    """A headless Chromium with its own user-data folder ``profile``, closed after use."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield context
        finally:
            context.close()


def guard_requests(page, path: Path) -> list[str]:
    """Every request that gets past the page's policy to the network, in order; any but
    ``path`` itself is aborted, so nothing leaves the machine even if one does."""
    reached: list[str] = []

    def handle(route):
        reached.append(route.request.url)
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            route.abort()

    page.route("**/*", handle)
    return reached


@dataclass
class Visit:
    """What happened while a page was open."""

    requests: list[str]
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def visit(page, path: Path, settle_ms: int = 1500) -> Visit:
    """Open ``path``, let it settle (a refresh or a late image would happen by then)."""
    seen = Visit(guard_requests(page, path))

    def dialog(d):
        seen.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    page.wait_for_timeout(settle_ms)
    return seen

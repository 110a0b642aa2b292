"""Publishing a report folder whole, and keeping a failed run's notebook aside.

Each report folder is built in a staging folder and swapped into ``<out>/<cycle>/<key>/``
only when complete, so a reader never sees a half-written report and a failed or
interrupted run never replaces a good one. A failed run's executed notebook and
traceback go to ``_failed/``, which nothing links: both may show data.
"""

from __future__ import annotations

import os
import shutil
import traceback
from pathlib import Path

#: Where a failed run's notebook and traceback are kept; no audit may use this id.
FAILED_DIR = "_failed"


def publish(staging: Path, final: Path) -> None:
    """Move a complete report folder into place, replacing any earlier one.

    The new folder is renamed next to the old one first, so the old report stays whole
    until the moment it is swapped out; only complete folders are ever visible.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    incoming = final.parent / f".incoming-{final.name}-{os.getpid()}"
    outgoing = final.parent / f".outgoing-{final.name}-{os.getpid()}"
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.rmtree(outgoing, ignore_errors=True)
    shutil.move(str(staging), str(incoming))
    if final.exists():
        os.replace(final, outgoing)
    os.replace(incoming, final)
    shutil.rmtree(outgoing, ignore_errors=True)


def write_file(target: Path, text: str) -> Path:
    """Write a text file whole: a temporary file beside it, then renamed over it."""
    temp = target.parent / f".{target.name}-{os.getpid()}.tmp"
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, target)
    return target


def keep_failed(staging: Path, root: Path, key: str, exc: BaseException) -> None:
    """Keep a failed run's executed notebook and traceback for the analyst; never its HTML.

    Both may show data, so they go to ``_failed/``, which the index never links.
    """
    target = root / FAILED_DIR
    target.mkdir(exist_ok=True)
    executed = staging / f"{key}.ipynb"
    if executed.is_file():
        os.replace(executed, target / f"{key}.ipynb")
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    (target / f"{key}.log").write_text(trace, encoding="utf-8")
    shutil.rmtree(staging, ignore_errors=True)

"""A failed job: its one-line reason, and its notebook and traceback kept for the analyst.

The reason names the exception, the notebook cell, the system error and the step that
failed (``KeyError in cell 4 while running the notebook``, ``OSError ENOSPC (No space
left on device) while publishing``), never an exception's message, which may show data.
The executed notebook and the traceback may show data too (case ids, comments), so they
go to ``_failed/`` in the cycle's private folder (``batch.layout``), which no index
links and nobody publishes; it holds the latest failure of each job only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

from cscp_analysis.batch.publish import remove, write_file

#: Where a failed run's notebook and traceback are kept; no audit may use this id.
FAILED_DIR = "_failed"
#: What is kept of a failed job: its executed notebook and its traceback.
_KEPT = (".ipynb", ".log")


class StepFailed(Exception):
    """A job failed at ``step`` (a few words: "converting to HTML"); the cause is chained."""

    def __init__(self, step: str):
        super().__init__(step)
        self.step = step


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    """Name the step any failure inside this block happened in (``StepFailed``)."""
    try:
        yield
    except StepFailed:
        raise
    except Exception as exc:
        raise StepFailed(name) from exc


def error_line(exc: BaseException) -> str:
    """A one-line description of a failure that shows no data (no message text)."""
    suffix = ""
    if isinstance(exc, StepFailed):
        suffix = f" while {exc.step}"
        exc = exc.__cause__ or exc
    cell = getattr(exc, "exec_count", None)
    where = f" in cell {cell}" if cell is not None else ""
    name = getattr(exc, "ename", None) or type(exc).__name__
    code = exc.errno if isinstance(exc, OSError) else None
    system = f" {errno.errorcode[code]} ({os.strerror(code)})" if code in errno.errorcode else ""
    return f"{name}{where}{system}{suffix}"


def forget_failed(folder: Path, key: str) -> None:
    """Remove what an earlier failure of job ``key`` left in ``folder``."""
    for suffix in _KEPT:
        with contextlib.suppress(OSError):
            (folder / f"{key}{suffix}").unlink(missing_ok=True)


def prune_failed(folder: Path, keys: Iterable[str]) -> None:
    """Remove from ``folder`` what belongs to no job of ``keys`` (an audit since dropped)."""
    keep = {f"{key}{suffix}" for key in keys for suffix in _KEPT}
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.name not in keep:
                remove(path)


def keep_failed(staging: Path, folder: Path, key: str,
                exc: BaseException) -> tuple[list[Path], str]:
    """Keep a failed run's executed notebook and traceback in ``folder``; never its HTML.

    Replaces any earlier failure of the same job, and removes ``staging``. Never raises:
    returns what was kept and, when something could not be (a full disk, a name too
    long for the file system), the one-line reason.
    """
    kept: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        forget_failed(folder, key)
        executed = staging / f"{key}.ipynb"
        if executed.is_file():
            os.replace(executed, folder / executed.name)
            kept.append(folder / executed.name)
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        kept.append(write_file(folder / f"{key}.log", trace))
        return kept, ""
    except OSError as problem:
        return kept, error_line(problem)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

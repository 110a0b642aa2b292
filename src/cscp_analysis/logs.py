"""Messages and progress: the ``cscp_analysis`` logger hierarchy, on the console and in a file.

Every module logs to ``logging.getLogger(__name__)``, under the ``cscp_analysis`` logger.
The command line shows those messages on the console (``console``): what a command did
(level INFO) on standard output, problems and ``--verbose`` detail on standard error;
``--quiet`` leaves only problems, ``--verbose`` adds detail (DEBUG). A batch run also
writes everything, detail included, to a log file of its own in the cycle's private
folder (``run_log``; see docs/reports.md). Messages name files, audits and steps, never
a case id, a comment or an exception's text (which may show data), so the log holds
no data either.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = "cscp_analysis"
#: ``--quiet``, the default, ``--verbose``: the console's level.
LEVELS = {-1: logging.WARNING, 0: logging.INFO, 1: logging.DEBUG}
#: The folder of a cycle's private folder that holds one log file per batch run.
LOG_DIR = "logs"


def stdout_gone() -> None:
    """Standard output was closed by its reader (``| head``): send the rest nowhere, so
    neither a later message nor Python's flush at exit fails again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test's capture): nothing to redirect
        pass
    finally:
        os.close(devnull)


class ConsoleHandler(logging.Handler):
    """INFO to standard output, everything else to standard error, each message as written.

    The streams are looked up for each message, so a redirected ``sys.stdout`` is honoured.
    A reader that closed standard output ends its messages, not the command.
    """

    def emit(self, record: logging.LogRecord) -> None:
        stream = sys.stdout if record.levelno == logging.INFO else sys.stderr
        try:
            stream.write(self.format(record) + "\n")
            stream.flush()
        except BrokenPipeError:
            if stream is sys.stdout:
                stdout_gone()


def console(verbosity: int = 0) -> None:
    """Show the project's messages on the console: ``verbosity`` -1 (quiet), 0 or 1 (verbose).

    Replaces the handler an earlier call added (a command run twice in one process).
    """
    logger = logging.getLogger(ROOT)
    for handler in [h for h in logger.handlers if isinstance(h, ConsoleHandler)]:
        logger.removeHandler(handler)
    handler = ConsoleHandler(level=LEVELS[max(-1, min(1, verbosity))])
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)  # the handlers choose what they show
    # Other libraries' log messages (nbclient's "Kernel died ..." after a stopped kernel)
    # repeat what the project's own messages say: shown, with their source, only by
    # --verbose, and never in a run's log file (their text may show data).
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, (ConsoleHandler, _Libraries))]:
        root.removeHandler(old)
    libraries = ConsoleHandler(level=logging.WARNING) if verbosity > 0 else _Libraries()
    libraries.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    # the project's own messages reach the root too (for pytest's caplog, say): shown once
    libraries.addFilter(lambda record: not record.name.startswith(f"{ROOT}."))
    root.addHandler(libraries)


class _Libraries(logging.NullHandler):
    """Other libraries' messages, when they are not shown."""


@contextlib.contextmanager
def run_log(folder: Path, name: str) -> Iterator[Path]:
    """Write every message of the block, detail included, to ``folder/logs/<name>-<time>.log``.

    One file per run: the UTC time it started and the process, so runs never share one.
    Yields its path.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    path = Path(folder) / LOG_DIR / f"{name}-{stamp}-{os.getpid()}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    formatter = logging.Formatter("%(asctime)sZ %(levelname)-7s %(name)s: %(message)s",
                                  "%Y-%m-%d %H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    logger = logging.getLogger(ROOT)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield path
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        handler.close()

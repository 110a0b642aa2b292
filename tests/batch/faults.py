"""Fault injection for the publishing tests: make the n-th file-system operation fail.

``Faults`` wraps the operations publishing uses (renames, the atomic exchange, moves,
removals, folder creation, opening files). Run once with nothing armed to count the
operations of a clean run, then once per operation with that one failing, either as an
``OSError`` with a chosen errno (the operation fails, the code goes on) or as a
``Crash`` (the process dies: that operation and every later one do nothing), and check
what is on disk.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
from pathlib import Path

from cscp_analysis.batch import publish

ERRORS = (errno.EIO, errno.ENOSPC, errno.ENAMETOOLONG)


class Crash(BaseException):
    """The process died here: nothing after this happens."""


class Faults:
    """Counts wrapped operations; makes operation number ``at`` (1-based) fail."""

    def __init__(self, monkeypatch, exchange: bool = True):
        self.calls = 0
        self.at: int | None = None
        self.error = errno.EIO
        self.crash = False
        self.crashed = False
        self.injected = 0
        targets = [(os, "rename"), (os, "replace"), (os, "mkdir"), (os, "unlink"),
                   (os, "rmdir"), (shutil, "rmtree"), (shutil, "move"),
                   (builtins, "open"), (io, "open")]
        if exchange:
            if publish._renameat2 is None:
                raise RuntimeError("this system has no renameat2")
            targets.append((publish, "_renameat2"))
        else:
            monkeypatch.setattr(publish, "_renameat2", None)
        for owner, name in targets:
            monkeypatch.setattr(owner, name, self._wrap(getattr(owner, name)))

    def arm(self, at: int | None, error: int = errno.EIO, crash: bool = False) -> None:
        self.calls, self.at, self.error, self.crash, self.crashed = 0, at, error, crash, False

    def _wrap(self, original):
        def operation(*args, **kwargs):
            if self.crashed:
                raise Crash
            self.calls += 1
            if self.calls == self.at:
                self.injected += 1
                if self.crash:
                    self.crashed = True
                    raise Crash
                if kwargs.get("ignore_errors"):
                    return None  # shutil.rmtree(ignore_errors=True): it could not remove
                raise OSError(self.error, os.strerror(self.error))
            return original(*args, **kwargs)

        return operation


def snapshot(folder: Path) -> dict[str, str] | None:
    """Every file under ``folder`` by relative path with its text; None if it is missing."""
    if not folder.is_dir():
        return None
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write_tree(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder

"""A run's claim on a cycle's folders: one run at a time, and an earlier run's leftovers cleared.

A run holds a lock on ``.lock`` in the cycle's private folder (``batch.layout``) from
start to end; a second run of the same cycle meanwhile stops before it writes anything
(``CycleInUse``). Holding the lock, the run knows that every transient name it finds
(``batch.publish``: ``.staging-*``, ``.incoming-*``, ``.outgoing-*``, ``.*.tmp``) was
left by a run that was killed or lost power, and clears them: first a publish stopped
between the swaps of a report's two halves is finished from its journal
(``batch.journal``); then staging, incoming and temporary files are removed; an
``.outgoing-<token>-<name>`` folder is an earlier report set aside by a swap that never
finished, and goes back to ``<name>`` if that is missing.
Failed runs kept by earlier versions inside the published folder move to the private
``_failed/``, and failures of jobs that are no longer in the cycle are removed there.
The lock is released when the process ends, however it ends.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from cscp_analysis.batch.audience import settle_audience
from cscp_analysis.batch.failed import FAILED_DIR, prune_failed
from cscp_analysis.batch.journal import JOURNAL_PREFIX, finish_journal
from cscp_analysis.batch.layout import CycleFolders
from cscp_analysis.batch.publish import (
    INCOMING_PREFIX,
    OUTGOING_PREFIX,
    STAGING_PREFIX,
    TEMP_SUFFIX,
    remove,
)

LOCK_FILE = ".lock"


class CycleInUse(OSError):
    """Another run of the same cycle holds its folders."""


def _try_lock(handle) -> bool:
    """Take an exclusive lock on an open file without waiting; False if another holds it."""
    try:
        if os.name == "nt":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@contextlib.contextmanager
def claim_cycle(folders: CycleFolders, keys: Iterable[str]) -> Iterator[list[str]]:
    """Hold the cycle's lock for the block, after clearing what earlier runs left.

    ``keys`` are this run's jobs (their earlier failures are kept until this run replaces
    or clears them). Then the folders are settled for this run's audience
    (``batch.audience``). Yields one line per earlier report put back or moved, for the
    progress log.

    Raises
    ------
    CycleInUse
        When another run of the cycle holds the lock.
    """
    folders.private.mkdir(parents=True, exist_ok=True)
    path = folders.private / LOCK_FILE
    with open(path, "a+b") as handle:
        if not _try_lock(handle):
            raise CycleInUse(f"another run of this cycle is writing into {folders.public} "
                             f"(it holds {path}); wait for it to finish")
        restored = clear_leftovers(folders, keys)
        yield restored + settle_audience(folders)


def clear_leftovers(folders: CycleFolders, keys: Iterable[str]) -> list[str]:
    """Clear what interrupted runs left in the cycle's folders (the lock must be held).

    Returns one line per earlier report put back in place or publish finished.
    """
    restored: list[str] = []
    roots = list(dict.fromkeys((folders.public, folders.internal, folders.private)))
    keep: set[Path] = set()  # new halves of a publish that could not be finished yet
    for folder in roots:  # first finish a publish stopped between its swaps
        for journal in sorted(_entries(folder)):
            if journal.name.startswith(JOURNAL_PREFIX):
                done, unfinished = finish_journal(journal)
                restored += done
                keep |= unfinished
    for folder in roots:
        for entry in _entries(folder):
            name = entry.name
            if entry in keep or name.startswith(JOURNAL_PREFIX):
                continue
            if name.startswith(OUTGOING_PREFIX):
                original = folder / name[len(OUTGOING_PREFIX):].partition("-")[2]
                if not original.name or original.exists():
                    remove(entry)
                    continue
                try:
                    os.replace(entry, original)
                except OSError:
                    continue  # the earlier report stays aside for the next run to put back
                restored.append(f"put back the earlier {original} (a run was stopped "
                                "while replacing it)")
            elif name.startswith((STAGING_PREFIX, INCOMING_PREFIX)) or (
                    name.startswith(".") and name.endswith(TEMP_SUFFIX)):
                remove(entry)
    _gather_failed(folders)
    prune_failed(folders.private / FAILED_DIR, keys)
    return restored


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _gather_failed(folders: CycleFolders) -> None:
    """Move failures kept inside the published folder (earlier versions) to the private one."""
    old = folders.public / FAILED_DIR
    if old == folders.private / FAILED_DIR or not old.is_dir():
        return
    new = folders.private / FAILED_DIR
    with contextlib.suppress(OSError):
        new.mkdir(parents=True, exist_ok=True)
        for path in old.iterdir():
            if (new / path.name).exists():
                remove(path)
            else:
                os.replace(path, new / path.name)
    remove(old)

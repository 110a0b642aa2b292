"""Publishing a report folder whole: one atomic exchange, so a good report is never lost.

Each report folder is built in a staging folder, then moved next to the folder it
replaces (``.incoming-<token>-<name>``, same parent, so the last step is a rename within
one folder) and swapped with it in one step: Linux's ``renameat2(RENAME_EXCHANGE)``
exchanges the two names atomically, so at every instant ``<name>/`` is either the whole
old report or the whole new one; the old one, now under the incoming name, is removed
after. Where the exchange is not available (Windows, macOS, file systems without it) the
swap is three renames (old aside as ``.outgoing-<token>-<name>``, new in, old to the
incoming name), undone if any of them fails; a run killed between the first two leaves
the old report under the outgoing name, and the next run puts it back
(``batch.leftovers``). A report published together with its internal half (exact counts,
``batch.layout``) is swapped pair by pair and, if any swap fails, the swaps already made
are undone, so the two halves never come from different runs; a run killed between
the swaps leaves a journal from which the next run finishes the publish
(``batch.journal``). ``docs/reports.md`` says why this and not a symlink.

Every file the batch writes beside reports (``index.html``) is written whole: a
temporary file, then ``os.replace``.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

from cscp_analysis.batch.journal import write_journal

#: Names of the batch's transient folders and files: no report is ever named like these
#: (a cycle name or a report key starts with a letter or digit), so the next run may
#: remove any it finds (``batch.leftovers``).
STAGING_PREFIX = ".staging-"
INCOMING_PREFIX = ".incoming-"
OUTGOING_PREFIX = ".outgoing-"
TEMP_SUFFIX = ".tmp"

#: errno values saying "this file system or system cannot exchange": use the renames.
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc_renameat2():
    """glibc's ``renameat2`` (2.28 and later), or None where there is no such function."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _libc_renameat2()


def token() -> str:
    """A short name part unique to this attempt (no '-', so names split cleanly)."""
    return uuid.uuid4().hex[:12]


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two existing paths in one atomic step; False where that is not possible."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap(a: Path, b: Path) -> None:
    """Exchange the folders ``a`` and ``b`` (both exist, in the same folder).

    Atomic where the system can exchange; otherwise three renames, undone as far as
    possible if one fails (raising the failure), so ``b`` keeps one whole folder.
    """
    if _exchange(a, b):
        return
    aside = b.parent / f"{OUTGOING_PREFIX}{token()}-{b.name}"
    os.replace(b, aside)
    try:
        os.replace(a, b)
    except BaseException:
        with contextlib.suppress(OSError):
            os.replace(aside, b)
        raise
    # The swap has happened; should this last rename fail, the earlier folder simply
    # stays aside until the next run clears it.
    with contextlib.suppress(OSError):
        os.replace(aside, a)


def publish_all(pairs: Iterable[tuple[Path, Path]]) -> None:
    """Put each complete staged folder in place of its final folder, all or none.

    ``pairs`` are (staged folder, final folder). The staged folders are consumed: on
    return every final folder is the new one; if anything fails (the failure is raised)
    every final folder that existed is the old one again, and none that did not exist
    has appeared. Nothing of the staged folders is left behind either way.
    """
    pairs = list(pairs)
    moved: list[tuple[Path, Path]] = []  # (incoming, final) next to each other
    done: list[tuple[Path, Path, bool]] = []  # (incoming, final, was an exchange)
    journal: Path | None = None
    consistent = True  # every swap made, or every one undone: the journal may go
    try:
        for staged, final in pairs:
            final.parent.mkdir(parents=True, exist_ok=True)
            incoming = final.parent / f"{INCOMING_PREFIX}{token()}-{final.name}"
            shutil.move(str(staged), str(incoming))
            moved.append((incoming, final))
        if len(moved) > 1:  # a kill between two swaps is finished by the next run
            journal = write_journal(moved, token())
        for incoming, final in moved:
            if final.exists():
                swap(incoming, final)
                done.append((incoming, final, True))
            else:
                os.rename(incoming, final)
                done.append((incoming, final, False))
    except BaseException:
        for incoming, final, exchanged in reversed(done):
            try:
                if exchanged:
                    swap(incoming, final)
                else:
                    os.rename(final, incoming)
            except OSError:
                consistent = False
        raise
    finally:
        if consistent or journal is None:
            if journal is not None:
                with contextlib.suppress(OSError):
                    journal.unlink()
            for incoming, _ in moved:
                shutil.rmtree(incoming, ignore_errors=True)
        # else: the halves differ; the journal and the new halves stay, and the next
        # run finishes the publish (batch.journal)
        for staged, _ in pairs:
            shutil.rmtree(staged, ignore_errors=True)


def publish(staging: Path, final: Path) -> None:
    """Move one complete report folder into place, replacing any earlier one whole."""
    publish_all([(staging, final)])


def write_file(target: Path, text: str) -> Path:
    """Write a text file whole: a temporary file beside it, then renamed over it.

    If writing fails (a full disk) the temporary file is removed and ``target`` is as it
    was.
    """
    temp = target.parent / f".{target.name}-{token()}{TEMP_SUFFIX}"
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return target


def has_report(folder: Path) -> bool:
    """Whether ``folder`` holds a published ``report.html`` (False for a name the file
    system cannot even look up, such as one too long)."""
    try:
        return (folder / "report.html").is_file()
    except OSError:
        return False


def remove(path: Path) -> None:
    """Remove a file or a folder tree; whatever cannot be removed stays for the next run."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)

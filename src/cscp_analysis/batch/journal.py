"""A publish of several folders at once (a report's public and internal halves), finished
by the next run if the process dies between the swaps.

Each folder is swapped in atomically (``batch.publish``), but two folders in two places
cannot be swapped in one step: a run killed between the exchanges would leave the
internal half new and the public half old, each whole but from different runs. So before
the first swap the run writes a journal beside the first final folder
(``.journal-<token>-<name>.json``): for each pair, the incoming folder (the new version,
complete by then) and the final folder, both relative to the journal, and the new
folder's identity (device and inode, which a rename keeps). Once every swap is made (or
undone) the journal is removed. The next run, holding the cycle's lock, finds a journal
only if a run died in between, and finishes that publish: a final folder that is already
the new one stays; one that is not is swapped with (or renamed from) its incoming folder,
which still holds the new version. Both halves are then from the same run.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

JOURNAL_PREFIX = ".journal-"


def identity(path: Path) -> list[int] | None:
    """A folder's device and inode (kept by a rename), or None when it is missing."""
    try:
        stat = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return [stat.st_dev, stat.st_ino]


def write_journal(pairs: Sequence[tuple[Path, Path]], token: str) -> Path:
    """Record (incoming, final) pairs about to be swapped; returns the journal's path."""
    from cscp_analysis.batch.publish import write_file

    home = pairs[0][1].parent
    entries = [{"incoming": os.path.relpath(incoming, home), "final": os.path.relpath(final, home),
                "new": identity(incoming)} for incoming, final in pairs]
    path = home / f"{JOURNAL_PREFIX}{token}-{pairs[0][1].name}.json"
    return write_file(path, json.dumps(entries))


def _at(home: Path, relative: str) -> Path:
    return Path(os.path.normpath(home / relative))


def finish_journal(path: Path) -> tuple[list[str], set[Path]]:
    """Finish the publish a journal records (the cycle's lock must be held).

    Returns one line per folder put in place, and the incoming folders that must stay
    because a step failed (the journal stays too, for the next run); otherwise the
    journal is removed.
    """
    from cscp_analysis.batch.publish import swap

    home = path.parent
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        pairs = [(_at(home, e["incoming"]), _at(home, e["final"]), e["new"]) for e in entries]
    except (OSError, ValueError, KeyError, TypeError):
        pairs = []  # a journal cut short was written before any swap: nothing to finish
    done: list[str] = []
    try:
        for incoming, final, new in pairs:
            if identity(final) == new or identity(incoming) != new:
                continue  # in place already, or (never swapped, then undone) nothing to do
            if final.exists():
                swap(incoming, final)
            else:
                os.rename(incoming, final)
            done.append(f"finished publishing {final} (a run was stopped between the "
                        "swaps of a report's halves)")
    except OSError:
        return done, {incoming for incoming, _, _ in pairs}
    with contextlib.suppress(OSError):
        path.unlink()
    return done, set()

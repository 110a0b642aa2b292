"""When a cycle's audience changes: the published folder holds only what the new one may see.

A run replaces the reports it builds, but a job that fails keeps its earlier report
(``batch.run``), and that report was made for the audience of its own run. Before any
notebook runs, holding the cycle's lock, the run therefore settles the folders
(``batch.layout``) for its own audience:

- Under a disclosure threshold, a report folder in the published folder that holds exact
  counts (``summary.json``, the executed notebook: the last run of that report was for an
  internal audience), or that was made under a lower threshold than this run's, leaves
  the published folder for the internal one, whole (a report made for internal readers
  is for internal readers). Which threshold the published reports were made under is
  recorded in the private folder (``_published.json``: the lowest of them); without the
  record every report is taken as made under none, and moved.
- For the internal audiences (one folder), the internal halves a separated run left in
  the private folder (``summary.json`` and the notebook) join their reports in the
  published folder, so the layout is the internal audiences' own again.

The index is written at the end of the run from what is in place, so a report moved out
is not linked. ``_failed/`` is in the private folder for every audience (``batch.claim``).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from cscp_analysis.batch.layout import CycleFolders, exact_files, holds_exact
from cscp_analysis.batch.publish import remove, write_file

#: The record of the lowest threshold any report in the published folder was made under.
RECORD = "_published.json"


def _report_folders(folder: Path) -> list[Path]:
    """The report folders in ``folder`` (names start with a letter or digit)."""
    try:
        return sorted(p for p in folder.iterdir() if p.name[:1].isalnum() and p.is_dir())
    except OSError:
        return []


def _recorded(folders: CycleFolders) -> int | None:
    try:
        value = json.loads((folders.private / RECORD).read_text(encoding="utf-8"))["threshold"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return value if isinstance(value, int) else None


def _record(folders: CycleFolders, settled: bool) -> None:
    """Record this run's threshold before it publishes anything. If a report could not be
    moved out, or the record cannot be written, no record: the next run moves every
    report of the published folder out."""
    path = folders.private / RECORD
    try:
        if not settled:
            raise OSError("a report could not be moved out")
        write_file(path, json.dumps({"threshold": folders.threshold}))
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()


def _move_out(report: Path, target: Path) -> None:
    """Move a report folder from the published folder to ``target`` in the internal one.

    A folder with exact counts is a whole report: it replaces ``target`` (an older
    internal half). One without is the public half of ``target``: its files join it,
    ``report.html`` first, so that the published folder stops holding a report at once.
    """
    if not target.exists() or holds_exact(report):
        remove(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(report, target)
        return
    for entry in sorted(report.iterdir(), key=lambda p: p.name != "report.html"):
        remove(target / entry.name)
        os.replace(entry, target / entry.name)
    remove(report)


def _join(half: Path, report: Path) -> None:
    """Move an internal half's exact-count files into its report folder (files the report
    folder already has are newer) and remove the half."""
    if report.is_dir():
        for name in exact_files(report.name):
            if (half / name).exists() and not (report / name).exists():
                os.replace(half / name, report / name)
    remove(half)


def settle_audience(folders: CycleFolders) -> list[str]:
    """Make the cycle's folders this run's audience's (the lock must be held).

    Returns one line per report moved, for the progress log. A report that cannot be
    moved stays until a run can move it (none is recorded as made under this threshold).
    """
    said: list[str] = []
    settled = True
    if folders.separate:
        earlier = _recorded(folders)
        for report in _report_folders(folders.public):
            if holds_exact(report) or earlier is None or earlier < folders.threshold:
                try:
                    _move_out(report, folders.internal / report.name)
                except OSError:
                    settled = False
                    continue
                said.append(f"moved the earlier {report.name} report out of {folders.public}"
                            f" to {folders.internal} (it was made for another audience)")
    else:
        for half in _report_folders(folders.private):
            with contextlib.suppress(OSError):
                _join(half, folders.public / half.name)
    _record(folders, settled)
    return said

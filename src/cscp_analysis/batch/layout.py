"""Where a cycle's files go: the folder that may be published, and the analysts' folder.

For the internal audiences (exact counts) everything of a cycle is in ``<out>/<cycle>/``:
per report ``report.html``, the executed notebook, ``summary.json``, ``results.xlsx`` and
``tables/*.csv``,
and ``index.html``. Failed runs (``_failed/``: notebooks and tracebacks, which may show
case ids and comments) and the staging folder are never there: for every audience
they are in ``<out>/_internal/<cycle>/`` (``CycleFolders.private``). Under a disclosure
threshold (the public audience, or ``suppress_below`` of 2 or more) ``<out>/<cycle>/``
holds only what may be published: each ``report.html``, its ``results.xlsx`` and
``tables/*.csv`` (disclosure-controlled as the report is) and ``index.html``. The
files with exact counts (``summary.json``, the executed notebooks) go to
``<out>/_internal/<cycle>/`` instead, laid out the same way; the index never links it.
When the audience changes, the next run settles the folders for the new one before it
publishes (``batch.audience``).
A cycle name starts with a letter or digit, so ``_internal`` is never a cycle's folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cscp_analysis.batch.cycle import Cycle

#: The folder under the outputs folder that holds the internal files of separated cycles.
INTERNAL_DIR = "_internal"
#: The file of a report folder, besides its executed notebook, that holds exact counts.
SUMMARY_FILE = "summary.json"


@dataclass(frozen=True)
class CycleFolders:
    """A cycle's published folder and the folder of its exact-count files (the same
    folder for the internal audiences)."""

    public: Path
    internal: Path
    threshold: int = 0  # the disclosure threshold of the cycle's reports (0: exact counts)

    @property
    def separate(self) -> bool:
        return self.public != self.internal

    @property
    def private(self) -> Path:
        """The folder nobody publishes, for every audience: failed runs' notebooks and
        tracebacks (``_failed/``), the staging folder and the run's lock (``batch.claim``).
        For a separated cycle it is the internal folder."""
        return self.public.parent / INTERNAL_DIR / self.public.name


def cycle_folders(cycle: Cycle, out: str | Path) -> CycleFolders:
    """Where ``cycle``'s files go under the outputs folder ``out``."""
    from cscp_analysis.analysis.disclosure import threshold_for

    public = Path(out) / cycle.name
    threshold = threshold_for(cycle.audience, cycle.suppress_below)
    if threshold:
        return CycleFolders(public, Path(out) / INTERNAL_DIR / cycle.name, threshold)
    return CycleFolders(public, public)


def exact_files(key: str) -> tuple[str, ...]:
    """The files of report folder ``key`` that hold exact counts."""
    return (f"{key}.ipynb", SUMMARY_FILE)


def holds_exact(folder: Path) -> bool:
    """Whether a report folder holds exact-count files (made for internal readers)."""
    return any((folder / name).exists() for name in exact_files(folder.name))


def placements(staged: Path, key: str, folders: CycleFolders) -> list[tuple[Path, Path]]:
    """A finished report folder as (staged folder, final folder) pairs to publish.

    For a separated cycle the exact-count files are first moved out of ``staged`` into
    a sibling staging folder, which goes to the internal folder.
    """
    if not folders.separate:
        return [(staged, folders.public / key)]
    internal = staged.parent / f"{staged.name}.internal"
    internal.mkdir(parents=True, exist_ok=True)
    for name in exact_files(key):
        if (staged / name).exists():
            os.replace(staged / name, internal / name)
    return [(internal, folders.internal / key), (staged, folders.public / key)]

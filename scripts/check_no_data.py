"""Pre-commit guard: refuse files that may hold children's data.

Refused: anything under ``data/``, ``tools/``, ``returned/`` or ``private/`` (real audit
folders, completed agency tools, re-identification lookups), and any CSV or Excel file
outside the bundled synthetic samples and the tests. Usage (pre-commit passes the
staged file names): ``python scripts/check_no_data.py FILE...``; exit 1 names each file.
"""

from __future__ import annotations

import sys
from pathlib import PurePosixPath

PRIVATE_FOLDERS = ("data", "tools", "returned", "private")
DATA_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls")
ALLOWED_DATA = ("src/cscp_analysis/samples/data", "tests")


def refused(path: str) -> str | None:
    """Why ``path`` must not be committed, or ``None`` when it may be."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if parts and parts[0] in PRIVATE_FOLDERS:
        return f"{parts[0]}/ holds real audit data, tools or lookups"
    if PurePosixPath(path).suffix.lower() in DATA_SUFFIXES:
        posix = "/".join(parts)
        if not any(posix.startswith(folder + "/") for folder in ALLOWED_DATA):
            return "a CSV or Excel file outside the synthetic samples and the tests"
    return None


def main(paths: list[str]) -> int:
    problems = [(p, why) for p in paths if (why := refused(p))]
    for path, why in problems:
        print(f"{path}: not committed: {why}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Regenerate the bundled synthetic sample audits (package data) from cscp_analysis.synth.

Usage: python scripts/make_samples.py [DEST]   (default: src/cscp_analysis/sample)
"""

from __future__ import annotations

import sys
from pathlib import Path

from cscp_analysis.synth import write_samples

DEFAULT_DEST = Path(__file__).resolve().parents[1] / "src" / "cscp_analysis" / "sample"


def main(argv: list[str]) -> int:
    dest = Path(argv[0]) if argv else DEFAULT_DEST
    for path in write_samples(dest):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

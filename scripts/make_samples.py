"""Regenerate the bundled synthetic sample audits (package data) from cscp_analysis.samples.synth.

Usage:
    python scripts/make_samples.py [DEST]        (default: src/cscp_analysis/samples/data)
    python scripts/make_samples.py --large CHILDREN EPISODES DEST
        a synthetic MFH audit folder at scale (e.g. 150000 1000000), for benchmarks
"""

from __future__ import annotations

import sys
from pathlib import Path

from cscp_analysis.samples.large import write_large_mfh_audit
from cscp_analysis.samples.synth import write_samples

DEFAULT_DEST = Path(__file__).resolve().parents[1] / "src" / "cscp_analysis" / "samples" / "data"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--large"]:
        if len(argv) != 4:
            print(__doc__, file=sys.stderr)
            return 2
        print(write_large_mfh_audit(Path(argv[3]), int(argv[1]), int(argv[2])))
        return 0
    dest = Path(argv[0]) if argv else DEFAULT_DEST
    for path in write_samples(dest):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

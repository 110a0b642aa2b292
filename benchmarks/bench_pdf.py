"""Benchmark: what printing the PDFs adds to a cycle's run (``make report``).

Usage: ``.venv/bin/python benchmarks/bench_pdf.py [params/2016-sample-cycle.yaml] [--rounds N]``

In one run it times ``cscp-analysis run`` on the cycle (a) as ``make report`` runs it,
printing every report to PDF with one headless Chromium, and (b) the baseline: the same
run without PDFs (``CSCP_CHROMIUM`` naming no file, so the batch skips them). The two
alternate, ``--rounds`` times each (default 3), so a change in the machine's load falls
on both; it prints each run, the medians, the difference, the ratio and the pages printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(params: Path, pdfs: bool) -> tuple[float, int, int]:
    """One run: (seconds, PDFs written, pages in them)."""
    from pypdf import PdfReader

    env = dict(os.environ)
    if not pdfs:
        env["CSCP_CHROMIUM"] = str(Path(tempfile.gettempdir()) / "no-chromium-for-the-baseline")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        start = time.perf_counter()
        subprocess.run([str(BIN / "cscp-analysis"), "run", str(params), "--out", tmp],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        printed = sorted(Path(tmp).rglob("*.pdf"))
        return seconds, len(printed), sum(len(PdfReader(p).pages) for p in printed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT / "params" / "2016-sample-cycle.yaml"
    parser.add_argument("params", nargs="?", default=str(default))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    params = Path(args.params).resolve()
    print(f"cycle {params.name} on {os.cpu_count()} cores, {args.rounds} rounds")
    times: dict[bool, list[float]] = {True: [], False: []}
    for round_ in range(1, args.rounds + 1):
        for pdfs in (True, False):
            seconds, files, pages = _run(params, pdfs)
            times[pdfs].append(seconds)
            side = f"(a) with PDFs ({files} files, {pages} pages)" if pdfs else "(b) without PDFs"
            print(f"round {round_}: {side:38} {seconds:6.1f} s")
    a, b = statistics.median(times[True]), statistics.median(times[False])
    print(f"median (a) {a:.1f} s, (b) {b:.1f} s: PDFs add {a - b:.1f} s; ratio (a)/(b) = "
          f"{a / b:.2f}")


if __name__ == "__main__":
    main()

"""Benchmark: the batch on one large generated audit, against the bundled MFH sample.

Usage: ``.venv/bin/python benchmarks/bench_large_report.py [--children N] [--episodes N]``
(default 15,000 children and 100,000 episodes).

In a temporary folder it writes a synthetic missing-from-home audit of that size
(``samples.large.write_large_mfh_audit``, as ``scripts/make_samples.py --large`` does)
and a one-audit cycle file naming it, then runs ``cscp-analysis run`` on it exactly as a
user does (a subprocess: validation, the audit's notebook and the overview's, HTML,
publishing). It prints the wall time, the peak memory of the whole process tree (the
command and every kernel it starts, resident sets summed, sampled every 50 ms with
psutil) and the size of the audit's ``report.html``, against the targets (report under
3 MB, run under 60 s on the 2-core development machine); then the same for a one-audit
cycle of the bundled ``2016-06-mfh`` sample, and the ratio of each figure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

BIN = Path(sys.executable).parent
TARGET_SECONDS = 60
TARGET_BYTES = 3_000_000


def _tree_rss(process: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
        except psutil.Error:  # ended between listing and reading
            pass
    return total


def run_cycle(params: Path, out: Path) -> dict:
    """``cscp-analysis run`` on a cycle: wall seconds, peak tree memory, exit code."""
    command = [str(BIN / "cscp-analysis"), "run", str(params), "--out", str(out)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, watched = 0, psutil.Process(child.pid)

    def sample() -> None:
        nonlocal peak
        while child.poll() is None:
            try:
                peak = max(peak, _tree_rss(watched))
            except psutil.Error:
                return
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = child.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if child.returncode:
        sys.exit(f"cscp-analysis run exited {child.returncode}:\n{err.decode()[-2000:]}")
    return {"seconds": seconds, "peak": peak}


def one_audit_cycle(folder: Path, audit: str, name: str) -> Path:
    params = folder / f"{name}.yaml"
    params.write_text(f"cycle: {name}\ntitle: Benchmark {name}\naudits:\n  - {audit}\n"
                      "as_of: 2023-03-31\n", encoding="utf-8")
    return params


def measure(folder: Path, audit: str, audit_id: str, name: str) -> dict:
    out = folder / "outputs"
    figures = run_cycle(one_audit_cycle(folder, audit, name), out)
    figures["report"] = (out / name / audit_id / "report.html").stat().st_size
    return figures


def _line(label: str, figures: dict) -> str:
    return (f"{label:<34} {figures['seconds']:7.1f} s   peak memory "
            f"{figures['peak'] / 2**20:6.0f} MiB   report.html {figures['report'] / 1000:6.0f} kB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=15_000)
    parser.add_argument("--episodes", type=int, default=100_000)
    args = parser.parse_args()
    from cscp_analysis.report.settings import CHILDREN_DRAWN
    from cscp_analysis.samples.large import write_large_mfh_audit

    print(f"one-audit cycles on {psutil.cpu_count()} cores; timeline capped at "
          f"{CHILDREN_DRAWN} children")
    with tempfile.TemporaryDirectory(prefix="bench-large-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        audit = write_large_mfh_audit(root / "large" / "audit", args.children, args.episodes)
        print(f"generated {args.episodes} episodes of {args.children} children in "
              f"{time.perf_counter() - start:.1f} s")
        large = measure(root / "large", str(audit), f"large-mfh-{args.episodes}", "large")
        (root / "sample").mkdir()
        sample = measure(root / "sample", "2016-06-mfh", "2016-06-mfh", "sample")
    print(_line(f"(a) {args.episodes} episodes", large))
    print(_line("(b) bundled sample 2016-06-mfh", sample))
    print(f"ratio (a)/(b): time {large['seconds'] / sample['seconds']:.1f}, memory "
          f"{large['peak'] / sample['peak']:.1f}, report {large['report'] / sample['report']:.1f}")
    verdict = {True: "met", False: "NOT met"}
    print(f"targets: run < {TARGET_SECONDS} s {verdict[large['seconds'] < TARGET_SECONDS]}; "
          f"report < 3 MB {verdict[large['report'] < TARGET_BYTES]}")


if __name__ == "__main__":
    main()

"""Benchmark: our cycle batch against the plain papermill + nbconvert baseline.

Usage: ``.venv/bin/python benchmarks/bench_batch.py [params/2016-sample-cycle.yaml] [--jobs N]``

In one run it times (a) ``cscp-analysis run`` on the cycle and (b) what a user would
otherwise write: the ``papermill`` CLI then the ``jupyter nbconvert --to html`` CLI per
notebook, one after another, with the same notebooks and parameters. It prints both
wall times, the ratio (target: at most 0.5 on 2 cores) and each side's peak memory:
``ru_maxrss`` over the side's own process and its children (``RUSAGE_CHILDREN``), i.e.
the largest resident set of any one process, not the sum of processes running at once.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _baseline_commands(params: Path, out: Path) -> list[list[str]]:
    """papermill then nbconvert, per notebook, with the parameters the batch would pass.

No ``prepared`` audit: a user running the notebooks by hand has each kernel load and
validate its audit (the batch validates once, in the parent, before anything runs).
"""
    from cscp_analysis.batch.inputs import check_cycle
    from cscp_analysis.batch.jobs import plan_jobs

    jobs = plan_jobs(check_cycle(params), ROOT / "notebooks")
    commands = []
    work = out / "work"  # the kernels' working folder: empty, as the batch's are
    work.mkdir()
    for job in jobs:
        executed = out / f"{job.key}.ipynb"
        parameters = dict(job.parameters)
        if job.audit is not None:  # the same files as ours: summary.json and tables/*.csv
            parameters["output_dir"] = str(out / job.key)
        yaml_params = json.dumps(parameters)  # JSON is YAML: ids stay strings
        commands.append([str(BIN / "papermill"), str(job.notebook), str(executed),
                         "-y", yaml_params, "--cwd", str(work), "--no-progress-bar"])
        commands.append([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)])
    return commands


def _phase(name: str, params: Path, jobs: int | None) -> None:
    """Run one side in this process; print its wall time and peak memory as JSON."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        out = Path(tmp)
        if name == "ours":
            commands = [[str(BIN / "cscp-analysis"), "run", str(params), "--out", str(out)]
                        + (["--jobs", str(jobs)] if jobs else [])]
        else:
            commands = _baseline_commands(params, out)
        # like for like: the baseline prints no PDFs, so neither does ours here
        # (benchmarks/bench_pdf.py times what the PDFs add)
        env = dict(os.environ, CSCP_CHROMIUM=str(out / "no-chromium"))
        start = time.perf_counter()
        for command in commands:
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=env)
        seconds = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_kib": max(children, own)}))


def _measure(name: str, params: Path, jobs: int | None) -> dict:
    command = [sys.executable, __file__, str(params), "--phase", name]
    if jobs:
        command += ["--jobs", str(jobs)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT / "params" / "2016-sample-cycle.yaml"
    parser.add_argument("params", nargs="?", default=str(default))
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--phase", choices=["ours", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    params = Path(args.params).resolve()
    if args.phase:
        _phase(args.phase, params, args.jobs)
        return
    print(f"cycle {params.name} on {os.cpu_count()} cores")
    ours = _measure("ours", params, args.jobs)
    print(f"(a) cscp-analysis run           {ours['seconds']:7.1f} s   "
          f"peak memory {ours['peak_kib'] / 1024:6.0f} MiB")
    base = _measure("baseline", params, args.jobs)
    print(f"(b) papermill + nbconvert CLIs  {base['seconds']:7.1f} s   "
          f"peak memory {base['peak_kib'] / 1024:6.0f} MiB")
    ratio = ours["seconds"] / base["seconds"]
    print(f"ratio (a)/(b) = {ratio:.2f}  (target <= 0.50 on 2 cores)")


if __name__ == "__main__":
    main()

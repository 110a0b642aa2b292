"""Benchmark: ``cscp-analysis`` end to end against a DuckDB script of the same work.

    python benchmarks/bench_end_to_end.py [--episodes N --children M] [--repeats R]
                                          [--data DIR]

In one run, side by side (each measurement a whole process, the two sides taking turns):

1. ``cscp-analysis summary`` on a generated MFH audit folder of N episodes (default
   1,000,000 for 150,000 children) and on a tenth of it, against the baseline: a DuckDB
   script that reads the same CSVs, makes the same checks (codes, whole numbers, dates,
   date order, overlapping episodes, unknown and repeated cases), then counts rule 6.1
   and the children due a stage 1 and a stage 2 meeting (rule 6.2). Both must give the
   same rule figures. Printed: CPU time (user + system, all threads) and wall time of
   each, the ratio, and each side's peak memory (max RSS). CPU time is the honest figure
   on a shared machine: wall time grows with whatever else is running.
2. Bad input at scale: the big folder with 50 bad rows spread through it (all 50
   located in one run) and with 200,000 (the first 1,000 printed and a count of the rest;
   nothing written), each against the clean folder.
3. ``cscp-analysis import-903`` on a 200,000-episode SSDA903 missing table of 40,000
   children, against pandas reading and parsing the same file.
4. ``cscp-analysis validate`` on the bundled 5-case sample against ``python -c "import
   pandas"``.

Targets (issue 10): summary CPU at most 1.0x DuckDB's and at most 1 GiB at 1,000,000
episodes, and a tenth to the whole costing at most 11x; bad rows at most 1.5x the clean
run; import-903 at most 3 s; validate at most 1.5x the pandas import (wall). Needs the
``bench`` extra (duckdb).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
CLI = [str(BIN / "cscp-analysis")] if (BIN / "cscp-analysis").exists() else [
    sys.executable, "-m", "cscp_analysis"]

#: The DuckDB baseline: the same checks and the same rule figures, in SQL.
DUCKDB_SQL = """
CREATE MACRO ts(s) AS try_strptime(trim(s), ['%Y-%m-%d %H:%M', '%Y-%m-%d', '%Y-%m-%dT%H:%M',
    '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S',
    '%d/%m/%Y']);
CREATE MACRO blank(s) AS coalesce(trim(s), '') = '';
CREATE MACRO code_ok(s, codes) AS blank(s) OR list_contains(codes, lower(trim(s)));
CREATE TEMP TABLE cases AS SELECT * FROM read_csv('{cases}', all_varchar = true, header = true);
CREATE TEMP TABLE raw AS SELECT * FROM read_csv('{episodes}', all_varchar = true,
                                                 header = true);
CREATE TEMP TABLE ep AS SELECT
    lower(trim(case_id)) AS child, trim(episode_id) AS episode_id,
    upper(coalesce(nullif(trim(kind), ''), 'M')) AS kind, kind AS kind_raw,
    ts(missing_from) AS start, ts(returned) AS ret, ts(rhi_held) AS held,
    missing_from, returned, rhi_held,
    length(trim(returned)) = 10 AS ret_date_only, length(trim(rhi_held)) = 10 AS held_date_only,
    lower(trim(rhi_offered)) AS offered, lower(trim(rhi_accepted)) AS accepted,
    rhi_offered, rhi_accepted, rhi_report_received
FROM raw;
SELECT
  (SELECT count(*) FROM cases WHERE blank(case_id)
      OR NOT code_ok(area, ['cumberland', 'westmorland and furness'])
      OR NOT code_ok(case_type, ['cp', 'cin', 'eh', 'cla', 'cla_ooc', 'placed_in', 'none'])
      OR NOT code_ok(gender, ['female', 'male', 'other', 'not recorded'])
      OR NOT coalesce(try_cast(trim(age_years) AS INTEGER) BETWEEN 0 AND 18, false))
  + (SELECT count(*) - count(DISTINCT lower(trim(case_id))) FROM cases)
  + (SELECT count(*) FROM ep WHERE blank(child) OR NOT code_ok(kind_raw, ['m', 'a'])
      OR start IS NULL OR (ret IS NULL AND NOT blank(returned))
      OR (held IS NULL AND NOT blank(rhi_held))
      OR NOT code_ok(rhi_offered, ['yes', 'no', 'unknown'])
      OR NOT code_ok(rhi_accepted, ['yes', 'no', 'unknown'])
      OR NOT code_ok(rhi_report_received, ['yes', 'no'])
      OR ret < start OR held < ret OR (held IS NOT NULL AND ret IS NULL))
  + (SELECT count(*) FROM ep WHERE child NOT IN (SELECT lower(trim(case_id)) FROM cases))
  + (SELECT count(*) - count(DISTINCT (child, episode_id)) FROM ep WHERE episode_id <> '')
  + (SELECT count(*) FROM (
      SELECT start, max(coalesce(ret, 'infinity'::TIMESTAMP)) OVER (
          PARTITION BY child ORDER BY start
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest
      FROM ep WHERE start IS NOT NULL) WHERE start < latest) AS problems,
  count(*) FILTER (WHERE ret IS NOT NULL) AS due,
  count(*) FILTER (WHERE ret IS NOT NULL AND held IS NOT NULL AND (
      CASE WHEN ret_date_only OR held_date_only
           THEN date_diff('day', ret::DATE, held::DATE) <= {rhi_hours} / 24
           ELSE epoch(held) - epoch(ret) <= {rhi_hours} * 3600 END)) AS within_72h,
  count(*) FILTER (WHERE ret IS NOT NULL AND held IS NOT NULL) AS held,
  count(*) FILTER (WHERE ret IS NOT NULL AND held IS NULL AND accepted = 'no') AS declined,
  count(*) FILTER (WHERE ret IS NOT NULL AND held IS NULL AND accepted IS DISTINCT FROM 'no'
                   AND offered = 'no') AS not_offered,
  count(*) FILTER (WHERE ret IS NOT NULL AND held IS NULL) AS not_held
FROM ep;
"""
DUCKDB_DUE = """
SELECT count(DISTINCT child) FILTER (WHERE rolling >= {t1}) AS stage1,
       count(DISTINCT child) FILTER (WHERE rolling >= {t2}) AS stage2
FROM (SELECT child, count(*) OVER (
          PARTITION BY child ORDER BY start::DATE
          RANGE BETWEEN INTERVAL ({window} - 1) DAY PRECEDING AND CURRENT ROW) AS rolling
      FROM ep WHERE start IS NOT NULL AND kind IN ({kinds}))
"""


def duckdb_side(folder: Path) -> None:
    """The baseline, in this process: print its rule figures as JSON."""
    import duckdb

    from cscp_analysis.contract.themes import load_theme

    rules = load_theme("mfh").rules
    con = duckdb.connect()
    sql = DUCKDB_SQL.format(cases=folder / "cases.csv", episodes=folder / "episodes.csv",
                            rhi_hours=rules.rhi_hours)
    *setup, figures = [s for s in sql.split(";") if s.strip()]
    for statement in setup:
        con.execute(statement)
    problems, due, within, held, declined, not_offered, not_held = con.execute(
        figures).fetchone()
    kinds = ", ".join(f"'{k}'" for k in rules.counted_kinds)
    stage1, stage2 = con.execute(DUCKDB_DUE.format(
        t1=rules.stage1_threshold, t2=rules.stage2_threshold, window=rules.window_days,
        kinds=kinds)).fetchone()
    print(json.dumps({
        "problems": problems,
        "rhi": {"due": due, "within_72h": within, "late": held - within, "not_held": not_held,
                "declined": declined, "not_offered": not_offered,
                "other": not_held - declined - not_offered},
        "stage1_due": stage1, "stage2_due": stage2}))


def ours_figures(summary: dict) -> dict:
    missing = summary["missing"]
    return {"problems": 0, "rhi": missing["rhi"], "stage1_due": missing["stage1"]["due"],
            "stage2_due": missing["stage2"]["due"]}


def measure(command: list[str], cwd: Path | None = None) -> dict:
    """Run one whole process; its CPU time (user + system), wall time, peak memory, output."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall,
                "peak_mib": usage.ru_maxrss / 1024, "code": proc.returncode,
                "out": out.read().decode(), "err": err.read().decode()}


def best(runs: list[dict]) -> dict:
    """The fastest of repeated runs by CPU and by wall (each its own minimum), peak memory
    the largest."""
    return {"cpu": min(r["cpu"] for r in runs), "wall": min(r["wall"] for r in runs),
            "peak_mib": max(r["peak_mib"] for r in runs), "last": runs[-1]}


def side_by_side(commands: dict[str, list[str]], repeats: int) -> dict[str, dict]:
    """Each command ``repeats`` times, taking turns, so both see the same machine."""
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, command in commands.items():
            runs[name].append(measure(command))
    return {name: best(r) for name, r in runs.items()}


def line(label: str, r: dict) -> str:
    return (f"  {label:<34} CPU {r['cpu']:6.2f} s   wall {r['wall']:6.2f} s   "
            f"peak {r['peak_mib']:6.0f} MiB")


def verdict(value: float, target: float) -> str:
    return f"{value:.2f} (target <= {target:g}: {'met' if value <= target else 'NOT MET'})"


def summary_vs_duckdb(folder: Path, repeats: int) -> dict[str, dict]:
    result = side_by_side({
        "ours": [*CLI, "summary", str(folder)],
        "duckdb": [sys.executable, __file__, "--duckdb", str(folder)],
    }, repeats)
    for name in result:
        last = result[name]["last"]
        if last["code"] != 0:
            sys.exit(f"{name} failed on {folder}:\n{last['err'][-2000:]}")
    ours = ours_figures(json.loads(result["ours"]["last"]["out"]))
    theirs = json.loads(result["duckdb"]["last"]["out"])
    if ours != theirs:
        sys.exit(f"MISMATCH on {folder}:\n  ours   {ours}\n  duckdb {theirs}")
    result["figures"] = ours
    return result


def spoil(clean: Path, dest: Path, every: int, limit: int | None = None) -> int:
    """A copy of an audit folder with every ``every``-th episode made bad (a bad date, an
    unknown code, a return before the start, an unknown case, in turn)."""
    shutil.copytree(clean, dest)
    lines = (clean / "episodes.csv").read_text(encoding="utf-8").split("\n")
    spoiled = 0
    for i in range(every, len(lines) - 1, every):
        if limit is not None and spoiled == limit:
            break
        cells = lines[i].split(",")
        kind = spoiled % 4
        if kind == 0:
            cells[3] = "2016-02-30 10:00"  # missing_from: no such date
        elif kind == 1:
            cells[2] = "Q"  # kind: not M or A
        elif kind == 2:
            cells[4] = "2001-01-01 00:00"  # returned before missing_from
        else:
            cells[0] = "NOBODY"  # a case not in cases.csv
        lines[i] = ",".join(cells)
        spoiled += 1
    (dest / "episodes.csv").write_text("\n".join(lines), encoding="utf-8")
    return spoiled


def write_903(dest: Path, n_children: int, n_episodes: int) -> Path:
    """A synthetic SSDA903 missing table (dates dd/mm/yyyy, a DOB and a SEX column)."""
    import numpy as np
    import pandas as pd

    from cscp_analysis.samples.large import large_mfh_episodes

    ep = large_mfh_episodes(n_children, n_episodes, seed=903)
    child = ep["case_id"].str.slice(1).astype(int) + 500_000
    first = ep.groupby("case_id")["missing_from"].transform("min")
    dob = (first - pd.to_timedelta(np.full(len(ep), 13 * 365), unit="D")).dt.strftime("%d/%m/%Y")
    table = pd.DataFrame({
        "CHILD": child, "SEX": np.where(child % 2, "1", "2"), "DOB": dob,
        "MISSING": ep["kind"], "MIS_START": ep["missing_from"].dt.strftime("%d/%m/%Y"),
        "MIS_END": ep["returned"].dt.strftime("%d/%m/%Y").fillna(""),
    })
    path = dest / "missing_903.csv"
    table.to_csv(path, index=False)
    return path


PANDAS_903 = """
import sys
import pandas as pd
t = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
for c in ("MIS_START", "MIS_END", "DOB"):
    pd.to_datetime(t[c], format="%d/%m/%Y", errors="coerce")
"""


def prepare(root: Path, episodes: int, children: int) -> None:
    """Write every input the benchmark times (in its own process: see :func:`main`)."""
    from cscp_analysis.samples.large import write_large_mfh_audit

    big, small = root / f"mfh-{episodes}", root / f"mfh-{episodes // 10}"
    for folder, n_children, n_episodes in ((big, children, episodes),
                                           (small, children // 10, episodes // 10)):
        if not (folder / "episodes.csv").exists():
            write_large_mfh_audit(folder, n_children, n_episodes)
    for name, every, limit in (("bad-50", episodes // 50, 50), ("bad-200000", 5, None)):
        shutil.rmtree(root / name, ignore_errors=True)
        spoil(big, root / name, every, limit)
    write_903(root, 40_000, 200_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1_000_000)
    parser.add_argument("--children", type=int, default=150_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of each, taking turns")
    parser.add_argument("--data", help="a folder for the generated data (kept); default temp")
    parser.add_argument("--duckdb", help=argparse.SUPPRESS)  # run the baseline on a folder
    parser.add_argument("--prepare", help=argparse.SUPPRESS)  # write the inputs to a folder
    args = parser.parse_args(argv)
    if args.duckdb:
        duckdb_side(Path(args.duckdb))
        return 0
    if args.prepare:
        prepare(Path(args.prepare), args.episodes, args.children)
        return 0

    from importlib.metadata import version

    # This process stays small: a child's peak memory (ru_maxrss) counts the memory of the
    # process it was started from, so the inputs are written by a process of their own and
    # nothing large is imported here.
    root = Path(args.data) if args.data else Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, __file__, "--prepare", str(root), "--episodes",
                    str(args.episodes), "--children", str(args.children)], check=True)
    big, small = root / f"mfh-{args.episodes}", root / f"mfh-{args.episodes // 10}"
    print(f"cscp-analysis end to end against DuckDB {version('duckdb')} "
          f"(pandas {version('pandas')}); {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; best of {args.repeats}, the sides taking turns")
    print(f"command: {' '.join(Path(c).name for c in CLI)} summary FOLDER")

    print("\n1. summary, against the DuckDB script of the same checks and rule figures")
    sizes = {}
    for folder, episodes in ((small, args.episodes // 10), (big, args.episodes)):
        r = summary_vs_duckdb(folder, args.repeats)
        sizes[episodes] = r
        print(f" {episodes:,} episodes: same figures (rule 6.1 due {r['figures']['rhi']['due']:,}"
              f", stage 1 due {r['figures']['stage1_due']:,}, stage 2 due "
              f"{r['figures']['stage2_due']:,})")
        print(line("cscp-analysis summary", r["ours"]))
        print(line("DuckDB script", r["duckdb"]))
        print(f"  ratio ours/DuckDB: CPU {r['ours']['cpu'] / r['duckdb']['cpu']:.2f}, "
              f"wall {r['ours']['wall'] / r['duckdb']['wall']:.2f}")
    whole = sizes[args.episodes]
    tenth = sizes[args.episodes // 10]
    print(f" at {args.episodes:,}: CPU ratio "
          f"{verdict(whole['ours']['cpu'] / whole['duckdb']['cpu'], 1.0)}; "
          f"peak {verdict(whole['ours']['peak_mib'] / 1024, 1.0)} GiB")
    print(f" a tenth to the whole: ours CPU x"
          f"{verdict(whole['ours']['cpu'] / tenth['ours']['cpu'], 11)}, "
          f"DuckDB x{whole['duckdb']['cpu'] / tenth['duckdb']['cpu']:.2f}")

    print("\n2. bad input at scale (summary on the big folder with bad episode rows)")
    fifty, many = root / "bad-50", root / "bad-200000"
    runs = side_by_side({"clean": [*CLI, "summary", str(big)],
                         "50": [*CLI, "summary", str(fifty)],
                         "many": [*CLI, "summary", str(many)]}, max(1, args.repeats - 1))
    clean, bad, worst = runs["clean"], runs["50"], runs["many"]
    located = [x for x in bad["last"]["err"].splitlines() if x.startswith("episodes.csv row")]
    print(line("clean folder", clean))
    print(line("50 bad rows", bad))
    print(f"  exit {bad['last']['code']}, {len(located)} located problems printed, stdout "
          f"{len(bad['last']['out'])} bytes; CPU x{verdict(bad['cpu'] / clean['cpu'], 1.5)}")
    err = worst["last"]["err"].splitlines()
    print(line("200,000 bad rows", worst))
    print(f"  exit {worst['last']['code']}, {len(err)} lines on stderr (first: {err[0]!r}; "
          f"last: {err[-1]!r}), stdout {len(worst['last']['out'])} bytes; CPU "
          f"x{worst['cpu'] / clean['cpu']:.2f}")
    for path in (fifty, many):
        shutil.rmtree(path, ignore_errors=True)

    print("\n3. import-903 on 200,000 episodes of 40,000 children")
    table = root / "missing_903.csv"
    out = root / "903-out"
    shutil.rmtree(out, ignore_errors=True)
    runs = side_by_side({
        "ours": [*CLI, "import-903", str(table), "--out", str(out / "episodes.csv"),
                 "--lookup", str(out / "lookup.csv"), "--force"],
        "pandas": [sys.executable, "-c", PANDAS_903, str(table)],
    }, args.repeats)
    if runs["ours"]["last"]["code"] != 0:
        sys.exit(f"import-903 failed:\n{runs['ours']['last']['err'][-2000:]}")
    print(line("cscp-analysis import-903", runs["ours"]))
    print(line("pandas read_csv + to_datetime", runs["pandas"]))
    print(f"  import-903 wall {verdict(runs['ours']['wall'], 3)} s, CPU "
          f"{runs['ours']['cpu']:.2f} s")

    print("\n4. validate on the bundled 5-case sample, against python -c 'import pandas'")
    runs = side_by_side({"ours": [*CLI, "validate", "2016-06-cse"],
                         "pandas": [sys.executable, "-c", "import pandas"]},
                        max(5, args.repeats * 2))
    print(line("cscp-analysis validate 2016-06-cse", runs["ours"]))
    print(line("python -c 'import pandas'", runs["pandas"]))
    print(f"  ratio: wall {verdict(runs['ours']['wall'] / runs['pandas']['wall'], 1.5)}, "
          f"CPU {runs['ours']['cpu'] / runs['pandas']['cpu']:.2f}")
    if not args.data:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

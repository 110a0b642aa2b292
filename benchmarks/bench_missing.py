"""Benchmark of the missing-from-home rules at national scale (run on demand, not a test).

    python benchmarks/bench_missing.py [--episodes N --children M] [--seed S]

Generates synthetic episodes (default 1,000,000 for 150,000 children), times rule 6.1
and rule 6.2 (rolling counts + stage 1/2 due dates) of ``cscp_analysis.analysis.missing`` and a
DuckDB baseline of rule 6.2 (a RANGE window over start dates), checks both give the same
rolling counts and due dates, repeats at a tenth of the size for the scaling ratio, and
prints the figures and peak memory. Needs the ``bench`` extra (duckdb).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

import numpy as np
import pandas as pd

from cscp_analysis.analysis.missing import rhi_status, rolling_counts, stage_due_dates
from cscp_analysis.contract.themes import MissingRules
from cscp_analysis.samples.large import large_mfh_episodes

ROLLING_SQL = """
CREATE OR REPLACE TEMP TABLE rolling AS
SELECT case_id, episode_id, CAST(missing_from AS DATE) AS start_date,
       count(*) OVER (
           PARTITION BY case_id ORDER BY CAST(missing_from AS DATE)
           RANGE BETWEEN INTERVAL ({window} - 1) DAY PRECEDING AND CURRENT ROW
       ) AS rolling_count
FROM episodes
WHERE kind IN ({kinds})
"""
DUE_SQL = """
SELECT case_id,
       min(start_date) FILTER (WHERE rolling_count >= {t1}) AS stage1_due,
       min(start_date) FILTER (WHERE rolling_count >= {t2}) AS stage2_due
FROM rolling GROUP BY case_id
"""


def _best_of(repeats: int, func):
    """Run ``func`` ``repeats`` times; return (fastest seconds, last result)."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def ours_6_2(episodes: pd.DataFrame, rules: MissingRules) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rule 6.2 by the package: per-episode rolling counts and per-child due dates."""
    return rolling_counts(episodes, rules), stage_due_dates(episodes, rules)


def duckdb_6_2(con, rules: MissingRules) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rule 6.2 in DuckDB: a RANGE window per child, then the first crossing per child."""
    kinds = ", ".join(f"'{k}'" for k in rules.counted_kinds)
    con.execute(ROLLING_SQL.format(window=rules.window_days, kinds=kinds))
    counts = con.execute("SELECT * FROM rolling").df()
    due = con.execute(DUE_SQL.format(t1=rules.stage1_threshold, t2=rules.stage2_threshold)).df()
    return counts, due


def _check_same(ours, theirs) -> None:
    """Fail loudly unless both give identical rolling counts and due dates."""
    o_counts, o_due = ours
    d_counts, d_due = theirs
    key = ["case_id", "episode_id"]
    left = o_counts[key + ["rolling_count"]].astype({"case_id": object, "episode_id": object})
    right = d_counts[key + ["rolling_count"]].astype({"case_id": object, "episode_id": object})
    merged = left.merge(right, on=key, how="outer", suffixes=("_ours", "_duckdb"), indicator=True)
    if len(left) != len(right) or (merged["_merge"] != "both").any():
        sys.exit("MISMATCH: the two methods count different episodes")
    if not np.array_equal(merged["rolling_count_ours"], merged["rolling_count_duckdb"]):
        sys.exit("MISMATCH: rolling counts differ")
    o = o_due[["case_id", "stage1_due", "stage2_due"]].astype({"case_id": object})
    d = d_due.astype({"case_id": object})
    for col in ("stage1_due", "stage2_due"):
        d[col] = pd.to_datetime(d[col]).astype("datetime64[ns]")
    both = o.merge(d, on="case_id", how="outer", suffixes=("_ours", "_duckdb"))
    for col in ("stage1_due", "stage2_due"):
        a, b = both[f"{col}_ours"], both[f"{col}_duckdb"]
        if not ((a == b) | (a.isna() & b.isna())).all():
            sys.exit(f"MISMATCH: {col} differs")


def run(n_episodes: int, n_children: int, seed: int, repeats: int, check: bool) -> dict:
    """Time rules 6.1 and 6.2 (ours) and the DuckDB baseline on one generated table."""
    import duckdb

    rules = MissingRules()
    start = time.perf_counter()
    episodes = large_mfh_episodes(n_children, n_episodes, seed)
    generate = time.perf_counter() - start
    t_61, _ = _best_of(repeats, lambda: rhi_status(episodes, rules))
    t_62, ours = _best_of(repeats, lambda: ours_6_2(episodes, rules))
    con = duckdb.connect()
    con.register("episodes", episodes)
    t_db, theirs = _best_of(repeats, lambda: duckdb_6_2(con, rules))
    con.close()
    if check:
        _check_same(ours, theirs)
    return {
        "episodes": n_episodes,
        "children": n_children,
        "generate": generate,
        "rule_6_1": t_61,
        "rule_6_2": t_62,
        "duckdb_6_2": t_db,
        "stage1_due": int(ours[1]["stage1_due"].notna().sum()),
        "stage2_due": int(ours[1]["stage2_due"].notna().sum()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1_000_000)
    parser.add_argument("--children", type=int, default=150_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    args = parser.parse_args(argv)

    import duckdb

    small = run(args.episodes // 10, max(args.children // 10, 1), args.seed, args.repeats, True)
    big = run(args.episodes, args.children, args.seed, args.repeats, True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB

    print(f"duckdb {duckdb.__version__}, pandas {pd.__version__}, numpy {np.__version__}")
    print("results identical: rolling counts and stage 1/2 due dates (both sizes)")
    for r in (small, big):
        print(
            f"{r['episodes']:>9,} episodes / {r['children']:,} children: "
            f"generate {r['generate']:.2f}s  rule 6.1 {r['rule_6_1']:.3f}s  "
            f"rule 6.2 {r['rule_6_2']:.3f}s  duckdb 6.2 {r['duckdb_6_2']:.3f}s  "
            f"ratio ours/duckdb {r['rule_6_2'] / r['duckdb_6_2']:.2f}  "
            f"(stage 1 due {r['stage1_due']:,}, stage 2 due {r['stage2_due']:,})"
        )
    print(
        f"scaling {small['episodes']:,} -> {big['episodes']:,}: "
        f"rule 6.1 {big['rule_6_1'] / small['rule_6_1']:.1f}x, "
        f"rule 6.2 {big['rule_6_2'] / small['rule_6_2']:.1f}x"
    )
    print(f"peak memory (max RSS of the process): {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

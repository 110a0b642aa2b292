"""``cscp-analysis``: the command line (validate, summary, run, template, ingest, import-903).

Every command reports bad input as located problems (data-contract section 9) and
exits non-zero without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from . import __version__
from .errors import AuditValidationError

EXIT_INVALID = 2


def _cmd_validate(args: argparse.Namespace) -> int:
    from .load import load_audit

    audit = load_audit(args.audit)
    c, j = len(audit.cases), len(audit.judgements)
    print(f"{audit.id}: valid ({c} cases, {j} judgements, theme {audit.theme.id})")
    return 0


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check an audit folder or workbook against the contract")
    p.add_argument("audit", help="audit folder, .xlsx workbook, or bundled sample name")
    p.set_defaults(func=_cmd_validate)


def _cmd_import_903(args: argparse.Namespace) -> int:
    from .ssda903 import import_903

    n_episodes, n_children = import_903(args.table, args.out, args.lookup)
    print(
        f"wrote {n_episodes} episodes of {n_children} children to {args.out}; "
        f"CHILD -> case_id lookup in {args.lookup} (keep it private)"
    )
    return 0


def _add_import_903(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-903", help="turn a DfE SSDA903 missing table into contract episodes.csv"
    )
    p.add_argument("table", help="the SSDA903 missing table (.csv)")
    p.add_argument("--out", required=True, help="episodes.csv to write")
    p.add_argument(
        "--lookup", required=True, help="where to write the CHILD -> case_id lookup (not outputs/)"
    )
    p.set_defaults(func=_cmd_import_903)


def _cmd_template(args: argparse.Namespace) -> int:
    from .template import make_template

    try:
        out = make_template(args.out, theme=args.theme, audit=args.audit, agency=args.agency,
                            force=args.force, blank_cases=args.blank_cases)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote {out}")
    return 0


def _add_template(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("template", help="make the Excel audit tool for one agency's auditor")
    p.add_argument("--theme", help="theme id or theme file (default: the audit's theme)")
    p.add_argument("--audit", help="audit.yaml, audit folder or bundled sample: prefills cases")
    p.add_argument("--agency", help="the agency whose auditor fills it (default: the panel)")
    p.add_argument("--out", required=True, help="the .xlsx file to write")
    p.add_argument("--blank-cases", type=int, default=10,
                   help="without known cases, how many cases to leave room for (default 10)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=_cmd_template)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import ingest

    try:
        result = ingest(args.workbooks, args.out, force=args.force, audit=args.audit)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    print(f"wrote audit {result.audit['id']} to {result.folder}")
    for note in result.notes:
        print(f"  {note}")
    table = result.disagreements
    if len(table) == 0:
        print("no disagreements between agencies")
    else:
        open_count = int((table["status"] == "disputed").sum())
        print(f"agencies disagree on {len(table)} case question(s); "
              f"{open_count} disputed until the panel answers:")
        for row in table.itertuples():
            settled = "" if row.status == "disputed" else f" -> panel: {row.panel_answer}"
            print(f"  {row.case_id} {row.question_id}: {row.answers}{settled}")
    return 0


def _add_ingest(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ingest", help="merge completed audit tools into one audit folder")
    p.add_argument("workbooks", nargs="+", help="the completed .xlsx tools")
    p.add_argument("--out", required=True, help="the audit folder to write")
    p.add_argument("--audit", help="audit.yaml describing the audit, if the tools lack it")
    p.add_argument("--force", action="store_true", help="replace an existing audit folder")
    p.set_defaults(func=_cmd_ingest)


def _cmd_summary(args: argparse.Namespace) -> int:
    from .contract import parse_dates
    from .load import load_audit
    from .recommendations import load_recommendations
    from .summary import build_summary, summary_json

    as_of = None
    if args.as_of:
        import pandas as pd

        parsed = parse_dates(pd.Series([args.as_of], dtype="str"), time_ok=False)[0].iloc[0]
        if pd.isna(parsed):
            raise ValueError(f"--as-of {args.as_of!r} is not a date (expected 2023-03-31 "
                             "or 31/03/2023)")
        as_of = parsed
    audit = load_audit(args.audit)
    recs = load_recommendations(args.recommendations) if args.recommendations else None
    print(summary_json(build_summary(audit, recs, as_of)))
    return 0


def _add_summary(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("summary", help="print an audit's machine-readable summary (JSON)")
    p.add_argument("audit", help="audit folder, .xlsx workbook, or bundled sample name")
    p.add_argument("--recommendations", metavar="FILE",
                   help="recommendations.csv: add this audit's recommendations figures")
    p.add_argument("--as-of", metavar="DATE",
                   help="date overdue recommendations are judged at (e.g. 2023-03-31)")
    p.set_defaults(func=_cmd_summary)


def _cmd_run(args: argparse.Namespace) -> int:
    from .report import failure_report, run_cycle

    try:
        run = run_cycle(args.params, out=args.out, jobs=args.jobs, timeout=args.timeout,
                        notebook_dir=args.notebooks)
    except KeyboardInterrupt:
        print("interrupted: kernels stopped; reports already published stay, the others keep "
              "their earlier version", file=sys.stderr)
        return 130
    print(failure_report(run), file=sys.stderr if run.failed else sys.stdout)
    print(f"index: {run.out / 'index.html'}")
    return run.exit_code


def _add_run(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run an audit cycle's notebooks and publish its HTML reports")
    p.add_argument("params", help="the cycle's parameter file, e.g. params/2016-sample-cycle.yaml")
    p.add_argument("--jobs", type=int, default=None, help="notebooks at once (default: cores)")
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds one notebook may run (default: settings.timeout, else 600)")
    p.add_argument("--out", default="outputs", help="outputs folder (default: outputs)")
    p.add_argument("--notebooks", default=None, help="notebooks folder (default: notebooks/)")
    p.set_defaults(func=_cmd_run)


# Each command registers itself here: a function that adds its sub-parser.
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_validate,
    _add_import_903,
    _add_summary,
    _add_template,
    _add_ingest,
    _add_run,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cscp-analysis",
        description="Analyse a safeguarding partnership's multi-agency case audits.",
    )
    parser.add_argument("--version", action="version", version=f"cscp-analysis {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command, turning input problems into a located list."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except AuditValidationError as exc:
        print(f"{len(exc.problems)} problem(s) found; nothing was written.", file=sys.stderr)
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        return EXIT_INVALID
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":
    sys.exit(main())

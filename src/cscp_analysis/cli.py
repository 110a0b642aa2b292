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


# Each command registers itself here: a function that adds its sub-parser.
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_validate,
    _add_import_903,
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

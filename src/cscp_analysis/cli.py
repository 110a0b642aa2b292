"""``cscp-analysis``: the command line (validate, summary, run, template, ingest, import-903).

Every command reports bad input as located problems (data-contract section 9) and
exits non-zero without a traceback. Messages go through ``logging`` (``cscp_analysis.logs``):
what a command did on standard output, problems on standard error; ``--quiet`` and
``--verbose`` work with every command. A reader that stops reading (``| head``) ends the
command quietly (exit 0); Ctrl-C ends it with exit code 130, without a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable

from cscp_analysis.contract.errors import AuditValidationError

log = logging.getLogger(__name__)

EXIT_INVALID = 2
#: The conventional exit code of a command stopped by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130
#: The most problems printed; beyond them a count (a million bad rows is not a million lines).
MAX_PROBLEMS_SHOWN = 1_000


class _Described(argparse.HelpFormatter):
    """A command's description wrapped at spaces only, so a path (docs/data-capture.md)
    is never split at its hyphen."""

    def _fill_text(self, text, width, indent):
        import textwrap

        return textwrap.fill(" ".join(text.split()), width, initial_indent=indent,
                             subsequent_indent=indent, break_on_hyphens=False)


def _cmd_validate(args: argparse.Namespace) -> int:
    from cscp_analysis.analysis.narrative import counted
    from cscp_analysis.io.load import load_audit

    audit = load_audit(args.audit)
    log.info(f"{audit.id}: no problems found ({counted(len(audit.cases), 'case')}, "
             f"{counted(len(audit.judgements), 'judgement')}, theme {audit.theme.id})")
    return 0


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate", help="check an audit folder or workbook against the contract",
        description="Check one audit (a folder, an .xlsx workbook or a bundled sample's name) "
        "against the data contract (docs/data-contract.md) and list every problem at once, "
        "by file, row as Excel shows it, column and value. Writes nothing.",
        formatter_class=_Described,
    )
    p.add_argument("audit", help="audit folder, .xlsx workbook, or bundled sample name")
    p.set_defaults(func=_cmd_validate, writes=False)


def _cmd_import_903(args: argparse.Namespace) -> int:
    from cscp_analysis.analysis.narrative import counted
    from cscp_analysis.io.ssda903 import AFTER_IMPORT, import_903

    n_episodes, n_children = import_903(args.table, args.out, args.lookup, force=args.force)
    log.info(
        f"wrote {counted(n_episodes, 'episode')} of {counted(n_children, 'child', 'children')} "
        f"to {args.out}; CHILD -> case_id lookup in {args.lookup} (keep it private)"
    )
    log.info(AFTER_IMPORT)
    return 0


IMPORT_903_EPILOG = """\
The case ids written (X0001, X0002, ...) are NEW pseudonyms made by this import: they
match nothing in the audit's cases.csv or judgements until you link them. Keep the
lookup file (CHILD -> case_id) in a private place, never in outputs/ or git, and use it
to give the audit's cases.csv the same case ids (one row per child, with area, case
type, age and gender). The 903 missing table has no return-interview columns: add
rhi_offered, rhi_accepted and rhi_held (and placing_authority, rhi_report_received for
children placed in by another authority) to episodes.csv from the return-interview
records; otherwise every returned episode counts as an interview not held (rule 6.1).
See docs/missing-rules.md."""


def _add_import_903(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-903", help="turn a DfE SSDA903 missing table into contract episodes.csv",
        description="Turn a DfE SSDA903 missing table into the contract's episodes.csv.",
        epilog=IMPORT_903_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("table", help="the SSDA903 missing table (.csv, UTF-8)")
    p.add_argument("--out", required=True, help="episodes.csv to write")
    p.add_argument(
        "--lookup", required=True, help="where to write the CHILD -> case_id lookup (not outputs/)"
    )
    p.add_argument("--force", action="store_true",
                   help="replace an existing --out or --lookup file")
    p.set_defaults(func=_cmd_import_903)


def _cmd_template(args: argparse.Namespace) -> int:
    from cscp_analysis.capture.template import make_template

    out = make_template(args.out, theme=args.theme, audit=args.audit, agency=args.agency,
                        force=args.force, blank_cases=args.blank_cases)
    log.info(f"wrote {out}")
    return 0


def _add_template(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "template", help="make the Excel audit tool for one agency's auditor",
        description="Make the Excel audit tool one agency's auditor fills in (or, without "
        "--agency, the panel's tool, which also has the learning sheet): the theme's "
        "questions, drop-down answers and, from --audit, the audit's cases. Read the "
        "completed tools back with ingest; see docs/data-capture.md.",
        formatter_class=_Described,
    )
    p.add_argument("--theme", help="theme id or theme file (default: the audit's theme)")
    p.add_argument("--audit", help="audit.yaml, audit folder or bundled sample: prefills cases")
    p.add_argument("--agency", help="the agency whose auditor fills it (default: the panel)")
    p.add_argument("--out", required=True, help="the .xlsx file to write")
    p.add_argument("--blank-cases", type=int, default=10,
                   help="without known cases, how many cases to leave room for (default 10)")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=_cmd_template)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from cscp_analysis.analysis.narrative import counted
    from cscp_analysis.capture.ingest import ingest

    result = ingest(args.workbooks, args.out, force=args.force, audit=args.audit)
    wrote = ", ".join(result.written) or "nothing new"
    log.info(f"wrote audit {result.audit['id']} to {result.folder}: {wrote}")
    if result.kept:
        log.info(f"  unchanged: {', '.join(result.kept)}")
    for note in result.notes:
        log.info(f"  {note}")
    table = result.disagreements
    if len(table) == 0:
        log.info("no disagreements between agencies")
    else:
        open_count = int((table["status"] == "disputed").sum())
        log.info(f"agencies disagree on {counted(len(table), 'case question')}; "
                 f"{open_count} disputed until the panel answers:")
        for row in table.itertuples():
            settled = "" if row.status == "disputed" else f" -> panel: {row.panel_answer}"
            log.info(f"  {row.case_id} {row.question_id}: {row.answers}{settled}")
    return 0


def _add_ingest(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest", help="merge completed audit tools into one audit folder",
        description="Read completed audit tools (made by template) and write the audit's "
        "contract files into one folder, listing where agencies' answers disagree. A file "
        "that differs from one already there is replaced only with --force; see "
        "docs/data-capture.md.",
        formatter_class=_Described,
    )
    p.add_argument("workbooks", nargs="+", help="the completed .xlsx tools")
    p.add_argument("--out", required=True,
                   help="the audit folder to write; it may already hold the audit's audit.yaml "
                   "and cases.csv (only audit.yaml, cases.csv, judgements.csv, voice.csv, "
                   "episodes.csv, meetings.csv and learning.csv are ever written there)")
    p.add_argument("--audit", help="audit.yaml describing the audit, if the tools lack it "
                   "(default: the audit.yaml already in --out, if any)")
    p.add_argument("--force", action="store_true",
                   help="replace those files when they exist with other content (other files "
                   "in the folder are never touched)")
    p.set_defaults(func=_cmd_ingest)


def _cmd_summary(args: argparse.Namespace) -> int:
    from cscp_analysis.analysis.results import analyse
    from cscp_analysis.analysis.summary import summary_json
    from cscp_analysis.contract.dates import parse_dates

    as_of = None
    if args.as_of:
        import pandas as pd

        parsed = parse_dates(pd.Series([args.as_of], dtype="str"), time_ok=False)[0].iloc[0]
        if pd.isna(parsed):
            raise ValueError(f"--as-of {args.as_of!r} is not a date (expected 2023-03-31 "
                             "or 31/03/2023)")
        as_of = parsed
    results = analyse(args.audit, recommendations=args.recommendations or None, as_of=as_of)
    print(summary_json(results.summary()))  # the command's output, not a message
    return 0


def _add_summary(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "summary", help="print an audit's machine-readable summary (JSON)",
        description="Analyse one audit and print its machine-readable summary as JSON on "
        "standard output (the summary.json of data-contract section 10), with exact counts. "
        "Writes no file.",
        formatter_class=_Described,
    )
    p.add_argument("audit", help="audit folder, .xlsx workbook, or bundled sample name")
    p.add_argument("--recommendations", metavar="FILE",
                   help="recommendations.csv: add this audit's recommendations figures")
    p.add_argument("--as-of", metavar="DATE",
                   help="date overdue recommendations are judged at (e.g. 2023-03-31)")
    p.set_defaults(func=_cmd_summary, writes=False)


def _cmd_run(args: argparse.Namespace) -> int:
    from cscp_analysis.batch.run import failure_report, run_cycle

    try:
        run = run_cycle(args.params, out=args.out, jobs=args.jobs, timeout=args.timeout,
                        notebook_dir=args.notebooks)
    except KeyboardInterrupt:
        log.error("interrupted: kernels stopped; reports already published stay, the others "
                  "keep their earlier version")
        return EXIT_INTERRUPTED
    log.log(logging.ERROR if run.exit_code else logging.INFO, failure_report(run))
    log.info(f"index: {run.out / 'index.html'}")
    log.info(f"log of this run: {run.log}")
    return run.exit_code


def _add_run(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run", help="run an audit cycle's notebooks and publish its HTML reports",
        description="Run one audit cycle: a notebook per audit and a cycle overview, then "
        "publish the reports (HTML, PDF, learning briefs, tables) to <out>/<cycle>/ "
        "(--out, default outputs); open <out>/<cycle>/index.html. The parameter file "
        "names the cycle, its audits, the as_of date the reports speak for, the audience "
        "and disclosure rule (suppress_below) and the recommendations log; "
        "docs/reports.md (\"The cycle's parameter file\") defines every key. Under a "
        "disclosure threshold the files with exact counts go to <out>/_internal/<cycle>/ "
        "instead. A failed notebook never replaces a good report.",
        formatter_class=_Described,
    )
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


class _Version(argparse.Action):
    """``--version``: the version is read only when asked for (it takes a while to find)."""

    def __call__(self, parser, namespace, values, option_string=None):
        import cscp_analysis

        print(f"cscp-analysis {cscp_analysis.__version__}")
        parser.exit()


def _add_verbosity(parser: argparse.ArgumentParser, default) -> None:
    """``--quiet`` / ``--verbose``, before or after the command's name."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1,
                       default=default, help="show only problems")
    group.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1,
                       default=default, help="show more detail of what is done")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cscp-analysis",
        description="Analyse a safeguarding partnership's multi-agency case audits.",
        formatter_class=_Described,
    )
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="show the package's version and exit")
    _add_verbosity(parser, default=0)
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    for command in sub.choices.values():
        # SUPPRESS: an option given before the command's name is not reset after it
        _add_verbosity(command, default=argparse.SUPPRESS)
    return parser


def _problems(exc: AuditValidationError, writes: bool) -> None:
    """Log every problem (up to ``MAX_PROBLEMS_SHOWN``) under one line that counts them;
    ``writes``: the command writes files (so it says that it wrote none)."""
    from cscp_analysis.analysis.narrative import plural

    found = len(exc.problems)
    outcome = "; nothing was written" if writes else ""
    lines = [f"{found:,} {plural(found, 'problem')} found{outcome}."]
    shown = exc.problems[:MAX_PROBLEMS_SHOWN]
    lines += [str(problem) for problem in shown]
    if found > len(shown):
        lines.append(f"... and {found - len(shown):,} more problems not shown: the first "
                     f"{len(shown):,} are listed above")
    log.error("\n".join(lines))


def _said(exc: Exception) -> str:
    """The error as a sentence: an operating system's own error (``[Errno 2] No such file
    or directory: 'x.csv'``, raised where no message of ours names the input) names
    the file first and what went wrong, without the errno."""
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror and str(
            exc).startswith("["):
        return f"{exc.filename}: cannot be used ({exc.strerror.lower()})"
    return str(exc)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command, turning input problems into a located list."""
    from cscp_analysis.logs import console, stdout_gone

    args = build_parser().parse_args(argv)
    console(args.verbosity)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
        return code
    except AuditValidationError as exc:
        _problems(exc, writes=getattr(args, "writes", True))
        return EXIT_INVALID
    except BrokenPipeError:  # the reader stopped reading (| head): nothing more to say
        stdout_gone()
        return 0
    except (OSError, ValueError) as exc:  # a missing, unreadable or existing file; a bad value
        log.error(f"error: {_said(exc)}")
        return EXIT_INVALID
    except KeyboardInterrupt:
        log.error("interrupted")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())

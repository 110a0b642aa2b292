"""The cycle's ``index.html``: every report, linked relatively, with the status of this run.

It links what is in the published folder: each ``report.html``, its tables, and
``summary.json`` only where it is published beside the report (internal audiences).
Executed notebooks, failed runs and the internal folder (``batch.layout``) are never linked,
nor, under a disclosure threshold, a report folder that holds exact counts.

The page is ``templates/batch/index.html.j2``, rendered by Jinja2 with autoescape on, so
every title, key and error message is shown as text (as the report's templates show it,
``report.display.as_text``); the wording is the template's. The page carries the
reports' Content-Security-Policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.jobs import JobResult
from cscp_analysis.batch.layout import SUMMARY_FILE, holds_exact
from cscp_analysis.batch.publish import has_report, write_file
from cscp_analysis.batch.render import CONTENT_SECURITY_POLICY, templates_dir
from cscp_analysis.report.display import as_text


def _template():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(templates_dir() / "batch")), autoescape=True,
                      finalize=as_text, undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template("index.html.j2")


def index_page(cycle: Cycle, results: Sequence[JobResult], out: Path) -> str:
    """The index page's HTML for ``results``, published (or not) under ``out``."""
    from markupsafe import Markup

    from cscp_analysis.analysis.disclosure import audience_label, threshold_for
    from cscp_analysis.analysis.narrative import long_date

    # under a threshold a folder with exact counts (one a run could not move out,
    # batch.audience) is never linked
    guarded = bool(threshold_for(cycle.audience, cycle.suppress_below))
    rows = []
    for r in results:
        folder = out / r.key
        linked = has_report(folder) and not (guarded and holds_exact(folder))
        tables = sorted(p.stem for p in (folder / "tables").glob("*.csv")) if linked else []
        rows.append({"key": r.key, "title": r.title, "ok": r.ok, "error": r.error,
                     "seconds": r.seconds, "linked": linked, "tables": tables,
                     # only where it is published beside the report (batch.layout)
                     "summary": linked and (folder / SUMMARY_FILE).is_file()})
    css = (templates_dir() / "cscp" / "report.css").read_text(encoding="utf-8")
    return _template().render(
        title=cycle.title, name=cycle.name, as_of=long_date(cycle.as_of),
        audience=audience_label(cycle.audience), rows=rows,
        css=Markup(css),  # the package's own stylesheet, not input
        csp=CONTENT_SECURITY_POLICY,
    )


def write_index(cycle: Cycle, results: Sequence[JobResult], out: Path) -> Path:
    """Write ``<out>/index.html`` whole (a reader never sees half a page)."""
    return write_file(out / "index.html", index_page(cycle, results, out))

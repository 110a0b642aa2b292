"""The cycle's ``index.html``: a front page for readers, with the run's status for analysts.

For readers: the cycle overview first, then each audit with its theme, the month it was
carried out, one line on what it looked at (the first sentence of its theme's
description, else its title) and links to the files of its folder that are there: the
report, its PDF, the results workbook, the learning brief (:data:`READER_FILES`). For
analysts, in a closed ``<details>``: the status and time of this run, each report's
folder, its tables and ``summary.json`` only where it is published beside the report
(internal audiences). Executed notebooks, failed runs and the internal folder
(``batch.layout``) are never linked, nor, under a disclosure threshold, a report folder
that holds exact counts. The audience marking heads the page (``batch.pages``).

The page is ``templates/batch/index.html.j2``, rendered by Jinja2 with autoescape on, so
every title, key and error message is shown as text (as the report's templates show it,
``report.display.as_text``); the wording is the template's. The page carries the
reports' Content-Security-Policy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.jobs import OVERVIEW_KEY, Job, JobResult
from cscp_analysis.batch.layout import SUMMARY_FILE, holds_exact
from cscp_analysis.batch.pages import audience_marking, batch_template
from cscp_analysis.batch.publish import has_report, write_file
from cscp_analysis.batch.render import CONTENT_SECURITY_POLICY, templates_dir

#: The files of a report folder a reader is offered, in this order, where they exist.
READER_FILES = ("report.html", "report.pdf", "results.xlsx", "learning-brief.html",
                "learning-brief.pdf")
_SENTENCE = re.compile(r".+?[.!?](?=\s|$)", re.S)


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, spaces tidied ("" for no text)."""
    tidy = " ".join(str(text).split())
    found = _SENTENCE.match(tidy)
    return found.group(0) if found else tidy


def _entry(result: JobResult, job: Job | None, folder: Path, linked: bool) -> dict:
    """What the readers' part says of one report (its files only if ``linked``)."""
    from cscp_analysis.analysis.narrative import month_name

    entry = {"key": result.key, "title": result.title, "theme": "", "conducted": "",
             "about": "",
             "files": [name for name in READER_FILES if linked and (folder / name).is_file()]}
    audit = job.audit if job is not None else None
    if audit is not None:
        entry.update(theme=audit.theme.title, conducted=month_name(audit.info.conducted),
                     about=first_sentence(audit.theme.description) or audit.info.title)
    return entry


def index_page(cycle: Cycle, results: Sequence[JobResult], out: Path,
               jobs: Sequence[Job] = ()) -> str:
    """The index page's HTML for ``results``, published (or not) under ``out``; ``jobs``
    (the run's plan) say what each audit is."""
    from markupsafe import Markup

    from cscp_analysis.analysis.disclosure import audience_label, threshold_for
    from cscp_analysis.analysis.narrative import long_date

    # under a threshold a folder with exact counts (one a run could not move out,
    # batch.audience) is never linked
    guarded = bool(threshold_for(cycle.audience, cycle.suppress_below))
    job_of = {job.key: job for job in jobs}
    results = sorted(results, key=lambda r: r.key != OVERVIEW_KEY)  # the overview first
    rows, entries = [], []
    for r in results:
        folder = out / r.key
        linked = has_report(folder) and not (guarded and holds_exact(folder))
        entries.append(_entry(r, job_of.get(r.key), folder, linked))
        tables = sorted(p.stem for p in (folder / "tables").glob("*.csv")) if linked else []
        rows.append({"key": r.key, "title": r.title, "ok": r.ok, "error": r.error,
                     "seconds": r.seconds, "linked": linked, "tables": tables,
                     # only where it is published beside the report (batch.layout)
                     "summary": linked and (folder / SUMMARY_FILE).is_file()})
    css = (templates_dir() / "cscp" / "report.css").read_text(encoding="utf-8")
    return batch_template("index.html.j2").render(
        title=cycle.title, name=cycle.name, as_of=long_date(cycle.as_of),
        audience=audience_label(cycle.audience), marking=audience_marking(cycle.audience),
        overview=[e for e in entries if e["key"] == OVERVIEW_KEY],
        audits=[e for e in entries if e["key"] != OVERVIEW_KEY], rows=rows,
        printed=any(name.endswith(".pdf") for e in entries for name in e["files"]),
        css=Markup(css),  # the package's own stylesheet, not input
        csp=CONTENT_SECURITY_POLICY,
    )


def write_index(cycle: Cycle, results: Sequence[JobResult], out: Path,
                jobs: Sequence[Job] = ()) -> Path:
    """Write ``<out>/index.html`` whole (a reader never sees half a page)."""
    return write_file(out / "index.html", index_page(cycle, results, out, jobs))

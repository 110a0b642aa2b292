"""Run details: what a report was produced from, so that anyone can produce it again.

The parameters, a fingerprint (sha256) of every input file, the software versions and
the code's commit (:func:`cscp_analysis.io.provenance.run_details`), under human labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from cscp_analysis.analysis.disclosure import audience_label
from cscp_analysis.analysis.narrative import long_date
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.io.bundled import bundled_recommendations
from cscp_analysis.io.provenance import run_details, sha256_file
from cscp_analysis.report.display import cell_text, heading, snippet, text
from cscp_analysis.report.inputs import recommendations_file
from cscp_analysis.report.settings import ReportSettings


def _without_folders(value: object) -> object:
    """An absolute path as its file name: the fingerprints identify the file, and a full
    path can carry a user's name into a shared report. A Windows path (``C:\\Users\\...``,
    ``\\\\server\\share\\...``) is one wherever the report is made: a parameter file
    typed on a council PC may be run anywhere. A list: each of its items."""
    if isinstance(value, list | tuple):
        return ", ".join(str(_without_folders(v)) for v in value)
    if isinstance(value, str):
        for flavour in (PurePosixPath, PureWindowsPath):
            if flavour(value).is_absolute():
                return flavour(value).name
    return value


def _pairs(mapping: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(str(k), cell_text(v)) for k, v in mapping.items()]


def run_details_html(details: Mapping[str, Any], settings: ReportSettings | None = None,
                     subject: Mapping[str, str] | None = None,
                     given: Mapping[str, Any] | None = None):
    """The run details: what the report is for, input fingerprints, versions, code version.

    ``details`` is :func:`cscp_analysis.io.provenance.run_details`; ``subject`` adds
    labelled lines (e.g. ``{"Audit": "2016-06-cse"}``). ``given`` is what the batch passes
    of the cycle's parameter file (``file``, ``sha256`` and ``values`` as typed there):
    the parameters are then shown as the file gives them, with the file to run again;
    without it (a notebook run by hand) the parameters it was run with, said to be so.
    A path is never shown with its folders.
    """
    params = details["parameters"]
    settings = settings or ReportSettings(
        as_of=str(details["as_of"]), audience=str(params.get("audience", "business_group")),
        suppress_below=int(params.get("suppress_below", 0) or 0))
    given = given or {}
    shown = given.get("values") or params
    exact = "; ".join(f"{key} {_without_folders(value)}" for key, value in shown.items())
    return snippet("parts/run_details.html.j2", report_date=long_date(settings.as_of),
                   audience=audience_label(settings.audience), k=settings.threshold,
                   subject=_pairs(subject or {}), inputs=_pairs(details["inputs"]),
                   versions=_pairs(details["versions"]), commit=details["git_commit"],
                   exact=exact, given_file=given.get("file") if given.get("values") else None,
                   given_sha256=given.get("sha256", ""))


def run_details_section(results: Sequence[AuditResults], settings: ReportSettings,
                        overview: bool = False, given: Mapping[str, Any] | None = None) -> list:
    """Run details of a theme report (one audit) or of the cycle overview (every audit);
    ``given``: the batch's account of the parameter file (see :func:`run_details_html`)."""
    audits = [r.audit for r in results]
    rec_file = recommendations_file(settings.recommendations)
    if overview:
        inputs = {f"{a.id}/{name}": digest for a in audits for name, digest in a.inputs.items()}
    else:
        inputs = dict(audits[0].inputs)
    if rec_file:
        inputs["recommendations"] = sha256_file(rec_file)
    ids = ", ".join(a.id for a in audits)
    parameters = {"audits" if overview else "audit": ids, "as_of": settings.as_of,
                  "audience": settings.audience, "suppress_below": settings.suppress_below,
                  "cycle": settings.cycle,
                  "recommendations": settings.recommendations or "none"}
    log = ("the bundled sample log" if rec_file == str(bundled_recommendations()) else
           _without_folders(rec_file) or "none given for this cycle")
    subject = {"Audits" if overview else "Audit": ids,
               "Audit cycle": settings.cycle or "not given", "Recommendations log": log}
    log_table = results[0].recommendations if results else None
    if overview and log_table is not None and not settings.threshold:  # internal readers only
        from cscp_analysis.io.log_audits import meet_cycle

        outside = meet_cycle(log_table, audits)[2]
        if outside:
            subject["Recommendations of other audits (left out)"] = outside.listed()
    return [heading(2, "Run details"), text("run_details_intro"),
            run_details_html(run_details(parameters, inputs), settings, subject, given)]

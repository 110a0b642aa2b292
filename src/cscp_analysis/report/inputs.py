"""What a report reads: the audit (or the batch's prepared one) and the recommendations log.

A notebook run by hand names an audit and a log (``"sample"`` = the bundled synthetic
log, blank = none) and they are loaded and validated here. The batch has validated
every audit already: it passes ``prepared``, the file :mod:`cscp_analysis.io.prepared`
wrote, and nothing is validated twice. Either way the result is one
:class:`~cscp_analysis.analysis.results.AuditResults` whose tables every section reads.
"""

from __future__ import annotations

from collections.abc import Sequence

from cscp_analysis.analysis.results import AuditResults, analyse
from cscp_analysis.io.bundled import recommendations_path
from cscp_analysis.report.settings import ReportSettings


def recommendations_file(recommendations: str) -> str:
    """The log's path as text: ``"sample"`` is the bundled synthetic log; ``""`` means none."""
    path = recommendations_path(recommendations)
    return "" if path is None else str(path)


def recommendation_log(recommendations: str):
    """The cycle's recommendations log, or ``None`` when the cycle gives none (``""``)."""
    from cscp_analysis.io.recommendations import load_recommendations

    path = recommendations_file(recommendations)
    return load_recommendations(path) if path else None


def theme_results(audit: str, settings: ReportSettings, prepared: str = "") -> AuditResults:
    """One audit's results for its theme report.

    ``prepared`` (set by the batch) is the path of an audit the batch validated and
    saved with the cycle's log; otherwise ``audit`` (a sample name, folder or workbook)
    and ``settings.recommendations`` are loaded here.
    """
    if prepared:
        from cscp_analysis.io.prepared import load_prepared

        data, log = load_prepared(prepared)
    else:
        from cscp_analysis.io.load import load_audit

        data, log = load_audit(audit), recommendation_log(settings.recommendations)
    return analyse(data, recommendations=log, as_of=settings.as_of)


def cycle_results(audits: Sequence[str], settings: ReportSettings,
                  prepared: str = "") -> list[AuditResults]:
    """The results of every audit of a cycle, sharing one recommendations log.

    ``prepared`` (set by the batch) is the file holding the cycle's audits, validated
    once by the batch, with its log; otherwise each audit is loaded here and the log
    checked against them as the batch checks it (``io.log_audits.meet_cycle``).
    """
    if prepared:
        from cscp_analysis.io.prepared import load_prepared

        data, log = load_prepared(prepared)
    else:
        from cscp_analysis.io.load import load_audit

        data = [load_audit(a) for a in audits]
        log = recommendation_log(settings.recommendations)
        if log is not None:
            from cscp_analysis.contract.errors import AuditValidationError
            from cscp_analysis.io.log_audits import meet_cycle

            log, problems, _ = meet_cycle(log, data)
            if problems:
                raise AuditValidationError(problems)
    return [analyse(a, recommendations=log, as_of=settings.as_of) for a in data]

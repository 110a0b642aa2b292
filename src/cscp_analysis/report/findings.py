"""Key findings: per finding area a heading, a sentence per question and a chart.

Questions are numbered Q1, Q2, … in theme order (:func:`question_numbers`), the numbers
"What each agency found" uses too.

A finding area with a computed rule (the theme's ``rule:``) then shows that rule's
figures (:mod:`cscp_analysis.report.missing`), so each topic appears once; then the
panel's learning for the area, the recommendations answering it and the actions taken
(:mod:`cscp_analysis.report.area_learning`). With a
disclosure threshold the counts are a table of ``results.shown(k)`` and no chart is drawn.
"""

from __future__ import annotations

from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.area_learning import area_learning, audit_learning
from cscp_analysis.report.display import heading, html_table, labels, snippet, text
from cscp_analysis.report.figures import findings_chart
from cscp_analysis.report.missing import RULE_BLOCKS
from cscp_analysis.report.settings import INTERVAL_MIN_N, ReportSettings
from cscp_analysis.report.wording import interval_text, pct, result_sentence

#: The columns of a findings table, in order (headings from ``labels.yaml``).
TABLE_COLUMNS = ("question", "met", "partly", "not_met", "not_applicable", "disputed", "rate",
                 "interval")


def question_numbers(theme) -> dict[str, str]:
    """Each question's number as Key findings shows it: "Q1", "Q2", … in theme order
    (finding area by finding area). Every view that numbers questions uses these, so Q4
    is the same question in Key findings and in "What each agency found"."""
    return {q.id: f"Q{i}" for i, q in enumerate(theme.questions, start=1)}


def numbered(rows, theme):
    """Rows of a findings table with each question's number (``number``, "Q1")."""
    return rows.assign(number=rows["question_id"].map(question_numbers(theme)))


def findings_table(shown):
    """A findings table with human headings (one row per question), from rows of
    ``results.shown(k)["findings"]`` (disclosure-controlled: counts or markers)."""
    headings = labels("findings")
    frame = shown.assign(
        rate=shown["rate"].map(pct),
        interval=[interval_text(lo, hi) for lo, hi in zip(shown["ci_low"], shown["ci_high"],
                                                             strict=True)],
    )
    frame = frame[list(TABLE_COLUMNS)].rename(columns=headings)
    return frame, [headings[c] for c in TABLE_COLUMNS[1:-1]]


def _area_findings(rows, title: str, k: int) -> list:
    """One area's questions: a table (suppressed rows), else a sentence each and a chart,
    each question led by its number (the table has none: it is shown only under a
    threshold, where no other view refers to the numbers)."""
    if not len(rows):
        return []
    if k:
        frame, numeric = findings_table(rows)
        return [html_table(frame, f"{title}: cases per outcome", numeric=numeric)]
    sentences = [{"number": r["number"], "question": r["question"],
                  "sentence": result_sentence(r)} for r in rows.to_dict("records")]
    labelled = rows.assign(label=[f"{n} {q}" for n, q in zip(rows["number"], rows["question"],
                                                             strict=True)])
    return [snippet("parts/results_list.html.j2", rows=sentences),
            findings_chart(labelled, title)]


def findings_section(results: AuditResults, settings: ReportSettings) -> list:
    """Key findings: each finding area's questions (``results.questions``), the figures
    of the area's computed rule (72-hour interviews, stage meetings, placed in), and the
    panel's learning, recommendations and actions for the area; then the audit-wide
    practitioner feedback and actions."""
    k = settings.threshold
    items: list = [heading(2, "Key findings"),
                   text("findings_intro", k=k, minimum=INTERVAL_MIN_N)]
    questions = numbered(results.shown(k)["findings"] if k else results.questions,
                         results.theme)
    for area in results.theme.finding_areas:
        rows = questions[questions["finding_area"] == area.title]
        block = RULE_BLOCKS[area.rule](results, settings) if area.rule in RULE_BLOCKS else []
        learned = area_learning(results, area.title, settings)
        if not len(rows) and not block and not learned:
            continue
        items += [heading(3, area.title), *_area_findings(rows, area.title, k), *block,
                  *learned]
    return items + audit_learning(results)

"""Report sections the theme notebooks and the cycle overview share.

Each helper returns something a notebook cell displays (Markdown, an HTML table or a
Chart), so the notebooks stay thin. Tables are rendered by hand rather than with pandas'
Styler: no random ids, escaped text, and a ``case_id`` column is refused.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from .report import bundled_recommendations, run_details, sha256_file

__all__ = [
    "agency_matrix", "bundled_recommendations", "child_labels", "findings_section",
    "html_table", "md", "pct", "question_key", "question_numbers", "quotes_markdown",
    "result_sentence", "run_details", "run_details_html", "sha256_file", "show",
    "stage_meeting_table", "timeline_frames",
]


def md(text: str):
    """Markdown for a notebook to display (headings become report sections)."""
    from IPython.display import Markdown

    return Markdown(text)


def show(*items) -> None:
    """Display each item in turn (Markdown, tables, charts) in the running notebook."""
    from IPython.display import display

    for item in items:
        if isinstance(item, (list, tuple)):
            show(*item)
        elif item is not None:
            display(item)


def pct(value: object) -> str:
    """A share as a whole percentage ("40%"); a dash when there is none."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    return "–" if number != number else f"{number:.0%}"


def _cell(value: object) -> str:
    if value is None:
        return ""
    try:
        import pandas as pd

        if not isinstance(value, (list, tuple, dict)) and pd.isna(value):
            return ""
        if isinstance(value, pd.Timestamp):
            return f"{value:%d %b %Y}"
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def html_table(frame, caption: str, numeric: Sequence[str] = ()):
    """An accessible HTML table (caption, header row) of a small report table.

    Raises ``ValueError`` if the table has a ``case_id`` column: case ids never reach
    a report.
    """
    from IPython.display import HTML

    if "case_id" in frame.columns:
        raise ValueError("a report table may not show case ids")
    num = ' class="num"'
    head = "".join(
        f'<th scope="col"{num if c in numeric else ""}>{html.escape(str(c))}</th>'
        for c in frame.columns
    )
    body = []
    for row in frame.itertuples(index=False):
        cells = "".join(
            f'<td{num if c in numeric else ""}>{html.escape(_cell(v))}</td>'
            for c, v in zip(frame.columns, row, strict=True)
        )
        body.append(f"<tr>{cells}</tr>")
    return HTML(
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def result_sentence(row: Mapping[str, Any]) -> str:
    """One question's result in words: met count and rate with its interval, partly, not met."""
    met, partly, not_met = int(row["met"]), int(row["partly"]), int(row["not_met"])
    answered = met + partly + not_met
    if answered == 0:
        text = "No case had an answer that could be counted"
    else:
        text = (f"{met} of {answered} case{'s' if answered != 1 else ''} met the standard "
                f"({pct(row['rate'])}; 95% interval {pct(row['ci_low'])} to "
                f"{pct(row['ci_high'])}); {partly} partly met it and {not_met} did not")
    extras = []
    if int(row.get("not_applicable", 0)):
        extras.append(f"{int(row['not_applicable'])} not applicable")
    if int(row.get("disputed", 0)):
        extras.append(f"{int(row['disputed'])} disputed between agencies, left for the panel")
    return text + (f" ({'; '.join(extras)})" if extras else "") + "."


def findings_section(audit, results, suppress_below: int = 0, level: int = 3) -> list:
    """The key findings: per finding area a heading, a sentence per question and a chart.

    ``results`` is :func:`cscp_analysis.findings.question_results`. Wording comes from
    the theme file. With ``suppress_below`` > 0 the counts table is disclosure
    controlled and no chart is drawn (a chart would show the small counts).
    """
    from .disclosure import suppress_findings
    from .figures import findings_chart

    items: list = []
    hashes = "#" * level
    for area in audit.theme.finding_areas:
        rows = results[results["finding_area"] == area.title]
        if not len(rows):
            continue
        items.append(md(f"{hashes} {area.title}"))
        if suppress_below:
            shown = suppress_findings(rows, suppress_below)
            cols = ["question", "met", "partly", "not_met", "not_applicable", "disputed"]
            items.append(html_table(shown[cols], f"{area.title}: cases per outcome",
                                    numeric=cols[1:]))
            continue
        items.append(md("\n".join(f"- **{r['question']}** {result_sentence(r)}"
                                  for r in rows.to_dict("records"))))
        frame = rows.rename(columns={"question": "label"})
        items.append(findings_chart(frame, area.title))
    return items


def question_numbers(theme) -> dict[str, str]:
    """Short labels for charts: question id to "Q1", "Q2", … in theme order."""
    return {q.id: f"Q{i}" for i, q in enumerate(theme.questions, start=1)}


def agency_matrix(agency_results, theme):
    """Agencies (rows, theme order) by question numbers (columns): each agency's met rate."""
    import pandas as pd

    numbers = question_numbers(theme)
    if not len(agency_results):
        return pd.DataFrame()
    table = agency_results.assign(q=agency_results["question_id"].map(numbers))
    matrix = table.pivot_table(index="agency", columns="q", values="rate", aggfunc="first")
    order = [a for a in theme.agencies if a in matrix.index] + [
        a for a in matrix.index if a not in theme.agencies]
    columns = [n for n in numbers.values() if n in matrix.columns]
    return matrix.reindex(index=order, columns=columns)


def question_key(theme, used: Sequence[str] | None = None):
    """Table of question numbers and wording (the key to a chart that uses numbers)."""
    import pandas as pd

    numbers = question_numbers(theme)
    rows = [{"Number": numbers[q.id], "Finding area": q.finding_area, "Question": q.text}
            for q in theme.questions if used is None or numbers[q.id] in used]
    return html_table(pd.DataFrame(rows), "Key to the question numbers")


def child_labels(case_ids: Sequence[str]) -> dict[str, str]:
    """Anonymous labels "Child 1", "Child 2", … in the order the ids first appear.

    Used wherever a chart or table needs one line per child: case ids never reach a report.
    """
    labels: dict[str, str] = {}
    for cid in case_ids:
        if cid not in labels:
            labels[cid] = f"Child {len(labels) + 1}"
    return labels


def timeline_frames(audit) -> tuple[Any, Any, Any, dict[str, str]]:
    """Episodes, stage due dates and meetings labelled by anonymous child, for the timeline."""
    import pandas as pd

    from .missing import episode_timeline, stage_meetings

    rules = audit.theme.rules
    timeline = episode_timeline(audit.episodes, rules).sort_values(["missing_from", "case_id"])
    labels = child_labels(list(timeline["case_id"]))  # numbered by first episode, not by id
    timeline = timeline.assign(_n=timeline["case_id"].map(list(labels).index))
    timeline = timeline.sort_values(["_n", "missing_from"])
    episodes = pd.DataFrame({
        "child": timeline["case_id"].map(labels),
        "start": timeline["missing_from"],
        "counted": timeline["counted"].astype(bool),
    })
    stages = stage_meetings(audit.episodes, audit.meetings, rules)
    due = [
        {"child": labels[r["case_id"]], "stage": stage, "due_on": r[f"stage{stage}_due"]}
        for r in stages.to_dict("records") for stage in (1, 2)
        if r["case_id"] in labels and not pd.isna(r[f"stage{stage}_due"])
    ]
    held = audit.meetings[audit.meetings["case_id"].isin(labels)]
    meetings = pd.DataFrame({
        "child": held["case_id"].map(labels),
        "stage": held["stage"].astype(int),
        "held_on": held["held_on"],
    })
    return (episodes, pd.DataFrame(due, columns=["child", "stage", "due_on"]), meetings, labels)


def stage_meeting_table(audit, labels: Mapping[str, str]):
    """Per child with a stage meeting due: when it fell due, whether and when it was held."""
    import pandas as pd

    from .missing import stage_meetings

    stages = stage_meetings(audit.episodes, audit.meetings, audit.theme.rules)
    rows = []
    for r in stages.to_dict("records"):
        for stage in (1, 2):
            due = r[f"stage{stage}_due"]
            if pd.isna(due):
                continue
            held = r[f"stage{stage}_held"]
            rows.append({
                "Child": labels.get(r["case_id"], "Child ?"),
                "Stage": stage,
                "Due on": due,
                "Held": "Yes" if held is True else "No",
                "Held on": r[f"stage{stage}_meeting"],
                "Days after due": r[f"stage{stage}_days"],
                "Required agencies not invited": r[f"stage{stage}_not_invited"],
            })
    columns = ["Child", "Stage", "Due on", "Held", "Held on", "Days after due",
               "Required agencies not invited"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["_order"] = frame["Child"].str.removeprefix("Child ").astype(int)
    return frame.sort_values(["_order", "Stage"]).drop(columns="_order")


def quotes_markdown(quotes) -> str:
    """Consented quotes as Markdown block quotes (``voice.shareable_quotes`` rows only)."""
    if not len(quotes):
        return "_No child agreed for what they said to be quoted in this report._"
    return "\n\n".join("> " + " ".join(str(q).split()) for q in quotes["said"])


def run_details_html(details: Mapping[str, Any]):
    """The run-details section: parameters, input sha256s, versions, commit, as_of."""
    from IPython.display import HTML

    def dl(mapping: Mapping[str, Any]) -> str:
        return "".join(f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(_cell(v))}</dd>"
                       for k, v in mapping.items())

    return HTML(
        '<div class="run-details">'
        f"<h3>As of</h3><p>{html.escape(str(details['as_of']))}</p>"
        f"<h3>Parameters</h3><dl>{dl(details['parameters'])}</dl>"
        f"<h3>Inputs (sha256)</h3><dl>{dl(details['inputs'])}</dl>"
        f"<h3>Software</h3><dl>{dl(details['versions'])}</dl>"
        f"<h3>Code version</h3><dl><dt>git commit</dt><dd>{html.escape(details['git_commit'])}"
        "</dd></dl></div>"
    )

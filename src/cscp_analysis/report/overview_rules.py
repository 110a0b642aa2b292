"""The cycle overview's missing-from-home rules: for each MFH audit, how the rules were kept.

For every audit with missing episodes: return home interviews held within the theme's
timescale (rule 6.1), stage 1 and stage 2 meetings held when due (rule 6.2) and
interview reports received back from placing authorities (rule 6.3). Every figure is
read from the audit's ``results.shown(k)["missing"]`` (the ``missing.csv`` cells, exact
at no threshold), never worked out again, so the overview shows what each audit's own
report shows. A table always; a chart of the counts only with exact counts, like the
rest of the overview.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from cscp_analysis.analysis.narrative import month_name
from cscp_analysis.analysis.published import is_hidden
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.chart import FONT_SIZE, Chart, new_figure, plain_text, style
from cscp_analysis.report.display import heading, html_table, labels, text
from cscp_analysis.report.figures import HEADROOM, OUTCOME_COLOURS, _wrap
from cscp_analysis.report.overview import column_words, page_words
from cscp_analysis.report.settings import INTERVAL_MIN_N, ReportSettings
from cscp_analysis.report.wording import pct

#: Each rule as (what was kept, out of what): measures of ``missing.csv``.
RULES = (("rhi.within_72h", "rhi.due"), ("stage1.held", "stage1.due"),
         ("stage2.held", "stage2.due"), ("placed_in.reports_received", "placed_in.requested"))


#: The columns of :func:`rule_table`.
RULE_COLUMNS = ["audit", "audit_id", "conducted", "rule", "measure", "kept", "of"]


def rule_names(hours: int) -> dict[str, str]:
    """What each rule's row says, with the theme's own timescale (``labels.yaml``,
    ``overview_rules``)."""
    words = labels("overview_rules")
    return {kept: words[kept].format(hours=hours) for kept, _ in RULES}


def rule_table(results: Sequence[AuditResults], k: int) -> pd.DataFrame:
    """One row per MFH audit and rule: ``audit`` (its title), ``audit_id``, ``conducted``,
    ``rule``, ``measure`` (the measure kept), ``kept``, ``of``.

    Counts (or their disclosure markers) as each audit's ``results.shown(k)`` gives them.
    """
    rows = []
    for r in results:
        if not r.audit.has_episodes or not len(r.audit.episodes):
            continue
        shown = r.shown(k)["missing"].set_index("measure")["value"]
        names = rule_names(r.theme.rules.rhi_hours)
        for kept, of in RULES:
            rows.append({"audit": r.info.title, "audit_id": r.id, "conducted": r.info.conducted,
                         "rule": names[kept], "measure": kept, "kept": shown[kept],
                         "of": shown[of]})
    return pd.DataFrame(rows, columns=RULE_COLUMNS)


def _result(kept, of) -> str:
    words = labels("overview_rules")
    if not is_hidden(of) and int(of) == 0:
        return words["none_due"]
    return words["result"].format(kept=kept, of=of)


def kept_share(kept, of) -> float | None:
    """The share kept, only on exact counts resting on enough cases to mean something."""
    if is_hidden(kept) or is_hidden(of) or int(of) < INTERVAL_MIN_N:
        return None
    return int(kept) / int(of)


def _rate(kept, of) -> str:
    share = kept_share(kept, of)
    return "" if share is None else pct(share)


@plain_text
def rules_chart(table: pd.DataFrame, title: str) -> Chart:
    """Horizontal bars, one per audit and rule: the cases due, kept (green) and not (hatched).

    Drawn on counts, not shares, so a rule resting on one child is one small bar; each
    bar labelled "20 of 45". ``table`` as :func:`rule_table` gives it at no threshold.
    """
    words = {**labels("overview_rules"), **page_words()}
    bar_labels = [_wrap(f"{row.rule} ({row.audit})", 44) if table["audit"].nunique() > 1
                  else _wrap(row.rule, 44) for row in table.itertuples()]
    kept = table["kept"].astype(int).to_numpy()
    of = table["of"].astype(int).to_numpy()
    fig = new_figure(7.5, 0.55 * max(len(table), 1) + 1.4)
    ax = fig.add_subplot()
    y = np.arange(len(table))
    ax.barh(y, kept, color=OUTCOME_COLOURS["met"], height=0.6, label=words["kept"])
    ax.barh(y, of - kept, left=kept, color=OUTCOME_COLOURS["not_met"], hatch="//",
            edgecolor="white", height=0.6, label=words["not_kept"])
    for yi, k_, n in zip(y, kept, of, strict=True):
        ax.text(n, yi, f" {_result(k_, n)}", va="center", fontsize=FONT_SIZE - 1)
    ax.set_yticks(y, bar_labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(of.max(initial=1), 1) * HEADROOM + 2)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(words["rules_axis"], fontsize=FONT_SIZE)
    ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    fig.legend(loc="outside lower center", ncol=2, frameon=False, fontsize=FONT_SIZE - 1)
    style(ax)
    alt = f"Bar chart, {title}. " + "; ".join(
        f"{row.audit}, {row.rule}: {_result(row.kept, row.of)}" for row in table.itertuples()
    ) + "."
    return Chart(fig, alt, title)


def rules_section(results: Sequence[AuditResults], settings: ReportSettings) -> list:
    """The missing-from-home rules of each MFH audit of the cycle: a table and a chart."""
    k = settings.threshold
    table = rule_table(results, k)
    if not len(table):
        return []
    page = page_words()
    items: list = [heading(2, page["rules"]),
                   text("overview_rules", k=k, minimum=INTERVAL_MIN_N)]
    frame = pd.DataFrame({
        "audit": table["audit"], "conducted": table["conducted"].map(month_name),
        "rule": table["rule"],
        "result": [_result(a, b) for a, b in zip(table["kept"], table["of"], strict=True)]})
    if not k:
        frame["share"] = [_rate(a, b) for a, b in zip(table["kept"], table["of"], strict=True)]
    words = column_words()
    items.append(html_table(frame.rename(columns=words), page["rules_caption"],
                            numeric=[words["result"], words["share"]]))
    if not k:
        items.append(rules_chart(table, page["rules_chart"]))
    return items

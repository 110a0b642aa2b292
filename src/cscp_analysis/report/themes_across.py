"""The cycle overview's "Themes across audits": finding areas shared by several audits.

Each audit's own figures for the area are set side by side with its key-message flag
(:func:`cscp_analysis.analysis.compare.shared_areas`); the areas flagged to improve in two
or more audits, by the same rule, are named. No rate is pooled across audits: each theme
sampled different children for a different reason. Under a disclosure threshold an
area's figures are shown only where the audit's own report publishes every count they
are summed from, and the flags are those its key messages state.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from cscp_analysis.analysis.compare import shared_areas
from cscp_analysis.analysis.key_messages import TO_IMPROVE
from cscp_analysis.analysis.narrative import month_name
from cscp_analysis.analysis.results import AuditResults
from cscp_analysis.report.display import heading, html_table, labels, text
from cscp_analysis.report.overview import column_words, page_words
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.wording import interval_text, pct

#: The caption of the table of shared areas (``labels.yaml``, ``overview_page``).
CAPTION = page_words()["themes_across_caption"]


def _cell(value) -> object:
    return "" if pd.isna(value) else value


def themes_across_section(results: Sequence[AuditResults], settings: ReportSettings) -> list:
    """Themes across audits: the shared finding areas, audit by audit, and those flagged
    to improve in two or more audits."""
    k = settings.threshold
    items: list = [heading(2, page_words()["themes_across"])]
    table = shared_areas(results, k)
    if not len(table):
        return items + [text("notes", key="no_shared_areas")]
    titles = {r.id: r.info.title for r in results}
    repeated = [{"area": area, "audits": [titles[a] for a in part["audit_id"]]}
                for area, part in table[table["flag"] == TO_IMPROVE].groupby(
                    "finding_area", sort=False) if part["audit_id"].nunique() > 1]
    flags, words = labels("flags"), column_words()
    hidden = table["answered"].isna()
    frame = pd.DataFrame({
        "finding_area": table["finding_area"],
        "audit": table["audit_id"].map(titles),
        "conducted": table["conducted"].map(month_name),
        "met": table["met"].map(_cell),
        "answered": table["answered"].map(_cell),
        "rate": [("" if h else pct(v)) for h, v in zip(hidden, table["rate"], strict=True)],
        "interval": [("" if h else interval_text(lo, hi)) for h, lo, hi in
                     zip(hidden, table["ci_low"], table["ci_high"], strict=True)],
        "flag": table["flag"].map(lambda f: "" if pd.isna(f) else flags[f]),
    }).rename(columns=words)
    return items + [text("themes_across", repeated=repeated, k=k, hidden=bool(hidden.any())),
                    html_table(frame, CAPTION,
                               numeric=[words[c] for c in ("met", "answered", "rate")])]

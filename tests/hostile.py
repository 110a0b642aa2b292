"""Hostile input for the tests: payloads, and an audit whose every free-text field holds them.

An attacker (or an unlucky copy and paste) controls every value of an audit's files: the
audit's title and who conducted it, its areas, the cohort groups, the words of a theme
file of its own (description, finding areas, questions), what children said and its
tags, the panel's learning (its text, and the finding area it is about), the
recommendations log and the cycle's title. :func:`write_hostile_audit` puts each
payload into each of these fields, as the whole value where a field holds several
values (one area, cohort group, finding area, question, quote, tag, line of learning,
recommendation per payload) and joined into one value where it holds one (title,
conducted by, the theme's title, the cycle's title).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import yaml

#: Markup, Markdown, mathtext, template syntax and a direction override: none may be
#: interpreted anywhere a report or index shows it.
MARKUP = (
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<script>alert(1)</script>",
    "<img src=https://example.invalid/x.png>",
    "![](https://example.invalid/md.png)",
    "<iframe src=https://example.invalid/frame></iframe>",
    "<link rel=stylesheet href=https://example.invalid/x.css>",
    '<meta http-equiv=refresh content="0;url=https://example.invalid/">',
    "[click](javascript:alert(1))",
    "**bold** _em_",
    "$x^2$ and $\\frac{$",
    "{{ 7*7 }}",
    "{% raw %}",
    "\u202eevil override",
)
#: Text a spreadsheet would run as a formula (OWASP's CSV-injection examples).
FORMULAS = (
    '=HYPERLINK("https://example.invalid","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-1+1",
    "\t=1",
    "\r=2",  # not "\r=1": a CSV cell is stripped, and two areas may not both be "=1"
)
#: What the payloads may not cause in a spreadsheet: a cell starting with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

THEME_ID = "hostile-theme"
ANSWERS = ("Yes", "Partly", "No")
#: The kinds of learning, given to the payloads in turn.
LEARNING_KINDS = ("Working well", "To improve", "Practitioner feedback", "Action taken")
#: The audit-wide lines (no finding area) alternate between these: the key messages'.
AUDIT_WIDE_KINDS = ("Working well", "To improve")


def joined(texts: Sequence[str]) -> str:
    """Several payloads as one value (a title)."""
    return " | ".join(texts)


def tag(text: str) -> str:
    """A payload as a tag: tags are split on ';', so it is written without one."""
    return text.replace(";", ",")


def write_hostile_audit(folder: Path, texts: Sequence[str], audit_id: str = "2024-01-hostile",
                        conducted: str = "2024-01", case_ids: Sequence[str] = ()) -> Path:
    """Write an audit folder, with its own theme file, holding ``texts`` in every field.

    Case ``H<i>`` is in area ``texts[i]`` and cohort group ``texts[i]``; finding area
    ``i`` is titled ``texts[i]`` and holds one question worded ``texts[i]``, answered
    for every case (Yes, Partly, No in turn); case ``i`` said ``texts[i]`` (consented,
    tagged ``texts[i]``) and something not consented that no output may show. The
    panel's learning holds two lines per text: one about finding area ``i`` (kinds
    :data:`LEARNING_KINDS` in turn, an action dated), and one for the audit as a whole
    (:data:`AUDIT_WIDE_KINDS` in turn), each saying ``texts[i]``. ``case_ids``
    replaces the ids ``H00``, ``H01`` … (one per text).
    """
    folder.mkdir(parents=True, exist_ok=True)
    n = len(texts)
    ids = list(case_ids) or [f"H{i:02d}" for i in range(n)]
    theme = {
        "id": THEME_ID, "title": joined(texts),
        "description": "\n\n".join(texts),
        "cohort_groups": list(texts),
        "finding_areas": [{"title": t, "questions": [{"id": f"q{i}", "text": t}]}
                          for i, t in enumerate(texts)],
    }
    (folder / "theme.yaml").write_text(yaml.safe_dump(theme, allow_unicode=True),
                                       encoding="utf-8")
    meta = {"id": audit_id, "theme": "theme.yaml", "title": joined(texts),
            "conducted": conducted, "conducted_by": joined(reversed(texts)),
            "areas": list(texts), "synthetic": True}
    (folder / "audit.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True),
                                       encoding="utf-8")
    cases = [[ids[i], t, "CP", str(10 + i % 7), "", ("Female", "Male")[i % 2], t, ""]
             for i, t in enumerate(texts)]
    judgements = [[ids[c], f"q{q}", ANSWERS[(c + q) % 3], "Panel", "a comment"]
                  for c in range(n) for q in range(n)]
    voice = [row for i, t in enumerate(texts) for row in (
        [ids[i], t, "Yes", tag(t)],
        [ids[i], f"UNCONSENTED-{i}", "No", ""])]
    _csv(folder / "cases.csv", ["case_id", "area", "case_type", "age_years", "age_months",
                                "gender", "cohort_group", "agencies"], cases)
    _csv(folder / "judgements.csv", ["case_id", "question_id", "answer", "agency", "comment"],
         judgements)
    _csv(folder / "voice.csv", ["case_id", "said", "consent_to_share", "tags"], voice)
    learning = [[t, kind, t, "2024-03-01" if kind == "Action taken" else ""]
                for t, kind in zip(texts, _in_turn(LEARNING_KINDS, n), strict=True)]
    learning += [["", kind, t, ""]
                 for t, kind in zip(texts, _in_turn(AUDIT_WIDE_KINDS, n), strict=True)]
    _csv(folder / "learning.csv", ["finding_area", "kind", "text", "on"], learning)
    return folder


def _in_turn(values: Sequence[str], n: int) -> list[str]:
    return [values[i % len(values)] for i in range(n)]


def write_hostile_recommendations(path: Path, audit_id: str, texts: Sequence[str]) -> Path:
    """A recommendations log with one recommendation per payload (its text and owner),
    each under the finding area of the same payload."""
    rows = [[f"R{i:02d}", audit_id, t, t, t, "2024-02-01", "2024-06-30",
             ("Open", "Done")[i % 2], ""] for i, t in enumerate(texts)]
    return _csv(path, ["rec_id", "audit_id", "finding_area", "recommendation", "owner",
                       "agreed_on", "due_by", "status", "fed_back_on"], rows)


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path

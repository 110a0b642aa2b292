"""Every page and table of a published folder read into a :class:`~published_folder.Reader`.

Each audit's report (its key messages, cohort, findings, agreement, voice and
missing-from-home tables, checked against its CSVs and its ``summary.json``) and learning
brief; the cycle overview's page and the tables beside it. Each reader records every
figure it reads as a cell, with the equations and bounds a reader knows, and returns the
page's text for the test's check of its sentences.
"""

from __future__ import annotations

import re

import pandas as pd
from bs4 import BeautifulSoup
from disclosure_reader import K, published_tables, read_cell
from published_folder import (
    Reader,
    area_figures,
    areas_of_summary,
    count_words,
    page_tables,
    page_text,
)

from cscp_analysis.analysis.disclosure import MISSING_TOTALS
from cscp_analysis.batch.jobs import OVERVIEW_KEY
from cscp_analysis.contract.themes import load_theme
from cscp_analysis.report.cohort import breakdown_name
from cscp_analysis.report.display import labels
from cscp_analysis.report.overview_rules import RULES, rule_names
from cscp_analysis.report.tables import overview_specs
from cscp_analysis.report.themes_across import CAPTION

OUTCOME_COLUMNS = {"Met": "met", "Partly met": "partly", "Not met": "not_met",
                   "Not applicable": "not_applicable", "Disputed": "disputed"}


def _cases_read(text: str) -> str:
    """The number of cases as the cohort sentence and the introduction state it."""
    found = re.search(r"(\S+(?: of \d+)?|Fewer than \d) cases were audited\.", text)
    if "The number of cases audited is not given" in text:
        assert "(how many is not given" in text and not found
        return "*"
    if found.group(1).startswith("Fewer than"):
        assert "looked at fewer than 5 cases" in text
        return f"<{found.group(1)[-1]}"
    return str(count_words(found.group(1)))


def _heard_read(text: str) -> str | None:
    """How many children spoke to the auditors, as the page states it (None: not stated)."""
    said = re.search(r"(\S+|Fewer than \d|Some) children spoke to the auditors", text)
    if not said:
        return None
    if said.group(1) == "Some":
        return "*"
    if said.group(1).startswith("Fewer"):
        return f"<{said.group(1)[-1]}"
    return str(count_words(said.group(1)))


#: The key messages' rule figures ("20 of 45 episodes") and the measures they state.
_RULE_FIGURES = (
    (r"held within \d+ hours: (\d+) of (\d+) episodes", ("rhi.within_72h", "rhi.due")),
    (r"stage 1 for (\d+) of (\d+) child", ("stage1.held", "stage1.due")),
    (r"stage 2 for (\d+) of (\d+) child", ("stage2.held", "stage2.due")),
    (r"reports received back for (\d+) of (\d+) reports",
     ("placed_in.reports_received", "placed_in.requested")))



def _read_key_messages(reader: Reader, soup, key: str, summary: dict):
    """The figures the key messages state: each a cell of the findings or missing tables,
    or an area's, which is the sum of its questions' (an equation the reader knows)."""
    heading = soup.find("h2", string="Key messages")
    bullets = [" ".join(li.get_text(" ").split())
               for li in heading.find_next("ul")("li")]
    assert 1 <= len(bullets) <= 8, bullets
    areas = areas_of_summary(summary)
    questions = {q for members in areas.values() for q in members}
    for bullet in bullets:
        for label, met, answered in re.findall(
                r"([^;:]+?) \((\d+) of (\d+) (?:cases?|answers?) met the standard\)", bullet):
            label = label.strip()
            assert label in questions or label in areas, label
            if label in areas and label not in questions:
                area_figures(reader, key, label, met, answered, areas)
            else:
                reader.cell((key, label, "met"), met)
                reader.cell((key, label, "answered"), answered)
            reader.stated += 1
        for pattern, measures in _RULE_FIGURES:
            for found in re.findall(pattern, bullet):
                for measure, value in zip(measures, found, strict=True):
                    reader.cell((key, "m", measure), value)
                reader.stated += 1
    return bullets


def _count_recommendations(reader: Reader, tables, title: str):
    """The counts a reader makes of an audit's list of recommendations (every one is
    listed with its status, whether it is overdue and whether it was fed back)."""
    rows = next((rows for caption, rows in tables.items()
                 if caption.startswith("Recommendations as of")), None)
    if rows is None:
        return 0
    counted = {"recommendations": len(rows),
               **{s: sum(r[4] == s for r in rows) for s in ("Open", "In progress", "Done",
                                                            "Dropped")},
               "overdue": sum(r[5] == "Overdue" for r in rows),
               "loop_closed": sum(r[6] == "Yes" for r in rows)}
    for column, count in counted.items():
        reader.cell(("recs", title, column), str(count))
    return len(counted)


def read_audit(reader: Reader, folder, key: str, summary: dict):
    page = (folder / key / "report.html").read_text(encoding="utf-8")
    assert "<img" not in page, key
    soup = BeautifulSoup(page, "html.parser")
    text, tables = page_text(soup), page_tables(soup)
    reader.lists += _count_recommendations(reader, tables, summary["audit"]["title"])
    cases = summary["cohort"]["cases"]
    reader.cell((key, "cases"), _cases_read(text))
    _read_key_messages(reader, soup, key, summary)
    csv = {name: pd.read_csv(folder / key / "tables" / f"{name}.csv", encoding="utf-8-sig",
                             dtype=str, keep_default_na=False)
           for name in ("cohort", "findings", "agreement", "missing", "voice")
           if (folder / key / "tables" / f"{name}.csv").is_file()}
    titles = labels("cohort")
    for breakdown, caption in titles.items():
        rows = tables.get(caption)
        if rows is None:
            continue
        parts = [(key, breakdown, label) for label, _ in rows]
        for part, (_, value) in zip(parts, rows, strict=True):
            reader.cell(part, value)
        if breakdown == "cohort_group":  # not every case has a group
            parts.append((key, breakdown, "_rest"))
            grouped = sum((summary["cohort"].get("cohort_group") or {}).values())
            reader.rest(parts[-1], cases - grouped)
        reader.total((key, "cases"), parts)
        # the CSV lists the same categories, hidden alike
        mine = csv["cohort"][csv["cohort"]["Breakdown"] == breakdown_name(breakdown)]
        assert list(mine["Cases"]) == [value for _, value in rows], (key, breakdown)
        if breakdown != "age_band":  # summary.json gives ages in months
            truth = summary["cohort"].get(breakdown) or {}
            for code, value in zip(mine["Code"], mine["Cases"], strict=True):
                if read_cell(value)[1] is None:
                    assert int(value) == truth.get(code, 0), (key, breakdown, code)
    findings = {f["question"]: f for f in summary["findings"]}
    shown_csv = csv["findings"].set_index("Question")
    for caption, rows in tables.items():
        if not caption.endswith(": cases per outcome"):
            continue
        for question, *values in rows:
            counts = dict(zip(OUTCOME_COLUMNS.values(), values[:5], strict=True))
            rate, interval = values[5:]
            for (heading, name), value in zip(OUTCOME_COLUMNS.items(), counts.values(),
                                              strict=True):
                reader.cell((key, question, name), value)
                assert shown_csv.at[question, heading] == value, (key, question, name)
                if read_cell(value)[1] is None:
                    assert int(value) == findings[question][name], (key, question, name)
            if rate != "*":  # a rate is shown only with every count it comes from
                assert all(read_cell(counts[c])[1] is None for c in ("met", "partly",
                                                                     "not_met"))
            assert (rate == "*") == (shown_csv.at[question, "Met rate"] == "*")
            assert (interval == "*") == (shown_csv.at[question, "95% interval: from"] == "*")
            # the CSV also gives the number answered, which the reader now knows
            reader.cell((key, question, "answered"), shown_csv.at[question, "Answered"])
            reader.total((key, question, "answered"),
                         [(key, question, c) for c in ("met", "partly", "not_met")])
            # a question is answered (with any outcome) for at most every case
            reader.at_most([(key, question, c) for c in OUTCOME_COLUMNS.values()],
                           (key, "cases"))
    agreement = [list(r) for r in csv["agreement"][["Question", "Cases answered by 2+ agencies",
                                                      "Agreed", "Disagreed"]].to_numpy()]
    assert agreement == tables.get("Agreement between agencies", []), key
    for question, multi, agreed, disagreed in tables.get("Agreement between agencies", []):
        cells = [(key, "agreement", question, c) for c in ("multi", "agreed", "disagreed")]
        for cell, value in zip(cells, (multi, agreed, disagreed), strict=True):
            reader.cell(cell, value)
        reader.total(cells[0], cells[1:])
        # a disputed answer is one the agencies disagreed on; a case two agencies
        # answered has an outcome
        reader.at_most([(key, question, "disputed")], cells[2])
        reader.at_most([cells[0]], (key, question, "asked"))
        reader.total((key, question, "asked"),
                     [(key, question, c) for c in OUTCOME_COLUMNS.values()])
    heard = summary["voice"]["children_heard"]
    value = _heard_read(text)
    if value is not None:
        reader.cell((key, "heard"), value)
        reader.rest((key, "not heard"), cases - heard)
        reader.total((key, "cases"), [(key, "heard"), (key, "not heard")])
    for theme, *values in tables.get("What children talked about", []):
        assert all(int(v) >= K for v in values), (key, values)  # only themes of k+ children
        if value is not None:  # children who gave a theme were heard
            reader.cell((key, "theme", theme), values[-1])
            reader.at_most([(key, "theme", theme)], (key, "heard"))
    assert all(int(v) >= K for v in csv["voice"]["Children"]), key
    words = {label: measure for measure, label in labels("missing").items()}
    for caption in ("Missing episodes and return home interviews", "Stage 1 and 2 meetings",
                    "Return interview reports from placing authorities"):
        for label, value in tables.get(caption, []):
            measure = words[label]
            reader.cell((key, "m", measure), value)
            if not measure.startswith("_"):
                mine = csv["missing"].set_index("Code")
                assert mine.at[measure, "Number"] == value, (key, measure)
    if "missing" in csv:  # the rule texts' totals (a rest starting "_" is never in the CSV)
        for total, parts in MISSING_TOTALS.items():
            reader.total((key, "m", total), [(key, "m", p) for p in parts])
        # and what the rules say of the measures: a child who went missing is a case and
        # has an episode; a child due a stage 2 meeting is due a stage 1 meeting, after
        # 5 (then 9) episodes; an episode of a child placed in is an episode
        m = {name: (key, "m", name) for name in labels("missing")}
        rules = load_theme("mfh").rules
        for small, large in (("children", None), ("children", "episodes"),
                             ("stage1.due", "children"), ("stage2.due", "stage1.due"),
                             ("placed_in.requested", "placed_in.episodes"),
                             ("placed_in.episodes", "episodes")):
            reader.at_most([m[small]], m[large] if large else (key, "cases"))
        reader.at_most([m["stage1.due"], m["stage2.due"]], m["episodes"],
                       [rules.stage1_threshold, rules.stage2_threshold - rules.stage1_threshold])
    return text + "\n" + _read_brief(reader, folder, key)


def _read_brief(reader: Reader, folder, key: str) -> str:
    """The learning brief's text; the counts it states must read as the report's do."""
    soup = BeautifulSoup((folder / key / "learning-brief.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert "<img" not in str(soup), key
    text = page_text(soup)
    reader.cell((key, "cases"), _cases_read(text))
    reader.overdue_listed[key] = len([li for li in soup.select("ul.brief-recommendations li")
                                      if ", overdue" in li.get_text()])
    heard = _heard_read(text)
    if heard is not None:
        reader.cell((key, "heard"), heard)
    return text



def read_overview(reader: Reader, folder, titles: dict[str, str],
                   areas_of: dict[str, dict[str, list[str]]]):
    soup = BeautifulSoup((folder / OVERVIEW_KEY / "report.html").read_text(encoding="utf-8"),
                         "html.parser")
    text, tables = page_text(soup), page_tables(soup)
    audits = [titles[row[0]] for row in tables["Audits in this cycle"]]
    for row in tables["Audits in this cycle"]:
        reader.cell((titles[row[0]], "cases"), row[3])
    # the MFH rules, "20 of 45": each cell must read as the audit's own report reads it
    rules = tables["Missing-from-home rules kept, by audit"] if "2016-06-mfh" in audits else []
    assert rules or "2016-06-mfh" not in audits
    for title, _, rule, result, *_ in rules:
        kept, of = next(pair for pair in RULES if rule_names(72)[pair[0]] == rule)
        if result == "none due":
            reader.cell((titles[title], "m", of), "0")
            continue
        shown_kept, shown_of = result.split(" of ")
        reader.cell((titles[title], "m", kept), shown_kept)
        reader.cell((titles[title], "m", of), shown_of)
    found = re.search(r"The cycle covered \w+ audits and (\S+|fewer than \d) cases\.", text)
    if found:
        reader.cell("cycle cases", found.group(1) if found.group(1)[0].isdigit() else
                    (f"<{found.group(1)[-1]}" if found.group(1).startswith("fewer")
                     else str(count_words(found.group(1)))))
    else:
        assert "The number of cases in all is not given" in text
        reader.cell("cycle cases", "*")
    reader.total("cycle cases", [(a, "cases") for a in audits])
    for caption, rows in tables.items():
        question = re.sub(r" (Results side by side|\([a-z0-9-]+\))$", "", caption)
        if question == caption:
            continue
        for title, _, met, answered, *_ in rows:
            reader.cell((titles[title], question, "met"), met)
            reader.cell((titles[title], question, "answered"), answered)
    for area, title, _, met, answered, *_ in tables[CAPTION]:  # themes across audits
        if met or answered:  # blank where the audit's report does not publish them
            key = titles[title]
            area_figures(reader, key, area, met, answered, areas_of[key])
            reader.stated += 1
    recs = next(rows for caption, rows in tables.items() if caption.startswith("Recommend"))
    columns = ["recommendations", "Open", "In progress", "Done", "Dropped", "overdue",
               "loop_closed"]
    for title, *values in recs:
        for column, value in zip(columns, values, strict=True):
            reader.cell(("recs", title, column), value)
        if title in titles:  # as many overdue as the audit's brief lists, for any audience
            assert int(values[columns.index("overdue")]) == reader.overdue_listed[titles[title]]
        reader.total(("recs", title, "recommendations"),
                     [("recs", title, c) for c in columns[1:5]])
    for column in columns:
        reader.total(("recs", "All audits", column),
                     [("recs", title, column) for title, *_ in recs[:-1]])
    return text


def read_overview_tables(reader: Reader, folder, areas_of: dict[str, dict[str, list[str]]]):
    """The overview's tables beside it (``tables/*.csv``, the same cells as the sheets of
    its ``results.xlsx``): every count is read as the page's are, so each must read as
    the page reads it, and a rate is given only beside the counts it rests on."""
    tables = published_tables(folder / OVERVIEW_KEY, overview_specs())
    assert "areas" not in tables  # no pooled figures beside the questions' under a threshold
    for row in tables["audits"].to_dict("records"):
        reader.cell((row["Audit id"], "cases"), row["Cases"])
    of_measure = dict(RULES)
    for row in tables["rules"].to_dict("records") if "rules" in tables else []:
        reader.cell((row["Audit id"], "m", row["Rule code"]), row["Kept"])
        reader.cell((row["Audit id"], "m", of_measure[row["Rule code"]]), row["Out of"])
        assert row["Share"] == ""  # the page gives no share under a threshold
    for row in tables["comparison"].to_dict("records"):
        counts = [row["Met"], row["Answered"]]
        for column, value in zip(("met", "answered"), counts, strict=True):
            reader.cell((row["Audit id"], row["Question"], column), value)
        if row["Met rate"] != "*":
            assert all(read_cell(v)[1] is None for v in counts), row
    for row in tables["themes"].to_dict("records"):
        if row["Met"] or row["Answered"]:  # blank where the audit's report does not publish
            area_figures(reader, row["Audit id"], row["Finding area"], row["Met"],
                          row["Answered"], areas_of[row["Audit id"]])
        else:
            assert not row["Met rate"] and not row["95% interval: from"], row
    columns = overview_specs()["recommendations"].columns
    for row in tables["recommendations"].to_dict("records"):
        for column in columns:
            if column.kind == "count":
                reader.cell(("recs", row["Audit"], column.key), row[column.heading])
    return tables

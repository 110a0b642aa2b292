"""A published folder read back by a reader who knows the rule, and solved for what it hides.

The real batch runs the sample cycle with two tiny audits added (three cases, all on child
protection plans; fourteen cases, Female 8 / Male 5 / Other 1, 13 of 14 met on one
question, 12 of 14 children heard, 2 cases in no cohort group, seven missing episodes of
which two interviews were late), once for the public and once with ``suppress_below: 5``
(without the CSE sample). Every figure of every file in the published folder is
collected (HTML tables and sentences, CSVs and workbooks, the overview's too), with the
equations a reader
knows: each breakdown adds up to the number of cases (a breakdown not every case has,
and the children heard, leave an unknown rest), each findings row's answered = met +
partly + not met, each agreement row's total, the MFH measures' totals, the audits' cases
add up to the cycle's, and the overview's recommendations add up by row and to the
"All audits" row; and the inequalities the rules give (a question is answered for at most
every case, a disputed answer is one the agencies disagreed on, a case two agencies
answered has an outcome, a theme was given by children heard, the missing-from-home
measures' bounds). Each audit's list of recommendations is counted as a reader would,
and the overview's counts must read the same. A finding area's figures (the key
messages, the overview's themes across audits) are read with their equation: the sum of
the area's questions'. The brute-force reader of ``disclosure_reader.py`` then finds no
hidden small count (nor small unpublished rest) it can work out.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import CASES_HEADER, SAMPLE_AUDITS, write_audit
from disclosure_reader import UNKNOWN, K, published_tables, read_cell, settled

from cscp_analysis.analysis.deduction import SMALL
from cscp_analysis.analysis.disclosure import MISSING_TOTALS
from cscp_analysis.analysis.narrative import number_words, sentence_start
from cscp_analysis.batch.jobs import OVERVIEW_KEY
from cscp_analysis.batch.run import run_cycle
from cscp_analysis.contract.themes import load_theme
from cscp_analysis.report.cohort import breakdown_name
from cscp_analysis.report.display import labels
from cscp_analysis.report.overview_rules import RULES, rule_names
from cscp_analysis.report.tables import overview_specs, table_specs
from cscp_analysis.report.themes_across import CAPTION

THREE, FOURTEEN = "2023-01-three", "2023-02-fourteen"
#: the audits of each run: with the CSE sample (whose number of cases is hidden) the
#: cycle's total gives neither away; without it, the total would give the three cases
AUDITS = {"public": (*SAMPLE_AUDITS, THREE, FOURTEEN),
          "partnership": ("2016-06-mfh", "2022-09-neglect", THREE, FOURTEEN)}
OUTCOME_COLUMNS = {"Met": "met", "Partly met": "partly", "Not met": "not_met",
                   "Not applicable": "not_applicable", "Disputed": "disputed"}
BOUND = 60  # above every count of the cycle (46 MFH episodes)


def _tiny_audits(folder):
    judgement_header = ["case_id", "question_id", "answer", "agency", "comment"]
    three = write_audit(
        folder / THREE, {"id": THREE, "theme": "cse", "title": "A tiny audit",
                         "conducted": "2023-01"},
        cases=(CASES_HEADER, [[f"T{i}", "Cumberland", "CP", str(11 + i), "0", g]
                              for i, g in enumerate(("Female", "Male", "Female"), 1)]),
        judgements=(judgement_header, [[f"T{i}", q, a, "Panel", ""] for i in (1, 2, 3)
                                       for q, a in (("voice_heard", "Yes"), ("impact", "Good"))]),
        voice=(["case_id", "said", "consent_to_share", "tags"],
               [["T1", "They listened.", "Yes", "felt listened to"]]))
    genders = ["Female"] * 8 + ["Male"] * 5 + ["Other"]
    groups = ["Single episode"] * 7 + ["Multiple episodes"] * 5 + ["", ""]
    cases = [[f"F{i:02}", "Cumberland" if i <= 9 else "Westmorland and Furness",
              "CP" if i % 2 else "CIN", str(10 + i % 7), "0", genders[i - 1], groups[i - 1]]
             for i in range(1, 15)]
    impact = ["Yes"] * 7 + ["Partly"] * 4 + ["No"] * 3
    judgements = [[f"F{i:02}", "voice_heard", "Yes" if i < 14 else "No", "Panel", ""]
                  for i in range(1, 15)]
    judgements += [[f"F{i:02}", "plan_reduces_risk", impact[i - 1], "Panel", ""]
                   for i in range(1, 15)]
    for i in range(1, 7):  # two agencies answer; they disagree on one case, left disputed
        judgements += [[f"F{i:02}", "felt_listened_to", "Yes", "Police", ""],
                       [f"F{i:02}", "felt_listened_to", "No" if i == 6 else "Yes", "Health",
                        ""]]
    voice = [[f"F{i:02}", f"Something child {i} said.", "Yes" if i <= 6 else "No",
              "felt listened to" if i <= 6 else "school"] for i in range(1, 13)]
    # one episode each for seven children: five interviews within 72 hours, two later
    episodes = [[f"F{i:02}", "E1", "M", f"2023-01-0{i} 20:00", f"2023-01-0{i + 1} 08:00",
                 "Yes", "Yes", f"2023-01-{i + 2 if i <= 5 else i + 6:02} 10:00", "", ""]
                for i in range(1, 8)]
    fourteen = write_audit(
        folder / FOURTEEN, {"id": FOURTEEN, "theme": "mfh", "title": "A mid-sized audit",
                            "conducted": "2023-02"},
        cases=([*CASES_HEADER, "cohort_group"], cases),
        judgements=(judgement_header, judgements),
        voice=(["case_id", "said", "consent_to_share", "tags"], voice),
        episodes=(["case_id", "episode_id", "kind", "missing_from", "returned", "rhi_offered",
                   "rhi_accepted", "rhi_held", "placing_authority", "rhi_report_received"],
                  episodes))
    return three, fourteen


@pytest.fixture(scope="module", params=[("public", 0), ("partnership", 5)],
                ids=["public", "suppress_below_5"])
def published(request, tmp_path_factory):
    audience, below = request.param
    folder = tmp_path_factory.mktemp(f"disclosure-{audience}")
    _tiny_audits(folder)
    params = folder / "cycle.yaml"
    params.write_text(
        f"cycle: for-{audience}\ntitle: For {audience}\n"
        f"audits: [{', '.join(AUDITS[audience])}]\n"
        f"as_of: 2023-03-31\naudience: {audience}\nsuppress_below: {below}\n"
        "recommendations: sample\n", encoding="utf-8")
    run = run_cycle(params, out=folder / "outputs", jobs=2, timeout=600,
                    progress=lambda _msg: None)
    assert run.exit_code == 0, [(r.key, r.error) for r in run.failed]
    return run, AUDITS[audience]


# ---------------------------------------------------------------- reading a folder back

_WORDS = {**{number_words(n): n for n in range(200)}, **{sentence_start(n): n for n in range(100)}}


def _count_words(text: str) -> int:
    text = text.removeprefix("A total of ").strip()
    return int(text) if text.isdigit() else _WORDS[text]


class Reader:
    """Everything a reader of the folder knows: shown cells, hidden cells, equations."""

    def __init__(self):
        self.shown, self.hidden, self.equations, self.limits = {}, {}, [], []
        self.read: dict = {}  # each cell as first read, to check it reads alike everywhere
        self.lists = 0  # counts made from the lists of recommendations
        self.rests: dict = {}  # unknown rests with their true values
        self.stated = 0  # figures the key messages state
        self.overdue_listed: dict = {}  # each audit's recommendations its brief lists overdue

    def cell(self, key, text: str):
        text = " ".join(str(text).split())
        if key in self.read:
            assert self.read[key] == text, (key, self.read[key], text)
            return
        self.read[key] = text
        count, how = read_cell(text)
        self.hidden.pop(key, None)
        if how:
            self.hidden[key] = how
        else:
            self.shown[key] = count

    def rest(self, key, true_value: int):
        self.hidden.setdefault(key, UNKNOWN)
        self.rests[key] = true_value

    def total(self, total, parts):
        self.equations.append((total, tuple(parts)))
        for key in (total, *parts):
            if key not in self.shown and key not in self.hidden:
                self.hidden[key] = UNKNOWN  # implied, never published

    def at_most(self, parts, bound, weights=None):
        """The rules say sum(weight * part) <= bound (each weight 1 unless given)."""
        weights = weights or [1] * len(parts)
        terms = (*zip(parts, weights, strict=True), (bound, -1))
        self.limits.append(terms)
        for key, _ in terms:
            if key not in self.shown and key not in self.hidden:
                self.hidden[key] = UNKNOWN

    def targets(self):
        small = {c for c, how in self.hidden.items() if how == SMALL}
        return small | {c for c, v in self.rests.items() if 1 <= v < K}


def _tables(soup) -> dict[str, list[list[str]]]:
    out = {}
    for table in soup.find_all("table"):
        caption = " ".join(table.caption.get_text().split()) if table.caption else ""
        out[caption] = [[" ".join(td.get_text().split()) for td in tr.find_all("td")]
                        for tr in table.select("tbody tr")]
    return out


def _text(soup) -> str:
    return " ".join(html.unescape(soup.get_text(" ")).split())


def _cases_read(text: str) -> str:
    """The number of cases as the cohort sentence and the introduction state it."""
    found = re.search(r"(\S+(?: of \d+)?|Fewer than \d) cases were audited\.", text)
    if "The number of cases audited is not given" in text:
        assert "(how many is not given" in text and not found
        return "*"
    if found.group(1).startswith("Fewer than"):
        assert "looked at fewer than 5 cases" in text
        return f"<{found.group(1)[-1]}"
    return str(_count_words(found.group(1)))


def _heard_read(text: str) -> str | None:
    """How many children spoke to the auditors, as the page states it (None: not stated)."""
    said = re.search(r"(\S+|Fewer than \d|Some) children spoke to the auditors", text)
    if not said:
        return None
    if said.group(1) == "Some":
        return "*"
    if said.group(1).startswith("Fewer"):
        return f"<{said.group(1)[-1]}"
    return str(_count_words(said.group(1)))


#: The key messages' rule figures ("20 of 45 episodes") and the measures they state.
_RULE_FIGURES = (
    (r"held within \d+ hours: (\d+) of (\d+) episodes", ("rhi.within_72h", "rhi.due")),
    (r"stage 1 for (\d+) of (\d+) child", ("stage1.held", "stage1.due")),
    (r"stage 2 for (\d+) of (\d+) child", ("stage2.held", "stage2.due")),
    (r"reports received back for (\d+) of (\d+) reports",
     ("placed_in.reports_received", "placed_in.requested")))


def _areas(summary: dict) -> dict[str, list[str]]:
    """Each finding area's questions (their wording), from an audit's summary."""
    areas: dict[str, list[str]] = {}
    for f in summary["findings"]:
        areas.setdefault(f["finding_area"], []).append(f["question"])
    return areas


def _read_key_messages(reader: Reader, soup, key: str, summary: dict):
    """The figures the key messages state: each a cell of the findings or missing tables,
    or an area's, which is the sum of its questions' (an equation the reader knows)."""
    heading = soup.find("h2", string="Key messages")
    bullets = [" ".join(li.get_text(" ").split())
               for li in heading.find_next("ul")("li")]
    assert 1 <= len(bullets) <= 8, bullets
    areas = _areas(summary)
    questions = {q for members in areas.values() for q in members}
    for bullet in bullets:
        for label, met, answered in re.findall(
                r"([^;:]+?) \((\d+) of (\d+) (?:cases?|answers?) met the standard\)", bullet):
            label = label.strip()
            assert label in questions or label in areas, label
            if label in areas and label not in questions:
                _area_figures(reader, key, label, met, answered, areas)
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


def _read_audit(reader: Reader, folder, key: str, summary: dict):
    page = (folder / key / "report.html").read_text(encoding="utf-8")
    assert "<img" not in page, key
    soup = BeautifulSoup(page, "html.parser")
    text, tables = _text(soup), _tables(soup)
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
    text = _text(soup)
    reader.cell((key, "cases"), _cases_read(text))
    reader.overdue_listed[key] = len([li for li in soup.select("ul.brief-recommendations li")
                                      if ", overdue" in li.get_text()])
    heard = _heard_read(text)
    if heard is not None:
        reader.cell((key, "heard"), heard)
    return text


def _area_figures(reader: Reader, key: str, area: str, met: str, answered: str,
                  areas: dict[str, list[str]]):
    """An area's figures as stated: two cells, each the sum of its questions' (known)."""
    reader.cell((key, area, "met"), met)
    reader.cell((key, area, "answered"), answered)
    for column in ("met", "answered"):
        reader.total((key, area, column), [(key, q, column) for q in areas[area]])


def _read_overview(reader: Reader, folder, titles: dict[str, str],
                   areas_of: dict[str, dict[str, list[str]]]):
    soup = BeautifulSoup((folder / OVERVIEW_KEY / "report.html").read_text(encoding="utf-8"),
                         "html.parser")
    text, tables = _text(soup), _tables(soup)
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
                     else str(_count_words(found.group(1)))))
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
            _area_figures(reader, key, area, met, answered, areas_of[key])
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


def _read_overview_tables(reader: Reader, folder, areas_of: dict[str, dict[str, list[str]]]):
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
            _area_figures(reader, row["Audit id"], row["Finding area"], row["Met"],
                          row["Answered"], areas_of[row["Audit id"]])
        else:
            assert not row["Met rate"] and not row["95% interval: from"], row
    columns = overview_specs()["recommendations"].columns
    for row in tables["recommendations"].to_dict("records"):
        for column in columns:
            if column.kind == "count":
                reader.cell(("recs", row["Audit"], column.key), row[column.heading])
    return tables


# a small count before a noun it counts ("3 children", "four cases")
_SMALL_COUNT_WORDS = re.compile(
    r"(?<!stage )(?<!and )\b(?:[1-4]|one|two|three|four)\s+"
    r"(?:child|children|cases?|episodes?|answers?|interviews?|girls?|boys?|meetings?)\b", re.I)


def test_no_hidden_count_can_be_worked_out_from_the_published_folder(published):
    published, audits = published
    out, internal = published.out, published.internal
    reader = Reader()
    titles = {r.title: r.key for r in published.results}
    texts, areas_of = [], {}
    for key in audits:
        summary = json.loads((internal / key / "summary.json").read_text(encoding="utf-8"))
        areas_of[key] = _areas(summary)
        texts.append(_read_audit(reader, out, key, summary))
    texts.append(_read_overview(reader, out, titles, areas_of))
    overview_tables = _read_overview_tables(reader, out, areas_of)
    assert set(overview_tables) == {"audits", "themes", "rules", "recommendations",
                                    "comparison"}
    # the tiny audits as the issue found them: now nothing small can be solved
    assert reader.read[(THREE, "cases")] == "<5"
    assert reader.read[(THREE, "case_type", "Child Protection")] == "<5"
    assert [reader.read[(FOURTEEN, "gender", g)] for g in ("Female", "Male", "Other")] == [
        "*", "5", "<5"]
    assert reader.read[(FOURTEEN, "cases")] == "14"
    assert reader.read[(FOURTEEN, "heard")] == "*"  # 12 of 14: the 2 not heard stay unknown
    # beside the CSE audit's hidden number of cases the total gives nothing away (48 =
    # CSE + 3 + 40: CSE 5 to 7); without it, 43 - 40 would give the three cases
    assert reader.read["cycle cases"] == ("48" if "2016-06-cse" in audits else "*")
    assert reader.stated  # the key messages' figures were read, each as a published cell
    targets = reader.targets()
    assert len(targets) > 100 and len(reader.equations) > 80, (len(targets),
                                                                len(reader.equations))
    assert len(reader.limits) > 60, len(reader.limits)
    # the overview's recommendation counts are those a reader counts from the lists
    assert reader.lists == 7 * (len(audits) - 2)  # the tiny audits have none
    assert not settled(reader.shown, reader.hidden, reader.equations, BOUND, targets,
                       limits=reader.limits)
    # no small count in any table cell of any page (but the recommendations, counted
    # from their lists: actions, not children), any CSV, or any sentence
    for path in out.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for table in page("table"):  # recommendations count commitments, exactly
            if table.caption and table.caption.get_text().startswith("Recommendations by"):
                table.decompose()
        for cell in page("td"):
            value = cell.get_text().strip()
            assert not (value.isdigit() and 1 <= int(value) < K), (path, value)
    for folder in sorted(p for p in out.iterdir() if (p / "tables").is_dir()):
        overview = folder.name == OVERVIEW_KEY
        specs = overview_specs() if overview else table_specs()
        tables = published_tables(folder, specs)  # each sheet holds its CSV's cells
        assert sorted(p.name for p in (folder / "tables").glob("*.csv")) == sorted(
            [*(specs[name].file for name in tables), "dictionary.csv"]), folder
        for name, table in tables.items():
            if overview and name == "recommendations":  # commitments, counted exactly
                continue
            for column in (c.heading for c in specs[name].columns if c.kind == "count"):
                assert not any(v.isdigit() and 1 <= int(v) < K for v in table[column]), (
                    folder, name, column)
    for text in texts:
        assert not _SMALL_COUNT_WORDS.search(text), _SMALL_COUNT_WORDS.search(text)


def test_the_published_folder_holds_only_what_may_be_published(published):
    published, audits = published
    out = published.out
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert files == sorted(["index.html", *(f"{k}/report.{kind}" for k in (*audits, OVERVIEW_KEY)
                                            for kind in ("html", "pdf")),
                            *(f"{k}/learning-brief.{kind}" for k in audits
                              for kind in ("html", "pdf")),
                            *(f"{k}/results.xlsx" for k in (*audits, OVERVIEW_KEY)),
                            *(str(p.relative_to(out)) for p in out.glob("*/tables/*.csv"))])
    assert {p.parent.parent.name for p in out.glob("*/tables/*.csv")} == {*audits, OVERVIEW_KEY}
    # no chart under a threshold: the overview draws none, as no report does
    assert not list(out.glob("*/charts/*"))
    hrefs = [a["href"] for a in BeautifulSoup((out / "index.html").read_text(encoding="utf-8"),
                                              "html.parser").find_all("a")]
    assert f"{THREE}/report.html" in hrefs and f"{OVERVIEW_KEY}/report.html" in hrefs
    assert not [h for h in hrefs if h.endswith((".json", ".ipynb")) or "_internal" in h
                or "_failed" in h]
    for key in (*audits, OVERVIEW_KEY):  # exact counts for the analysts, apart
        assert (published.internal / key / f"{key}.ipynb").is_file()


def test_only_the_public_brief_calls_itself_the_one_for_publication(published):
    published, audits = published
    public = published.out.name == "for-public"
    for key in audits:
        page = BeautifulSoup((published.out / key / "learning-brief.html").read_text(
            encoding="utf-8"), "html.parser")
        closing = " ".join(page.find_all("p", class_="note")[-1].get_text().split())
        assert closing.startswith(
            "This is the learning brief for publication: counts from 1 to 4 are hidden."
            if public else "This is the Safeguarding Partnership's version of the learning "
            "brief, with counts from 1 to 4 hidden, and it is not for publication."), closing

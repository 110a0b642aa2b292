"""The sample cycle published for the disclosure tests, and a reader of what it shows.

The real batch runs the sample cycle with two tiny audits added (three cases, all on child
protection plans; fourteen cases, Female 8 / Male 5 / Other 1, 13 of 14 met on one
question, 12 of 14 children heard, 2 cases in no cohort group, seven missing episodes of
which two interviews were late), once for the public and once with ``suppress_below: 5``
(without the CSE sample): :func:`published_cycle`, run once per audience in a test
process and shared by the modules that read it (``test_disclosure_reader.py``,
``test_published_folder.py``). :class:`Reader` holds what a reader of the folder knows
(shown cells, hidden cells, equations, limits) for ``disclosure_reader.settled``;
``folder_reader.py`` fills it from the folder's pages and tables.
"""

from __future__ import annotations

import html

from conftest import CASES_HEADER, SAMPLE_AUDITS, write_audit
from disclosure_reader import UNKNOWN, K, read_cell

from cscp_analysis.analysis.deduction import SMALL
from cscp_analysis.analysis.narrative import number_words, sentence_start
from cscp_analysis.batch.run import run_cycle

THREE, FOURTEEN = "2023-01-three", "2023-02-fourteen"
#: the audits of each run: with the CSE sample (whose number of cases is hidden) the
#: cycle's total gives neither away; without it, the total would give the three cases
AUDITS = {"public": (*SAMPLE_AUDITS, THREE, FOURTEEN),
          "partnership": ("2016-06-mfh", "2022-09-neglect", THREE, FOURTEEN)}
#: The two runs: the public, and the partnership with ``suppress_below: 5``.
RUNS = [("public", 0), ("partnership", 5)]
RUN_IDS = ["public", "suppress_below_5"]


def tiny_audits(folder):
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


_published: dict = {}


def published_cycle(audience: str, below: int, tmp_path_factory):
    """The cycle run for ``audience`` with ``suppress_below: below`` (once per test process):
    the run and its audits."""
    if (audience, below) not in _published:
        folder = tmp_path_factory.mktemp(f"disclosure-{audience}")
        tiny_audits(folder)
        params = folder / "cycle.yaml"
        params.write_text(
            f"cycle: for-{audience}\ntitle: For {audience}\n"
            f"audits: [{', '.join(AUDITS[audience])}]\n"
            f"as_of: 2023-03-31\naudience: {audience}\nsuppress_below: {below}\n"
            "recommendations: sample\n", encoding="utf-8")
        run = run_cycle(params, out=folder / "outputs", jobs=2, timeout=600,
                        progress=lambda _msg: None)
        assert run.exit_code == 0, [(r.key, r.error) for r in run.failed]
        _published[audience, below] = run, AUDITS[audience]
    return _published[audience, below]


# ---------------------------------------------------------------- reading a folder back

_WORDS = {**{number_words(n): n for n in range(200)}, **{sentence_start(n): n for n in range(100)}}


def count_words(text: str) -> int:
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


def page_tables(soup) -> dict[str, list[list[str]]]:
    out = {}
    for table in soup.find_all("table"):
        caption = " ".join(table.caption.get_text().split()) if table.caption else ""
        out[caption] = [[" ".join(td.get_text().split()) for td in tr.find_all("td")]
                        for tr in table.select("tbody tr")]
    return out


def page_text(soup) -> str:
    return " ".join(html.unescape(soup.get_text(" ")).split())


def areas_of_summary(summary: dict) -> dict[str, list[str]]:
    """Each finding area's questions (their wording), from an audit's summary."""
    areas: dict[str, list[str]] = {}
    for f in summary["findings"]:
        areas.setdefault(f["finding_area"], []).append(f["question"])
    return areas


def area_figures(reader: Reader, key: str, area: str, met: str, answered: str,
                  areas: dict[str, list[str]]):
    """An area's figures as stated: two cells, each the sum of its questions' (known)."""
    reader.cell((key, area, "met"), met)
    reader.cell((key, area, "answered"), answered)
    for column in ("met", "answered"):
        reader.total((key, area, column), [(key, q, column) for q in areas[area]])

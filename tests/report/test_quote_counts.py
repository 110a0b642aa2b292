"""Quotes under a disclosure threshold: their number shows, the children heard stay hidden.

The full report lists every consented quote, so a reader can count them even where the
number of children heard is hidden. Two hand-made audits (docs/assumptions.md, "Quotes
under a threshold"): 8 cases and 3 children heard, 4 quotes (one child gave three, one
gave one, one gave none that may be shared); 14 cases and 12 children heard, 6 quotes
(three children two each, nine none shareable). What the quotes tell a reader, that at
least one child was heard, is given to the brute-force reader with everything else the
report shows; it works out neither the children heard nor those not heard.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from conftest import CASES_HEADER, write_audit
from disclosure_reader import UNKNOWN, K, read_cell, settled

from cscp_analysis import analyse, load_audit
from cscp_analysis.analysis.deduction import SMALL
from cscp_analysis.analysis.published import CASES, HEARD
from cscp_analysis.report.brief import BRIEF_QUOTES, voice_items
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.voice import voice_section

PUBLIC = ReportSettings("2023-03-31", "public")
JUDGEMENT_HEADER = ["case_id", "question_id", "answer", "agency", "comment"]
VOICE_HEADER = ["case_id", "said", "consent_to_share", "tags"]


def _audit(folder, cases: int, quotes_by_child: list[int], heard: int):
    """``cases`` alike (so no cohort count is small); the first ``heard`` children have a
    voice row each that may not be shared, child i also ``quotes_by_child[i]`` that may."""
    ids = [f"Q{i:02}" for i in range(1, cases + 1)]
    voice = [[ids[i], f"Not to be shared {i}.", "No", ""] for i in range(heard)]
    voice += [[ids[i], f"Shared words {i}-{n}.", "Yes", ""]
              for i, many in enumerate(quotes_by_child) for n in range(many)]
    write_audit(folder, {"id": "2023-05-quotes", "title": "Quotes audit",
                         "conducted": "2023-05"},
                cases=(CASES_HEADER, [[c, "Cumberland", "CP", "12", "0", "Female"]
                                      for c in ids]),
                judgements=(JUDGEMENT_HEADER, [[c, "voice_heard", "Yes", "Panel", ""]
                                               for c in ids]),
                voice=(VOICE_HEADER, voice))
    return analyse(load_audit(folder))


def _page_text(items) -> tuple[str, int]:
    page = BeautifulSoup("".join(getattr(i, "data", "") for i in items), "html.parser")
    return " ".join(page.get_text(" ").split()), len(page("blockquote"))


def _nothing_worked_out(results, quotes: int) -> None:
    """The reader: the number of cases and the children heard as shown, cases = heard +
    not heard, and from ``quotes`` quotes: at least one child heard (1 - heard <= 0)."""
    counts = results.shown(K)["counts"].set_index("measure")["value"]
    shown, hidden = {"one": 1}, {"not heard": UNKNOWN}
    for key in (CASES, HEARD):
        count, how = read_cell(counts[key])
        if how:
            hidden[key] = how
        else:
            shown[key] = count
    assert HEARD in hidden  # the case this test is about
    limits = [(("one", 1), (HEARD, -1))] if quotes else []
    targets = [HEARD] if hidden[HEARD] == SMALL else []
    if 1 <= len(results.audit.cases) - results.children_heard < K:
        targets.append("not heard")  # a small rest is protected too
    assert targets
    assert not settled(shown, hidden, [(CASES, (HEARD, "not heard"))], 40, targets,
                       limits=limits)


def test_quotes_beside_a_small_hidden_number_heard(tmp_path):
    results = _audit(tmp_path / "a", cases=8, quotes_by_child=[3, 1, 0], heard=3)
    assert (results.children_heard, len(results.voice)) == (3, 4)
    assert results.shown_count(K, HEARD) == "<5"
    text, quotes = _page_text(voice_section(results, PUBLIC))
    assert quotes == 4  # every consented quote, so their number is visible ...
    assert "Fewer than 5 children spoke to the auditors." in text
    assert "four" not in text.lower() and " 4 " not in text  # ... but never stated
    assert "Not to be shared" not in text
    _nothing_worked_out(results, quotes)


def test_quotes_beside_a_number_heard_hidden_to_protect_those_not_heard(tmp_path):
    results = _audit(tmp_path / "b", cases=14, quotes_by_child=[2, 2, 2], heard=12)
    assert (results.children_heard, len(results.voice)) == (12, 6)
    # 12 heard of 14 shown would tell that 2 were not: the 12 is hidden (0 or 5 and more)
    assert results.shown_count(K, HEARD) == "*"
    text, quotes = _page_text(voice_section(results, PUBLIC))
    assert quotes == 6 and "six" not in text.lower()
    # the quotes rule out 0, so the reader knows at least 5 were heard: 0 to 9 not heard
    _nothing_worked_out(results, quotes)


def test_the_brief_shows_at_most_three_quotes_and_no_count_of_them(tmp_path):
    results = _audit(tmp_path / "c", cases=8, quotes_by_child=[3, 1, 0], heard=3)
    text, quotes = _page_text(voice_items(results, PUBLIC))
    assert quotes == BRIEF_QUOTES == 3
    assert text.startswith("What children told the auditors Fewer than 5 children spoke")
    assert "Shared words 0-0." in text and "Shared words 1-0." not in text  # the first three

"""The Key messages section: what it says for hand-made audits, exact and disclosure-controlled."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from conftest import CASES_HEADER, write_audit

from cscp_analysis.analysis.results import analyse
from cscp_analysis.io.bundled import bundled_recommendations
from cscp_analysis.report import wording
from cscp_analysis.report.key_messages import key_messages_section
from cscp_analysis.report.settings import ReportSettings

EXACT = ReportSettings("2023-03-31")
PUBLIC = ReportSettings("2023-03-31", "public")
JUDGEMENTS = ["case_id", "question_id", "answer", "agency", "comment"]


def _bullets(items) -> list[str]:
    assert BeautifulSoup(items[0].data, "html.parser").get_text() == "Key messages"
    soup = BeautifulSoup(items[1].data, "html.parser")
    return [" ".join(li.get_text().split()) for li in soup("li")]


def _audit(tmp_path, n: int, answers, **meta):
    cases = [[f"C{i}", "Cumberland", "CP", "12", "", "Female"] for i in range(1, n + 1)]
    return analyse(write_audit(tmp_path / "audit", meta, cases=(CASES_HEADER, cases),
                               judgements=(JUDGEMENTS, answers)))


def test_one_case_no_learning_no_log_reads_as_no_clear_signal(tmp_path):
    results = _audit(tmp_path, 1, [["C1", "voice_heard", "No", "Panel", ""],
                                   ["C1", "impact", "Good", "Panel", ""]])
    assert _bullets(key_messages_section(results, EXACT)) == [
        "No finding area or question was clearly below 60% met or clearly above 80%: at this "
        "sample size the 95% intervals are too wide to tell, so there is no clear signal "
        "either way (each question's figures are under Key findings).",
        "Awaiting action: no disputed answer awaits the panel."]


def test_a_question_wholly_below_is_listed_with_its_figure(tmp_path):
    # explained_to_child: 0 of 5 (0 to 43%) is to improve; its area, Voice of the Child, pools
    # it with voice_heard 5 of 5: 5 of 10 (24% to 76%), not flagged; voice_heard 5 of 5 is
    # 57% to 100%, not above 80%. Two agencies disagree on C1's rat_completed: disputed.
    answers = [[f"C{i}", q, a, "Panel", ""] for i in range(1, 6)
               for q, a in (("explained_to_child", "No"), ("voice_heard", "Yes"))]
    answers += [["C1", "rat_completed", "Yes", "Police", ""],
                ["C1", "rat_completed", "No", "Health", ""]]
    results = _audit(tmp_path, 5, answers)
    bullets = _bullets(key_messages_section(results, EXACT))
    assert bullets == [
        "To improve (met clearly less than 60% of the time: the whole 95% interval is below "
        "it): Were actions and decisions explained to the child? (0 of 5 cases met the "
        "standard).",
        "No finding area or question was clearly above 80% met at this sample size.",
        "Awaiting action: one answer disputed between agencies awaits the panel."]


def test_all_met_reads_as_working_well_by_area(tmp_path):
    # 20 cases all met on one question: 20 of 20 is 84% to 100%, wholly above 80%; the
    # question is the whole of its area, so the area is listed (once)
    results = _audit(tmp_path, 20, [[f"C{i}", "impact", "Good", "Panel", ""]
                                    for i in range(1, 21)])
    assert _bullets(key_messages_section(results, EXACT))[:2] == [
        "No finding area or question was clearly below 60% met at this sample size.",
        "Working well (met clearly more than 80% of the time: the whole 95% interval is above "
        "it): Impact (20 of 20 answers met the standard)."]


def test_the_missing_rules_and_overdue_recommendations_in_words():
    results = analyse("2016-06-mfh", recommendations=bundled_recommendations(),
                      as_of="2023-03-31")
    block = results.missing_block
    bullets = _bullets(key_messages_section(results, EXACT))
    rhi, stage1, stage2 = block["rhi"], block["stage1"], block["stage2"]
    assert (f"Return home interviews held within 72 hours: {rhi['within_72h']} of "
            f"{rhi['due']} episodes that had ended.") in bullets
    assert (f"Stage meetings held when due: stage 1 for {stage1['held']} of {stage1['due']} "
            f"children; stage 2 for {stage2['held']} of {stage2['due']} child.") in bullets
    placed = block["placed_in"]
    assert ("Children placed here by other authorities: return interview reports received "
            f"back for {placed['reports_received']} of {placed['requested']} reports "
            "requested.") in bullets
    status = results.recommendation_status
    overdue, made = int(status["overdue"].sum()), len(status)
    assert bullets[-1].endswith(wording.overdue_phrase(overdue, made, "2023-03-31") + ".")


def test_overdue_and_disputed_in_words():
    assert wording.overdue_phrase(2, 4, "2023-03-31") == (
        "two of the four recommendations made after this audit are overdue on 31 March 2023")
    assert wording.overdue_phrase(1, 1, "2023-03-31") == (
        "the recommendation made after this audit is overdue on 31 March 2023")
    assert wording.overdue_phrase(0, 3, "2023-03-31") == (
        "no recommendation is overdue on 31 March 2023")
    assert wording.overdue_phrase("<5", None, "2023-03-31") == (
        "fewer than 5 recommendations are overdue on 31 March 2023")
    assert wording.disputed_phrase(3) == "three answers disputed between agencies await the panel"
    assert wording.of_phrase(0, 1, "child", "children") == "0 of 1 child"


#: The bullet that says, under a threshold, what the report hides is not judged.
UNJUDGED = ("Finding areas and questions whose counts this version of the report hides are "
            "not judged here, either way.")


def test_for_the_public_only_hidden_counts_bring_the_not_judged_bullet(tmp_path):
    # 20 cases all Good on impact: 20 of 20 (84% to 100%) is working well, and every count
    # of the findings table is 0 or 20, so nothing is hidden: nothing goes unjudged
    impact = [[f"C{i}", "impact", "Good", "Panel", ""] for i in range(1, 21)]
    shown = _bullets(key_messages_section(_audit(tmp_path / "a", 20, impact), PUBLIC))
    assert shown[:2] == [
        "No finding area or question was clearly below 60% met at this sample size.",
        "Working well (met clearly more than 80% of the time: the whole 95% interval is above "
        "it): Impact (20 of 20 answers met the standard)."]
    assert UNJUDGED not in shown


def test_the_not_judged_bullet_never_tells_whether_a_hidden_count_would_be_flagged(tmp_path):
    # as above, and three cases answer voice_heard: its met and answered counts (3) are
    # hidden. Three of three not met (0% to 56%) would be flagged to improve, three of
    # three met (44% to 100%) would not: the public reads the same words either way
    impact = [[f"C{i}", "impact", "Good", "Panel", ""] for i in range(1, 21)]
    said = {}
    for answer in ("No", "Yes"):
        voice = [[f"C{i}", "voice_heard", answer, "Panel", ""] for i in range(1, 4)]
        results = _audit(tmp_path / answer, 20, impact + voice)
        said[answer] = _bullets(key_messages_section(results, PUBLIC))
        assert UNJUDGED not in _bullets(key_messages_section(results, EXACT))
    assert said["No"] == said["Yes"]
    assert said["No"][:3] == [
        "Among the figures this version of the report shows, no finding area or question was "
        "clearly below 60% met at this sample size.",
        "Working well (met clearly more than 80% of the time: the whole 95% interval is above "
        "it): Impact (20 of 20 answers met the standard).",
        UNJUDGED]


# a count from 1 to 4, as a figure or in words
SMALL = re.compile(r"\b(?:[1-4]|one|two|three|four)\b", re.I)


def test_for_the_public_no_small_count_and_only_published_figures():
    for name in ("2016-06-cse", "2016-06-mfh", "2022-09-neglect"):
        results = analyse(name, recommendations=bundled_recommendations(), as_of="2023-03-31")
        bullets = _bullets(key_messages_section(results, PUBLIC))
        # the figures stated (the panel's own words are input text, quoted as written)
        said = " ".join(b for b in bullets if "in the panel's own words" not in b)
        # recommendations count commitments, not children: exact (the test above)
        said = re.sub(r"[^;]*recommendations? (?:made after this audit )?(?:is|are) overdue",
                      "", said)
        # the only digits left are the levels, the rule's hours, the date and the threshold
        for number in re.findall(r"\d+", said.replace("31 March 2023", "")):
            assert number in {"60", "80", "72", "5"} or int(number) >= 5, (name, number)
        assert not SMALL.search(said.replace("stage 1", "").replace("stage 2", "")), (name,
                                                                                     said)
        shown = results.shown(5)
        missing = dict(zip(shown["missing"]["measure"], shown["missing"]["value"],
                           strict=True)) if "missing" in shown else {}
        for part, whole in re.findall(r"(\d+) of (\d+)", said):
            # a stated figure is a pair of published cells
            assert (part, whole) in {(str(missing.get(p)), str(missing.get(w))) for p, w in (
                ("rhi.within_72h", "rhi.due"), ("stage1.held", "stage1.due"),
                ("stage2.held", "stage2.due"),
                ("placed_in.reports_received", "placed_in.requested"))} | {
                (str(m), str(n)) for m, n in zip(shown["findings"]["met"],
                                                 shown["findings"]["answered"], strict=True)}


def test_overdue_recommendations_are_exact_for_the_public():
    """Two of the MFH sample's four recommendations (R06 in progress, due January 2017;
    R07 open, due December 2016) are overdue on 31 March 2023: said so for the public
    too, as the brief and report list each one with its status (docs/assumptions.md)."""
    results = analyse("2016-06-mfh", recommendations=bundled_recommendations(),
                      as_of="2023-03-31")
    assert _bullets(key_messages_section(results, PUBLIC))[-1].endswith(
        "two of the four recommendations made after this audit are overdue on 31 March 2023.")

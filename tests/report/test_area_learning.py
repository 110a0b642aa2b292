"""Each finding area's section: the panel's learning, the recommendations answering the area
and the actions taken; the audit-wide lines in the key messages and at the end."""

from __future__ import annotations

from bs4 import BeautifulSoup
from conftest import CASES_HEADER, write_audit, write_csv

from cscp_analysis.analysis.results import analyse
from cscp_analysis.report.findings import findings_section
from cscp_analysis.report.key_messages import key_messages_section
from cscp_analysis.report.settings import ReportSettings

SETTINGS = ReportSettings("2023-03-31")
LEARNING = [
    ["Voice of the Child", "Working well", "<b>Kept</b> visiting, week after week.", ""],
    ["Voice of the Child", "To improve", "Decisions were seldom explained.", ""],
    ["Voice of the Child", "Practitioner feedback", "Schools want to be asked.", ""],
    ["Voice of the Child", "Action taken", "A leaflet was sent to schools.", "2016-09-01"],
    ["Plans", "To improve", "Plans did not name the risk.", ""],
    ["", "Working well", "Every agency took part.", ""],
    ["", "To improve", "Disputes took long to settle.", ""],
    ["", "Practitioner feedback", "The tool took too long.", ""],
    ["", "Action taken", "The findings went to the Business Group.", "2016-10-03"],
]
RECS = ["rec_id", "audit_id", "finding_area", "recommendation", "owner", "agreed_on", "due_by",
        "status", "fed_back_on"]


def _results(tmp_path, learning=LEARNING):
    tables = {"cases": (CASES_HEADER, [["C1", "Cumberland", "CP", "12", "", "Female"],
                                       ["C2", "Cumberland", "CIN", "9", "", "Male"]]),
              "judgements": (["case_id", "question_id", "answer", "agency", "comment"],
                             [["C1", "voice_heard", "Yes", "Panel", ""],
                              ["C2", "plan_shared", "No", "Panel", ""]])}
    if learning is not None:
        tables["learning"] = (["finding_area", "kind", "text", "on"], learning)
    folder = write_audit(tmp_path / "audit", **tables)
    log = write_csv(tmp_path / "recommendations.csv", RECS, [
        ["R1", "2016-06-cse", "Voice of the Child", "Explain decisions to children", "CSC",
         "2016-07-01", "2016-12-31", "Open", ""],
        ["R2", "2016-06-cse", "Plans", "Name the risk in every plan", "Police",
         "2016-07-01", "2024-01-01", "Done", "2017-01-10"],
        ["R3", "2016-06-cse", "", "Report back to the Business Group", "Subgroup",
         "2016-07-01", "", "Open", ""]])
    return analyse(folder, recommendations=log, as_of="2023-03-31")


def _sections(items) -> dict[str, BeautifulSoup]:
    """Each h3 section of the Key findings, as its own soup."""
    page = "\n".join(getattr(i, "data", "<figure></figure>") for i in items)
    parts, title = {}, None
    for chunk in page.split("<h3 "):
        if title is None and not parts and not chunk.startswith("id="):
            parts[None] = chunk
            title = ""
            continue
        soup = BeautifulSoup("<h3 " + chunk, "html.parser")
        parts[soup.h3.get_text()] = soup
    return parts


def _text(soup) -> str:
    return " ".join(soup.get_text(" ").split())


def test_each_area_shows_its_learning_recommendations_and_actions(tmp_path):
    sections = _sections(findings_section(_results(tmp_path), SETTINGS))
    voice = sections["Voice of the Child"]
    said = _text(voice)
    assert ("The panel's learning , in its own words: Working well: “<b>Kept</b> visiting, "
            "week after week.” To improve: “Decisions were seldom explained.” Practitioner "
            "feedback: “Schools want to be asked.”") in said
    assert voice.find("b") is None  # input text is text
    table = voice.find("table")
    assert table.caption.get_text() == "Voice of the Child: recommendations as of 31 March 2023"
    assert [td.get_text() for td in table.tbody("td")] == [
        "Explain decisions to children", "CSC", "31 December 2016", "Open", "Overdue", "No"]
    assert "Actions taken , as the panel recorded them: 1 September 2016: “A leaflet was sent " \
           "to schools.”" in said
    plans = sections["Plans"]
    assert "Plans did not name the risk." in _text(plans)
    assert [td.get_text() for td in plans.find("table").tbody("td")] == [
        "Name the risk in every plan", "Police", "1 January 2024", "Done", "", "Yes"]
    # another area's lines and the audit-wide ones are not in this area
    assert "Plans did not" not in said and "Every agency" not in said
    whole = _text(sections["The audit as a whole"])
    assert "Practitioner feedback: “The tool took too long.”" in whole
    assert "3 October 2016: “The findings went to the Business Group.”" in whole
    assert "Every agency took part" not in whole  # that is a key message


def test_the_audit_wide_lines_are_key_messages_in_the_panels_words(tmp_path):
    items = key_messages_section(_results(tmp_path), SETTINGS)
    bullets = [" ".join(li.get_text().split())
               for li in BeautifulSoup(items[1].data, "html.parser")("li")]
    assert bullets[-2:] == [
        "Working well, in the panel's own words: “Every agency took part.”",
        "To improve, in the panel's own words: “Disputes took long to settle.”"]


def test_without_learning_the_areas_show_only_their_figures_and_recommendations(tmp_path):
    results = _results(tmp_path, learning=None)
    sections = _sections(findings_section(results, SETTINGS))
    assert "The audit as a whole" not in sections
    assert "panel's learning" not in _text(sections["Voice of the Child"])
    assert sections["Voice of the Child"].find("table") is not None
    bullets = BeautifulSoup(key_messages_section(results, SETTINGS)[1].data,
                            "html.parser")("li")
    assert "panel's own words" not in " ".join(li.get_text() for li in bullets)

"""What the published folder of a disclosure-controlled cycle holds, what its learning
briefs say they are, and that their key messages say what is hidden is not judged: the
cycle of ``published_folder.py``, run for the public and with ``suppress_below: 5``."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from disclosure_reader import read_cell
from published_folder import RUN_IDS, RUNS, THREE, published_cycle

from cscp_analysis.batch.jobs import OVERVIEW_KEY
from cscp_analysis.report.tables import table_specs


@pytest.fixture(scope="module", params=RUNS, ids=RUN_IDS)
def published(request, tmp_path_factory):
    return published_cycle(*request.param, tmp_path_factory)


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


#: The key messages' bullet saying that what this version hides is not judged.
UNJUDGED = ("Finding areas and questions whose counts this version of the report hides are "
            "not judged here, either way.")


def test_key_messages_say_what_is_hidden_is_not_judged_only_where_something_is(published):
    """In the report and the brief, exactly when the published findings table hides a
    question's met or answered count (so that question and its area went unjudged)."""
    published, audits = published
    columns = {c.key: c.heading for c in table_specs()["findings"].columns}
    said_for = {}
    for key in audits:
        findings = pd.read_csv(published.out / key / "tables" / "findings.csv",
                               encoding="utf-8-sig", dtype=str, keep_default_na=False)
        hidden = any(read_cell(v)[0] is None for name in ("met", "answered")
                     for v in findings[columns[name]])
        for page in ("report.html", "learning-brief.html"):
            soup = BeautifulSoup((published.out / key / page).read_text(encoding="utf-8"),
                                 "html.parser")
            bullets = [" ".join(li.get_text(" ").split()) for li in
                       soup.find("h2", string="Key messages").find_next("ul")("li")]
            assert (UNJUDGED in bullets) == hidden, (key, page, hidden, bullets)
        said_for[key] = hidden
    # every audit of these runs hides some count (each says so); that an audit with
    # nothing hidden has no such bullet: tests/report/test_key_messages_section.py
    assert any(said_for.values()), said_for

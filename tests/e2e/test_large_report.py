"""A generated audit of 300 children through the real batch: the report stays a sane size.

The timeline and its table draw at most ``CHILDREN_DRAWN`` children (see
tests/report/test_timeline.py for the figures); here the published pages are checked:
their size, every image's alt text, and the sentence that says who is not drawn.
(``benchmarks/bench_large_report.py`` times the same at 100,000 episodes.)
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from cscp_analysis.batch.jobs import OVERVIEW_KEY
from cscp_analysis.batch.run import run_cycle
from cscp_analysis.report.settings import CHILDREN_DRAWN
from cscp_analysis.samples.large import write_large_mfh_audit

CHILDREN, EPISODES = 300, 3000
AUDIT = f"large-mfh-{EPISODES}"  # the id write_large_mfh_audit gives


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("large-run")
    write_large_mfh_audit(root / "audit", CHILDREN, EPISODES, seed=4)
    params = root / "cycle.yaml"
    params.write_text("cycle: large\ntitle: A large synthetic audit\naudits:\n  - audit\n"
                      "as_of: 2023-03-31\n", encoding="utf-8")
    run = run_cycle(params, out=root / "outputs", jobs=2, timeout=300,
                    progress=lambda _msg: None)
    assert run.exit_code == 0
    return root / "outputs" / "large"


@pytest.mark.parametrize("key", [AUDIT, OVERVIEW_KEY])
def test_reports_are_bounded_and_alt_text_names_no_child(published, key):
    page = (published / key / "report.html").read_bytes()
    assert len(page) < 1_500_000, f"{key}: {len(page)} bytes"
    images = BeautifulSoup(page, "html.parser").find_all("img")
    assert images
    for image in images:
        alt = image.get("alt", "")
        assert 10 < len(alt) <= 600, alt
        assert not re.search(r"Child \d", alt), alt


def test_the_report_says_how_many_children_are_not_drawn(published):
    soup = BeautifulSoup((published / AUDIT / "report.html").read_bytes(), "html.parser")
    text = " ".join(soup.get_text(" ").split())
    drawn = CHILDREN_DRAWN
    assert (f"show the {drawn} children with the most missing episodes, numbered Child 1 to "
            f"Child {drawn} in the order of their first episode. A further "
            f"{CHILDREN - drawn} children (") in text
    assert any(image.get("alt", "").endswith(f" {CHILDREN - drawn} more children are not "
                                             "drawn.") for image in soup.find_all("img"))
    # the table of stage meetings names no child beyond the cap (the numbers are pseudonyms)
    cells = {td.get_text() for td in soup.find_all("td") if re.fullmatch(r"Child \d+",
                                                                          td.get_text())}
    assert cells and cells <= {f"Child {n}" for n in range(1, drawn + 1)}

"""Where a cycle's files go: a folder that may be published, and one for exact counts."""

from __future__ import annotations

from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.index import write_index
from cscp_analysis.batch.jobs import JobResult
from cscp_analysis.batch.layout import cycle_folders, placements


def _cycle(audience="business_group", suppress_below=0) -> Cycle:
    return Cycle(name="c1", title="C", audits=(), as_of="2023-03-31", audience=audience,
                 suppress_below=suppress_below)


def test_internal_audiences_keep_everything_together(tmp_path):
    folders = cycle_folders(_cycle(), tmp_path)
    assert folders.public == folders.internal == tmp_path / "c1"
    assert not folders.separate
    # suppress_below 1 hides nothing: still exact counts, still one folder
    assert not cycle_folders(_cycle(suppress_below=1), tmp_path).separate


def test_public_and_suppressed_cycles_keep_exact_counts_apart(tmp_path):
    for cycle in (_cycle("public"), _cycle("partnership", 5)):
        folders = cycle_folders(cycle, tmp_path)
        assert folders.public == tmp_path / "c1"
        assert folders.internal == tmp_path / "_internal" / "c1"


def test_a_finished_folder_is_split_before_publishing(tmp_path):
    staged = tmp_path / "stage" / "a1"
    (staged / "tables").mkdir(parents=True)
    for name in ("report.html", "a1.ipynb", "summary.json", "tables/cohort.csv"):
        (staged / name).write_text("x", encoding="utf-8")
    folders = cycle_folders(_cycle("public"), tmp_path / "out")
    pairs = placements(staged, "a1", folders)
    internal = tmp_path / "stage" / "a1.internal"
    assert pairs == [(internal, folders.internal / "a1"), (staged, folders.public / "a1")]
    assert sorted(p.name for p in staged.iterdir()) == ["report.html", "tables"]
    assert sorted(p.name for p in internal.iterdir()) == ["a1.ipynb", "summary.json"]
    together = cycle_folders(_cycle(), tmp_path / "out")
    assert placements(staged, "a1", together) == [(staged, together.public / "a1")]


def test_the_index_links_no_summary_where_none_is_published(tmp_path):
    (tmp_path / "a1" / "tables").mkdir(parents=True)
    (tmp_path / "a1" / "report.html").write_text("x", encoding="utf-8")
    (tmp_path / "a1" / "tables" / "cohort.csv").write_text("x", encoding="utf-8")
    page = write_index(_cycle("public"), [JobResult("a1", "A", ok=True, seconds=1.0)],
                       tmp_path).read_text(encoding="utf-8")
    assert 'href="a1/report.html"' in page and 'href="a1/tables/cohort.csv"' in page
    assert "summary.json" not in page and ".ipynb" not in page and "_internal" not in page


def test_failed_runs_are_kept_apart_for_every_audience(tmp_path):
    for cycle in (_cycle(), _cycle("public"), _cycle("partnership", 5)):
        assert cycle_folders(cycle, tmp_path).private == tmp_path / "_internal" / "c1"

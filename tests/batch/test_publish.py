"""Publishing: a report folder replaced whole, never half-written."""

from __future__ import annotations

from cscp_analysis.batch.publish import publish


def test_publish_replaces_a_report_folder_whole(tmp_path):
    final = tmp_path / "out" / "a1"
    final.mkdir(parents=True)
    (final / "report.html").write_text("old")
    (final / "stale.csv").write_text("old")
    staging = tmp_path / "stage" / "a1"
    staging.mkdir(parents=True)
    (staging / "report.html").write_text("new")
    publish(staging, final)
    assert sorted(p.name for p in final.iterdir()) == ["report.html"]
    assert (final / "report.html").read_text() == "new"
    assert not staging.exists()
    assert sorted(p.name for p in final.parent.iterdir()) == ["a1"]

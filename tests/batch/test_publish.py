"""Publishing: a report folder replaced whole, never half-written, whatever fails when."""

from __future__ import annotations

import errno
import itertools
import os
from pathlib import Path

import pytest
from faults import ERRORS, Crash, Faults, snapshot, write_tree

from cscp_analysis.batch import publish as publish_module
from cscp_analysis.batch.claim import clear_leftovers
from cscp_analysis.batch.layout import CycleFolders
from cscp_analysis.batch.publish import has_report, publish, publish_all, swap, write_file

OLD = {"report.html": "old report", "tables/cohort.csv": "old cohort", "stale.csv": "old"}
NEW = {"report.html": "new report", "tables/cohort.csv": "new cohort"}
OLD_INTERNAL = {"a1.ipynb": "old notebook", "summary.json": "old summary"}
NEW_INTERNAL = {"a1.ipynb": "new notebook", "summary.json": "new summary"}
STRATEGIES = ["exchange", "renames"] if publish_module._renameat2 else ["renames"]


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


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_swap_exchanges_two_folders(tmp_path, monkeypatch, strategy):
    if strategy == "renames":
        monkeypatch.setattr(publish_module, "_renameat2", None)
    a = write_tree(tmp_path / "a", {"f": "A"})
    b = write_tree(tmp_path / "b", {"f": "B", "g": "B"})
    swap(a, b)
    assert snapshot(a) == {"f": "B", "g": "B"} and snapshot(b) == {"f": "A"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_the_exchange_is_one_atomic_step_where_linux_has_it(tmp_path, monkeypatch):
    if not publish_module._renameat2:
        pytest.skip("no renameat2 on this system")
    calls = []
    for name in ("rename", "replace"):
        monkeypatch.setattr(os, name, lambda *a, _n=name: calls.append(_n))
    a = write_tree(tmp_path / "a", {"f": "A"})
    b = write_tree(tmp_path / "b", {"f": "B"})
    swap(a, b)
    assert calls == [] and snapshot(b) == {"f": "A"}


def _setup(tmp_path, pairs: str):
    """Staged and final folders: 'replace' (one earlier report), 'first' (none yet) or
    'split' (a public and an internal half, both with earlier versions)."""
    out, stage = tmp_path / "out", tmp_path / "stage"
    public, internal = out / "c1", out / "_internal" / "c1"
    staged = write_tree(stage / "a1", NEW)
    if pairs == "first":
        public.mkdir(parents=True)
        return [(staged, public / "a1")], {public / "a1": (None, NEW)}, (public,)
    write_tree(public / "a1", OLD)
    if pairs == "replace":
        return [(staged, public / "a1")], {public / "a1": (OLD, NEW)}, (public,)
    staged_internal = write_tree(stage / "a1.internal", NEW_INTERNAL)
    write_tree(internal / "a1", OLD_INTERNAL)
    return ([(staged_internal, internal / "a1"), (staged, public / "a1")],
            {internal / "a1": (OLD_INTERNAL, NEW_INTERNAL), public / "a1": (OLD, NEW)},
            (public, internal))


def _folders(tmp_path) -> CycleFolders:
    out = tmp_path / "out"
    return CycleFolders(out / "c1", out / "_internal" / "c1")


def _only_reports(folders) -> list[str]:
    """Whatever is left in the cycle folders besides report folders."""
    return [p.name for f in folders for p in f.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("pairs", ["replace", "first", "split"])
def test_a_fault_at_any_step_of_publishing_leaves_a_whole_report(tmp_path, monkeypatch,
                                                                 strategy, pairs):
    faults = Faults(monkeypatch, exchange=strategy == "exchange")
    counted = _setup(tmp_path / "count", pairs)[0]
    faults.arm(None)
    publish_all(counted)
    steps = faults.calls
    assert steps >= 4
    raised = 0
    for at, error in itertools.product(range(1, steps + 1), ERRORS):
        case = tmp_path / f"{at}-{errno.errorcode[error]}"
        todo, expect, roots = _setup(case, pairs)
        faults.arm(at, error)
        try:
            publish_all(todo)
        except OSError as exc:
            assert exc.errno == error
            state = 0  # refused: every final folder is its earlier self
            raised += 1
        else:
            state = 1  # absorbed (a clean-up that can wait, a move that copied instead)
        faults.arm(None)
        for final, versions in expect.items():
            assert snapshot(final) == versions[state], (at, error, final)
        assert not (case / "stage" / "a1").exists()
        clear_leftovers(_folders(case), ["a1"])  # the next run
        assert _only_reports(roots) == [], (at, error)
        for final, versions in expect.items():
            assert snapshot(final) == versions[state], (at, error, final)
    assert raised >= 3  # the renames that publish cannot do without did fail it


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("pairs", ["replace", "first", "split"])
def test_a_crash_at_any_step_of_publishing_loses_no_report(tmp_path, monkeypatch, strategy,
                                                           pairs):
    """Killed at any operation: with the exchange every final folder is whole at that
    instant; with plain renames the next run puts a report set aside back."""
    faults = Faults(monkeypatch, exchange=strategy == "exchange")
    counted = _setup(tmp_path / "count", pairs)[0]
    faults.arm(None)
    publish_all(counted)
    steps = faults.calls
    missing_at_crash = between = 0
    torn_at: set[Path] = set()

    def torn(case: Path) -> bool:
        return case in torn_at

    for at in range(1, steps + 1):
        case = tmp_path / str(at)
        todo, expect, roots = _setup(case, pairs)
        faults.arm(at, crash=True)
        with pytest.raises(Crash):
            publish_all(todo)
        faults.arm(None)
        if pairs == "split" and [snapshot(f) == new for f, (_, new) in expect.items()] == [
                True, False]:
            torn_at.add(case)  # killed between the halves' swaps: internal new, public old
        for final, (old, new) in expect.items():
            now = snapshot(final)
            if strategy == "exchange" or now is not None or old is None:
                assert now in (old, new), (at, final, now)
            else:
                missing_at_crash += 1
        clear_leftovers(_folders(case), ["a1"])
        assert _only_reports(roots) == [], at
        for final, (old, new) in expect.items():
            assert snapshot(final) in (old, new), (at, final)
            if old is not None:
                assert snapshot(final) is not None, (at, final)
        # the two halves of a report come from one run: both old or both new
        assert len({snapshot(f) == new for f, (_, new) in expect.items()}) == 1, at
        between += pairs == "split" and torn(case)
    if strategy == "renames" and pairs != "first":
        assert missing_at_crash >= 1  # the window the exchange closes, and recovery covers
    if pairs == "split":
        assert between >= 1  # killed between the two swaps at least once, and finished


def test_a_publish_whose_undo_fails_is_finished_by_the_next_run(tmp_path, monkeypatch):
    """The public half's swap fails, and so does undoing the internal half's: the halves
    differ until the next run finishes the publish from the journal left for it."""
    todo, expect, roots = _setup(tmp_path, "split")
    real = publish_module.swap
    calls = []

    def failing(a, b):
        calls.append(b)
        if len(calls) > 1:  # the public half's swap, then the undo of the internal one's
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(a, b)

    monkeypatch.setattr(publish_module, "swap", failing)
    with pytest.raises(OSError):
        publish_all(todo)
    monkeypatch.setattr(publish_module, "swap", real)
    internal, public = expect
    assert calls == [internal, public, internal]
    assert snapshot(internal) == NEW_INTERNAL and snapshot(public) == OLD
    left = sorted(p.name.split("-")[0] for f in roots for p in f.iterdir() if p.name[0] == ".")
    assert left == [".incoming", ".incoming", ".journal"]  # the new halves and the journal
    said = clear_leftovers(_folders(tmp_path), ["a1"])
    assert snapshot(internal) == NEW_INTERNAL and snapshot(public) == NEW
    assert said == [f"finished publishing {public} (a run was stopped between the swaps of "
                    "a report's halves)"]
    assert _only_reports(roots) == []


def test_write_file_leaves_the_earlier_file_whole_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "index.html"
    target.write_text("earlier", encoding="utf-8")
    faults = Faults(monkeypatch)
    faults.arm(None)
    write_file(tmp_path / "counted.html", "x" * 10)
    steps = faults.calls
    assert steps == 2  # open the temporary file, rename it over the target
    (tmp_path / "counted.html").unlink()
    for at, error in itertools.product(range(1, steps + 1), ERRORS):
        faults.arm(at, error)
        with pytest.raises(OSError):
            write_file(target, "the new page")
        faults.arm(None)
        assert target.read_text(encoding="utf-8") == "earlier"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


def test_write_file_removes_a_half_written_file_when_the_disk_fills(tmp_path, monkeypatch):
    target = tmp_path / "index.html"
    target.write_text("earlier", encoding="utf-8")
    real = Path.write_text

    def half_then_full(self, text, *args, **kwargs):
        real(self, text[: len(text) // 2], *args, **kwargs)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_text", half_then_full)
    with pytest.raises(OSError) as raised:
        write_file(target, "the new page")
    assert raised.value.errno == errno.ENOSPC
    assert target.read_text(encoding="utf-8") == "earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


def test_has_report_is_false_for_a_name_too_long_to_look_up(tmp_path):
    assert has_report(tmp_path / ("a" * 300)) is False
    write_tree(tmp_path / "a1", {"report.html": "x"})
    assert has_report(tmp_path / "a1") is True and has_report(tmp_path / "a2") is False

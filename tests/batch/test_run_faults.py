"""The batch under faults: a job that fails at any step is reported and the others publish.

The scheduler, publishing, the index and the clean-up are real; the notebooks are not:
``build_job`` is replaced by one that writes a report folder as the real one would (or
fails at a chosen step), so each case takes a fraction of a second. The real notebooks
meet a publishing fault in ``tests/e2e/test_cycle_run.py``.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import PARAMS
from faults import ERRORS, snapshot, write_tree

from cscp_analysis.batch import publish as publish_module
from cscp_analysis.batch import run as run_module
from cscp_analysis.batch.claim import CycleInUse, claim_cycle
from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.execute import build_job
from cscp_analysis.batch.failed import FAILED_DIR, step
from cscp_analysis.batch.inputs import check_cycle
from cscp_analysis.batch.jobs import OVERVIEW_KEY, Job
from cscp_analysis.batch.layout import cycle_folders
from cscp_analysis.batch.run import failure_report, run_cycle
from cscp_analysis.logs import LOG_DIR

AUDITS = ("2016-06-cse", "2016-06-mfh", "2022-09-neglect")
KEYS = (*AUDITS, OVERVIEW_KEY)
SECRET = "C01 said the secret"  # in every injected error's message: it must never show
#: The steps of a job, as build_job names them, and publishing (run._finish).
STEPS = ("preparing the audit", "running the notebook", "saving the notebook",
         "converting to HTML", "writing the report")


@pytest.fixture(scope="module")
def inputs():
    return check_cycle(PARAMS)


class FakeBuild:
    """Writes each job's folder as build_job does; fails ``fail[key]`` = (step, errno)."""

    def __init__(self, version: str, fail: dict[str, tuple[str, int]] | None = None):
        self.version = version
        self.fail = fail or {}

    def __call__(self, job: Job, staging: Path, timeout, cycle, recommendations=None,
                 printer=None):
        broken, code = self.fail.get(job.key, (None, 0))
        for name in STEPS:
            with step(name):
                if name == broken:
                    raise OSError(code, SECRET)
                if name == "preparing the audit":
                    staging.mkdir(parents=True, exist_ok=True)
                if name == "saving the notebook":
                    write_tree(staging, {f"{job.key}.ipynb": f"{self.version} notebook"})
                    if job.audit is not None:
                        write_tree(staging, {"summary.json": f"{self.version} summary",
                                             "tables/cohort.csv": f"{self.version} cohort"})
                if name == "writing the report":
                    write_tree(staging, {"report.html": f"{self.version} report"})


def _run(tmp_path, monkeypatch, inputs, build, audience="business_group", progress=None,
         suppress_below=0):
    cycle = dataclasses.replace(inputs.cycle, audience=audience, suppress_below=suppress_below)
    monkeypatch.setattr(run_module, "check_cycle",
                        lambda *a, **k: dataclasses.replace(inputs, cycle=cycle))
    monkeypatch.setattr(run_module, "build_job", build)
    return run_cycle(PARAMS, out=tmp_path / "out", jobs=2, timeout=60,
                     progress=progress or (lambda _msg: None))


def _links(run) -> list[str]:
    page = (run.out / "index.html").read_text(encoding="utf-8")
    return [a["href"] for a in BeautifulSoup(page, "html.parser").find_all("a", href=True)]


def _check_published(run, good: dict[str, str]) -> None:
    """Every report in ``good`` is whole (its version's files) and linked; the index links
    nothing that is missing, nothing private, nothing with dots in front."""
    links = _links(run)
    for href in links:
        assert (run.out / href).is_file(), href
        assert not re.search(r"(^|/)[._]", href), href
    for key, version in good.items():
        files = snapshot(run.out / key)
        assert files["report.html"] == f"{version} report", key
        if key != OVERVIEW_KEY and "tables/cohort.csv" in files:
            assert files["tables/cohort.csv"] == f"{version} cohort", key
        assert f"{key}/report.html" in links, key
    assert not [p for p in run.out.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("audience", ["business_group", "public"])
def test_a_fault_at_any_step_of_one_job_leaves_the_others_published(tmp_path, monkeypatch,
                                                                    inputs, audience):
    """Each step of one audit's job (and its publishing) fails with EIO, ENOSPC and
    ENAMETOOLONG in turn, after a good earlier run: the earlier report stays whole and
    linked, the failure is one line with no data, the other reports are this run's."""
    injected = handled = 0
    real_swap = publish_module.swap
    target = "2016-06-mfh"
    for name in (*STEPS, "publishing"):
        for code in ERRORS:
            case = tmp_path / f"{name.split()[0]}-{errno.errorcode[code]}"
            first = _run(case, monkeypatch, inputs, FakeBuild("old"), audience)
            assert first.exit_code == 0
            if name == "publishing":
                def failing_swap(a, b, _code=code):
                    if b.name == target:
                        raise OSError(_code, SECRET)
                    return real_swap(a, b)

                monkeypatch.setattr(publish_module, "swap", failing_swap)
                build = FakeBuild("new")
            else:
                build = FakeBuild("new", {target: (name, code)})
            injected += 1
            run = _run(case, monkeypatch, inputs, build, audience)
            monkeypatch.setattr(publish_module, "swap", real_swap)
            result = {r.key: r for r in run.results}
            assert [r.key for r in run.failed] == [target], (name, code)
            reason = result[target].error
            assert reason == (f"OSError {errno.errorcode[code]} ({os.strerror(code)}) "
                              f"while {name}"), reason
            assert SECRET not in failure_report(run) and "C01" not in reason
            assert result[target].kept_earlier and run.exit_code == 1
            _check_published(run, {target: "old", **{k: "new" for k in KEYS if k != target}})
            page = (run.out / "index.html").read_text(encoding="utf-8")
            assert "1 of 4 reports failed in this run." in page
            assert "the report linked is the last good one" in page
            log = run.failed_dir / f"{target}.log"
            assert log.is_file() and run.failed_dir.parent.name == run.out.name
            assert run.failed_dir.parent.parent.name == "_internal"
            assert FAILED_DIR not in [p.name for p in run.out.iterdir()]
            handled += 1
    assert injected == handled == 18


def test_a_name_too_long_for_the_file_system_fails_only_its_job(tmp_path, monkeypatch, inputs):
    """A 300-character key (the file system's limit is 255 bytes): the real build_job
    meets ENAMETOOLONG; the job is reported and the others publish."""
    long_key = "a" * 300
    real_plan = run_module.plan_jobs

    def plan(inputs, notebooks):
        jobs = real_plan(inputs, notebooks)
        return [*jobs, dataclasses.replace(jobs[0], key=long_key, title="Long")]

    fake = FakeBuild("new")
    monkeypatch.setattr(run_module, "plan_jobs", plan)
    run = _run(tmp_path, monkeypatch, inputs,
               lambda job, *a, **k: (build_job if job.key == long_key else fake)(job, *a, **k))
    result = {r.key: r for r in run.results}
    assert [r.key for r in run.failed] == [long_key]
    assert result[long_key].error == ("OSError ENAMETOOLONG (File name too long) while "
                                      "preparing the audit")
    assert result[long_key].not_kept.startswith("OSError ENAMETOOLONG")
    assert run.exit_code == 1
    _check_published(run, dict.fromkeys(KEYS, "new"))
    assert "its traceback could not be kept (OSError ENAMETOOLONG" in failure_report(run)


def test_a_full_disk_while_keeping_a_failure_does_not_stop_the_run(tmp_path, monkeypatch,
                                                                   inputs):
    real_write = publish_module.write_file

    def full(target, text):
        if target.suffix == ".log":
            raise OSError(errno.ENOSPC, SECRET)
        return real_write(target, text)

    monkeypatch.setattr("cscp_analysis.batch.failed.write_file", full)
    run = _run(tmp_path, monkeypatch, inputs,
               FakeBuild("new", {"2016-06-cse": ("converting to HTML", errno.EIO)}))
    result = {r.key: r for r in run.results}
    assert [r.key for r in run.failed] == ["2016-06-cse"]
    assert result["2016-06-cse"].not_kept == "OSError ENOSPC (No space left on device)"
    assert [p.name for p in result["2016-06-cse"].kept] == ["2016-06-cse.ipynb"]
    assert not result["2016-06-cse"].kept_earlier
    _check_published(run, {k: "new" for k in KEYS if k != "2016-06-cse"})
    assert "2016-06-cse/report.html" not in _links(run)
    assert SECRET not in failure_report(run)


def test_a_full_disk_when_writing_the_index_keeps_the_earlier_index(tmp_path, monkeypatch,
                                                                    inputs):
    first = _run(tmp_path, monkeypatch, inputs, FakeBuild("old"))
    earlier = (first.out / "index.html").read_bytes()
    real = Path.write_text

    def full(self, text, *args, **kwargs):
        if self.name.startswith(".index.html"):
            real(self, text[:100], *args, **kwargs)
            raise OSError(errno.ENOSPC, SECRET)
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    run = _run(tmp_path, monkeypatch, inputs, FakeBuild("new"))
    assert run.failed == [] and run.index_error == "OSError ENOSPC (No space left on device)"
    assert run.exit_code == 1
    assert (run.out / "index.html").read_bytes() == earlier
    _check_published(run, dict.fromkeys(KEYS, "new"))
    assert "index.html could not be written (OSError ENOSPC" in failure_report(run)


def test_the_next_run_clears_what_an_interrupted_run_left(tmp_path, monkeypatch, inputs):
    first = _run(tmp_path, monkeypatch, inputs, FakeBuild("old"), audience="public")
    out, private = first.out, first.failed_dir.parent
    # a run killed while swapping 2016-06-mfh: its earlier report set aside, the new
    # one not yet in; and every other kind of leftover
    os.replace(out / "2016-06-mfh", out / ".outgoing-0a1b2c-2016-06-mfh")
    write_tree(out / ".incoming-0a1b2c-2016-06-mfh", {"report.html": "half"})
    write_tree(out / ".incoming-9f9f9f-2016-06-cse", {"report.html": "old copy"})
    write_tree(private / ".staging-4242" / "2016-06-cse", {"report.html": "half"})
    write_tree(private / ".outgoing-77-2016-06-cse", {"a.ipynb": "aside"})
    write_tree(out, {".index.html-1234.tmp": "half", FAILED_DIR + "/2016-06-cse.log": "old"})
    write_tree(first.failed_dir, {"dropped-audit.log": "stale", "2016-06-cse.log": "newer"})
    seen = []
    # 2016-06-mfh fails this time, so what is linked for it is the report put back
    run = _run(tmp_path, monkeypatch, inputs, FakeBuild(
        "new", {"2016-06-mfh": ("running the notebook", errno.EIO)}), "public", seen.append)
    assert any("put back the earlier" in line and "2016-06-mfh" in line for line in seen)
    _check_published(run, {"2016-06-mfh": "old",
                           **{k: "new" for k in KEYS if k != "2016-06-mfh"}})
    assert sorted(p.name for p in out.iterdir()) == sorted([*KEYS, "index.html"])
    assert not [p for p in private.iterdir() if p.name.startswith(".") and p.name != ".lock"]
    # only the latest failure of each job: cse's old failures went with its success,
    # the dropped audit's with it; mfh's is this run's
    assert sorted(p.name for p in run.failed_dir.iterdir()) == ["2016-06-mfh.log"]


def test_failed_keeps_only_the_latest_failure_of_each_job(tmp_path, monkeypatch, inputs):
    with_notebook = FakeBuild("one", {"2016-06-cse": ("converting to HTML", errno.EIO)})
    first = _run(tmp_path, monkeypatch, inputs, with_notebook)
    assert sorted(p.name for p in first.failed_dir.iterdir()) == [
        "2016-06-cse.ipynb", "2016-06-cse.log"]
    # this failure comes before any notebook: the earlier notebook must not stay beside it
    second = _run(tmp_path, monkeypatch, inputs,
                  FakeBuild("two", {"2016-06-cse": ("preparing the audit", errno.ENOSPC)}))
    assert sorted(p.name for p in second.failed_dir.iterdir()) == ["2016-06-cse.log"]
    assert f"[Errno {errno.ENOSPC}]" in (second.failed_dir / "2016-06-cse.log").read_text(
        encoding="utf-8")
    third = _run(tmp_path, monkeypatch, inputs, FakeBuild("three"))
    assert list(third.failed_dir.iterdir()) == [] and third.exit_code == 0


def test_a_second_run_of_a_cycle_waits_for_the_first(tmp_path, monkeypatch, inputs):
    cycle = Cycle(name=inputs.cycle.name, title="t", audits=(), as_of="2023-03-31")
    folders = cycle_folders(cycle, tmp_path / "out")
    with claim_cycle(folders, []), pytest.raises(CycleInUse, match="another run"):
        _run(tmp_path, monkeypatch, inputs, FakeBuild("new"))
    assert not (tmp_path / "out" / inputs.cycle.name / "index.html").exists()
    assert not list(folders.private.glob(".staging-*"))
    # once it is released the cycle runs
    assert _run(tmp_path, monkeypatch, inputs, FakeBuild("new")).exit_code == 0


# ------------------------------------------------------------- a change of audience

MFH = "2016-06-mfh"


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("earlier", [("business_group", 0), ("partnership", 3)])
def test_a_public_rerun_publishes_no_earlier_report_made_for_another_audience(
        tmp_path, monkeypatch, inputs, earlier):
    """Last run for internal readers (exact counts beside each report), or under a lower
    threshold; rerun for the public with 2016-06-mfh failing: its earlier report leaves
    the published folder, whole, for the internal one, and is not linked."""
    audience, k = earlier
    first = _run(tmp_path, monkeypatch, inputs, FakeBuild("old"), audience, suppress_below=k)
    out = first.out
    private = out.parent / "_internal" / out.name
    write_tree(out, {f"{FAILED_DIR}/{MFH}.log": "old traceback"})  # kept there by old versions
    seen: list[str] = []
    run = _run(tmp_path, monkeypatch, inputs,
               FakeBuild("new", {MFH: ("running the notebook", errno.EIO)}), "public", seen.append)
    assert [r.key for r in run.failed] == [MFH] and not run.failed[0].kept_earlier
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["index.html", *(k for k in KEYS if k != MFH)])
    for key in KEYS:
        if key != MFH:
            assert _files(out / key) == (["report.html"] if key == OVERVIEW_KEY else
                                         ["report.html", "tables/cohort.csv"]), key
    _check_published(run, {k: "new" for k in KEYS if k != MFH})
    assert not [h for h in _links(run) if MFH in h]
    assert f"moved the earlier {MFH} report out of {out} to {private} (it was made for " \
           "another audience)" in seen
    # kept whole for the analysts, and this run's failure beside the internal files
    assert snapshot(private / MFH) == {"report.html": "old report", f"{MFH}.ipynb": "old notebook",
                                       "summary.json": "old summary",
                                       "tables/cohort.csv": "old cohort"}
    assert sorted(p.name for p in (private / FAILED_DIR).iterdir()) == [f"{MFH}.log"]
    # the next public run keeps the reports of the same threshold that it does not replace
    again = _run(tmp_path, monkeypatch, inputs,
                 FakeBuild("third", {"2016-06-cse": ("running the notebook", errno.EIO)}),
                 "public")
    _check_published(again, {"2016-06-cse": "new", MFH: "third"})
    assert snapshot(private / "2016-06-cse") == {"2016-06-cse.ipynb": "new notebook",
                                                 "summary.json": "new summary"}


def test_an_internal_rerun_after_a_public_run_joins_each_report_with_its_exact_files(
        tmp_path, monkeypatch, inputs):
    first = _run(tmp_path, monkeypatch, inputs, FakeBuild("old"), "public")
    out, private = first.out, first.failed_dir.parent
    assert snapshot(private / MFH) == {f"{MFH}.ipynb": "old notebook",
                                       "summary.json": "old summary"}
    run = _run(tmp_path, monkeypatch, inputs,
               FakeBuild("new", {MFH: ("running the notebook", errno.EIO)}), "business_group")
    assert [r.key for r in run.failed] == [MFH] and run.failed[0].kept_earlier
    _check_published(run, {MFH: "old", **{k: "new" for k in KEYS if k != MFH}})
    # the internal audiences' layout: every report whole in the one folder
    assert snapshot(out / MFH) == {"report.html": "old report", "tables/cohort.csv": "old cohort",
                                   f"{MFH}.ipynb": "old notebook", "summary.json": "old summary"}
    assert f"{MFH}/summary.json" in _links(run)
    assert snapshot(out / "2016-06-cse")["summary.json"] == "new summary"
    assert sorted(p.name for p in private.iterdir()) == [".lock", FAILED_DIR, "_published.json",
                                                          LOG_DIR]  # the runs' log files


def test_a_report_that_cannot_be_moved_out_is_not_linked_and_moved_by_the_next_run(
        tmp_path, monkeypatch, inputs):
    first = _run(tmp_path, monkeypatch, inputs, FakeBuild("old"))
    out = first.out
    real = os.replace
    injected = []

    def failing(source, target, *args, **kwargs):
        if Path(source) == out / MFH:
            injected.append(source)
            raise OSError(errno.EIO, SECRET)
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing)
    run = _run(tmp_path, monkeypatch, inputs,
               FakeBuild("new", {MFH: ("running the notebook", errno.EIO)}), "public")
    monkeypatch.setattr(os, "replace", real)
    assert len(injected) == 1 and [r.key for r in run.failed] == [MFH]
    assert (out / MFH / "summary.json").is_file()  # still there: the move failed
    assert not run.failed[0].kept_earlier and not [h for h in _links(run) if MFH in h]
    _check_published(run, {k: "new" for k in KEYS if k != MFH})
    private = out.parent / "_internal" / out.name
    assert not (private / "_published.json").exists()
    again = _run(tmp_path, monkeypatch, inputs,
                 FakeBuild("third", {MFH: ("running the notebook", errno.EIO)}), "public")
    assert not (out / MFH).exists() and snapshot(private / MFH)["report.html"] == "old report"
    _check_published(again, {k: "third" for k in KEYS if k != MFH})

"""The Makefile's two ways of getting Debian's chromium, run for real with a PATH arranged.

``make test`` needs chromium for the browser tests: its ``browser`` target installs it or
fails. ``make report`` only wants it for the PDFs: its ``pdf-browser`` target tries the
same install and never fails; without chromium it says why in one line and the run goes
on (the run warns and publishes the HTML reports without PDFs). Here ``make`` runs in a
temporary folder with a PATH of stubs only: no chromium, and an ``apt-get`` and ``sudo``
that record their call and fail (nothing is installed).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

MAKE = shutil.which("make")
FAILING = "#!/bin/sh\necho \"$0 $*\" >> \"{log}\"\necho 'E: no network here' >&2\nexit 100\n"


def _prerequisites(target: str) -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(rf"^{target}:([^#\n]*)", text, re.MULTILINE)
    assert found, f"the Makefile has no {target} target"
    return found.group(1).split()


def _make(tmp_path: Path, target: str, stubs: dict[str, str],
          **variables: str) -> subprocess.CompletedProcess:
    """``make <target>`` in ``tmp_path`` with only ``stubs`` on the PATH (and the
    environment ``variables``)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name, script in stubs.items():
        stub = bin_dir / name
        stub.write_text(script.format(log=tmp_path / "calls.log"), encoding="utf-8")
        stub.chmod(0o755)
    (tmp_path / ".venv").mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("CSCP_CHROMIUM", "MAKEFLAGS",
                                                            "MFLAGS", "MAKELEVEL")}
    env.update(variables, PATH=str(bin_dir))
    command = [MAKE, "--no-print-directory", "-f", str(ROOT / "Makefile"), "-C", str(tmp_path),
               target]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def _calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_report_tries_the_soft_install_and_test_the_one_that_must_succeed():
    assert "pdf-browser" in _prerequisites("report")
    assert "browser" not in _prerequisites("report")
    assert "browser" in _prerequisites("test")


def test_without_chromium_a_failed_install_is_one_line_and_make_goes_on(tmp_path):
    done = _make(tmp_path, "pdf-browser", {"apt-get": FAILING, "sudo": FAILING})
    assert done.returncode == 0, done.stderr
    # apt-get was tried (as root: no sudo; as another user: sudo -n, which fails first)
    assert _calls(tmp_path) and all("apt-get update" in c or "sudo -n" in c
                                    for c in _calls(tmp_path))
    said = done.stdout.splitlines()
    problem = [line for line in said if "Could not install chromium" in line]
    assert len(problem) == 1 and "published without PDFs" in problem[0]
    # apt-get's own words go to the log, not to the screen
    assert "no network" not in done.stdout + done.stderr
    if os.geteuid() == 0:
        assert "apt-get failed" in problem[0]
        assert "no network" in (tmp_path / ".venv" / "chromium-install.log").read_text()


def test_without_apt_get_it_says_so_and_tries_nothing(tmp_path):
    done = _make(tmp_path, "pdf-browser", {"sudo": FAILING})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Could not install chromium for the PDFs (no apt-get, not a Debian system): the "
        "reports will be published without PDFs."]
    assert _calls(tmp_path) == []


@pytest.mark.parametrize("present", ["chromium", "CSCP_CHROMIUM"])
def test_with_a_chromium_nothing_is_installed_or_said(tmp_path, present):
    stubs = {"apt-get": FAILING, "sudo": FAILING}
    variables = {}
    if present == "chromium":
        stubs["chromium"] = "#!/bin/sh\nexit 0\n"
    else:  # the Chromium or Chrome the user chose: the run prints with it
        variables["CSCP_CHROMIUM"] = "/opt/chrome/chrome"
    done = _make(tmp_path, "pdf-browser", stubs, **variables)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    assert _calls(tmp_path) == []


def test_the_test_suites_install_still_fails_when_it_cannot_install(tmp_path):
    done = _make(tmp_path, "browser", {"apt-get": FAILING, "sudo": FAILING})
    assert done.returncode != 0
    assert _calls(tmp_path)

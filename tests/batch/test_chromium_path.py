"""Which Chromium the batch prints PDFs with (batch/pdf.py chromium_path): the one named,
else Debian's, else one on the PATH, else Edge or Chrome where they install themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from cscp_analysis.batch import pdf


def _program(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """A machine with no browser: no CSCP_CHROMIUM, no Debian chromium, an empty PATH and
    no browser in the usual places (each test then adds one)."""
    monkeypatch.delenv(pdf.CHROMIUM_ENV, raising=False)
    monkeypatch.setattr(pdf, "DEFAULT_CHROMIUM", str(tmp_path / "usr-bin" / "chromium"))
    monkeypatch.setattr(pdf, "USUAL_BROWSERS", (str(tmp_path / "edge" / "msedge.exe"),
                                                str(tmp_path / "chrome" / "chrome.exe")))
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    return tmp_path


def test_with_no_browser_it_is_debians_path_which_the_run_then_names(machine):
    assert pdf.chromium_path() == machine / "usr-bin" / "chromium"


def test_the_one_named_comes_first_even_if_it_is_missing(machine, monkeypatch):
    _program(machine / "usr-bin", "chromium")
    monkeypatch.setenv(pdf.CHROMIUM_ENV, str(machine / "mine" / "chrome"))
    assert pdf.chromium_path() == machine / "mine" / "chrome"


def test_debians_comes_before_one_on_the_path(machine):
    _program(machine / "bin", "google-chrome")
    debian = _program(machine / "usr-bin", "chromium")
    assert pdf.chromium_path() == debian


def test_one_on_the_path_in_the_order_listed(machine):
    _program(machine / "bin", "msedge")
    chromium_browser = _program(machine / "bin", "chromium-browser")
    assert pdf.chromium_path() == chromium_browser
    assert pdf.PATH_BROWSERS.index("chromium-browser") < pdf.PATH_BROWSERS.index("msedge")


def test_edge_where_windows_installs_it_when_nothing_else_is_there(machine):
    (machine / "chrome").mkdir()
    edge = _program(machine / "edge", "msedge.exe")
    assert pdf.chromium_path() == edge

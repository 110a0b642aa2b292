"""Children's data cannot reach git: .gitignore and the pre-commit guard agree."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from check_no_data import main, refused  # noqa: E402

REFUSED = ["data/2024-03-neglect/cases.csv", "tools/police.xlsx", "returned/health.xlsx",
           "private/lookup.csv", "notes/export.CSV", "outputs/x/tables/findings.csv",
           "docs/audit.xlsm"]
ALLOWED = ["src/cscp_analysis/samples/data/2016-06-cse/cases.csv", "tests/fixtures/x.xlsx",
           "src/cscp_analysis/io/load.py", "docs/data-contract.md"]


@pytest.mark.parametrize("path", REFUSED)
def test_guard_refuses_data_paths(path):
    assert refused(path)


@pytest.mark.parametrize("path", ALLOWED)
def test_guard_allows_code_samples_and_tests(path):
    assert refused(path) is None


def test_guard_exit_code_and_message(capsys):
    assert main(ALLOWED) == 0
    assert main(["private/lookup.csv", "README.md"]) == 1
    assert "private/lookup.csv: not committed" in capsys.readouterr().err


@pytest.mark.parametrize("path", REFUSED)
def test_gitignore_ignores_what_the_guard_refuses(path):
    done = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "--no-index", path],
                          check=False)
    assert done.returncode == 0, f"{path} is not git-ignored"


@pytest.mark.parametrize("path", ALLOWED[:2])
def test_gitignore_keeps_samples_and_test_data(path):
    done = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "-q", "--no-index", path],
                          check=False)
    assert done.returncode == 1, f"{path} is git-ignored"

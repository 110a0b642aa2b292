"""What a report was produced from: input fingerprints, library versions, the code's commit."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from cscp_analysis import __version__

#: Libraries whose versions a report's run details record.
KEY_LIBRARIES = (
    "pandas", "numpy", "pyarrow", "scipy", "matplotlib", "papermill", "nbconvert", "ipykernel",
)


def git_commit() -> str:
    """The commit of the source checkout the package runs from ("" when not a checkout)."""
    root = Path(__file__).resolve().parents[3]
    if not (root / ".git").exists():
        return ""
    try:
        out = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def library_versions() -> dict[str, str]:
    """The package's version and those of the key libraries that compute a report."""
    from importlib.metadata import PackageNotFoundError, version

    found = {"cscp-analysis": __version__, "python": sys.version.split()[0]}
    for name in KEY_LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def sha256_file(path: str | Path) -> str:
    """The sha256 of a file, hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run_details(parameters: Mapping[str, Any], inputs: Mapping[str, str]) -> dict[str, Any]:
    """Everything a reader needs to reproduce a report: parameters, inputs, versions, commit.

    ``inputs`` maps input file names to their sha256. No wall-clock time is included,
    so two runs of the same cycle give the same details.
    """
    return {
        "as_of": str(parameters.get("as_of", "")),
        "parameters": {k: parameters[k] for k in sorted(parameters)},
        "inputs": dict(sorted(inputs.items())),
        "versions": library_versions(),
        "git_commit": git_commit() or "not a git checkout",
    }

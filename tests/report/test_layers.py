"""What a notebook imports for its report never loads the batch, papermill or nbconvert."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cscp_analysis

REPORT = Path(cscp_analysis.__file__).parent / "report"


def test_report_modules_load_no_batch_papermill_or_nbconvert():
    modules = sorted(p.stem for p in REPORT.glob("*.py")
                     if p.stem != "__init__")
    assert {"display", "findings", "overview", "exports"} <= set(modules)
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module('cscp_analysis.report.' + m)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('papermill', 'nbconvert') or m.startswith('cscp_analysis.batch')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"

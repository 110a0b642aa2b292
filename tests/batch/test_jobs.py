"""The jobs of a cycle: which notebook each audit runs, its parameters as typed values."""

from __future__ import annotations

import nbformat
from conftest import ROOT
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.inputs import CycleInputs
from cscp_analysis.batch.jobs import OVERVIEW_KEY, plan_jobs

NOTEBOOKS = ROOT / "notebooks"


def test_ids_reach_the_notebook_as_strings():
    cycle = Cycle(name="c", title="t", audits=("007",), as_of="2023-03-31")

    class _Audit:
        id = "007"
        theme = type("T", (), {"id": "cse"})()
        info = type("I", (), {"title": "T"})()

    jobs = plan_jobs(CycleInputs(cycle, {"007": _Audit()}, {"007": "007"}), NOTEBOOKS)
    assert jobs[0].parameters["audit"] == "007"
    assert jobs[0].notebook == NOTEBOOKS / "theme_report.ipynb"
    nb = load_notebook_node(str(NOTEBOOKS / "theme_report.ipynb"))
    injected = parameterize_notebook(nb, dict(jobs[0].parameters))
    source = next(c.source for c in injected.cells
                  if "injected-parameters" in c.metadata.get("tags", []))
    assert 'audit = "007"' in source
    assert jobs[1].key == OVERVIEW_KEY and jobs[1].parameters["audits"] == ["007"]


def test_notebooks_are_committed_without_outputs():
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path

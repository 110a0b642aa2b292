"""The jobs of a cycle: which notebook each audit runs (only ever one inside the notebooks
folder), its parameters as typed values."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from conftest import ROOT
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.inputs import CycleInputs, check_cycle
from cscp_analysis.batch.jobs import OVERVIEW_KEY, notebook_problem, plan_jobs, theme_notebook
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.contract.themes import load_theme
from cscp_analysis.io.load import load_audit

NOTEBOOKS = ROOT / "notebooks"


def test_ids_reach_the_notebook_as_strings():
    cycle = Cycle(name="c", title="t", audits=("007",), as_of="2023-03-31")

    class _Audit:
        id = "007"
        theme = type("T", (), {"id": "cse", "notebook": ""})()
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


def test_every_notebook_is_handed_the_audits_the_batch_validated():
    # validated once, by the batch: the theme report gets its audit, the overview all of them
    cycle = Cycle(name="c", title="t", audits=("2016-06-cse", "2022-09-neglect"),
                  as_of="2023-03-31")
    audits = {a: load_audit(a) for a in cycle.audits}
    jobs = plan_jobs(CycleInputs(cycle, audits, {a: a for a in cycle.audits}), NOTEBOOKS)
    assert [j.prepared for j in jobs[:2]] == [audits["2016-06-cse"], audits["2022-09-neglect"]]
    assert jobs[2].key == OVERVIEW_KEY
    assert jobs[2].prepared == [audits["2016-06-cse"], audits["2022-09-neglect"]]


def test_notebooks_are_committed_without_outputs():
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path


def test_a_theme_may_name_a_notebook_of_its_own(tmp_path):
    (tmp_path / "my_theme-2.ipynb").write_text("{}", encoding="utf-8")
    theme = dataclasses.replace(load_theme("cse"), notebook="my_theme-2.ipynb")
    assert theme_notebook(theme, tmp_path) == tmp_path / "my_theme-2.ipynb"
    assert notebook_problem(theme, tmp_path) is None
    assert theme_notebook(load_theme("cse"), tmp_path) == tmp_path / "theme_report.ipynb"
    assert notebook_problem(load_theme("cse"), tmp_path) == (
        f"theme 'cse' names notebook 'theme_report.ipynb', which is not in {tmp_path}")


@pytest.mark.parametrize("name", ["../theme_report.ipynb", "sub/mine.ipynb", "/tmp/mine.ipynb",
                                  "My Report.ipynb", "mine.py", ".ipynb", "mine.ipynb/.."])
def test_a_notebook_name_that_is_not_a_bare_file_name_is_refused(name):
    theme = dataclasses.replace(load_theme("cse"), notebook=name)
    assert notebook_problem(theme, NOTEBOOKS) == (
        f"theme 'cse' names notebook '{name}', which is not a notebook file name (expected "
        "lowercase letters, digits, '_' or '-' and .ipynb, e.g. my_theme.ipynb, a file in "
        "the notebooks folder)")


def _audit_of_theme(folder: Path, audit_id: str = "2016-06-cse", **theme_keys) -> Path:
    """The CSE sample audit, with a theme file of its own (the CSE bank with theme_keys)."""
    shutil.copytree(load_audit("2016-06-cse").source, folder)
    bank = yaml.safe_load((ROOT / "src" / "cscp_analysis" / "themes" / "cse.yaml")
                          .read_text(encoding="utf-8"))
    (folder / "own-theme.yaml").write_text(yaml.safe_dump({**bank, **theme_keys}),
                                           encoding="utf-8")
    meta = yaml.safe_load((folder / "audit.yaml").read_text(encoding="utf-8"))
    (folder / "audit.yaml").write_text(
        yaml.safe_dump({**meta, "id": audit_id, "theme": "own-theme.yaml"}), encoding="utf-8")
    return folder


def _cycle_problems(tmp_path: Path, folders: list[str], notebooks: Path) -> list[str]:
    """The problems of a cycle of these audit folders, checked against these notebooks."""
    params = tmp_path / "cycle.yaml"
    params.write_text("audits:\n" + "".join(f"  - {f}\n" for f in folders)
                      + "as_of: 2023-03-31\n", encoding="utf-8")
    with pytest.raises(AuditValidationError) as caught:
        check_cycle(params, notebooks)
    return [str(p) for p in caught.value.problems]


def test_a_theme_id_that_is_a_path_never_finds_a_notebook_outside_the_folder(tmp_path):
    notebooks = tmp_path / "project" / "notebooks"
    shutil.copytree(NOTEBOOKS, notebooks)
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(NOTEBOOKS / "theme_report.ipynb", tmp_path / "elsewhere" / "evil.ipynb")
    _audit_of_theme(tmp_path / "a1", id="../../elsewhere/evil")
    assert _cycle_problems(tmp_path, ["a1"], notebooks) == [
        "cycle.yaml row 2, column audits: audit '2016-06-cse': theme id "
        "'../../elsewhere/evil' cannot be used (expected 1 to 64 lowercase letters, digits "
        "or '-')"]
    audit = load_audit(tmp_path / "a1")
    cycle = Cycle(name="c", title="t", audits=(str(tmp_path / "a1"),), as_of="2023-03-31")
    inputs = CycleInputs(cycle, {audit.id: audit}, {audit.id: str(tmp_path / "a1")})
    assert plan_jobs(inputs, notebooks)[0].notebook == notebooks / "theme_report.ipynb"


def test_a_theme_notebook_outside_the_folder_is_a_located_problem(tmp_path):
    _audit_of_theme(tmp_path / "a1", notebook="../elsewhere/evil.ipynb")
    _audit_of_theme(tmp_path / "a2", "2016-06-own", id="own", notebook="own_report.ipynb")
    assert _cycle_problems(tmp_path, ["a1", "a2"], NOTEBOOKS) == [
        "cycle.yaml row 2, column audits: audit '2016-06-cse': theme 'cse' names notebook "
        "'../elsewhere/evil.ipynb', which is not a notebook file name (expected lowercase "
        "letters, digits, '_' or '-' and .ipynb, e.g. my_theme.ipynb, a file in the notebooks "
        "folder)",
        "cycle.yaml row 3, column audits: audit '2016-06-own': theme 'own' names notebook "
        f"'own_report.ipynb', which is not in {NOTEBOOKS}",
    ]


def test_each_notebook_is_given_the_parameter_file_as_typed(tmp_path):
    """The run details' parameters come from the file as typed: the audit's relative path
    and 'sample', not the resolved path and the bundled log's file name."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "src/cscp_analysis/samples/data/2016-06-cse", data / "2016-06-cse")
    params = tmp_path / "params" / "my-cycle.yaml"
    params.parent.mkdir()
    params.write_text("audits:\n  - ../data/2016-06-cse\n  - 2016-06-mfh\nas_of: 2023-03-31\n"
                      "recommendations: sample\n", encoding="utf-8")
    jobs = plan_jobs(check_cycle(params), NOTEBOOKS)
    digest = hashlib.sha256(params.read_bytes()).hexdigest()
    assert jobs[0].parameters["audit"] == str((data / "2016-06-cse").resolve())
    assert jobs[0].parameters["given"] == {"file": "my-cycle.yaml", "sha256": digest, "values": {
        "audit": "../data/2016-06-cse", "as_of": "2023-03-31", "recommendations": "sample"}}
    assert jobs[1].parameters["given"]["values"]["audit"] == "2016-06-mfh"
    assert jobs[2].parameters["given"]["values"] == {
        "audits": ["../data/2016-06-cse", "2016-06-mfh"], "as_of": "2023-03-31",
        "recommendations": "sample"}
    nb = load_notebook_node(str(NOTEBOOKS / "theme_report.ipynb"))
    injected = parameterize_notebook(nb, dict(jobs[0].parameters))
    assert '"audit": "../data/2016-06-cse"' in next(
        c.source for c in injected.cells if "injected-parameters" in c.metadata.get("tags", []))

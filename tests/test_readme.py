"""The README as a new user reads it: its Layout, its own-cycle command, its audit.yaml example."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

from cscp_analysis.contract.tables import AUDIT_KEYS


def layout_paths() -> list[str]:
    """Each path the README's Layout block lists, nested ones joined to their parent."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    paths, parent = [], ""
    for line in block.splitlines():
        match = re.match(r"^( *)(\S+/(?:\S*)?)\s", line + " ")
        if not match:
            continue
        indent, name = match.groups()
        path = parent + name if indent else name
        parent = parent if indent else name
        paths.append(path)
    return paths


def test_every_path_the_readme_layout_lists_exists():
    paths = layout_paths()
    assert "src/cscp_analysis/samples/data/" in paths
    assert len(paths) >= 8
    for path in paths:
        assert list(ROOT.glob(path.rstrip("/"))), f"README Layout lists {path}, which is not there"


def test_the_readme_says_how_to_make_your_own_cycle():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report CYCLE=params/" in text
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^CYCLE \?=", makefile, re.M)
    assert "$(CYCLE)" in makefile


def test_the_readme_audit_yaml_example_shows_areas_and_only_contract_keys():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    example = text.split("```yaml", 1)[1].split("```", 1)[0]
    described = yaml.safe_load(example)
    assert described["areas"] == ["Cumberland", "Westmorland and Furness"]
    assert set(described) <= set(AUDIT_KEYS)

"""What the template knows of an audit: its audit.yaml and, when present, its cases.

``--audit`` may name an audit folder, its ``audit.yaml`` itself, or a bundled sample;
the cases of a ``cases.csv`` beside the ``audit.yaml`` prefill the tool.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cscp_analysis.contract.codes import PANEL, fold
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.contract.themes import Theme
from cscp_analysis.contract.yaml_safe import read_yaml
from cscp_analysis.io.bundled import sample_audit_ids, sample_root
from cscp_analysis.io.read import read_csv_text


@dataclass(frozen=True)
class AuditSource:
    """What the template knows of the audit: its audit.yaml and, when present, its cases."""

    meta: dict
    cases: list[dict[str, str]]


def read_audit_source(audit: str | Path) -> AuditSource:
    """Read an audit.yaml (with a ``cases.csv`` beside it, if any), an audit folder, or a
    bundled sample by id; only the description and the cases are needed.

    Raises
    ------
    FileNotFoundError
        Saying what was expected when ``audit`` is none of these (a missing path, or a
        folder without ``audit.yaml``).
    AuditValidationError
        When the ``audit.yaml`` or the ``cases.csv`` cannot be read (each problem located,
        as ``load_audit`` would locate it).
    """
    path = Path(audit)
    sample = sample_root() / str(audit)
    if path.is_dir():
        yaml_path = path / "audit.yaml"
        if not yaml_path.is_file():
            raise FileNotFoundError(
                f"{path} has no audit.yaml: write it first (id, theme, title, conducted; "
                "data contract section 1), optionally with cases.csv beside it"
            )
    elif path.is_file():
        if path.suffix.lower() not in {".yaml", ".yml"}:
            raise FileNotFoundError(
                f"{path} is not an audit.yaml: give the audit's audit.yaml or its folder"
            )
        yaml_path = path
    elif "/" not in str(audit) and "\\" not in str(audit) and sample.is_dir():
        yaml_path = sample / "audit.yaml"
    else:
        samples = sample_audit_ids()
        raise FileNotFoundError(
            f"{audit} does not exist: expected an audit folder holding audit.yaml (e.g. "
            f"data/2024-03-neglect), that audit.yaml itself, or a bundled sample "
            f"({', '.join(samples)}); write the folder's audit.yaml first (id, theme, title, "
            "conducted; data contract section 1)"
        )
    doc, problems = read_yaml(yaml_path, yaml_path.name,
                              "{problem} (expected key: value lines, e.g. 'theme: cse')")
    if doc is None or problems:
        raise AuditValidationError(problems)
    meta = doc.data or {}
    if not isinstance(meta, dict):
        raise ValueError(f"{yaml_path}: expected id, theme, title and conducted")
    cases_path = yaml_path.parent / "cases.csv"
    cases: list[dict[str, str]] = []
    if cases_path.is_file():
        frame, problems = read_csv_text(cases_path, "cases.csv")
        if problems:
            raise AuditValidationError(problems)
        for row in frame.to_dict("records"):
            clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            if clean.get("case_id"):
                cases.append(clean)
    return AuditSource(meta, cases)


def canonical_agency(agency: str | None, theme: Theme) -> str:
    """The canonical spelling of an agency of the theme (blank or ``None`` = the panel)."""
    if agency is None or not agency.strip():
        return PANEL
    known = {fold(a): a for a in (*theme.agencies, PANEL)}
    if fold(agency) not in known:
        raise ValueError(f"unknown agency {agency!r}: expected one of {', '.join(known.values())}")
    return known[fold(agency)]

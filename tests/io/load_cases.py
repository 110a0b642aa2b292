"""What the loading tests share: the contract's headers, one-row tables and the problems
of an audit that must not load (tests/io/test_load*.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASES_HEADER, write_audit

from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.load import load_audit

JUDGEMENT_HEADER = ["case_id", "question_id", "answer", "agency", "comment"]
EPISODE_HEADER = ["case_id", "episode_id", "kind", "missing_from", "returned", "rhi_offered",
                  "rhi_accepted", "rhi_held", "placing_authority", "rhi_report_received"]
ONE_CASE = (CASES_HEADER, [["C01", "Cumberland", "CP", "12", "", "Female"]])
ONE_JUDGEMENT = (JUDGEMENT_HEADER, [["C01", "voice_heard", "Yes", "", ""]])
MFH = {"id": "2016-06-mfh", "theme": "mfh", "title": "MFH audit"}


def problems_of(path: Path) -> list[str]:
    with pytest.raises(AuditValidationError) as info:
        load_audit(path)
    return [str(p) for p in info.value.problems]


def mfh_with_episodes(tmp_path, rows, header=EPISODE_HEADER[:5] + ["rhi_held"]):
    """An MFH audit of two children with these episode rows."""
    return write_audit(tmp_path / "a", MFH, cases=(CASES_HEADER, [
        ["C01", "Cumberland", "CLA", "14", "", "Male"],
        ["C02", "Cumberland", "CLA", "15", "", "Male"],
    ]), judgements=ONE_JUDGEMENT, episodes=(header, rows))

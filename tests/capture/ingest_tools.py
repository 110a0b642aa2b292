"""What the ingest tests share: small audit folders, and filling an agency's Excel tool as
its auditor would (tests/capture/test_ingest*.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from cscp_analysis.capture.template import make_template

CSE_YAML = """id: 2023-01-cse
theme: cse
title: CSE test audit
conducted: "2023-01"
conducted_by: Test subgroup
"""
CSE_CASES = """case_id,area,case_type,age_years,age_months,gender,cohort_group,agencies
C01,Cumberland,CP,14,,Female,,Police
C02,Westmorland and Furness,CLA,15,3,Male,,
"""
MFH_YAML = """id: 2023-02-mfh
theme: mfh
title: MFH test audit
conducted: "2023-02"
"""
MFH_CASES = """case_id,area,case_type,age_years,age_months,gender,cohort_group,agencies
M01,Cumberland,CLA,15,,Female,Multiple episodes,
"""


def audit_folder(tmp_path: Path, name: str, yaml_text: str, cases: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "audit.yaml").write_text(yaml_text, encoding="utf-8")
    (folder / "cases.csv").write_text(cases, encoding="utf-8")
    return folder


def cse_audit(tmp_path: Path) -> Path:
    """A two-case CSE audit folder (audit.yaml and cases.csv) for the tools to be made from."""
    return audit_folder(tmp_path, "cse-audit", CSE_YAML, CSE_CASES)


def row_of(ws, case_id: str, question_id: str) -> int:
    """The judgements row of a (case, question), found as an auditor would by reading."""
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == case_id and ws.cell(r, 6).value == question_id:
            return r
    raise KeyError((case_id, question_id))


def answer_in(wb, case_id: str, question_id: str, answer: str, comment: str | None = None):
    ws = wb["judgements"]
    r = row_of(ws, case_id, question_id)
    ws.cell(r, 4).value = answer
    ws.cell(r, 5).value = comment


def make_tool(tmp_path: Path, audit: Path, agency: str | None, file: str, fill) -> Path:
    """Make an agency's tool, fill it as its auditor would, and save it."""
    path = make_template(tmp_path / file, audit=audit, agency=agency)
    wb = openpyxl.load_workbook(path)
    fill(wb)
    wb.save(path)
    return path


def put_row(ws, row: int, values: list) -> None:
    """Type ``values`` into a row of a sheet, from column A."""
    for col, value in enumerate(values, start=1):
        ws.cell(row, col).value = value


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def fill_csc(wb):
    answer_in(wb, "C01", "voice_heard", " yes ")
    answer_in(wb, "C01", "impact", "good")  # lower case: canonicalised
    answer_in(wb, "C02", "voice_heard", "No", "  record thin  ")
    wb["cases"]["H2"] = "children's social care"
    voice = wb["voice"]
    put_row(voice, 2, ["C01", "  He listens to me.  ", "yes",
                       "trusted relationship;felt listened to"])
    put_row(voice, 3, [None, "   ", None, None])  # a blank row (spaces only) is skipped
    put_row(voice, 4, ["C02", "Nobody told me why I moved.", "No", None])


def fill_police(wb):
    answer_in(wb, "C01", "voice_heard", "No")  # disagrees with CSC
    answer_in(wb, "C02", "voice_heard", "no")  # agrees with CSC
    wb["cases"]["H3"] = " health "



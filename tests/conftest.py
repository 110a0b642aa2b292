"""Shared test helpers: write small hand-made audits as CSV folders or workbooks."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

CASES_HEADER = ["case_id", "area", "case_type", "age_years", "age_months", "gender"]
ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "params" / "2016-sample-cycle.yaml"
SAMPLE_AUDITS = ("2016-06-cse", "2016-06-mfh", "2022-09-neglect")


def write_csv(path: Path, header: list[str], rows: list[list[str]], bom: bool = False) -> Path:
    """Write one CSV as Excel would ("CSV UTF-8" adds a byte-order mark)."""
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_audit(folder: Path, meta: dict | None = None, **tables) -> Path:
    """Write an audit folder: ``tables`` maps a table name to (header, rows)."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"id": "2016-06-cse", "theme": "cse", "title": "CSE audit", "conducted": "2016-06",
            **(meta or {})}
    (folder / "audit.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    for name, (header, rows) in tables.items():
        write_csv(folder / f"{name}.csv", header, rows)
    return folder


def folder_to_workbook(folder: Path, out: Path) -> Path:
    """The same audit as one workbook: an ``audit`` key/value sheet and a sheet per table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "audit"
    ws.append(["key", "value"])
    meta = yaml.safe_load((folder / "audit.yaml").read_text(encoding="utf-8"))
    for key, value in meta.items():
        ws.append([key, "; ".join(value) if isinstance(value, list) else str(value)])
    for file in sorted(folder.glob("*.csv")):
        sheet = wb.create_sheet(file.stem)
        with file.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                sheet.append(row)
    wb.save(out)
    return out


@pytest.fixture
def small_cse(tmp_path: Path) -> Path:
    """A valid two-case CSE audit with mixed-case codes and both date styles."""
    return write_audit(
        tmp_path / "audit",
        cases=(CASES_HEADER + ["agencies", "note"], [
            ["C01", " cumberland ", "cp", "12", "3", "FEMALE", "police;Health", "kept"],
            ["C02", "Westmorland and Furness", "CLA_OOC", "17", "", "male", "", ""],
        ]),
        judgements=(["case_id", "question_id", "answer", "agency", "comment"], [
            ["C01", "voice_heard", "yes", "", "a comment"],
            ["c02", "voice_heard", "Partly", "Police", ""],
            ["C02", "impact", "requires improvement", "panel", ""],
        ]),
        voice=(["case_id", "said", "consent_to_share", "tags"], [
            ["C01", "They kept coming back.", "yes", "trusted relationship; felt listened to"],
        ]),
    )


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The real batch on the sample cycle, run once per test session."""
    from cscp_analysis.batch.run import run_cycle

    return run_cycle(PARAMS, out=tmp_path_factory.mktemp("batch") / "outputs", jobs=2,
                     timeout=300, progress=lambda _msg: None)

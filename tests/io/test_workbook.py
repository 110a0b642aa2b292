"""Workbooks that are not workbooks, or are built to exhaust the machine: located errors.

Every .xlsx is opened by io/workbook.py: an audit workbook (``validate``), a
recommendations log (``summary --recommendations``) and a returned tool (``ingest``).
Before it, a text or empty file named .xlsx was a BadZipFile traceback in ingest and the
recommendations log, merged cells an AttributeError in ingest, a 10 KB workbook whose one
cell is at XFD1048576 a MemoryError after a minute, and a 1.5 MB zip bomb a MemoryError
at 3.8 GB.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import folder_to_workbook

from cscp_analysis.capture.template import make_template
from cscp_analysis.cli import main
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.load import load_audit
from cscp_analysis.io.recommendations import load_recommendations
from cscp_analysis.io.workbook import MAX_UNPACKED_BYTES

REC_HEADER = ["rec_id", "audit_id", "recommendation", "owner", "agreed_on", "status"]


def _problems(call, *args) -> list[str]:
    with pytest.raises(AuditValidationError) as caught:
        call(*args)
    return [str(p) for p in caught.value.problems]


def _ingest_problems(tool: Path, out: Path) -> list[str]:
    from cscp_analysis.capture.ingest import ingest

    return _problems(ingest, [tool], out)


@pytest.fixture(scope="module")
def tool(tmp_path_factory) -> Path:
    """The panel's tool for the bundled CSE sample, as `template` writes it."""
    return make_template(tmp_path_factory.mktemp("tool") / "panel.xlsx", audit="2016-06-cse")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A recommendations workbook whose sheet unpacks to 10 MB more than the limit (about
    0.9 MB on disk): valid XML, padded with spaces, as a zip bomb is built."""
    folder = tmp_path_factory.mktemp("bomb")
    wb = openpyxl.Workbook()
    wb.active.title = "recommendations"
    wb.active.append(REC_HEADER)
    wb.save(folder / "small.xlsx")
    with (zipfile.ZipFile(folder / "small.xlsx") as src,
          zipfile.ZipFile(folder / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=1)
          as dst):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(item, data)
                continue
            head, tail = data.split(b"<sheetData>")
            with dst.open(item.filename, "w", force_zip64=True) as part:
                part.write(head + b"<sheetData>")
                for _ in range(MAX_UNPACKED_BYTES // 1_000_000 + 10):
                    part.write(b" " * 1_000_000)
                part.write(tail)
    assert (folder / "bomb.xlsx").stat().st_size < 2_000_000
    return folder / "bomb.xlsx"


NOT_ZIP = ("is not an .xlsx workbook (it is not a zip archive: save it from Excel as 'Excel "
           "Workbook (.xlsx)')")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty (expected an .xlsx workbook)"),
    (b"rec_id,audit_id\nR1,2016-06-cse\n", NOT_ZIP),
])
def test_a_text_or_empty_file_named_xlsx(tmp_path, content, message):
    path = tmp_path / "log.xlsx"
    path.write_bytes(content)
    assert _problems(load_recommendations, path) == [f"log.xlsx: {message}"]
    assert _problems(load_audit, path) == [f"log.xlsx: {message}"]
    assert _ingest_problems(path, tmp_path / "out") == [f"log.xlsx: {message}"]


def test_a_folder_named_xlsx_is_not_opened(tmp_path):
    (tmp_path / "log.xlsx").mkdir()
    assert _problems(load_recommendations, tmp_path / "log.xlsx") == [
        "log.xlsx: is not a regular file (a folder, device or pipe cannot be read as a "
        "workbook)"]


def test_a_zip_that_is_not_a_workbook(tmp_path):
    with zipfile.ZipFile(tmp_path / "log.xlsx", "w") as z:
        z.writestr("hello.txt", "hello")
    [message] = _problems(load_recommendations, tmp_path / "log.xlsx")
    assert message.startswith("log.xlsx: cannot be read as an .xlsx workbook (")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(bomb, tmp_path, capsys):
    limit = f"{MAX_UNPACKED_BYTES // 1_000_000} MB"
    assert _problems(load_recommendations, bomb) == [
        f"bomb.xlsx: unpacks to {MAX_UNPACKED_BYTES // 1_000_000 + 10} MB, more than the limit "
        f"of {limit} for a workbook"]
    assert main(["summary", "2016-06-cse", "--recommendations", str(bomb)]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert _ingest_problems(bomb, tmp_path / "out") == [
        f"bomb.xlsx: unpacks to {MAX_UNPACKED_BYTES // 1_000_000 + 10} MB, more than the limit "
        "of 20 MB for a workbook"]


def test_a_part_that_declares_less_than_it_holds_is_not_read_past_its_size(tmp_path):
    """Python's zip reader stops at the declared size, so a lying size cannot smuggle a
    bomb past the check: the part then fails its checksum, a located error."""
    wb = openpyxl.Workbook()
    wb.active.title = "recommendations"
    wb.active.append(REC_HEADER)
    wb.save(tmp_path / "log.xlsx")
    data = bytearray((tmp_path / "log.xlsx").read_bytes())
    with zipfile.ZipFile(tmp_path / "log.xlsx") as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    # rewrite the declared size (local header at offset 22, central entry at 24) to 10 bytes
    struct.pack_into("<I", data, info.header_offset + 22, 10)
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        name_len = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46: entry + 46 + name_len] == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", data, entry + 24, 10)
        entry = data.find(b"PK\x01\x02", entry + 4)
    (tmp_path / "lying.xlsx").write_bytes(bytes(data))
    [message] = _problems(load_recommendations, tmp_path / "lying.xlsx")
    assert message.startswith("lying.xlsx: cannot be read as an .xlsx workbook (")


def test_a_cell_at_xfd1048576_in_an_audit_workbook(small_cse, tmp_path):
    book = folder_to_workbook(small_cse, tmp_path / "audit.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["cases"]["XFD1048576"] = "x"
    wb.save(book)
    assert book.stat().st_size < 20_000
    assert _problems(load_audit, book) == [
        "audit.xlsx sheet cases: uses column XFD, beyond the limit of 100 columns (A to CV); "
        "clear the cells beyond it"]


@pytest.mark.parametrize(("cell", "message"), [
    ("XFD1048576", "uses column XFD, beyond the limit of 100 columns (A to CV); clear the cells "
     "beyond it"),
    ("CV1048576",  # inside the columns, but 104,857,600 cells
     "uses 1,048,576 rows x 100 columns, more than the limit of 20,000,000 cells; clear the "
     "rows below the data"),
])
def test_one_far_cell_in_a_recommendations_log(tmp_path, cell, message):
    wb = openpyxl.Workbook()
    wb.active.title = "recommendations"
    wb.active.append(REC_HEADER)
    wb.active[cell] = "x"
    wb.save(tmp_path / "log.xlsx")
    assert _problems(load_recommendations, tmp_path / "log.xlsx") == [
        f"log.xlsx sheet recommendations: {message}"]


def test_a_sheet_that_declares_less_than_it_holds_is_read_in_full(tmp_path):
    """openpyxl trusts a sheet's declared range; the reader sets it aside, so a value
    beyond it is neither lost nor a way round the limits."""
    wb = openpyxl.Workbook()
    wb.active.title = "recommendations"
    wb.active.append(REC_HEADER)
    wb.active.append(["R1", "2016-06-cse", "Train staff", "Police", "2016-07-01", "Open"])
    wb.active["ZZ3"] = "beyond"
    wb.save(tmp_path / "log.xlsx")
    with zipfile.ZipFile(tmp_path / "log.xlsx") as src, zipfile.ZipFile(
            tmp_path / "small-range.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:ZZ3" />' in data
                data = data.replace(b'<dimension ref="A1:ZZ3" />', b'<dimension ref="A1:B2" />')
            dst.writestr(item, data)
    assert _problems(load_recommendations, tmp_path / "small-range.xlsx") == [
        "small-range.xlsx sheet recommendations: uses column ZZ, beyond the limit of 100 "
        "columns (A to CV); clear the cells beyond it"]


def test_a_tool_with_a_cell_at_xfd1048576(tool, tmp_path):
    wb = openpyxl.load_workbook(tool)
    wb["judgements"]["XFD1048576"] = "x"
    wb.save(tmp_path / "far.xlsx")
    assert _ingest_problems(tmp_path / "far.xlsx", tmp_path / "out") == [
        "far.xlsx sheet judgements: uses column XFD, beyond the limit of 100 columns (A to CV); "
        "clear the cells beyond it"]


def test_a_tool_with_merged_cells(tool, tmp_path, capsys):
    wb = openpyxl.load_workbook(tool)
    wb["judgements"]["E2"] = "a comment"  # a comment without an answer reads the answer cell
    wb["judgements"].merge_cells("D2:E3")
    wb["cases"].merge_cells("B2:B3")
    wb.save(tmp_path / "merged.xlsx")
    assert _ingest_problems(tmp_path / "merged.xlsx", tmp_path / "out") == [
        "merged.xlsx sheet cases cell B2: cells B2:B3 are merged: unmerge them (Home > Merge & "
        "Center) so that each cell holds its own value",
        "merged.xlsx sheet judgements cell D2: cells D2:E3 are merged: unmerge them (Home > "
        "Merge & Center) so that each cell holds its own value",
    ]
    assert main(["ingest", str(tmp_path / "merged.xlsx"), "--out", str(tmp_path / "o")]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_good_tool_and_workbook_still_read(tool, small_cse, tmp_path):
    shutil.copy(tool, tmp_path / "copy.xlsx")
    from cscp_analysis.capture.ingest import ingest

    result = ingest([tmp_path / "copy.xlsx"], tmp_path / "out")
    assert result.audit["id"] == "2016-06-cse"
    book = folder_to_workbook(small_cse, tmp_path / "audit.xlsx")
    assert len(load_audit(book).cases) == 2

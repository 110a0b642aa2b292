"""Reading CSVs as text: the columnar reader gives exactly the cells Python's csv module
gives, and every file that cannot be read is a located problem naming file and limit."""

from __future__ import annotations

import csv
import io
import os
import string
import tracemalloc

import pytest
from conftest import CASES_HEADER, write_audit, write_csv
from hypothesis import given, settings
from hypothesis import strategies as st

from cscp_analysis.cli import main
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io import read
from cscp_analysis.io.load import load_audit
from cscp_analysis.io.read import (
    MAX_CELL_CHARS,
    MAX_INPUT_BYTES,
    _arrow_table,
    read_csv_bytes,
    table_from_rows,
)

ONE_CASE = (CASES_HEADER, [["C01", "Cumberland", "CP", "12", "", "Female"]])
ONE_JUDGEMENT = (["case_id", "question_id", "answer"], [["C01", "voice_heard", "Yes"]])


def python_reader(data: bytes):
    """What Python's csv module reads, the way the reader falls back to it."""
    return table_from_rows(list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))),
                           "t.csv")


def problems_of(folder) -> list[str]:
    with pytest.raises(AuditValidationError) as info:
        load_audit(folder)
    return [str(p) for p in info.value.problems]


# ------------------------------------------------------------ same cells either way


cell = st.text(alphabet=string.ascii_letters + " ,;\"'\n\r\t\u00e9", max_size=8)
header_name = st.sampled_from(["case_id", "area", " note ", "", "Note", "x"])


@st.composite
def csv_bytes(draw):
    """A CSV as Excel or a script might write it: quoting, blank cells, blank rows,
    unnamed and repeated columns, CRLF or LF, a byte-order mark or not."""
    header = draw(st.lists(header_name, min_size=1, max_size=4))
    rows = draw(st.lists(st.lists(cell, min_size=len(header), max_size=len(header)),
                         max_size=6))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
        [header, *rows])
    text = out.getvalue()
    if draw(st.booleans()):  # a hand-edited file: a blank line, or a row left short
        text += draw(st.sampled_from(["\n", "short\n", ",,,,,,\n"]))
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(csv_bytes())
def test_the_columnar_reader_reads_the_same_cells_as_the_csv_module(data):
    frame, problems = read_csv_bytes(data, "t.csv")
    want_frame, want_problems = python_reader(data)
    assert problems == want_problems
    if want_frame is None:
        assert frame is None
    else:
        assert frame.equals(want_frame)
        assert list(frame.index) == list(want_frame.index)  # spreadsheet rows, gaps kept


def test_a_plain_file_is_read_by_the_columnar_reader():
    data = b'case_id,note\nC01,"a, quoted\nnote"\n\n , \nC02,\n'
    frame, problems = _arrow_table(data, "t.csv")
    assert problems == []
    # the blank line (row 3) and the row of spaces (row 4) are left out but still counted
    assert frame.to_dict("index") == {2: {"case_id": "C01", "note": "a, quoted\nnote"},
                                      5: {"case_id": "C02", "note": ""}}


@pytest.mark.parametrize("data", [
    b"a,b\n1\n3,4\n",  # a short row
    b"a,b\n1,2,3\n",  # a value beyond the last named column: a located problem
    b'"a",b\n1,2\n',  # a quoted header
    b"a,b\n1,\xff\n",  # not UTF-8: the row is located
])
def test_anything_not_plain_is_left_to_the_csv_module(data):
    assert _arrow_table(data, "t.csv") is None


# ------------------------------------------------------------ limits and file types


def test_a_cell_over_the_limit_is_located_in_a_folder_and_in_import_903(tmp_path, capsys):
    long = "x" * (MAX_CELL_CHARS + 1)
    folder = write_audit(tmp_path / "a", cases=ONE_CASE, judgements=(
        ["case_id", "question_id", "answer", "comment"], [["C01", "voice_heard", "Yes", long]]))
    assert problems_of(folder) == [
        "judgements.csv row 2, column comment: this cell holds 32,768 characters, more than "
        "the 32,767 a cell may hold (Excel's own limit)"]
    # beyond Python's own csv field limit (131,072), and in a file the csv module must read
    table = tmp_path / "903.csv"
    table.write_text(f"CHILD,MISSING,MIS_START,MIS_END\n\n1,M,01/01/2016,\"{'y' * 200_000}\"\n",
                     encoding="utf-8")
    code = main(["import-903", str(table), "--out", str(tmp_path / "e.csv"),
                 "--lookup", str(tmp_path / "l.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "903.csv row 3, column MIS_END: this cell holds 200,000 characters" in err


def test_a_cell_at_the_limit_is_read():
    frame, problems = read_csv_bytes(f"a\n{'z' * MAX_CELL_CHARS}\n".encode(), "t.csv")
    assert problems == [] and frame.at[2, "a"] == "z" * MAX_CELL_CHARS


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    folder = write_audit(tmp_path / "a", cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    with (folder / "voice.csv").open("wb") as f:
        f.truncate(MAX_INPUT_BYTES + 1)  # a sparse file: large, but costs no disk
    tracemalloc.start()
    try:
        assert problems_of(folder) == [
            "voice.csv: is larger than 256 MB, the most an input file may be (split it, or "
            "remove columns the contract does not use)"]
        assert tracemalloc.get_traced_memory()[1] < 50 * 2**20  # its bytes were never read
    finally:
        tracemalloc.stop()


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    table = tmp_path / "t.csv"
    table.write_bytes(b"a\n" + b"1\n" * 100)
    real_fstat = os.fstat
    monkeypatch.setattr(read.os, "fstat", lambda fd: os.stat_result(
        (*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:])))  # it was 10 bytes when looked at
    data, problems = read.read_input(table, "t.csv", limit=50)
    assert data is None and [str(p) for p in problems] == [
        "t.csv: is larger than 0 MB, the most an input file may be (split it, or remove "
        "columns the contract does not use)"]
    assert read.read_input(table, "t.csv", limit=202)[0] == table.read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_not_waited_on(tmp_path):
    folder = write_audit(tmp_path / "a", cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    os.mkfifo(folder / "voice.csv")
    assert problems_of(folder) == [
        "voice.csv: is a named pipe, not an ordinary file (only ordinary files are read)"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_not_read_for_ever(tmp_path):
    folder = write_audit(tmp_path / "a", cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    (folder / "voice.csv").symlink_to("/dev/zero")
    (folder / "meetings.csv").symlink_to("/dev/null")
    assert problems_of(folder) == [
        "voice.csv: is a device, not an ordinary file (only ordinary files are read)",
        "meetings.csv: is a device, not an ordinary file (only ordinary files are read)"]


def test_a_link_to_nothing_is_an_error_not_an_absent_file(tmp_path):
    folder = write_audit(tmp_path / "a", cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    (folder / "voice.csv").symlink_to(tmp_path / "moved-away.csv")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "audit.yaml").symlink_to(tmp_path / "gone.yaml")
    assert problems_of(folder) == [
        f"voice.csv: is a link to {tmp_path / 'moved-away.csv'}, which does not exist"]
    assert f"audit.yaml: is a link to {tmp_path / 'gone.yaml'}, which does not exist" in (
        problems_of(tmp_path / "b"))


def test_a_link_to_an_ordinary_file_is_read(tmp_path):
    folder = write_audit(tmp_path / "a", cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    elsewhere = write_csv(tmp_path / "voice-elsewhere.csv", ["case_id", "said",
                                                              "consent_to_share"],
                          [["C01", "I was heard", "Yes"]])
    (folder / "voice.csv").symlink_to(elsewhere)
    assert list(load_audit(folder).voice["said"]) == ["I was heard"]

"""The SSDA903 missing-table import: round trip, located errors, private lookup."""

from __future__ import annotations

import pandas as pd
import pytest

from cscp_analysis.cli import main
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.ssda903 import import_903, read_903

GOOD = """CHILD,SEX,DOB,MISSING,MIS_START,MIS_END
900123,1,14/02/2002,M,03/01/2016,04/01/2016
455001,2,01/09/2003,a,10/01/2016,10/01/2016
900123,1,14/02/2002,M,01/01/2016,02/01/2016
455001,2,01/09/2003,M,10/01/2016,
777,1,30/11/2004, M ,2016-02-29,01/03/2016
"""


def write(tmp_path, text, name="missing.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_round_trip_of_a_hand_made_903_table(tmp_path):
    source = write(tmp_path, GOOD)
    out, lookup = tmp_path / "audit" / "episodes.csv", tmp_path / "private" / "lookup.csv"
    assert import_903(source, out, lookup) == (5, 3)
    episodes = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(episodes.columns) == ["case_id", "episode_id", "kind", "missing_from", "returned"]
    # Children numbered in order of first appearance; episodes by start date; same-day
    # episodes of 455001 keep file order (the one that ended first, then the open one).
    assert episodes.values.tolist() == [
        ["X0001", "1", "M", "2016-01-01", "2016-01-02"],
        ["X0001", "2", "M", "2016-01-03", "2016-01-04"],
        ["X0002", "1", "A", "2016-01-10", "2016-01-10"],
        ["X0002", "2", "M", "2016-01-10", ""],
        ["X0003", "1", "M", "2016-02-29", "2016-03-01"],
    ]
    table = pd.read_csv(lookup, dtype=str)
    assert table.values.tolist() == [["900123", "X0001"], ["455001", "X0002"], ["777", "X0003"]]
    # The lookup maps back: each source row's child and start reappear under its case id.
    back = episodes.merge(table, on="case_id")
    pairs = sorted(zip(back["CHILD"], back["missing_from"], strict=True))
    assert pairs == sorted(
        [
            ("900123", "2016-01-03"),
            ("455001", "2016-01-10"),
            ("900123", "2016-01-01"),
            ("455001", "2016-01-10"),
            ("777", "2016-02-29"),
        ]
    )
    text = out.read_text()
    assert "2002" not in text and "900123" not in text  # no DOB, no local child id


def test_bad_rows_are_all_located_and_nothing_is_written(tmp_path):
    source = write(
        tmp_path,
        """CHILD,MISSING,MIS_START,MIS_END
1,M,,05/01/2016
1,X,06/01/2016,07/01/2016
2,M,10/01/2016,09/01/2016
3,M,31/02/2016,
4,M,01/03/2016,10/03/2016
4,A,05/03/2016,06/03/2016
5,M,01/04/2016,
5,M,20/04/2016,21/04/2016
""",
    )
    out, lookup = tmp_path / "episodes.csv", tmp_path / "lookup.csv"
    with pytest.raises(AuditValidationError) as caught:
        import_903(source, out, lookup)
    located = [(p.file, p.row, p.column, p.value) for p in caught.value.problems]
    assert located == [
        ("missing.csv", 2, "MIS_START", ""),
        ("missing.csv", 3, "MISSING", "X"),
        ("missing.csv", 4, "MIS_END", "09/01/2016"),
        ("missing.csv", 5, "MIS_START", "31/02/2016"),
        ("missing.csv", 7, "MIS_START", "05/03/2016"),
        ("missing.csv", 9, "MIS_START", "20/04/2016"),
    ]
    messages = [str(p) for p in caught.value.problems]
    assert messages[3] == (
        "missing.csv row 5, column MIS_START: '31/02/2016' is not a date (expected dd/mm/yyyy)"
    )
    assert "row 6" in messages[4] and "row 8" in messages[5] and "still open" in messages[5]
    assert not out.exists() and not lookup.exists()


def test_missing_column_is_reported(tmp_path):
    source = write(tmp_path, "CHILD,MIS_START,MIS_END\n1,01/01/2016,02/01/2016\n")
    with pytest.raises(AuditValidationError) as caught:
        read_903(source)
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "MISSING")]


def test_lookup_inside_outputs_is_refused(tmp_path):
    source = write(tmp_path, GOOD)
    out = tmp_path / "episodes.csv"
    with pytest.raises(ValueError, match="outputs"):
        import_903(source, out, tmp_path / "outputs" / "x" / "lookup.csv")
    with pytest.raises(ValueError, match="same as"):
        import_903(source, out, out)
    assert not out.exists()


def test_cli_import_903(tmp_path, capsys):
    source = write(tmp_path, GOOD)
    out, lookup = tmp_path / "episodes.csv", tmp_path / "lookup.csv"
    assert main(["import-903", str(source), "--out", str(out), "--lookup", str(lookup)]) == 0
    assert "wrote 5 episodes of 3 children" in capsys.readouterr().out
    bad = write(tmp_path, "CHILD,MISSING,MIS_START,MIS_END\n1,Q,01/01/2016,\n", "bad.csv")
    out2 = tmp_path / "e2.csv"
    code = main(["import-903", str(bad), "--out", str(out2), "--lookup", str(tmp_path / "l2.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "bad.csv row 2, column MISSING" in err and not out2.exists()
    refused = main(
        [
            "import-903",
            str(source),
            "--out",
            str(out2),
            "--lookup",
            str(tmp_path / "outputs" / "l.csv"),
        ]
    )
    assert refused == 2 and not out2.exists()


def test_existing_outputs_are_refused_without_force(tmp_path, capsys):
    source = write(tmp_path, GOOD)
    out, lookup = tmp_path / "episodes.csv", tmp_path / "lookup.csv"
    out.write_text("earlier episodes\n", encoding="utf-8")
    with pytest.raises(FileExistsError) as caught:
        import_903(source, out, lookup)
    assert str(caught.value) == f"{out} already exists; use --force to replace it"
    assert not lookup.exists()
    lookup.write_text("earlier lookup\n", encoding="utf-8")
    argv = ["import-903", str(source), "--out", str(out), "--lookup", str(lookup)]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"error: {out} and {lookup} already exist; use --force to replace them\n")
    assert out.read_text(encoding="utf-8") == "earlier episodes\n"
    assert lookup.read_text(encoding="utf-8") == "earlier lookup\n"
    assert main([*argv, "--force"]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[1] == "X0001,1,M,2016-01-01,2016-01-02"
    assert lookup.read_text(encoding="utf-8").splitlines()[1:] == [
        "900123,X0001", "455001,X0002", "777,X0003"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "episodes.csv", "lookup.csv", "missing.csv"]  # no temporary file left


def test_non_utf8_table_is_located_with_the_excel_hint(tmp_path, capsys):
    source = tmp_path / "missing.csv"
    source.write_bytes(b"CHILD,MISSING,MIS_START,MIS_END\n1,M,01/01/2016,\n"
                       b"Jos\xe9,M,02/01/2016,\n")  # Windows-1252 e-acute on row 3
    out, lookup = tmp_path / "episodes.csv", tmp_path / "lookup.csv"
    with pytest.raises(AuditValidationError) as caught:
        read_903(source)
    assert [str(p) for p in caught.value.problems] == [
        "missing.csv row 3: the file is not UTF-8 text (this row has a character that cannot "
        "be read); in Excel use Save As > 'CSV UTF-8 (Comma delimited)'"]
    assert main(["import-903", str(source), "--out", str(out), "--lookup", str(lookup)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("1 problem found; nothing was written.\nmissing.csv row 3: ")
    assert "codec" not in err and not out.exists() and not lookup.exists()


def test_utf8_bom_from_excel_is_accepted(tmp_path):
    source = tmp_path / "missing.csv"
    source.write_text("child,Missing,MIS_START,MIS_END\n9001,M,03/01/2016,04/01/2016\n",
                      encoding="utf-8-sig")
    table = read_903(source)
    assert table[["row", "CHILD", "kind"]].values.tolist() == [[2, "9001", "M"]]
    assert import_903(source, tmp_path / "e.csv", tmp_path / "l.csv") == (1, 1)


def test_cli_counts_in_the_singular_and_reminds_what_to_link(tmp_path, capsys):
    source = write(tmp_path, "CHILD,MISSING,MIS_START,MIS_END\n9001,M,03/01/2016,04/01/2016\n")
    out, lookup = tmp_path / "episodes.csv", tmp_path / "lookup.csv"
    assert main(["import-903", str(source), "--out", str(out), "--lookup", str(lookup)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote 1 episode of 1 child to {out}; CHILD -> case_id lookup in {lookup} "
        "(keep it private)",
        "next: the case ids are new pseudonyms, so give the audit's cases.csv the same ids "
        "(via the lookup, kept private), and add the rhi_* columns from the return-interview "
        "records (the 903 table has none: otherwise every returned episode counts as "
        "interview not held)",
    ]


def test_help_explains_pseudonyms_and_return_interviews(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["import-903", "--help"])
    assert caught.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "The case ids written (X0001, X0002, ...) are NEW pseudonyms" in shown
    assert "Keep the lookup file (CHILD -> case_id) in a private place" in shown
    assert "otherwise every returned episode counts as an interview not held (rule 6.1)" in shown


def test_a_missing_table_says_what_was_expected(tmp_path, capsys):
    code = main(["import-903", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "e.csv"),
                 "--lookup", str(tmp_path / "l.csv")])
    assert code == 2
    assert capsys.readouterr().err == (
        f"error: {tmp_path / 'nope.csv'} not found (expected the SSDA903 missing table, .csv)\n")

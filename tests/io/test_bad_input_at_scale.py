"""Bad input at scale: every bad row located in one run, and a flood of them summarised."""

from __future__ import annotations

from cscp_analysis.cli import MAX_PROBLEMS_SHOWN, main
from cscp_analysis.samples.large import write_large_mfh_audit


def spoil(folder, rows: list[int], how) -> None:
    """Make the episodes on the given spreadsheet rows bad."""
    path = folder / "episodes.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    for row in rows:
        cells = lines[row - 1].split(",")
        how(cells)
        lines[row - 1] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_every_bad_row_of_a_large_folder_is_located_in_one_run(tmp_path, capsys):
    folder = write_large_mfh_audit(tmp_path / "a", 300, 3_000)
    rows = list(range(60, 3_001, 60))  # 50 rows spread through the file

    def bad_kind(cells):
        cells[2] = "Q"

    spoil(folder, rows, bad_kind)
    assert main(["summary", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing written
    lines = err.splitlines()
    assert lines[0] == "50 problems found."  # summary writes nothing
    assert lines[1:] == [f"episodes.csv row {r}, column kind: 'Q' is not one of M, A"
                         for r in rows]


def test_a_flood_of_bad_rows_prints_the_first_thousand_and_a_count(tmp_path, capsys):
    folder = write_large_mfh_audit(tmp_path / "a", 300, 3_000)
    rows = list(range(2, 3_002, 2))  # 1,500 bad rows

    def bad_start(cells):
        cells[3] = "soon"

    spoil(folder, rows, bad_start)
    assert main(["summary", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == "1,500 problems found."
    assert len(lines) == 1 + MAX_PROBLEMS_SHOWN + 1 == 1_002
    assert lines[1] == ("episodes.csv row 2, column missing_from: 'soon' is not a date or "
                        "date-time (expected 2016-03-01, 2016-03-01 22:30 or 01/03/2016 22:30)")
    assert lines[MAX_PROBLEMS_SHOWN].startswith(f"episodes.csv row {rows[999]}, ")
    assert lines[-1] == ("... and 500 more problems not shown: the first 1,000 are listed "
                         "above")

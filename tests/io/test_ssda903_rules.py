"""The SSDA903 import's DfE missing-table checks, quoted by rule code, and files that
are not a table of episodes."""

from __future__ import annotations

import pytest

from cscp_analysis.cli import main
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.ssda903 import read_903


def problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "missing.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AuditValidationError) as caught:
        read_903(path)
    return [str(p) for p in caught.value.problems]


def test_each_dfe_rule_is_quoted_by_its_code(tmp_path):
    assert problems(tmp_path, """CHILD,DOB,MISSING,MIS_START,MIS_END
1,01/01/2005,M,,05/01/2016
2,01/01/2005,M,10/01/2016,09/01/2016
3,01/01/2005,M,01/03/2016,10/03/2016
3,01/01/2005,A,05/03/2016,06/03/2016
4,20/06/2010,M,19/06/2010,21/06/2010
""") == [
        "missing.csv row 2, column MIS_START: is blank (expected a date dd/mm/yyyy) "
        "(DfE 903 validation rule 564)",
        "missing.csv row 3, column MIS_END: 09/01/2016 is before MIS_START 10/01/2016 "
        "(expected on or after it) (DfE 903 validation rule 567)",
        "missing.csv row 5, column MIS_START: 05/03/2016 overlaps the same child's episode on "
        "row 4 (ended 10/03/2016); expected on or after that episode's end "
        "(DfE 903 validation rule 574)",
        "missing.csv row 6, column MIS_START: 19/06/2010 is before the child's date of birth "
        "20/06/2010 (DfE 903 validation rule 586)",
    ]


def test_episodes_starting_the_same_day_are_taken_in_order_of_their_end(tmp_path):
    # the open episode is listed first, but it is the later one: no overlap either way round
    path = tmp_path / "missing.csv"
    path.write_text("CHILD,MISSING,MIS_START,MIS_END\n7,M,10/01/2016,\n7,M,10/01/2016,"
                    "10/01/2016\n", encoding="utf-8")
    assert list(read_903(path)["row"]) == [2, 3]


def test_a_header_only_table_is_a_located_error_not_a_traceback(tmp_path, capsys):
    assert problems(tmp_path, "CHILD,MISSING,MIS_START,MIS_END\n") == [
        "missing.csv row 2: the table has a header but no episodes (expected one row per "
        "episode)"]
    table = tmp_path / "missing.csv"
    code = main(["import-903", str(table), "--out", str(tmp_path / "e.csv"),
                 "--lookup", str(tmp_path / "l.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and "no episodes" in err
    assert not (tmp_path / "e.csv").exists()


def test_a_named_pipe_is_refused_not_waited_on(tmp_path, capsys):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes are POSIX")
    os.mkfifo(tmp_path / "missing.csv")
    code = main(["import-903", str(tmp_path / "missing.csv"), "--out",
                 str(tmp_path / "e.csv"), "--lookup", str(tmp_path / "l.csv")])
    assert code == 2
    assert capsys.readouterr().err.splitlines()[1] == (
        "missing.csv: is a named pipe, not an ordinary file (only ordinary files are read)")

"""Names are checked: ids that name folders and files, and ids a person reads back.

Before: a 300-character audit id passed ``validate`` and failed later with ENAMETOOLONG;
NUL and right-to-left marks in ids were accepted (and printed raw into messages);
``template --blank-cases -5`` was accepted.
"""

from __future__ import annotations

import pytest
from conftest import CASES_HEADER, write_audit, write_csv

from cscp_analysis.cli import main
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.contract.names import MAX_ID_LENGTH, id_problem
from cscp_analysis.io.load import load_audit

ONE_JUDGEMENT = (["case_id", "question_id", "answer"], [["C01", "voice_heard", "Yes"]])


def _problems(folder) -> list[str]:
    with pytest.raises(AuditValidationError) as caught:
        load_audit(folder)
    return [str(p) for p in caught.value.problems]


def _audit(tmp_path, meta=None, case_id="C01"):
    return write_audit(tmp_path / "a", meta,
                       cases=(CASES_HEADER, [[case_id, "Cumberland", "CP", "12", "", "Female"]]),
                       judgements=ONE_JUDGEMENT)


def test_a_300_character_audit_id_is_refused_by_validate(tmp_path, capsys):
    folder = _audit(tmp_path, {"id": "a" * 300})
    assert main(["validate", str(folder)]) == 2
    assert capsys.readouterr().err == (
        "1 problem found.\n"  # validate writes nothing, so never says so
        f"audit.yaml, column id: '{'a' * 64}…' is 300 characters long: an id may have at most "
        "64 (it names output folders)\n")


def test_an_id_of_exactly_the_limit_is_fine():
    assert MAX_ID_LENGTH == 64
    assert id_problem("a" * 64) is None
    assert id_problem("a" * 65).startswith(f"'{'a' * 64}…' is 65 characters long")


@pytest.mark.parametrize(("audit_id", "shown", "code"), [
    ("2016-06\u202e-cse", "2016-06\\u202e-cse", "U+202E"),   # right-to-left override
    ("2016-06-cse\x00", "2016-06-cse\\x00", "U+0000"),      # NUL
    ("2016\u200b-06-cse", "2016\\u200b-06-cse", "U+200B"),   # zero-width space
])
def test_hidden_characters_in_an_audit_id(tmp_path, audit_id, shown, code):
    folder = _audit(tmp_path, {"id": audit_id})
    assert _problems(folder) == [
        f"audit.yaml, column id: '{shown}' holds the hidden character {code}: an id may use only "
        "a-z, 0-9 and - (it names output folders)"]


@pytest.mark.parametrize(("case_id", "shown"), [
    ("C0\u202e1", "C0\\u202e1"), ("C01\x00", "C01\\x00"), ("C\u200f01", "C\\u200f01")])
def test_hidden_characters_in_a_case_id(tmp_path, case_id, shown):
    folder = _audit(tmp_path, case_id=case_id)
    write_csv(folder / "judgements.csv", ONE_JUDGEMENT[0], [[case_id, "voice_heard", "Yes"]])
    assert _problems(folder) == [
        f"cases.csv row 2, column case_id: '{shown}' holds a hidden character (shown as its \\u "
        "code): retype the id without it",
        f"judgements.csv row 2, column case_id: '{shown}' holds a hidden character (shown as its "
        "\\u code): retype the id without it",
    ]


def test_a_message_never_prints_a_hidden_character_raw():
    text = str(Problem("cases.csv", row=2, column="said", message="'a\u202eb\x1b[31m' is bad"))
    assert text == "cases.csv row 2, column said: 'a\\u202eb\\x1b[31m' is bad"
    assert text.isprintable()


def test_blank_cases_must_be_a_sensible_count(tmp_path, capsys):
    for count in ("-5", "0", "501"):
        out = tmp_path / f"t{count}.xlsx"
        assert main(["template", "--theme", "cse", "--out", str(out), "--blank-cases",
                     count]) == 2
        assert capsys.readouterr().err == (
            f"error: --blank-cases {count}: expected a whole number of cases from 1 to 500\n")
        assert not out.exists()
    assert main(["template", "--theme", "cse", "--out", str(tmp_path / "ok.xlsx"),
                 "--blank-cases", "500"]) == 0

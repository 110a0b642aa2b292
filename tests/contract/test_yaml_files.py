"""Hostile and broken YAML (audit.yaml, theme files, cycle files): one loader, located errors.

Before the one loader (contract/yaml_safe.py) an alias bomb of a few lines ran for 40-56 s
and died of MemoryError at 2.2 GB, deep nesting was a RecursionError (in ``template`` too),
``template`` on invalid YAML a ParserError traceback, and a key given twice silently kept
its last value.
"""

from __future__ import annotations

import os

import pytest
from conftest import CASES_HEADER, write_audit

from cscp_analysis import cli
from cscp_analysis.batch.cycle import read_cycle
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.contract.themes import ThemeError, load_theme
from cscp_analysis.contract.yaml_safe import MAX_BYTES, MAX_DEPTH, parse_yaml
from cscp_analysis.io.load import load_audit

# nine levels of nine: 387,420,489 strings once expanded
BOMB = "".join(
    [f"id: x\nl0: &l0 [{', '.join(['lol'] * 9)}]\n"]
    + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9)])
DEEP = "id: x\ntitle: " + "[" * 5000 + "]" * 5000 + "\n"
ONE_CASE = (CASES_HEADER, [["C01", "Cumberland", "CP", "12", "", "Female"]])
ONE_JUDGEMENT = (["case_id", "question_id", "answer"], [["C01", "voice_heard", "Yes"]])


def _audit_problems(folder) -> list[str]:
    with pytest.raises(AuditValidationError) as caught:
        load_audit(folder)
    return [str(p) for p in caught.value.problems]


def _audit_with_yaml(tmp_path, text: str):
    folder = write_audit(tmp_path / "a", cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    (folder / "audit.yaml").write_text(text, encoding="utf-8")
    return folder


def test_an_alias_bomb_is_refused_at_its_first_anchor():
    doc, problems = parse_yaml(BOMB, "f.yaml")
    assert doc is None
    assert [str(p) for p in problems] == [
        "f.yaml row 2: an anchor (&l0) is not allowed here: write each value out in full "
        "(not valid YAML)"]


def test_an_alias_without_its_anchor_is_refused_too():
    doc, problems = parse_yaml("a: [1, 2]\nb: *a\n", "f.yaml")
    assert [str(p) for p in problems] == [
        "f.yaml row 2: an alias (*a) is not allowed here: write the value out in full "
        "(not valid YAML)"]


def test_an_alias_bomb_in_audit_yaml(tmp_path):
    folder = _audit_with_yaml(tmp_path, BOMB)
    assert _audit_problems(folder) == [
        "audit.yaml row 2: an anchor (&l0) is not allowed here: write each value out in full "
        "(expected key: value lines, e.g. 'theme: cse')"]


def test_an_alias_bomb_in_a_theme_file(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme(path)
    assert str(caught.value) == (
        f"{path} line 2: cannot be read as YAML (an anchor (&l0) is not allowed here: write "
        "each value out in full)")


def test_an_alias_bomb_in_a_cycle_file(tmp_path):
    path = tmp_path / "cycle.yaml"
    path.write_text(BOMB.replace("id: x", "as_of: 2023-03-31"), encoding="utf-8")
    with pytest.raises(AuditValidationError) as caught:
        read_cycle(path)
    assert [str(p) for p in caught.value.problems] == [
        "cycle.yaml row 2: an anchor (&l0) is not allowed here: write each value out in full "
        "(not valid YAML)"]


def test_deep_nesting_is_refused_in_each_file(tmp_path):
    folder = _audit_with_yaml(tmp_path, DEEP)
    assert _audit_problems(folder) == [
        f"audit.yaml row 2: nested more than {MAX_DEPTH} levels deep, the limit (expected key: "
        "value lines, e.g. 'theme: cse')"]
    theme = tmp_path / "deep.yaml"
    theme.write_text(DEEP, encoding="utf-8")
    with pytest.raises(ThemeError, match=r"deep.yaml line 2: cannot be read as YAML \(nested "
                       r"more than 20 levels deep, the limit\)$"):
        load_theme(theme)
    cycle = tmp_path / "c.yaml"
    # line 1 is the file's mapping (level 1); line k + 1 opens level k of the audits list
    cycle.write_text("as_of: 2023-03-31\naudits:\n" + "".join(
        "  " * i + "- \n" for i in range(1, 40)), encoding="utf-8")
    with pytest.raises(AuditValidationError) as caught:
        read_cycle(cycle)
    assert [str(p) for p in caught.value.problems] == [
        "c.yaml row 22: nested more than 20 levels deep, the limit (not valid YAML)"]


def test_the_deepest_built_in_file_is_well_inside_the_limit():
    # a theme nests five levels (file, finding_areas, area, questions, question)
    assert MAX_DEPTH >= 4 * 5
    assert load_theme("mfh").questions


def test_a_key_given_twice_is_located_and_the_rest_still_checked(tmp_path):
    folder = _audit_with_yaml(tmp_path, "id: 2016-06-cse\ntheme: cse\ntitle: One\n"
                              "conducted: June\ntitle: Two\n")
    assert _audit_problems(folder) == [
        "audit.yaml, column conducted: 'June' is not a month (expected YYYY-MM, e.g. 2016-06)",
        "audit.yaml row 5, column title: key 'title' is given twice (also line 3): keep one",
    ]


def test_a_key_given_twice_in_a_theme_file_names_both_lines(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("id: t\ntitle: T\nfinding_areas:\n  - title: A\n    questions:\n"
                    "      - {id: q, text: Q, id: r}\n", encoding="utf-8")
    with pytest.raises(ThemeError) as caught:
        load_theme(path)
    assert str(caught.value) == (
        f"{path} line 6, key finding_areas.questions.id: key 'finding_areas.questions.id' is "
        "given twice (also line 6): keep one")


def test_template_on_invalid_or_deep_yaml_is_located(tmp_path, capsys):
    folder = _audit_with_yaml(tmp_path, "id: x\ntheme: [cse\n")
    assert cli.main(["template", "--audit", str(folder), "--out", str(tmp_path / "t.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err == ("1 problem found; nothing was written.\n"
                   "audit.yaml row 3: expected ',' or ']', but got '<stream end>' (expected "
                   "key: value lines, e.g. 'theme: cse')\n")
    (folder / "audit.yaml").write_text(DEEP, encoding="utf-8")
    assert cli.main(["template", "--audit", str(folder), "--out", str(tmp_path / "t.xlsx")]) == 2
    assert capsys.readouterr().err == (
        "1 problem found; nothing was written.\n"
        "audit.yaml row 2: nested more than 20 levels deep, the limit (expected key: value "
        "lines, e.g. 'theme: cse')\n")
    assert not (tmp_path / "t.xlsx").exists()


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    folder = _audit_with_yaml(tmp_path, "id: x\n" + "#" * MAX_BYTES + "\n")
    assert _audit_problems(folder) == [
        "audit.yaml: the file is larger than 1,000,000 bytes (the limit for a YAML file)"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_audit_yaml_is_refused_not_waited_on(tmp_path):
    folder = write_audit(tmp_path / "a", cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    (folder / "audit.yaml").unlink()
    os.mkfifo(folder / "audit.yaml")
    assert _audit_problems(folder) == [
        "audit.yaml: is a named pipe, not an ordinary file (only ordinary files are read)"]


@pytest.mark.parametrize(("text", "message"), [
    ("id: !!python/object/apply:os.system [echo]\n",
     "audit.yaml row 1: could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/object/apply:os.system' (expected key: value lines, e.g. "
     "'theme: cse')"),
    ("id: a\n---\nid: b\n",
     "audit.yaml row 2: expected a single document in the stream, but found another document "
     "(expected key: value lines, e.g. 'theme: cse')"),
    ("id: " + "9" * 5000 + "\n",
     "audit.yaml row 1: a number too long to read (expected key: value lines, e.g. "
     "'theme: cse')"),
    ("? [a, b]\n: c\n",
     "audit.yaml row 1: a key must be text, not a list or mapping (expected key: value lines, "
     "e.g. 'theme: cse')"),
])
def test_other_yaml_an_audit_yaml_may_not_use(tmp_path, text, message):
    assert _audit_problems(_audit_with_yaml(tmp_path, text)) == [message]


def test_unknown_audit_yaml_keys_suggest_the_nearest(tmp_path):
    folder = write_audit(tmp_path / "a", {"conductd_by": "Panel", "colour": "blue"},
                         cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    keys = "id, theme, title, conducted, conducted_by, areas, agencies, synthetic"
    # yaml.safe_dump writes the keys in alphabetical order: colour, conductd_by, conducted...
    assert _audit_problems(folder) == [
        f"audit.yaml row 1, column colour: unknown key 'colour' (expected one of {keys})",
        "audit.yaml row 2, column conductd_by: unknown key 'conductd_by': did you mean "
        f"conducted_by? (expected one of {keys})",
    ]


def test_audit_yaml_text_keys_must_be_text(tmp_path):
    folder = write_audit(tmp_path / "a", {"title": ["a", "b"], "conducted_by": {"x": 1}},
                         cases=ONE_CASE, judgements=ONE_JUDGEMENT)
    assert _audit_problems(folder) == [
        "audit.yaml, column conducted_by: '{x: 1}' is not text",
        "audit.yaml, column title: '[a, b]' is not text",
    ]


def test_ingest_with_an_alias_bomb_as_its_audit_yaml(tmp_path):
    from cscp_analysis.capture.ingest import ingest
    from cscp_analysis.capture.template import make_template

    tool = make_template(tmp_path / "panel.xlsx", audit="2016-06-cse")
    (tmp_path / "audit.yaml").write_text(BOMB, encoding="utf-8")
    with pytest.raises(AuditValidationError) as caught:
        ingest([tool], tmp_path / "out", audit=tmp_path / "audit.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "audit.yaml row 2: is not a readable YAML file (an anchor (&l0) is not allowed here: "
        "write each value out in full): expected id, theme, title and conducted"]


def test_template_with_an_audit_yaml_whose_theme_or_areas_are_not_text(tmp_path, capsys):
    folder = _audit_with_yaml(tmp_path, "id: x\ntheme: [cse]\n")
    out = tmp_path / "t.xlsx"
    assert cli.main(["template", "--audit", str(folder), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        "error: audit.yaml: theme ['cse'] is not a theme id or file\n")
    (folder / "audit.yaml").write_text("id: x\ntheme: cse\nareas: 5\n", encoding="utf-8")
    assert cli.main(["template", "--audit", str(folder), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        "error: audit.yaml: areas 5 is not a list of names (write [Name one, Name two] or Name "
        "one; Name two)\n")
    assert not out.exists()

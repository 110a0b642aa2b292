"""The cycle parameter file (``read_cycle``, ``check_cycle``): keys, dates, recommendations,
and every problem of the file and its audits reported in one run, before anything runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PARAMS

from cscp_analysis import cli
from cscp_analysis.batch.cycle import read_cycle
from cscp_analysis.batch.inputs import check_cycle
from cscp_analysis.batch.run import run_cycle
from cscp_analysis.contract.errors import AuditValidationError
from cscp_analysis.io.bundled import bundled_recommendations
from cscp_analysis.io.load import load_audit

SAMPLES = "2016-06-cse, 2016-06-mfh, 2022-09-neglect"


def _params(tmp_path: Path, text: str, name: str = "cycle.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _broken_audit(folder: Path) -> Path:
    """The CSE sample with the first case aged 19 (cases.csv row 2, column age_years)."""
    shutil.copytree(load_audit("2016-06-cse").source, folder)
    lines = (folder / "cases.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("age_years")] = "19"
    lines[1] = ",".join(row)
    (folder / "cases.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _problems(path: Path) -> list[str]:
    with pytest.raises(AuditValidationError) as caught:
        check_cycle(path)
    return [str(p) for p in caught.value.problems]


def test_unknown_key_suggests_the_nearest_known_key(tmp_path):
    path = _params(tmp_path, "audits: [2016-06-cse]\nas_of: 2023-03-31\nsupress_below: 5\n"
                             "colour: blue\n")
    with pytest.raises(AuditValidationError) as caught:
        read_cycle(path)
    keys = "cycle, title, audits, as_of, audience, suppress_below, recommendations, settings"
    assert [str(p) for p in caught.value.problems] == [
        "cycle.yaml row 3, column supress_below: unknown key 'supress_below': did you mean "
        f"suppress_below? (expected one of {keys})",
        f"cycle.yaml row 4, column colour: unknown key 'colour' (expected one of {keys})",
    ]
    first = caught.value.problems[0]
    assert (first.file, first.row, first.column, first.value) == (
        "cycle.yaml", 3, "supress_below", "supress_below")


def test_unknown_settings_key_and_bad_timeout(tmp_path):
    path = _params(tmp_path, "audits: [2016-06-cse]\nas_of: 2023-03-31\nsettings:\n"
                             "  timout: 5\n  timeout: -1\n")
    assert _problems(path) == [
        "cycle.yaml row 4, column settings.timout: unknown key 'settings.timout': did you mean "
        "settings.timeout? (expected one of settings.timeout)",
        "cycle.yaml row 5, column settings.timeout: '-1' is not a number of seconds above 0",
    ]


@pytest.mark.parametrize("written", ["2023-03-31", "31/03/2023", "'2023-03-31'", "1/3/2023"])
def test_as_of_in_either_contract_style(tmp_path, written):
    path = _params(tmp_path, f"audits: [2016-06-cse]\nas_of: {written}\n")
    expected = "2023-03-01" if written == "1/3/2023" else "2023-03-31"
    assert read_cycle(path).as_of == expected


@pytest.mark.parametrize("written", ["31/02/2023", "2023-13-01", "March 2023", "2023-03-31 10:00"])
def test_as_of_that_is_not_a_date(tmp_path, written):
    path = _params(tmp_path, f"audits: [2016-06-cse]\nas_of: {written}\n")
    assert _problems(path) == [
        f"cycle.yaml row 2, column as_of: '{written}' is not a date (expected 2023-03-31 or "
        "31/03/2023)"]


def test_missing_as_of_and_audits(tmp_path):
    path = _params(tmp_path, "title: No audits yet\n")
    assert _problems(path) == [
        "cycle.yaml, column audits: expected a non-empty list of audit folders, workbooks or "
        "bundled sample names",
        "cycle.yaml, column as_of: as_of is missing (expected the date the reports speak for, "
        "e.g. 2023-03-31 or 31/03/2023)",
    ]


def test_every_problem_of_the_file_and_its_audits_in_one_run(tmp_path, capsys):
    _broken_audit(tmp_path / "broken")
    path = _params(tmp_path, "audits:\n  - broken\n  - no-such-audit\n  - 2016-06-cse\n"
                             "  - 2016-06-cse\nas_of: 31/13/2023\naudience: everyone\n"
                             "supress_below: 5\n")
    found = _problems(path)
    assert found[:3] == [
        "cycle.yaml row 6, column as_of: '31/13/2023' is not a date (expected 2023-03-31 or "
        "31/03/2023)",
        "cycle.yaml row 7, column audience: 'everyone' is not one of business_group, "
        "partnership, public",
        "cycle.yaml row 8, column supress_below: unknown key 'supress_below': did you mean "
        "suppress_below? (expected one of cycle, title, audits, as_of, audience, "
        "suppress_below, recommendations, settings)",
    ]
    assert found[3].startswith("broken/cases.csv row 2, column age_years: '19'")
    assert found[-2:] == [
        "cycle.yaml row 3, column audits: 'no-such-audit' is not an audit folder, workbook or "
        f"bundled sample (expected a path relative to cycle.yaml, or one of {SAMPLES})",
        "cycle.yaml row 5, column audits: audit id '2016-06-cse' is used twice in this cycle "
        "(also line 4)",
    ]
    out = tmp_path / "out"
    assert cli.main(["run", str(path), "--out", str(out)]) == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert err.startswith(f"{len(found)} problems found; nothing was written.\n")
    assert "Traceback" not in err
    assert not out.exists()


def test_blank_or_absent_recommendations_mean_none(tmp_path):
    for text in ("", "recommendations:\n", "recommendations: ''\n"):
        path = _params(tmp_path, "audits: [2016-06-cse]\nas_of: 2023-03-31\n" + text)
        assert read_cycle(path).recommendations == ""


def test_sample_recommendations_and_a_relative_path(tmp_path):
    path = _params(tmp_path, "audits: [2016-06-cse]\nas_of: 2023-03-31\n"
                             "recommendations: sample\n")
    assert read_cycle(path).recommendations == str(bundled_recommendations())
    (tmp_path / "logs").mkdir()
    shutil.copy(bundled_recommendations(), tmp_path / "logs" / "recs.csv")
    path = _params(tmp_path, "audits: [2016-06-cse]\nas_of: 2023-03-31\n"
                             "recommendations: logs/recs.csv\n")
    assert read_cycle(path).recommendations == str((tmp_path / "logs" / "recs.csv")
                                                          .resolve())


def test_recommendations_path_that_is_not_a_file(tmp_path):
    path = _params(tmp_path, "audits: [2016-06-cse]\nas_of: 2023-03-31\n"
                             "recommendations: recs.csv\n")
    assert _problems(path) == [
        "cycle.yaml row 3, column recommendations: 'recs.csv' is not a file (expected the path "
        "of a recommendations.csv or .xlsx relative to cycle.yaml, 'sample' for the bundled "
        "synthetic log, or blank for none)"]


def test_invalid_recommendations_are_reported_with_the_audits(tmp_path):
    (tmp_path / "recs.csv").write_text(
        "rec_id,audit_id,recommendation,owner,agreed_on,status\n"
        "R1,2016-06-cse,Train staff,Police,2016-07-01,Maybe\n", encoding="utf-8")
    path = _params(tmp_path, "audits: [2016-06-cse, nowhere]\nas_of: 2023-03-31\n"
                             "recommendations: recs.csv\n")
    found = _problems(path)
    assert len(found) == 2
    assert found[0].startswith("cycle.yaml row 1, column audits: 'nowhere' is not an audit")
    assert found[1].startswith("recs.csv row 2, column status: 'Maybe'")


def test_sample_cycle_names_the_bundled_recommendations():
    inputs = check_cycle(PARAMS)
    cycle, audits = inputs.cycle, inputs.audits
    assert cycle.recommendations == str(bundled_recommendations())
    assert cycle.as_of == "2023-03-31"
    assert list(audits) == ["2016-06-cse", "2016-06-mfh", "2022-09-neglect"]


def test_blank_values_take_the_defaults(tmp_path):
    path = _params(tmp_path, "audits: [2016-06-cse]\nas_of: 2023-03-31\naudience:\n"
                             "suppress_below:\nsettings:\n")
    cycle = read_cycle(path)
    assert (cycle.audience, cycle.suppress_below, dict(cycle.settings)) == (
        "business_group", 0, {})


def test_a_cycle_name_that_is_not_a_folder_name(tmp_path):
    path = _params(tmp_path, "cycle: ../elsewhere\naudits: [2016-06-cse]\nas_of: 2023-03-31\n")
    assert _problems(path) == [
        "cycle.yaml row 1, column cycle: '../elsewhere' is not a folder name (expected letters, "
        "digits, '-', '_' or '.', e.g. 2024-cycle-1)"]


def test_read_cycle_resolves_paths_against_the_params_file(tmp_path):
    (tmp_path / "data" / "a1").mkdir(parents=True)
    params = tmp_path / "c.yaml"
    params.write_text("cycle: c1\naudits: [data/a1, 2016-06-cse]\nas_of: 2023-03-31\n"
                      "suppress_below: 5\n", encoding="utf-8")
    cycle = read_cycle(params)
    assert cycle.name == "c1"
    assert cycle.audits == (str((tmp_path / "data" / "a1").resolve()), "2016-06-cse")
    assert cycle.as_of == "2023-03-31"
    assert cycle.suppress_below == 5
    assert cycle.audience == "business_group"


def test_bad_input_is_reported_before_anything_runs(tmp_path, capsys):
    params = tmp_path / "bad.yaml"
    params.write_text("audits: [2016-06-cse, no-such-audit]\nas_of: 31/13/2023\n"
                      "audience: everyone\n", encoding="utf-8")
    code = cli.main(["run", str(params), "--out", str(tmp_path / "out")])
    assert code == cli.EXIT_INVALID
    err = capsys.readouterr().err
    assert "bad.yaml row 2, column as_of: '31/13/2023' is not a date (expected 2023-03-31 " \
        "or 31/03/2023)" in err
    assert "bad.yaml row 3, column audience: 'everyone' is not one of business_group, " \
        "partnership, public" in err
    assert "bad.yaml row 1, column audits: 'no-such-audit' is not an audit folder" in err
    assert not (tmp_path / "out").exists()


def test_an_invalid_audit_names_every_problem_and_writes_nothing(tmp_path):
    _broken_audit(tmp_path / "broken")
    params = tmp_path / "cycle.yaml"
    params.write_text("audits: [broken]\nas_of: 2023-03-31\n", encoding="utf-8")
    with pytest.raises(AuditValidationError) as caught:
        run_cycle(params, out=tmp_path / "out", progress=lambda _msg: None)
    assert any(p.file == "broken/cases.csv" and p.row == 2 and p.column == "age_years"
               for p in caught.value.problems)
    assert not (tmp_path / "out").exists()


def test_a_key_given_twice_and_a_title_that_is_not_text(tmp_path):
    path = _params(tmp_path, "audits: [2016-06-cse]\nas_of: 2023-03-31\ntitle: [a, b]\n"
                             "as_of: 2023-04-30\n")
    assert _problems(path) == [
        "cycle.yaml row 3, column title: '[a, b]' is not the cycle's title (text)",
        "cycle.yaml row 4, column as_of: key 'as_of' is given twice (also line 2): keep one",
    ]


def test_a_cycle_name_too_long_for_a_folder(tmp_path):
    path = _params(tmp_path, f"cycle: {'c' * 300}\naudits: [2016-06-cse]\nas_of: 2023-03-31\n")
    assert _problems(path) == [
        f"cycle.yaml row 1, column cycle: '{'c' * 64}…' is 300 characters long: a cycle name may "
        "have at most 64 (it names the output folder)"]


def test_an_audits_item_that_is_not_an_audit_is_located_and_the_others_checked(tmp_path):
    path = _params(tmp_path, "audits:\n  - [a, b]\n  - no-such-audit\nas_of: 2023-03-31\n")
    assert _problems(path) == [
        "cycle.yaml row 2, column audits: a list item is not an audit (expected an audit folder, "
        "a workbook or a bundled sample name)",
        "cycle.yaml row 3, column audits: 'no-such-audit' is not an audit folder, workbook or "
        f"bundled sample (expected a path relative to cycle.yaml, or one of {SAMPLES})",
    ]



def test_the_batch_prints_the_notice_once(tmp_path, monkeypatch):
    """The real batch on a two-audit cycle with the bundled log (its notebooks replaced by
    one that writes a report, as in test_run_faults)."""
    from faults import write_tree

    from cscp_analysis.batch import run as run_module

    def build(job, staging, *args, **kwargs):
        write_tree(staging, {"report.html": "r", f"{job.key}.ipynb": "n"})

    monkeypatch.setattr(run_module, "build_job", build)
    params = tmp_path / "cycle.yaml"
    params.write_text("audits: [2016-06-mfh, 2022-09-neglect]\nas_of: 2023-03-31\n"
                      f"recommendations: {bundled_recommendations()}\n", encoding="utf-8")
    said: list[str] = []
    run = run_cycle(params, out=tmp_path / "out", jobs=1, progress=said.append)
    assert run.exit_code == 0
    notice = ("recommendations.csv: rows of audits outside this cycle are left out of its "
              "reports: 2016-06-cse")
    assert said.count(notice) == 1 and sum("outside this cycle" in s for s in said) == 1

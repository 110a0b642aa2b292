"""The command line as people run it: the real console script and ``python -m``, in subprocesses.

Messages, ``--quiet`` / ``--verbose``, a reader that closes the pipe, Ctrl-C.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT

import cscp_analysis

#: The bundled samples' folders.
SAMPLES = Path(cscp_analysis.__file__).parent / "samples" / "data"
#: The console script installed beside this interpreter (``.venv/bin/cscp-analysis``).
SCRIPT = str(Path(sys.executable).with_name("cscp-analysis"))


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=300,
                          **kwargs)


def test_python_m_cscp_analysis_gives_the_version():
    done = subprocess.run([sys.executable, "-m", "cscp_analysis", "--version"],
                          capture_output=True, text=True, check=True)
    assert done.stdout == f"cscp-analysis {cscp_analysis.__version__}\n"
    assert done.stderr == ""


def test_python_m_cscp_analysis_runs_a_command_like_the_script():
    by_module = subprocess.run([sys.executable, "-m", "cscp_analysis", "validate", "2016-06-cse"],
                               capture_output=True, text=True)
    by_script = run("validate", "2016-06-cse")
    assert by_module.returncode == by_script.returncode == 0
    assert by_module.stdout == by_script.stdout == (
        "2016-06-cse: no problems found (5 cases, 70 judgements, theme cse)\n")
    assert by_module.stderr == by_script.stderr == ""


@pytest.mark.parametrize(("command", "said"), [
    ("validate", "2016-06-mfh: no problems found (14 cases"),
    ("summary", "{"),
])
def test_quick_commands_on_a_folder_load_only_what_reading_csv_files_needs(command, said):
    """A quick command stays quick: no workbook reader, file-check models, notebook runner,
    solver or plotting stack is imported to check or summarise a CSV folder that uses a
    built-in theme."""
    heavy = ("openpyxl", "pydantic", "papermill", "nbconvert", "matplotlib", "seaborn",
             "scipy", "jinja2")
    code = ("import sys\nfrom cscp_analysis.cli import main\n"
            f"code = main([{command!r}, '2016-06-mfh'])\n"
            f"print(code, sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith(said)
    assert lines[-1] == "0 []"


def subcommands() -> list[str]:
    """Every subcommand the parser knows, read from the parser itself."""
    from cscp_analysis.cli import build_parser

    (action,) = [a for a in build_parser()._actions if a.choices and a.dest == "command"]
    return sorted(action.choices)


def description_of(help_text: str) -> str:
    """The paragraph(s) between a --help's usage lines and its argument lists."""
    blocks = help_text.split("\n\n")
    assert blocks[0].startswith("usage: ")
    said = []
    for block in blocks[1:]:
        if block.startswith(("positional arguments:", "options:")):
            break
        said.append(" ".join(block.split()))
    return " ".join(said)


def test_every_subcommand_has_a_help_with_a_description():
    names = subcommands()
    assert {"validate", "import-903", "summary", "template", "ingest", "run"} <= set(names)
    for name in names:
        done = run(name, "--help", env={**os.environ, "COLUMNS": "80"})
        assert done.returncode == 0, done.stderr
        said = description_of(done.stdout)
        assert len(said.split()) >= 8, f"{name} --help has no description: {done.stdout!r}"
        if name == "run":
            assert "docs/reports.md" in said
            assert "<out>/<cycle>/" in said and "default outputs" in said
            assert (ROOT / "docs" / "reports.md").read_text(encoding="utf-8").count(
                "## The cycle's parameter file") == 1
        # A path in a description is never split at its hyphen across lines.
        assert "docs/data-\n" not in done.stdout


def test_validate_says_how_many_problems_and_never_that_nothing_was_written(tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(SAMPLES / "2016-06-cse", folder)
    cases = folder / "cases.csv"
    lines = cases.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    age = header.index("age_years")
    for row in (1, 2):  # rows 2 and 3 as Excel shows them
        cells = lines[row].split(",")
        cells[age] = "19"
        lines[row] = ",".join(cells)
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run("validate", str(folder))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines()[0] == "2 problems found."
    assert "nothing was written" not in done.stderr
    # a command that writes says it wrote nothing
    params = tmp_path / "cycle.yaml"
    params.write_text("audits: [bad]\nas_of: 2023-03-31\n", encoding="utf-8")
    ran = run("run", str(params), "--out", str(tmp_path / "out"))
    assert ran.returncode == 2
    assert ran.stderr.splitlines()[0] == "2 problems found; nothing was written."
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_leaves_only_problems_before_or_after_the_command(where, tmp_path):
    quiet = ["--quiet", "validate", "2016-06-cse"] if where == "before" else [
        "validate", "2016-06-cse", "-q"]
    done = run(*quiet)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    missing = str(tmp_path / "nowhere")
    failed = run("-q", "validate", missing) if where == "before" else run(
        "validate", missing, "-q")
    assert failed.returncode == 2 and failed.stdout == ""
    assert failed.stderr.startswith("error: no audit folder or workbook at ")


def test_verbose_adds_detail_on_standard_error():
    plain = run("validate", "2016-06-cse")
    verbose = run("validate", "2016-06-cse", "--verbose")
    assert plain.stdout == verbose.stdout != ""
    assert plain.stderr == ""
    detail = verbose.stderr.splitlines()
    assert len(detail) == 1  # the folder and the sample's files it read, which include:
    assert detail[0].startswith(f"read {SAMPLES / '2016-06-cse'}: audit.yaml, cases.csv, "
                                "judgements.csv, voice.csv")


def test_quiet_and_verbose_together_are_refused():
    done = run("--quiet", "--verbose", "validate", "2016-06-cse")
    assert done.returncode == 2
    assert "not allowed with argument" in done.stderr


def test_summary_into_head_ends_quietly():
    # the pipeline's status for the command (pipefail), with its error output apart
    done = subprocess.run(["bash", "-c", 'set -o pipefail; "$0" summary 2016-06-mfh | head -1',
                           SCRIPT], capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stdout, done.stderr) == (0, "{\n", "")


def test_a_pipe_closed_before_the_command_writes_ends_it_quietly():
    # the reading end is closed at once, so the command's first write meets a closed pipe
    proc = subprocess.Popen([SCRIPT, "summary", "2016-06-mfh"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=300) == 0
    assert err == b""


def _sleeping_notebooks(folder: Path) -> Path:
    """The project's notebooks, the theme notebook stuck after its parameters cell."""
    shutil.copytree(ROOT / "notebooks", folder)
    nb = nbformat.read(folder / "theme_report.ipynb", as_version=4)
    after = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(after + 1, nbformat.v4.new_code_cell("import time\ntime.sleep(600)"))
    nbformat.write(nb, folder / "theme_report.ipynb")
    return folder


@pytest.mark.parametrize("delay", [0.5, 15])
def test_ctrl_c_stops_a_run_with_exit_code_130_and_no_traceback(tmp_path, delay):
    params = tmp_path / "one.yaml"
    params.write_text("audits: [2016-06-cse]\nas_of: 2023-03-31\n", encoding="utf-8")
    notebooks = _sleeping_notebooks(tmp_path / "nb")
    # as a terminal's Ctrl-C finds it (a test worker may run with SIGINT ignored)
    proc = subprocess.Popen([SCRIPT, "run", str(params), "--out", str(tmp_path / "out"),
                             "--notebooks", str(notebooks), "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        # progress, one line per job started: wait for the stuck notebook to start
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if "start  2016-06-cse" in line:
                break
        else:
            pytest.fail(f"the run never started its notebook: {seen}")
        time.sleep(delay)  # its kernel starting, or running the stuck cell
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err == ("interrupted: kernels stopped; reports already published stay, the others "
                   "keep their earlier version\n")
    assert not (tmp_path / "out" / "one" / "2016-06-cse").exists()


def test_a_missing_recommendations_log_is_named_with_what_was_expected(tmp_path):
    """Before, the operating system's own words: error: [Errno 2] No such file or
    directory: 'recommendations.csv'."""
    missing = tmp_path / "recommendations.csv"
    done = run("summary", "2016-06-mfh", "--recommendations", str(missing))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (
        f"error: {missing} does not exist: expected the recommendations log, a "
        "recommendations.csv (or an .xlsx workbook with a recommendations sheet; data "
        "contract section 8)\n")


def test_an_operating_system_error_names_the_file_without_its_errno(tmp_path):
    """A file where the tool's folder should be: the system's error, as a sentence."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    done = run("template", "--theme", "cse", "--out", str(a_file / "police.xlsx"))
    assert done.returncode == 2
    assert "Errno" not in done.stderr
    assert done.stderr.startswith(f"error: {a_file}")

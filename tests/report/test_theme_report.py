"""The one theme notebook: a theme file of the user's own gets its own words, no other's."""

from __future__ import annotations

import html
import shutil
from importlib import resources

import yaml

from cscp_analysis.batch import run as batch
from cscp_analysis.contract.themes import builtin_theme_ids, load_theme
from cscp_analysis.io.load import sample_root

OWN_WORDS = ("Our partnership's own theme: how quickly agencies shared what they knew "
             "about exploitation & who acted on it.")


def test_a_theme_of_our_own_is_reported_with_its_own_description(tmp_path):
    folder = tmp_path / "own-audit"
    shutil.copytree(sample_root() / "2016-06-cse", folder)
    bundled = resources.files("cscp_analysis") / "themes" / "cse.yaml"
    theme = yaml.safe_load(bundled.read_text(encoding="utf-8"))
    theme.update(id="exploitation", title="Exploitation (our own)", description=OWN_WORDS)
    (folder / "exploitation.yaml").write_text(yaml.safe_dump(theme), encoding="utf-8")
    meta = yaml.safe_load((folder / "audit.yaml").read_text(encoding="utf-8"))
    meta.update(id="2024-01-own", theme="exploitation.yaml")
    (folder / "audit.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    params = tmp_path / "own.yaml"
    params.write_text("audits: [own-audit]\nas_of: 2023-03-31\n", encoding="utf-8")

    run = batch.run_cycle(params, out=tmp_path / "out", jobs=2, timeout=300,
                          progress=lambda _msg: None)
    assert run.exit_code == 0
    page = html.unescape((run.out / "2024-01-own" / "report.html").read_text(encoding="utf-8"))
    assert OWN_WORDS in page
    for other in builtin_theme_ids():
        description = load_theme(other).description
        assert description[:60] not in page, other
    # the analyst's guide and tables stay in the notebook: never in the report
    assert "For the analyst" not in page and "question_id" not in page

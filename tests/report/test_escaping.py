"""Input text reaches a report as text: never as live HTML, never read as Markdown."""

from __future__ import annotations

import shutil

import yaml
from IPython.core.formatters import DisplayFormatter
from nbformat import v4

from cscp_analysis.batch import render
from cscp_analysis.io.load import sample_root
from cscp_analysis.report import display
from cscp_analysis.report.agencies import agency_section
from cscp_analysis.report.cohort import cohort_section
from cscp_analysis.report.figures import Chart
from cscp_analysis.report.findings import findings_section
from cscp_analysis.report.inputs import theme_results
from cscp_analysis.report.introduction import introduction, title
from cscp_analysis.report.settings import ReportSettings
from cscp_analysis.report.voice import voice_section

HOSTILE = "<img src=x onerror=alert(1)> **bold**"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt; **bold**"


def _hostile_audit(tmp_path):
    """The CSE sample, conducted by a hostile name and with a hostile consented quote."""
    folder = tmp_path / "hostile"
    shutil.copytree(sample_root() / "2016-06-cse", folder)
    meta = yaml.safe_load((folder / "audit.yaml").read_text(encoding="utf-8"))
    meta["conducted_by"] = HOSTILE
    (folder / "audit.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    voice = (folder / "voice.csv").read_text(encoding="utf-8").splitlines()
    voice.insert(1, f'C01,"{HOSTILE}",Yes,,SYNTHETIC')
    (folder / "voice.csv").write_text("\n".join(voice) + "\n", encoding="utf-8")
    return folder


def _page(items) -> str:
    """The items as the batch publishes them: display outputs of a notebook, to HTML."""
    formatter = DisplayFormatter()
    outputs = []
    for item in items:
        data, metadata = formatter.format(item)
        outputs.append(v4.new_output("display_data", data=data, metadata=metadata))
    nb = v4.new_notebook(cells=[v4.new_code_cell("", outputs=outputs)])
    return render.notebook_to_html(nb, title="t")


def test_hostile_conducted_by_and_quote_are_shown_as_text(tmp_path):
    settings = ReportSettings("2023-03-31")
    results = theme_results(str(_hostile_audit(tmp_path)), settings)
    items = [title(results), *introduction(results, settings),
             *voice_section(results, settings)]
    # every item is HTML from an escaping template, or a chart: no Markdown at all
    assert all(isinstance(i, Chart) or type(i).__name__ == "HTML" for i in items)
    page = _page(items)
    main = page[page.index("<main"):]
    assert main.count(ESCAPED) == 2  # the introduction, the quote
    assert "<img src=x" not in page and "onerror=alert(1)>" not in page
    assert "<strong>bold</strong>" not in page and "<em>bold</em>" not in page


def test_every_section_of_a_theme_report_is_html_or_a_chart():
    settings = ReportSettings("2023-03-31")
    results = theme_results("2016-06-mfh", settings)
    items = [*cohort_section(results, settings), *findings_section(results, settings),
             *agency_section(results, settings)]
    assert items and all(isinstance(i, Chart) or type(i).__name__ == "HTML" for i in items)


def test_a_table_or_heading_from_input_is_escaped_as_text():
    heading = display.heading(3, "Plans <b>& 'risk'</b>")
    assert heading.data == ('<h3 id="Plans-&lt;b&gt;&amp;-&#x27;risk&#x27;&lt;/b&gt;">'
                            "Plans &lt;b&gt;&amp; &#x27;risk&#x27;&lt;/b&gt;</h3>")
    assert display.paragraphs("**x** <i>").data == "<p>**x** &lt;i&gt;</p>"


def test_direction_controls_in_input_are_isolated_and_balanced():
    assert display.isolate_bidi("Cumberland") == "Cumberland"
    assert display.isolate_bidi("a\u202eb") == "\u2068a\u202eb\u2069"
    # a stray closing isolate could end ours early: dropped; an open one is closed
    assert display.isolate_bidi("\u2069\u202ex") == "\u2068\u202ex\u2069"
    assert display.isolate_bidi("\u2067x") == "\u2068\u2067x\u2069\u2069"
    assert display.paragraphs("<\u202e>").data == "<p>\u2068&lt;\u202e&gt;\u2069</p>"

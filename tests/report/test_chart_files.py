"""``charts/`` beside a report: every chart it shows as PNG (300 ppi), SVG and alt text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PIL import Image

from cscp_analysis.report.chart_files import report_charts, slug, write_charts
from cscp_analysis.report.inputs import theme_results
from cscp_analysis.report.settings import ReportSettings


def test_every_chart_of_the_mfh_report_is_written_with_its_alt_text(tmp_path):
    settings = ReportSettings("2023-03-31", recommendations="sample")
    results = theme_results("2016-06-mfh", settings)
    charts = report_charts(results, settings)
    names = [name for name, _ in charts]
    # the report's charts in order: three cohort breakdowns (gender and area are in the
    # paragraph), each finding area's questions with its rule's charts after it, the agency
    # view and the recommendations; the seven voice themes were each raised once, so they
    # are a sentence, not a chart
    assert names == [
        "01-cohort-cases-by-type-of-involvement", "02-cohort-cases-by-age-years",
        "03-cohort-cases-by-the-group-they-were-sampled-from", "04-findings-voice-of-the-child",
        "05-findings-72-hour-timescale", "06-findings-days-from-return-to-return-home-interview",
        "07-findings-plans", "08-findings-stage-1-and-2-meetings",
        "09-findings-missing-episodes-per-child",
        "10-findings-children-placed-in-cumbria-by-other-authorities", "11-findings-impact",
        "12-agencies-answers-met-by-agency-and-question",
        "13-recommendations-recommendations-by-status"]
    write_charts(charts, tmp_path / "charts")
    files = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert files == sorted(f"{n}.{ext}" for n in names for ext in ("png", "svg", "txt"))
    for name, chart in charts:
        alt = (tmp_path / "charts" / f"{name}.txt").read_text(encoding="utf-8")
        assert alt == chart.alt + "\n" and len(alt) > 20
        with Image.open(tmp_path / "charts" / f"{name}.png") as image:
            assert [round(v) for v in image.info["dpi"]] == [300, 300]
        root = ET.parse(tmp_path / "charts" / f"{name}.svg").getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_the_same_audit_gives_the_same_files(tmp_path):
    settings = ReportSettings("2023-03-31")
    results = theme_results("2016-06-cse", settings)
    for out in ("a", "b"):
        write_charts(report_charts(results, settings)[:2], tmp_path / out)
    for file in (tmp_path / "a").iterdir():
        assert file.read_bytes() == (tmp_path / "b" / file.name).read_bytes(), file.name


def test_a_suppressed_report_writes_only_the_charts_it_shows(tmp_path):
    settings = ReportSettings("2023-03-31", audience="public", recommendations="sample")
    charts = report_charts(theme_results("2016-06-mfh", settings), settings)
    # the public report hides counts below 5: it draws no chart at all (cohort, findings,
    # rules and recommendations by status are tables, the agency chart is withheld)
    assert charts == []
    write_charts(charts, tmp_path / "charts")
    assert list((tmp_path / "charts").iterdir()) == []


def test_file_names_are_plain_ascii_and_cut_at_a_word():
    assert slug("Cases by age (years)") == "cases-by-age-years"
    assert slug("Élan — <script> & 72 Hour") == "elan-script-72-hour"
    assert slug("$\\frac{$") == "frac"
    long = slug("Children Placed in Cumbria by Other Authorities and Elsewhere Besides")
    assert long == "children-placed-in-cumbria-by-other-authorities"

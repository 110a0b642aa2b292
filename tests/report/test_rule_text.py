"""The rule explanations are worded from the theme's own settings, never assumed."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from cscp_analysis.analysis.results import analyse
from cscp_analysis.contract.themes import load_theme
from cscp_analysis.io.load import load_audit
from cscp_analysis.report.how_to_read import how_to_read_section
from cscp_analysis.report.missing import rhi_block, stage_meetings_block
from cscp_analysis.report.settings import ReportSettings

SETTINGS = ReportSettings("2023-03-31")


def _text(items) -> str:
    page = "".join(getattr(i, "data", "") for i in items)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split()).replace(" .", ".")


def _mfh(**rules):
    theme = load_theme("mfh")
    return dataclasses.replace(theme, rules=dataclasses.replace(theme.rules, **rules))


def _results(theme):
    return analyse(dataclasses.replace(load_audit("2016-06-mfh"), theme=theme))


def test_the_bundled_mfh_rules_read_as_before():
    text = _text(how_to_read_section([load_theme("mfh")], SETTINGS))
    assert ("A stage 1 meeting falls due on the day a child goes missing for the 5th time within "
            "90 days, a stage 2 meeting at the 9th time. Only episodes of going missing count "
            "(not being away from a placement without permission).") in text
    assert "on time if held no more than three days after the day of return" in text


def test_a_theme_counting_away_episodes_is_told_so():
    theme = _mfh(counted_kinds=("A",), stage1_threshold=3, stage2_threshold=11, window_days=1,
                 rhi_hours=24)
    text = _text(how_to_read_section([theme], SETTINGS))
    assert "going missing count" not in text
    assert ("A stage 1 meeting falls due on the day a child is away from a placement without "
            "permission for the 3rd time within 1 day, a stage 2 meeting at the 11th time. "
            "Only episodes of being away from a placement without permission count (not going "
            "missing).") in text
    assert "Return home interviews (24-hour rule)" in text
    assert "held no more than one day after the day of return" in text
    both = _text(how_to_read_section([_mfh(counted_kinds=("M", "A"))], SETTINGS))
    assert ("Episodes of going missing and of being away from a placement without permission "
            "both count.") in both


def test_the_stage_block_words_its_thresholds_from_the_theme():
    theme = _mfh(counted_kinds=("M", "A"), stage1_threshold=1, stage2_threshold=22,
                 window_days=1)
    text = _text(stage_meetings_block(_results(theme), SETTINGS))
    assert ("When a child repeatedly goes missing or is away from a placement without "
            "permission, a stage 1 intervention meeting is due once they have gone missing or "
            "been away from a placement without permission 1 time within 1 day, and a stage 2 "
            "meeting at 22 times.") in text
    assert "The meetings should invite Children's Social Care, Police, Health and Education." \
        in text


@pytest.mark.parametrize("hours, limit", [
    (72, "held no later than three days after the return date"),
    (36, "held no later than one day after the return date"),
    (12, "held on the return date"),
])
def test_the_calendar_rule_follows_rhi_hours(hours, limit):
    text = _text(rhi_block(_results(_mfh(rhi_hours=hours)), SETTINGS))
    assert f"interview within {hours} hours" in text and limit in text
    assert "one days" not in text and "zero days" not in text

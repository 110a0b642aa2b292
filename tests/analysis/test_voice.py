"""Voice of the child: children heard, consented quotes only, tag counts."""

from __future__ import annotations

import pandas as pd

from cscp_analysis.analysis.voice import (
    children_heard,
    shareable_quote_count,
    shareable_quotes,
    tag_counts,
    voice_summary,
)

VOICE = pd.DataFrame({
    "case_id": ["C1", "C1", "C2", "C3"],
    "said": ["I trust my worker", "PRIVATE words", "Nobody told me why", "They listened"],
    "consent_to_share": ["Yes", "No", "Yes", "Yes"],
    "tags": ["trusted relationship; Felt listened to", "not told why",
             "not told why", "felt listened to"],
    "row": [2, 3, 4, 5],
})


def test_children_heard_counts_distinct_children_shareable_or_not():
    assert children_heard(VOICE) == 3
    assert children_heard(VOICE[VOICE["case_id"] == "C1"]) == 1


def test_only_consented_quotes_without_case_ids():
    quotes = shareable_quotes(VOICE)
    assert list(quotes.columns) == ["said", "tags"]
    assert list(quotes["said"]) == ["I trust my worker", "Nobody told me why", "They listened"]
    assert "PRIVATE" not in quotes.to_csv()
    assert not any(c in quotes.to_csv() for c in ("C1", "C2", "C3"))
    assert shareable_quote_count(VOICE) == 3
    assert voice_summary(VOICE) == {"children_heard": 3, "shareable_quotes": 3}


def test_no_consent_means_no_quotes():
    nobody = VOICE.assign(consent_to_share="No")
    assert len(shareable_quotes(nobody)) == 0
    assert voice_summary(nobody) == {"children_heard": 3, "shareable_quotes": 0}


def test_tag_counts_ignore_case_and_sort_by_mentions():
    tags = tag_counts(VOICE, consented_only=False)
    assert list(tags["tag"]) == ["Felt listened to", "not told why", "trusted relationship"]
    assert list(tags["mentions"]) == [2, 2, 1]
    assert list(tags["children"]) == [2, 2, 1]


def test_tag_counts_for_reports_use_consented_rows_only():
    tags = tag_counts(VOICE)  # C1's "not told why" row has no consent: left out
    assert list(tags["tag"]) == ["Felt listened to", "not told why", "trusted relationship"]
    assert list(tags["mentions"]) == [2, 1, 1]
    assert list(tags["children"]) == [2, 1, 1]
    assert len(tag_counts(VOICE.assign(tags=pd.NA))) == 0

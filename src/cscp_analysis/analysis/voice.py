"""The voice of the child: who was heard, what may be quoted, what themes recur (section 5).

Only rows with ``consent_to_share`` = ``Yes`` may ever be quoted. No function here that
returns quotes returns case ids, and none returns a quote without consent.
"""

from __future__ import annotations

import pandas as pd

from cscp_analysis.io.audit import split_list


def _consented(voice: pd.DataFrame) -> pd.DataFrame:
    return voice[voice["consent_to_share"].fillna("").astype(str) == "Yes"]


def children_heard(voice: pd.DataFrame) -> int:
    """How many children (distinct case ids) have at least one voice row, shareable or not."""
    return int(voice["case_id"].dropna().nunique())


def shareable_quote_count(voice: pd.DataFrame) -> int:
    """How many things said may be quoted in a report (consent to share = Yes)."""
    return len(_consented(voice))


def shareable_quotes(voice: pd.DataFrame) -> pd.DataFrame:
    """The quotes a report may show: consent Yes only, **without case ids**.

    Returns columns ``said`` and ``tags``, in the order the analyst entered them.
    """
    quotes = _consented(voice)
    if "row" in quotes.columns:
        quotes = quotes.sort_values("row", kind="stable")
    tags = quotes["tags"] if "tags" in quotes.columns else pd.Series(pd.NA, index=quotes.index)
    return pd.DataFrame(
        {"said": quotes["said"].astype("str"), "tags": tags.astype("str")}
    ).reset_index(drop=True)


def tag_counts(voice: pd.DataFrame, consented_only: bool = True) -> pd.DataFrame:
    """How often each tag was given: the themes of what children said.

    By default only rows the child agreed to share count, because an analyst's tag can
    itself give away what was said (``consented_only=False`` counts every row, for the
    analyst's own exploration). Tags are matched ignoring case; the first spelling seen
    is shown. Columns ``tag``, ``mentions`` (voice rows with the tag), ``children``
    (distinct children); most mentioned first, then A–Z.
    """
    if consented_only:
        voice = _consented(voice)
    records: list[tuple[str, str, object]] = []
    if "tags" in voice.columns:
        for case_id, tags in zip(voice["case_id"], voice["tags"], strict=True):
            for tag in split_list(tags):
                records.append((tag.casefold(), tag, case_id))
    if not records:
        return pd.DataFrame({"tag": pd.Series([], dtype="str"),
                             "mentions": pd.Series([], dtype="int64"),
                             "children": pd.Series([], dtype="int64")})
    table = pd.DataFrame(records, columns=["key", "tag", "case_id"])
    out = table.groupby("key", sort=False).agg(
        tag=("tag", "first"), mentions=("tag", "size"), children=("case_id", "nunique")
    )
    out = out.sort_values(["mentions", "tag"], ascending=[False, True], kind="stable")
    out = out.reset_index(drop=True)
    out["tag"] = out["tag"].astype("str")
    out["mentions"] = out["mentions"].astype("int64")
    out["children"] = out["children"].astype("int64")
    return out


def voice_summary(voice: pd.DataFrame) -> dict[str, int]:
    """The summary JSON ``voice`` block: children heard and shareable quotes."""
    return {
        "children_heard": children_heard(voice),
        "shareable_quotes": shareable_quote_count(voice),
    }

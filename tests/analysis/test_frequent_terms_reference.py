"""frequent_terms and the word-cloud frequencies count by number codes; these tests hold them
equal, column types and order included, to the plain versions that grouped the strings
themselves (kept here as the reference)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import ResponseData, answer_tokens, frequent_terms, visible_groups
from analysis.labels import ALL
from analysis.open_answers import _cloud_frequencies


def reference_frequent_terms(
    tokens: pd.Series,
    groups: pd.Series | None = None,
    weights: pd.Series | None = None,
    *,
    top: int = 20,
) -> pd.DataFrame:
    frame = pd.DataFrame({"terms": tokens})
    frame["group"] = "(all)" if groups is None else groups.reindex(frame.index)
    frame = frame.dropna(subset=["group"])
    frame["w"] = 1.0 if weights is None else weights.reindex(frame.index).fillna(0.0)
    answered = frame.groupby("group", sort=False)["w"].sum()
    long = frame.explode("terms").dropna(subset=["terms"])
    columns = ["group", "term", "n", "respondents", "share"]
    if long.empty:
        return pd.DataFrame(columns=columns)
    long = long.rename_axis("response_id").reset_index()
    n = long.groupby(["group", "terms"], sort=False)["w"].sum()
    once = long.drop_duplicates(["response_id", "terms"])
    respondents = once.groupby(["group", "terms"], sort=False)["w"].sum()
    table = pd.DataFrame({"n": n, "respondents": respondents}).reset_index()
    table = table.rename(columns={"terms": "term"})
    table["share"] = table["respondents"] / table["group"].map(answered)
    table = table.sort_values(
        ["group", "n", "respondents", "term"], ascending=[True, False, False, True], kind="stable"
    )
    return table.groupby("group", sort=False).head(top).reset_index(drop=True)[columns]


@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("question_id", ["best_thing", "three_words"])
def test_frequent_terms_equal_the_reference(data: ResponseData, question_id: str, n: int) -> None:
    texts = data.texts(question_id)
    groups = visible_groups(data, 1).reindex(texts.index)
    rng = np.random.default_rng(5)
    weights = pd.Series(rng.uniform(0.2, 3.0, len(texts)), index=texts.index)
    tokens = answer_tokens(texts, "fi", n=n)
    codes = groups.map({g: i for i, g in enumerate(sorted(set(groups)))})
    for by in (
        None,
        groups,
        groups.astype(object),
        codes,
        groups.where(rng.random(len(groups)) > 0.2),  # some answers without a group
    ):
        for w in (None, weights, weights.iloc[::2]):  # weights missing for half the answers
            for top in (3, 20):
                pd.testing.assert_frame_equal(
                    frequent_terms(tokens, by, w, top=top),
                    reference_frequent_terms(tokens, by, w, top=top),
                    check_exact=True,
                )


def test_frequent_terms_of_odd_token_lists_equal_the_reference() -> None:
    index = pd.Index(["r1", "r2", "r3", "r4", "r5", "r1"], name="response_id")
    tokens = pd.Series(
        [["meri", "meri", "luonto"], [], None, ["luonto", None], ["meri"], ["ranta"]],
        index=index,
        dtype=object,
    )
    groups = pd.Series(["a", "b", "a", None, "b", "a"], index=index)
    for by in (None, groups):
        pd.testing.assert_frame_equal(
            frequent_terms(tokens, by), reference_frequent_terms(tokens, by), check_exact=True
        )
    empty = pd.Series([[], None], index=["x", "y"], dtype=object)
    pd.testing.assert_frame_equal(frequent_terms(empty), reference_frequent_terms(empty))


def reference_cloud_frequencies(
    words: pd.Series, groups: pd.Series, weights: pd.Series | None
) -> dict[str, dict[str, float]]:
    w = pd.Series(1.0, index=words.index) if weights is None else weights.reindex(words.index)
    frame = pd.DataFrame({"term": words, "group": groups, "w": w}).explode("term").dropna()

    def sums(part: pd.DataFrame) -> dict[str, float]:
        summed = part.groupby("term")["w"].sum()
        return {str(term): float(w) for term, w in summed.items()}

    out = {ALL: sums(frame)}
    for group, part in frame.groupby("group"):
        out[str(group)] = sums(part)
    return out


def test_cloud_frequencies_equal_the_reference_in_order(data: ResponseData) -> None:
    texts = data.texts("best_thing")
    groups = visible_groups(data, 1).reindex(texts.index)
    rng = np.random.default_rng(7)
    weights = pd.Series(rng.uniform(0.2, 3.0, len(texts)), index=texts.index)
    words = answer_tokens(texts, "fi", n=1)
    for by in (groups, groups.where(rng.random(len(groups)) > 0.2)):
        for w in (None, weights, weights.iloc[::2]):
            expected = reference_cloud_frequencies(words, by, w)
            got = _cloud_frequencies(words, by, w)
            assert list(got) == list(expected)
            for group in expected:
                assert list(got[group].items()) == list(expected[group].items())
    empty = pd.Series([[], None], index=["x", "y"], dtype=object)
    no_groups = pd.Series(["a", "b"], index=["x", "y"])
    assert _cloud_frequencies(empty, no_groups, None) == {ALL: {}}

"""Summaries by target group, distinguishing words (log-odds) and word clouds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import (
    ResponseData,
    adjusted_residuals,
    choice_distribution,
    distinctive_terms,
    group_counts,
    log_odds,
    mean_by_group,
    semantic_profile,
    summarise_open_question,
    theme_shares,
    visible_groups,
    weighted_mean_ci,
)
from analysis.labels import ALL
from analysis.wordclouds import FONT_PATH, word_cloud


def _without_group_members(data: ResponseData, group: str, keep: int) -> ResponseData:
    """``data`` with only ``keep`` respondents left in ``group``."""
    responses = data.responses()
    members = responses.index[responses["group"] == group]
    dropped = set(members[keep:])
    answers = data.answers[~data.answers["response_id"].isin(dropped)].reset_index(drop=True)
    return ResponseData(data.questionnaire, answers, data.extra)


def test_group_counts_hide_small_groups(data: ResponseData) -> None:
    small = _without_group_members(data, "ammatti", keep=3)
    counts = group_counts(small, min_group_size=5, lang="fi")
    assert list(counts.columns) == ["group", "label", "n", "weighted_n", "share", "hidden"]
    row = counts.set_index("group").loc["ammatti"]
    assert bool(row["hidden"]) and pd.isna(row["n"]) and pd.isna(row["share"])
    assert counts.loc[~counts["hidden"], "share"].sum() == pytest.approx(1.0)
    assert counts.set_index("group").loc["lukio", "label"] == "Lukiolainen"
    assert "ammatti" not in set(visible_groups(small, 5))
    with pytest.raises(ValueError, match="min_group_size"):
        group_counts(small, min_group_size=0)


def test_hidden_groups_are_left_out_of_every_summary(data: ResponseData) -> None:
    small = _without_group_members(data, "ammatti", keep=3)
    for table in (
        choice_distribution(small, "stay_likely"),
        mean_by_group(small, "recommend"),
        semantic_profile(small, "profile"),
    ):
        assert "ammatti" not in set(table["group"])
        assert ALL in set(table["group"])
    summary = summarise_open_question(small, "best_thing", n_themes=3)
    assert "ammatti" not in set(summary.groups)
    assert "ammatti" not in set(summary.words["group"])
    assert "ammatti" not in summary.cloud_frequencies


def test_choice_distribution_shares_add_up(data: ResponseData) -> None:
    dist = choice_distribution(data, "stay_likely", lang="en")
    for _, part in dist.groupby("group"):
        assert part["share"].sum() == pytest.approx(1.0)
    assert set(dist["option"]) >= {"1", "cant_say"}
    # Multiple choice: shares of respondents who picked anything, so they may pass 1.
    multiple = choice_distribution(data, "reasons", lang="fi")
    assert set(multiple["option"]) <= {"family", "work", "nature", "other"}
    assert (multiple["share"] <= 1.0).all()
    with pytest.raises(KeyError, match="nope"):
        choice_distribution(data, "nope")


def test_weights_change_shares_and_means(data: ResponseData) -> None:
    responses = data.responses()
    weights = pd.Series(
        np.where(responses["group"] == "amk", 4.0, 1.0), index=responses.index, dtype=float
    )
    plain = group_counts(data).set_index("group")
    weighted = group_counts(data, weights=weights).set_index("group")
    assert weighted.loc["amk", "share"] > plain.loc["amk", "share"]
    means = mean_by_group(data, "recommend", weights=weights)
    plain_means = mean_by_group(data, "recommend")
    overall = means.set_index("group").loc[ALL, "mean"]
    assert overall != pytest.approx(plain_means.set_index("group").loc[ALL, "mean"])
    with pytest.raises(ValueError, match="cover every response"):
        mean_by_group(data, "recommend", weights=weights.iloc[:5])


def test_weighted_mean_ci_matches_the_t_interval() -> None:
    values = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    mean, low, high, n_eff = weighted_mean_ci(values, np.ones(5))
    assert mean == 3.0 and n_eff == 5.0
    # t(0.975, 4) * sd / sqrt(5) with sd = sqrt(2.5)
    assert high - mean == pytest.approx(2.776445 * np.sqrt(2.5) / np.sqrt(5), rel=1e-5)
    assert low == pytest.approx(2 * mean - high)
    assert np.isnan(weighted_mean_ci(np.array([2.0]), np.array([1.0]))[1])
    # Uneven weights shrink the effective sample size (Kish).
    assert weighted_mean_ci(values, np.array([5.0, 1, 1, 1, 1]))[3] < 5


def test_semantic_profile_has_the_pair_ends(data: ResponseData) -> None:
    profile = semantic_profile(data, "profile", lang="sv")
    row = profile[profile["item"] == "dull_lively"].iloc[0]
    assert (row["left"], row["right"]) == ("tråkig", "livlig")
    assert ((profile["mean"] >= 1) & (profile["mean"] <= 7)).all()
    assert (profile["ci_low"] <= profile["mean"]).all()
    with pytest.raises(ValueError, match="not semantic_differential"):
        semantic_profile(data, "recommend")


def test_theme_shares_mark_over_and_under_represented_themes() -> None:
    index = [str(i) for i in range(60)]
    groups = pd.Series(["a"] * 30 + ["b"] * 30, index=index)
    themes = pd.Series([0] * 25 + [1] * 5 + [0] * 5 + [1] * 25, index=index)
    shares = theme_shares(themes, groups)
    a0 = shares[(shares["group"] == "a") & (shares["theme"] == 0)].iloc[0]
    b0 = shares[(shares["group"] == "b") & (shares["theme"] == 0)].iloc[0]
    assert a0["mark"] == "over" and b0["mark"] == "under"
    assert a0["share"] == pytest.approx(25 / 30)
    total = shares[shares["group"] == ALL]
    assert total["share"].sum() == pytest.approx(1.0)
    # A group below the threshold disappears.
    groups.iloc[:26] = "tiny"
    groups.iloc[26:30] = "a"
    assert "a" not in set(theme_shares(themes, groups, min_group_size=5)["group"])


def test_adjusted_residuals_are_zero_for_independent_tables() -> None:
    table = pd.DataFrame([[10, 20], [20, 40]])
    np.testing.assert_allclose(adjusted_residuals(table).to_numpy(), 0.0, atol=1e-12)


def test_log_odds_pick_the_words_of_each_group() -> None:
    counts = pd.DataFrame(
        {"meri": [30, 2], "metsä": [2, 30], "hyvä": [15, 15]}, index=["kotka", "kouvola"]
    )
    table = log_odds(counts)
    assert list(table.columns) == ["group", "term", "count", "log_odds", "z"]
    top = table.groupby("group")["term"].first()
    assert top["kotka"] == "meri" and top["kouvola"] == "metsä"
    shared = table[table["term"] == "hyvä"]["z"]
    assert shared.abs().max() < 1.0
    assert table.loc[table["term"] == "meri", "z"].max() > 1.96
    with pytest.raises(ValueError, match="prior_scale"):
        log_odds(counts, prior_scale=0)
    assert log_odds(counts.iloc[:1]).empty


def test_distinctive_terms_use_weights() -> None:
    index = [str(i) for i in range(20)]
    tokens = pd.Series([["meri"]] * 10 + [["metsä"]] * 10, index=index)
    groups = pd.Series(["a"] * 10 + ["b"] * 10, index=index)
    top = distinctive_terms(tokens, groups, min_z=1.0)
    assert top.groupby("group")["term"].first().to_dict() == {"a": "meri", "b": "metsä"}
    # Weight nobody in group a: the counts of a vanish and so does its word.
    weights = pd.Series([0.0] * 10 + [1.0] * 10, index=index)
    weighted = distinctive_terms(tokens, groups, weights, min_z=1.0)
    assert "a" not in set(weighted["group"])


def test_open_question_summary_tables(data: ResponseData) -> None:
    summary = summarise_open_question(data, "best_thing", n_themes=4, random_state=0)
    assert summary.n_themes == 4
    assert set(summary.theme_of.index) == set(summary.texts.index)
    assert {"group", "term", "n", "share"} <= set(summary.words.columns)
    assert summary.phrases["term"].str.contains(" ").all()
    assert set(summary.shares["group"]) >= {ALL}
    assert summary.stability is not None and 0.0 <= summary.stability <= 1.0
    assert ALL in summary.cloud_frequencies


@pytest.mark.parametrize("words", [{"äänekäs": 5.0, "öljy": 3.0, "ålänning": 2.0}])
def test_word_cloud_draws_nordic_letters(words: dict[str, float]) -> None:
    image = word_cloud(words, width=300, height=200)
    assert image is not None
    assert image.size == (300, 200)
    pixels = np.asarray(image.convert("L"))
    assert (pixels < 200).mean() > 0.01  # something was drawn on the white background
    assert word_cloud({"meri": 0.0}) is None
    from PIL import ImageFont

    font = ImageFont.truetype(FONT_PATH, 20)
    # The font has real glyphs for the letters, not the empty box of a missing one.
    assert all(font.getmask(ch).getbbox() is not None for ch in "äöåÄÖÅ")

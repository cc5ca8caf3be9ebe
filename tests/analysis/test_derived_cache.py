"""ResponseData keeps what every summary derives from the answers (the responses, each
question's rows, the visible groups); these tests hold that the kept tables equal a fresh
computation, that callers cannot change them and that they never carry over to other data."""

from __future__ import annotations

import dataclasses

import pandas as pd

from analysis import (
    ResponseData,
    choice_distribution,
    mean_by_group,
    summarise_open_question,
    visible_groups,
)
from analysis.load import META_COLUMNS
from analysis.summaries import respondent_groups


def _fresh(data: ResponseData) -> ResponseData:
    """The same answers in a new ResponseData, whose cache is empty."""
    return ResponseData(data.questionnaire, data.answers.copy(), data.extra)


def _reference_responses(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[META_COLUMNS].drop_duplicates("response_id").set_index("response_id")


def _reference_texts(answers: pd.DataFrame, question_id: str) -> pd.Series:
    rows = answers[(answers["question_id"] == question_id) & (answers["item"] != "other_text")]
    joined: dict[str, list[str]] = {}
    for rid, value in zip(rows["response_id"], rows["value"].astype(str), strict=True):
        if value.strip():
            joined.setdefault(rid, []).append(value.strip())
    return pd.Series({rid: ", ".join(parts) for rid, parts in joined.items()}, dtype="string")


def _without_groups(data: ResponseData, *groups: str) -> ResponseData:
    dropped = data.answers["group"].isin(groups)
    answers = data.answers[~dropped].reset_index(drop=True)
    return ResponseData(data.questionnaire, answers, data.extra)


def test_kept_tables_equal_a_fresh_computation(data: ResponseData) -> None:
    for _ in range(2):  # the first call fills the cache, the second reads it
        pd.testing.assert_frame_equal(data.responses(), _reference_responses(data.answers))
        pd.testing.assert_series_equal(data.groups(), _reference_responses(data.answers)["group"])
        for question_id in ("best_thing", "three_words", "reasons"):
            expected = _reference_texts(data.answers, question_id)
            texts = data.texts(question_id)
            assert texts.index.tolist() == expected.index.tolist()
            assert texts.tolist() == expected.tolist()
        groups = respondent_groups(data)
        sizes = groups.map(groups.value_counts())
        pd.testing.assert_series_equal(visible_groups(data, 30), groups[sizes >= 30])
    assert data.texts("no_such_question").empty


def test_summaries_from_the_cache_equal_those_of_fresh_data(data: ResponseData) -> None:
    warm = _fresh(data)
    for _ in range(2):
        for question_id in ("stay_likely", "reasons", "home"):
            pd.testing.assert_frame_equal(
                choice_distribution(warm, question_id),
                choice_distribution(_fresh(data), question_id),
            )
        for question_id in ("recommend", "agree"):
            pd.testing.assert_frame_equal(
                mean_by_group(warm, question_id), mean_by_group(_fresh(data), question_id)
            )
    kept = summarise_open_question(warm, "best_thing", n_themes=3, stability_seeds=0)
    again = summarise_open_question(_fresh(data), "best_thing", n_themes=3, stability_seeds=0)
    pd.testing.assert_series_equal(kept.texts, again.texts)
    pd.testing.assert_frame_equal(kept.words, again.words)


def test_changing_what_was_handed_out_changes_no_later_call(data: ResponseData) -> None:
    fresh = _fresh(data)
    responses = fresh.responses()
    responses["group"] = "changed"
    del responses["status"]
    for handed_out in (visible_groups(fresh, 5), respondent_groups(fresh), fresh.groups()):
        handed_out.iloc[:] = "changed"
    pd.testing.assert_frame_equal(fresh.responses(), _reference_responses(data.answers))
    assert "changed" not in set(visible_groups(fresh, 5))
    assert "changed" not in set(respondent_groups(fresh))
    assert "changed" not in set(fresh.groups().dropna())


def test_the_cache_never_carries_over_to_other_data(data: ResponseData) -> None:
    full = _fresh(data)
    full.responses(), full.texts("best_thing"), visible_groups(full, 5)
    # A smaller survey built from the same frame, once by the constructor and once by
    # dataclasses.replace of the data whose cache is warm.
    for smaller in (
        _without_groups(full, "lukio"),
        dataclasses.replace(full, answers=_without_groups(full, "lukio").answers),
    ):
        assert "lukio" not in set(smaller.responses()["group"].dropna())
        assert "lukio" not in set(visible_groups(smaller, 5))
        assert len(smaller.texts("best_thing")) < len(full.texts("best_thing"))
        assert set(smaller.texts("best_thing").index) <= set(smaller.responses().index)
    # Each group size has visible groups of its own.
    sizes = respondent_groups(full).value_counts()
    between = int(sizes.min()) + 1
    assert set(visible_groups(full, 1)) == set(sizes.index)
    assert set(visible_groups(full, between)) == set(sizes.index[sizes >= between])
    assert set(visible_groups(full, 1)) == set(sizes.index)


def test_the_cache_is_not_part_of_equality_or_the_repr(data: ResponseData) -> None:
    fresh = _fresh(data)
    fresh.responses()
    assert "_derived" not in repr(fresh)
    field = {f.name: f for f in dataclasses.fields(ResponseData)}["_derived"]
    assert not field.init and not field.compare

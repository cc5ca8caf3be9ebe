"""Summaries by target group: counts, closed-question distributions, means with 95 % intervals,
semantic differential profiles and theme shares, all weighted when weights are given and with
groups below the small-group threshold left out everywhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .labels import ALL, NO_GROUP, group_labels, item_labels, value_labels
from .load import ResponseData

DEFAULT_MIN_GROUP_SIZE = 5
CHOICE_TYPES = {"single_choice", "multiple_choice", "likert", "likert_grid", "place"}
NUMERIC_TYPES = {"likert", "likert_grid", "semantic_differential", "scale_0_10", "number"}
# |adjusted residual| above this marks a theme as over- or under-represented (two-sided 5 %).
RESIDUAL_LIMIT = 1.96


def respondent_groups(data: ResponseData) -> pd.Series:
    """Group code per response, with responses lacking a group in their own bucket."""

    def make() -> pd.Series:
        return data.groups().fillna(NO_GROUP).replace("", NO_GROUP).astype(str)

    return data._cached("respondent_groups", make).copy(deep=False)


def group_counts(
    data: ResponseData,
    *,
    weights: pd.Series | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    lang: str | None = None,
) -> pd.DataFrame:
    """Respondents per target group, in the questionnaire's order.

    Returns columns group, label, n, weighted_n, share and hidden; ``hidden`` groups
    have fewer than ``min_group_size`` respondents and are left out of every other
    summary. Their counts are blanked here too, so only the fact that they exist shows.
    """
    if min_group_size < 1:
        raise ValueError(f"min_group_size={min_group_size} must be >= 1")
    lang = lang or data.questionnaire.default_language
    groups = respondent_groups(data)
    w = _weights_for(groups.index, weights)
    labels = group_labels(data.questionnaire, lang)
    order = [g for g in labels if g != ALL]
    order += sorted(set(groups.unique()) - set(order))
    n = groups.value_counts()
    wn = w.groupby(groups).sum()
    rows = []
    for code in order:
        count = int(n.get(code, 0))
        if count == 0:
            continue
        rows.append(
            {
                "group": code,
                "label": labels.get(code, code),
                "n": count,
                "weighted_n": float(wn.get(code, 0.0)),
                "hidden": count < min_group_size,
            }
        )
    table = pd.DataFrame(rows, columns=["group", "label", "n", "weighted_n", "hidden"])
    visible = ~table["hidden"]
    table["share"] = np.where(
        visible, table["weighted_n"] / table.loc[visible, "weighted_n"].sum(), np.nan
    )
    table.loc[table["hidden"], ["n", "weighted_n"]] = np.nan
    return table[["group", "label", "n", "weighted_n", "share", "hidden"]]


def visible_groups(data: ResponseData, min_group_size: int = DEFAULT_MIN_GROUP_SIZE) -> pd.Series:
    """Group per response for responses in groups with at least ``min_group_size`` people."""

    def make() -> pd.Series:
        groups = respondent_groups(data)
        sizes = groups.map(groups.value_counts())
        return groups[sizes >= min_group_size]

    # Every summary of the data asks for these; they are found once per group size.
    return data._cached(("visible_groups", min_group_size), make).copy(deep=False)


def _weights_for(index: pd.Index, weights: pd.Series | None) -> pd.Series:
    if weights is None:
        return pd.Series(1.0, index=index)
    aligned = weights.reindex(index)
    if aligned.isna().any():
        raise ValueError("weights must cover every response being summarised")
    return aligned.astype(float)


def _answers(data: ResponseData, question_id: str, groups: pd.Series) -> pd.DataFrame:
    if question_id not in {q.id for q in data.questionnaire.questions()}:
        raise KeyError(
            f"question {question_id!r} is not in questionnaire {data.questionnaire.id!r}"
        )
    rows = data._question_rows(question_id, ["response_id", "item", "value"])
    rows = rows[rows["response_id"].isin(groups.index)]
    return rows.assign(group=rows["response_id"].map(groups).astype(str))


def choice_distribution(
    data: ResponseData,
    question_id: str,
    *,
    weights: pd.Series | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    lang: str | None = None,
) -> pd.DataFrame:
    """Share of each option per group (and for all visible respondents, group ``(all)``).

    For multiple choice the base is the respondents who picked at least one option,
    so shares add up to more than one. Returns columns group, group_label, item,
    option, option_label, n, weighted, base, share.
    """
    lang = lang or data.questionnaire.default_language
    groups = visible_groups(data, min_group_size)
    rows = _answers(data, question_id, groups)
    qtype = data.questionnaire.question(question_id).type
    if qtype == "multiple_choice":
        rows = rows.assign(option=rows["item"], item="")
    else:
        rows = rows.assign(option=rows["value"].astype(str))
    w = _weights_for(groups.index, weights)
    # Only the columns counted, with each response as a number: counting distinct
    # numbers is much quicker than counting distinct strings, and gives the same counts.
    rows = pd.DataFrame(
        {
            "group": rows["group"],
            "item": rows["item"],
            "option": rows["option"],
            "response_id": pd.factorize(rows["response_id"])[0],
            "w": rows["response_id"].map(w),
        }
    )
    both = pd.concat([rows, rows.assign(group=ALL)])
    counted = both.groupby(["group", "item", "option"], sort=False).agg(
        n=("response_id", "nunique"), weighted=("w", "sum")
    )
    first = both.drop_duplicates(["group", "item", "response_id"])
    base = first.groupby(["group", "item"], sort=False)["w"].sum().rename("base")
    table = counted.reset_index().join(base, on=["group", "item"])
    table["share"] = table["weighted"] / table["base"]
    labels = value_labels(data.questionnaire, question_id, lang)
    if qtype == "multiple_choice":
        labels = item_labels(data.questionnaire, question_id, lang) | labels
    table["option_label"] = table["option"].map(lambda code: labels.get(code, code))
    return _order(table, data, question_id, lang, option_order=list(labels))


def _order(
    table: pd.DataFrame, data: ResponseData, question_id: str, lang: str, option_order: list[str]
) -> pd.DataFrame:
    glabels = group_labels(data.questionnaire, lang)
    group_rank = {g: i for i, g in enumerate([ALL, *[g for g in glabels if g != ALL]])}
    table["group_label"] = table["group"].map(lambda g: glabels.get(g, g))
    keys = pd.DataFrame(
        {
            "g": table["group"].map(lambda g: group_rank.get(g, len(group_rank))),
            "o": table["option"].map(
                lambda o: option_order.index(o) if o in option_order else len(option_order)
            )
            if "option" in table
            else 0,
        }
    )
    table = table.iloc[
        np.lexsort((keys["o"].to_numpy(), table["item"].to_numpy(), keys["g"].to_numpy()))
    ]
    columns = ["group", "group_label", "item"]
    columns += [c for c in table.columns if c not in columns]
    return table[columns].reset_index(drop=True)


def weighted_mean_ci(values: np.ndarray, weights: np.ndarray, level: float = 0.95) -> tuple:
    """Weighted mean with a t interval on Kish's effective sample size.

    Returns (mean, low, high, effective_n); the interval is NaN for fewer than two values.
    """
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    total = weights.sum()
    if len(values) == 0 or total <= 0:
        return (np.nan, np.nan, np.nan, 0.0)
    mean = float(np.sum(weights * values) / total)
    n_eff = float(total**2 / np.sum(weights**2))
    if len(values) < 2 or n_eff <= 1:
        return (mean, np.nan, np.nan, n_eff)
    variance = float(np.sum(weights * (values - mean) ** 2) / total) * n_eff / (n_eff - 1)
    half = stats.t.ppf(0.5 + level / 2, n_eff - 1) * np.sqrt(variance / n_eff)
    return (mean, mean - half, mean + half, n_eff)


def mean_by_group(
    data: ResponseData,
    question_id: str,
    *,
    weights: pd.Series | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    lang: str | None = None,
) -> pd.DataFrame:
    """Mean and 95 % interval of a numeric question per group and item.

    "Can't say" and other non-numbers are left out. Returns columns group,
    group_label, item, item_label, n, mean, ci_low, ci_high.
    """
    lang = lang or data.questionnaire.default_language
    qtype = data.questionnaire.question(question_id).type
    if qtype not in NUMERIC_TYPES:
        raise ValueError(f"question {question_id!r} of type {qtype!r} has no mean")
    groups = visible_groups(data, min_group_size)
    rows = _answers(data, question_id, groups)
    rows = rows.assign(number=pd.to_numeric(rows["value"], errors="coerce")).dropna(
        subset=["number"]
    )
    w = _weights_for(groups.index, weights)
    # Only the columns the means need, so that splitting by group copies little.
    rows = pd.DataFrame(
        {
            "group": rows["group"],
            "item": rows["item"],
            "number": rows["number"],
            "w": rows["response_id"].map(w),
        }
    )
    out = []
    for (group, item), part in pd.concat([rows, rows.assign(group=ALL)]).groupby(
        ["group", "item"], sort=False
    ):
        mean, low, high, _ = weighted_mean_ci(part["number"].to_numpy(), part["w"].to_numpy())
        out.append(
            {
                "group": group,
                "item": item,
                "n": len(part),
                "mean": mean,
                "ci_low": low,
                "ci_high": high,
            }
        )
    table = pd.DataFrame(out, columns=["group", "item", "n", "mean", "ci_low", "ci_high"])
    items = item_labels(data.questionnaire, question_id, lang)
    table["item_label"] = table["item"].map(lambda i: items.get(i, i))
    item_order = list(items)
    table["option"] = table["item"]
    table = _order(table, data, question_id, lang, option_order=item_order).drop(columns="option")
    return table[["group", "group_label", "item", "item_label", "n", "mean", "ci_low", "ci_high"]]


def semantic_profile(
    data: ResponseData,
    question_id: str,
    *,
    weights: pd.Series | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    lang: str | None = None,
) -> pd.DataFrame:
    """Mean position of each group on every pair of a semantic differential.

    Returns mean_by_group's columns plus left and right (the pair's end labels).
    """
    question = data.questionnaire.question(question_id)
    if question.type != "semantic_differential":
        raise ValueError(
            f"question {question_id!r} is {question.type!r}, not semantic_differential"
        )
    lang = lang or data.questionnaire.default_language
    table = mean_by_group(
        data, question_id, weights=weights, min_group_size=min_group_size, lang=lang
    )
    ends = _pair_ends(data, question_id, lang)
    table["left"] = table["item"].map(lambda i: ends.get(i, ("", ""))[0])
    table["right"] = table["item"].map(lambda i: ends.get(i, ("", ""))[1])
    return table


def _pair_ends(data: ResponseData, question_id: str, lang: str) -> dict[str, tuple[str, str]]:
    from .labels import localized

    question = data.questionnaire.question(question_id)
    return {
        str(pair.id): (localized(pair.left, lang), localized(pair.right, lang))
        for pair in getattr(question, "pairs", []) or []
    }


def theme_shares(
    themes: pd.Series,
    groups: pd.Series,
    *,
    weights: pd.Series | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
) -> pd.DataFrame:
    """Share of each theme per group, with adjusted residuals marking over/under-representation.

    ``themes`` maps response_id to a theme id (or name); ``groups`` maps response_id to
    a group. Groups smaller than ``min_group_size`` in ``groups`` are left out. The
    residuals come from the group x theme table with weighted counts rescaled to the
    number of answers, so weights change the shares but not the sample size the test
    believes in. Returns columns group, theme, n, weighted, share, residual, mark.
    """
    groups = groups.fillna(NO_GROUP).astype(str)
    sizes = groups.map(groups.value_counts())
    groups = groups[sizes >= min_group_size]
    frame = pd.DataFrame({"theme": themes}).join(groups.rename("group"), how="inner")
    frame["w"] = _weights_for(frame.index, weights) if weights is not None else 1.0
    if frame.empty:
        return pd.DataFrame(
            columns=["group", "theme", "n", "weighted", "share", "residual", "mark"]
        )
    weighted = frame.pivot_table(
        index="group", columns="theme", values="w", aggfunc="sum", fill_value=0.0
    )
    counts = frame.pivot_table(
        index="group", columns="theme", values="w", aggfunc="size", fill_value=0
    )
    residuals = adjusted_residuals(weighted * (len(frame) / weighted.to_numpy().sum()))
    shares = weighted.div(weighted.sum(axis=1), axis=0)
    table = pd.concat(
        {
            "n": counts.stack(),
            "weighted": weighted.stack(),
            "share": shares.stack(),
            "residual": residuals.stack(),
        },
        axis=1,
    ).reset_index()
    total = frame.groupby("theme")["w"].agg(["size", "sum"])
    all_rows = pd.DataFrame(
        {
            "group": ALL,
            "theme": total.index,
            "n": total["size"].to_numpy(),
            "weighted": total["sum"].to_numpy(),
            "share": (total["sum"] / total["sum"].sum()).to_numpy(),
            "residual": np.nan,
        }
    )
    table = pd.concat([all_rows, table], ignore_index=True)
    table["mark"] = np.select(
        [table["residual"] > RESIDUAL_LIMIT, table["residual"] < -RESIDUAL_LIMIT],
        ["over", "under"],
        "",
    )
    table["n"] = table["n"].astype(int)
    return table[["group", "theme", "n", "weighted", "share", "residual", "mark"]]


def adjusted_residuals(table: pd.DataFrame) -> pd.DataFrame:
    """Haberman's adjusted standardized residuals of a contingency table (about N(0, 1))."""
    observed = table.to_numpy(dtype=float)
    total = observed.sum()
    rows = observed.sum(axis=1, keepdims=True)
    cols = observed.sum(axis=0, keepdims=True)
    expected = rows @ cols / total
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.sqrt(expected * (1 - rows / total) * (1 - cols / total))
        residual = np.where(spread > 0, (observed - expected) / spread, 0.0)
    return pd.DataFrame(residual, index=table.index, columns=table.columns)

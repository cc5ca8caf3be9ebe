"""Words that distinguish one group from the others: weighted log-odds ratios with an
informative Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words")."""

from __future__ import annotations

import numpy as np
import pandas as pd


def term_counts(
    tokens: pd.Series, groups: pd.Series, weights: pd.Series | None = None
) -> pd.DataFrame:
    """Group x term table of (weighted) term counts.

    ``tokens`` maps response_id to a list of terms; ``groups`` maps response_id to a
    group; ``weights`` (optional) maps response_id to a survey weight.
    """
    frame = pd.DataFrame({"terms": tokens}).join(groups.rename("group"), how="inner")
    frame["w"] = 1.0 if weights is None else weights.reindex(frame.index).fillna(0.0)
    long = frame.explode("terms").dropna(subset=["terms"])
    if long.empty:
        return pd.DataFrame(dtype=float)
    return long.pivot_table(
        index="group", columns="terms", values="w", aggfunc="sum", fill_value=0.0
    ).astype(float)


def log_odds(counts: pd.DataFrame, prior_scale: float = 1.0) -> pd.DataFrame:
    """z-scored log-odds of every term in each group against all the other groups.

    Parameters
    ----------
    counts : DataFrame
        Group x term table of (weighted) counts, as from :func:`term_counts`.
    prior_scale : float
        The informative prior is the whole corpus's term counts times this factor;
        smaller values shrink rare terms less.

    Returns
    -------
    DataFrame with columns group, term, count, log_odds, z, sorted by group then z.

    Examples
    --------
    >>> counts = pd.DataFrame({"sea": [9, 1], "forest": [1, 9], "city": [5, 5]}, index=["a", "b"])
    >>> table = log_odds(counts)
    >>> table[table.group == "a"].iloc[0].term
    'sea'
    """
    if prior_scale <= 0:
        raise ValueError(f"prior_scale={prior_scale} must be > 0")
    columns = ["group", "term", "count", "log_odds", "z"]
    if counts.empty or counts.shape[0] < 2:
        return pd.DataFrame(columns=columns)
    y = counts.to_numpy(dtype=float)
    alpha = y.sum(axis=0) * prior_scale
    alpha0 = alpha.sum()
    total = y.sum(axis=0)
    out = []
    for i, group in enumerate(counts.index):
        yi = y[i]
        yj = total - yi
        ni, nj = yi.sum(), yj.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.log((yi + alpha) / (ni + alpha0 - yi - alpha)) - np.log(
                (yj + alpha) / (nj + alpha0 - yj - alpha)
            )
            variance = 1.0 / (yi + alpha) + 1.0 / (yj + alpha)
            z = delta / np.sqrt(variance)
        part = pd.DataFrame(
            {"group": group, "term": counts.columns, "count": yi, "log_odds": delta, "z": z}
        )
        out.append(part[part["count"] > 0])
    table = pd.concat(out, ignore_index=True)
    table = table.replace([np.inf, -np.inf], np.nan).dropna(subset=["z"])
    return table.sort_values(["group", "z"], ascending=[True, False], kind="stable").reset_index(
        drop=True
    )


def distinctive_terms(
    tokens: pd.Series,
    groups: pd.Series,
    weights: pd.Series | None = None,
    *,
    top: int = 10,
    min_z: float = 1.96,
    prior_scale: float = 1.0,
) -> pd.DataFrame:
    """The ``top`` terms per group whose z-score is at least ``min_z``."""
    table = log_odds(term_counts(tokens, groups, weights), prior_scale=prior_scale)
    if table.empty:
        return table
    table = table[table["z"] >= min_z]
    return table.groupby("group", sort=False).head(top).reset_index(drop=True)

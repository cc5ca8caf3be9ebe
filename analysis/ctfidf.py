"""Class-based TF-IDF: the terms that set one theme apart from the others."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike


def class_tfidf(
    counts: sp.spmatrix | sp.sparray, labels: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Weigh each term per class as in BERTopic's c-TF-IDF (Grootendorst 2022).

    Parameters
    ----------
    counts : sparse matrix, shape (n_documents, n_terms)
        Term counts per document.
    labels : array-like of int, shape (n_documents,)
        Class of each document; negative labels (no content) are left out.

    Returns
    -------
    classes : ndarray of int, shape (n_classes,)
        The class ids, sorted.
    weights : ndarray, shape (n_classes, n_terms)
        ``tf(t, c) * log(1 + A / f(t))`` where ``tf`` is the term's share of the class's
        words, ``A`` the mean number of words per class and ``f(t)`` the term's count over
        all classes.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> X = sp.csr_matrix([[2, 0, 1], [1, 0, 1], [0, 3, 1]])
    >>> classes, w = class_tfidf(X, [0, 0, 1])
    >>> classes.tolist(), w.argmax(axis=1).tolist()
    ([0, 1], [0, 1])
    """
    y = np.asarray(labels)
    classes = np.unique(y[y >= 0])
    matrix = sp.csr_matrix(counts, dtype=np.float64)
    if classes.size == 0:
        return classes, np.zeros((0, matrix.shape[1]))
    member = sp.csr_matrix(
        (
            np.ones(int((y >= 0).sum())),
            (np.searchsorted(classes, y[y >= 0]), np.flatnonzero(y >= 0)),
        ),
        shape=(classes.size, matrix.shape[0]),
    )
    per_class = np.asarray((member @ matrix).todense())
    words_per_class = per_class.sum(axis=1, keepdims=True)
    tf = per_class / np.maximum(words_per_class, 1.0)
    term_total = per_class.sum(axis=0)
    idf = np.log1p(words_per_class.mean() / np.maximum(term_total, 1.0))
    return classes, tf * idf


def top_terms(weights: np.ndarray, vocabulary: np.ndarray, n: int = 10) -> list[list[str]]:
    """The ``n`` highest-weighted terms of each row of ``weights`` (zero weights left out)."""
    result = []
    for row in weights:
        order = np.argsort(-row, kind="stable")[:n]
        result.append([str(vocabulary[i]) for i in order if row[i] > 0])
    return result

"""ThemeClusterer: themes of short open answers by TF-IDF, LSA and k-means."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from itertools import combinations
from math import sqrt
from typing import TypeVar

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform
from sklearn import config_context
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.pairwise import euclidean_distances
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from analysis.ctfidf import class_tfidf, top_terms
from analysis.text import DistinctTexts, prepare_distinct_texts

T = TypeVar("T")
THEME_COLUMNS = ["theme", "size", "share", "label", "top_terms", "quotes"]
NO_CONTENT_LABEL = "(no content)"
# The number of themes is chosen on at most this many answers: silhouette is quadratic
# in the sample, and on the labelled sets 1,500 answers chose as well as 2,500.
_SELECTION_SAMPLE = 1500
# k-means starts per candidate number of themes; the best of them is scored.
_SELECTION_INITS = 3
# Share of the best silhouette a smaller number of themes may fall short by and still win.
_PARSIMONY = 0.15
# Consensus clustering keeps an n x n co-association matrix, so it runs on a sample of
# this size and the rest of the answers follow by k-means started from its centres.
_CONSENSUS_SAMPLE = 2500
# LSA directions are found from at most this many answers; all answers are projected.
_SVD_SAMPLE = 5000
_SVD_ITERATIONS = 3
# k-means fits on fewer distinct points than this run one after another: such fits are
# mostly interpreter work, and threads contending for the interpreter lock slow them down.
_THREADS_FROM = 1000


class ThemeClusterer:
    """Group short open answers into themes.

    Answers are lemmatised (simplemma) and described by word-lemma TF-IDF next to
    character n-gram TF-IDF of the lemmas, which ties together Finnish compounds,
    inflections the lemmatiser misses and typos. The features are reduced by LSA
    (truncated SVD), put on the unit sphere and grouped by k-means. Answers without
    content ("en tiedä", "-", "idk") are set aside with label -1.

    Parameters
    ----------
    language : {"fi", "sv", "en", "auto", "per-answer"}, default="fi"
        Language of the answers; "auto" detects it from all answers together,
        "per-answer" for each answer.
    n_themes : int or None, default=None
        Number of themes, not counting the no-content group. ``None`` chooses it by
        the silhouette of k-means solutions between ``min_themes`` and ``max_themes``
        (each number up to 12, then about 15 % apart):
        the fewest themes whose silhouette is within 15 % of the best one.
    random_state : int, default=0
        Seed for the SVD, the k-means starts and the sample used to choose the number.
    min_themes, max_themes : int, default=2 and None
        Range searched when ``n_themes`` is None; ``max_themes=None`` means
        ``min(25, round(sqrt(n_answers / 2)))`` (at least ``min_themes``).
    n_components : int, default=100
        LSA dimensions (fewer when the answers have fewer features).
    char_weight : float, default=0.7
        Weight of the character n-gram block against the word block.
    n_init : int, default=30
        k-means runs pooled into the consensus (evidence accumulation) clustering.
    n_terms, n_quotes : int, default=10 and 3
        Top terms and representative quotes reported per theme.
    n_jobs : int or None, default=-1
        Threads running the many small k-means fits side by side (-1: one per core,
        -2: all but one, ``None`` or 1: one). The result does not depend on it.

    Attributes
    ----------
    labels_ : ndarray of int, shape (n_answers,)
        Theme of each answer, -1 for no content.
    themes_ : DataFrame
        One row per theme (and a last row for theme -1 when present) with columns
        theme, size, share, label, top_terms, quotes.
    n_themes_ : int
        Number of themes found (not counting -1).
    no_content_ : ndarray of bool
        Answers set aside as having no content.
    languages_ : list of str
        Language used for each answer.
    embedding_ : ndarray, shape (n_content_answers, n_components)
        Unit-length LSA vectors of the answers with content.
    selection_scores_ : dict of int to float
        Silhouette per candidate number of themes (empty when ``n_themes`` was given).

    Examples
    --------
    >>> answers = ["meri ja saaristo", "merenranta", "kaunis meri", "halvat asunnot",
    ...            "edullinen asuminen", "asuntojen hinnat", "en tiedä"]
    >>> model = ThemeClusterer(language="fi", n_themes=2, random_state=0).fit(answers)
    >>> model.labels_.tolist()
    [0, 0, 0, 1, 1, 1, -1]
    >>> model.themes_["size"].tolist()
    [3, 3, 1]
    """

    def __init__(
        self,
        language: str = "fi",
        n_themes: int | None = None,
        random_state: int = 0,
        *,
        min_themes: int = 2,
        max_themes: int | None = None,
        n_components: int = 100,
        char_weight: float = 0.7,
        n_init: int = 30,
        n_terms: int = 10,
        n_quotes: int = 3,
        n_jobs: int | None = -1,
    ) -> None:
        self.language = language
        self.n_themes = n_themes
        self.random_state = random_state
        self.min_themes = min_themes
        self.max_themes = max_themes
        self.n_components = n_components
        self.char_weight = char_weight
        self.n_init = n_init
        self.n_terms = n_terms
        self.n_quotes = n_quotes
        self.n_jobs = n_jobs

    def fit(self, texts: Iterable[str], y: object = None) -> ThemeClusterer:
        """Find the themes of ``texts`` (an iterable of answers; ``y`` is ignored)."""
        raw = ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in texts]
        if not raw:
            raise ValueError("texts is empty: at least one answer is needed to find themes")
        if self.n_themes is not None and (not isinstance(self.n_themes, int) or self.n_themes < 1):
            raise ValueError(f"n_themes={self.n_themes!r} must be a positive integer or None")
        if self.min_themes < 1:
            raise ValueError(f"min_themes={self.min_themes} must be >= 1")
        prepared = prepare_distinct_texts(raw, self.language)
        self._prepared = prepared
        self.languages_ = [prepared.languages[i] for i in prepared.index.tolist()]
        self.no_content_ = np.asarray(prepared.no_content, dtype=bool)[prepared.index]
        content = np.flatnonzero(~self.no_content_)
        self._texts = raw
        self._content = content
        self.selection_scores_: dict[int, float] = {}
        self.labels_ = np.full(len(raw), -1, dtype=int)
        if content.size == 0:
            warnings.warn("every answer was set aside as having no content", stacklevel=2)
            self._points = np.zeros((0, 0))
            self._inverse = np.zeros(0, dtype=np.intp)
            self.n_themes_ = 0
            self.themes_ = self._describe()
            return self
        # Answers with the same lemmas have the same features, so the features, the SVD
        # and k-means work on the distinct lemma strings, each weighted by its number of
        # answers: the result equals that of the full set at a fraction of the cost when
        # answers repeat, as they do in surveys.
        # Numbered in the order of their first answer, hashed in C. Answers with the same
        # text have the same lemmas, so only the distinct texts are hashed: they are
        # numbered in the order of their first answer too, and a text has content in all
        # its copies or in none.
        content_texts = np.flatnonzero(~np.asarray(prepared.no_content, dtype=bool))
        codes, _ = pd.factorize(
            np.asarray([prepared.lemmas[t] for t in content_texts.tolist()], dtype=object)
        )
        row_of_text = np.zeros(len(prepared.texts), dtype=np.intp)
        row_of_text[content_texts] = codes
        self._inverse = row_of_text[prepared.index[content]]
        # Each distinct lemma string's words, counted from its first text's lemmas.
        first_texts = content_texts[np.unique(codes, return_index=True)[1]]
        word_counts, word_terms = _text_lemma_counts(prepared, first_texts)
        self._weights = np.bincount(self._inverse).astype(np.float64)
        # The SVD of a sample and the many small k-means runs on samples are faster on one
        # thread: waking OpenMP and BLAS threads for a few thousand points costs more than
        # it gives, much more so on a machine that is busy with other work.
        with threadpool_limits(limits=1):
            self._points = self._embed(word_counts, word_terms, self._weights)
            k = self._number_of_themes(self._points)
        self.n_themes_ = k
        self.labels_[content] = self._cluster(k, self.random_state)
        self.themes_ = self._describe()
        return self

    @property
    def embedding_(self) -> np.ndarray:
        """Unit-length LSA vectors of the answers with content (computed when asked: the
        fit keeps one vector per distinct answer)."""
        if not hasattr(self, "_points"):
            raise AttributeError("call fit() before reading embedding_")
        return self._points[self._inverse]

    def fit_predict(self, texts: Iterable[str], y: object = None) -> np.ndarray:
        """Fit and return ``labels_``."""
        return self.fit(texts).labels_

    def stability(self, n_runs: int = 5) -> float:
        """Mean pairwise adjusted Rand index of the themes over ``n_runs`` seeds.

        The clustering is redone with seeds ``random_state .. random_state + n_runs - 1``
        on the same features and number of themes; 1.0 means every seed gives the same
        themes, values under about 0.6 mean the themes should be read with care.
        The value is also stored as ``stability_``.
        """
        if not hasattr(self, "labels_"):
            raise RuntimeError("call fit() before stability()")
        if n_runs < 2:
            raise ValueError(f"n_runs={n_runs} must be >= 2 to compare seeds")
        if self.n_themes_ <= 1:
            self.stability_ = 1.0
            return self.stability_
        # The first seed is the fit's own: its themes are reused, not computed again.
        runs = [self.labels_[self._content]] + [
            self._cluster(self.n_themes_, self.random_state + i) for i in range(1, n_runs)
        ]
        self.stability_ = float(
            np.mean([adjusted_rand_score(a, b) for a, b in combinations(runs, 2)])
        )
        return self.stability_

    def _embed(
        self, word_counts: sp.csr_matrix, word_terms: np.ndarray, weights: np.ndarray
    ) -> np.ndarray:
        """Unit-length LSA vectors of distinct lemma strings, given by their lemma counts
        (``lemma_counts``), ``weights`` answers each."""
        n_answers = float(weights.sum())
        n_rows = word_counts.shape[0]
        # Kept for the themes' top terms, which count the same words.
        self._word_counts, self._word_terms = word_counts, word_terms
        blocks: list[sp.csr_matrix | NgramTfidf] = [
            _tfidf(word_counts, weights, n_answers, min_df=1)
        ]
        if self.char_weight > 0 and n_answers > 1:
            # Character n-grams within words ("char_wb") of an answer are the sum of those
            # of its words, so they are counted once per distinct lemma of the vocabulary
            # and summed by a sparse product instead of being cut out of every answer.
            chars = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5), dtype=np.float32)
            per_word = chars.fit_transform(word_terms)
            # min_df=2: an n-gram seen in one answer links it to nothing.
            block = NgramTfidf(word_counts, per_word, weights, n_answers, min_df=2)
            if block.shape[1]:
                blocks.append(block)
        # The features are the blocks side by side, the n-gram block weighted, each row
        # scaled to unit length. The scale is kept apart so that the large n-gram block is
        # never copied into one matrix; each block is projected on its own.
        scale = [1.0, self.char_weight][: len(blocks)]
        # Each block's rows have unit length, or are empty.
        squares = sum((s * s) * _nonempty(b) for s, b in zip(scale, blocks, strict=True))
        row_scale = 1.0 / np.sqrt(np.maximum(squares, 1e-30))
        n_features = sum(b.shape[1] for b in blocks)
        dims = min(self.n_components, n_features - 1, n_rows - 1)
        if dims < 2:
            every = np.arange(n_rows)
            features = sp.hstack([b[every] * s for s, b in zip(scale, blocks, strict=True)])
            return normalize(np.asarray(features.todense(), dtype=np.float64))
        svd = TruncatedSVD(dims, n_iter=_SVD_ITERATIONS, random_state=self.random_state)
        rows, row_weights = self._svd_rows(weights)
        # Scaling each distinct row by the square root of its number of answers gives the
        # SVD the same Gram matrix as the full set of answers would.
        sample = sp.hstack([b[rows] * s for s, b in zip(scale, blocks, strict=True)], format="csr")
        svd.fit((sp.diags(np.sqrt(row_weights) * row_scale[rows]) @ sample).astype(np.float32))
        # The projection of the scaled, side-by-side blocks, block by block.
        components = svd.components_.astype(np.float32)
        projected = np.zeros((n_rows, dims), dtype=np.float32)
        start = 0
        for s, block in zip(scale, blocks, strict=True):
            stop = start + block.shape[1]
            projected += block @ (components[:, start:stop].T * np.float32(s))
            start = stop
        projected *= row_scale[:, None].astype(np.float32)
        # float64: k-means and the distances run much faster than on upcast float32.
        return normalize(projected.astype(np.float64))

    def _svd_rows(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows (and their weights) to fit the SVD on: all, or a sample of answers."""
        n_answers = int(weights.sum())
        if weights.size <= _SVD_SAMPLE:
            return np.arange(weights.size), weights
        # The directions of the answers are found from a uniform sample of them; every
        # answer is then projected on those directions.
        rng = np.random.default_rng(self.random_state)
        answers = rng.choice(n_answers, size=_SVD_SAMPLE, replace=False)
        rows, sample_weights = np.unique(self._inverse[answers], return_counts=True)
        return rows, sample_weights.astype(np.float64)

    def _cluster(self, k: int, seed: int) -> np.ndarray:
        """Theme of every answer with content, numbered by size."""
        if k <= 1:
            return np.zeros(self._inverse.size, dtype=int)
        labels = _consensus_kmeans(
            self._points, self._inverse, self._weights, k, self.n_init, seed, self.n_jobs
        )
        # Number themes by size, largest first, so that theme 0 is the most common one;
        # themes of equal size keep the order in which their first answer came.
        sizes = np.bincount(labels, minlength=k)
        first = np.array([np.flatnonzero(labels == c)[:1].sum() for c in range(k)])
        order = np.lexsort((first, -sizes))
        rank = np.empty(k, dtype=int)
        rank[order] = np.arange(k)
        return rank[labels]

    def _number_of_themes(self, points: np.ndarray) -> int:
        n = self._inverse.size
        # Different lemma strings can still share a vector (the same words in another
        # order); that matters only when few distinct answers could cap the number of
        # themes, so the exact count is skipped for thousands of them.
        n_rows = points.shape[0]
        distinct = n_rows if n_rows > 5000 else np.unique(np.round(points, 6), axis=0).shape[0]
        if self.n_themes is not None:
            if self.n_themes > distinct:
                warnings.warn(
                    f"n_themes={self.n_themes} is more than the {distinct} distinct answers "
                    f"with content; using {distinct}",
                    stacklevel=3,
                )
            return min(self.n_themes, distinct)
        # On short answers the silhouette keeps rising with k (near-duplicate answers form
        # ever tighter small groups), so the search is bounded by the rule of thumb
        # k ~ sqrt(n / 2) and capped at a number of themes a reader can still take in.
        upper = self.max_themes if self.max_themes is not None else min(25, round(sqrt(n / 2)))
        upper = min(max(upper, self.min_themes), distinct - 1)
        lower = min(self.min_themes, upper)
        if upper < 2:
            return max(1, min(distinct, self.min_themes))
        rng = np.random.default_rng(self.random_state)
        answers = _sample_answers(self._inverse, _SELECTION_SAMPLE, rng)
        # The sampled answers as distinct points with their number of copies: k-means and
        # the silhouette give the same as on the copies, in the time of the distinct ones.
        rows, copies = np.unique(self._inverse[answers], return_counts=True)
        sample, weights = points[rows], copies.astype(np.float64)
        # The distances do not change with k: computed once, not once per candidate.
        distances = euclidean_distances(sample)
        np.fill_diagonal(distances, 0.0)
        squared = distances * distances
        # k-means runs in single precision, twice as fast; the distances stay double.
        sample32 = sample.astype(np.float32)

        def score(k: int) -> float | None:
            rng = np.random.RandomState(self.random_state)
            fits = [
                _kmeans_from(sample32, weights, squared, k, rng) for _ in range(_SELECTION_INITS)
            ]
            # The start ending with the least inertia, as KMeans(n_init=...) keeps.
            labels = min(fits, key=lambda fit: fit[1])[0]
            if np.unique(labels).size < 2:
                return None
            return weighted_silhouette(distances, labels, weights)

        candidates = _candidates(max(lower, 2), upper)
        jobs = self.n_jobs if sample.shape[0] >= _THREADS_FROM else 1
        for k, value in zip(candidates, _in_threads(score, candidates, jobs), strict=True):
            if value is not None:
                self.selection_scores_[k] = value
        if not self.selection_scores_:
            return lower
        # The silhouette of short answers keeps creeping up after the themes are found
        # (ever smaller groups of near-identical answers), so the fewest themes scoring
        # within a small margin of the best are taken, as the one-standard-error rule does.
        best = max(self.selection_scores_.values())
        enough = best - _PARSIMONY * abs(best)
        return min(k for k, score in self.selection_scores_.items() if score >= enough)

    def _describe(self) -> pd.DataFrame:
        labels = self.labels_
        total = len(labels)
        rows = []
        if self.n_themes_ > 0:
            # Words are the lemmas the themes were found from; phrases are neighbouring
            # lemmas within one part of the answer, never across a comma.
            content_labels = labels[self._content]
            classes, terms = self._top_terms(content_labels)
            sizes = np.bincount(content_labels, minlength=int(classes.max()) + 1)
            quotes = self._quotes(content_labels, classes)
            for theme, theme_terms, theme_quotes in zip(classes, terms, quotes, strict=True):
                rows.append(
                    {
                        "theme": int(theme),
                        "size": int(sizes[theme]),
                        "share": sizes[theme] / total,
                        "label": theme_label(theme_terms),
                        "top_terms": theme_terms,
                        "quotes": theme_quotes,
                    }
                )
        none = np.flatnonzero(labels == -1)
        if none.size:
            examples = list(dict.fromkeys(self._texts[i].strip() for i in none))[: self.n_quotes]
            rows.append(
                {
                    "theme": -1,
                    "size": int(none.size),
                    "share": none.size / total,
                    "label": NO_CONTENT_LABEL,
                    "top_terms": [],
                    "quotes": examples,
                }
            )
        return pd.DataFrame(rows, columns=THEME_COLUMNS)

    def _top_terms(self, content_labels: np.ndarray) -> tuple[np.ndarray, list[list[str]]]:
        """The themes and the words and phrases that set each apart (class-based TF-IDF).

        Counts are summed per theme from the distinct answers: word counts of the distinct
        lemma strings from the features, phrases once per distinct (lemmas, phrases) pair.
        """
        classes = np.unique(content_labels)
        position = np.searchsorted(classes, content_labels)
        # Words: each distinct lemma row belongs to one theme, with its number of answers.
        row_class = np.empty(self._weights.size, dtype=np.intp)
        row_class[self._inverse] = position
        by_row = sp.csr_matrix(
            (self._weights, (row_class, np.arange(self._weights.size))),
            shape=(classes.size, self._weights.size),
        )
        word_totals = by_row @ self._word_counts
        # Phrases: the answers of each theme and distinct text (copies of an answer have
        # the same phrases) times the phrases of each distinct text.
        prepared = self._prepared
        n_texts = len(prepared.texts)
        by_text = sp.csr_matrix(
            (np.ones(position.size), (position, prepared.index[self._content])),
            shape=(classes.size, n_texts),
        )
        flat = np.asarray(prepared.phrases, dtype=object)
        pair_codes, pair_names = pd.factorize(flat) if flat.size else (np.zeros(0, int), flat)
        per_text = sp.csr_matrix(
            (np.ones(flat.size), (prepared.phrase_owners, pair_codes)),
            shape=(n_texts, len(pair_names)),
        )
        phrase_totals = by_text @ per_text
        names = np.concatenate(
            [self._word_terms.astype(object), np.asarray(pair_names, dtype=object)]
        )
        totals = sp.hstack([word_totals, phrase_totals], format="csr")
        # Terms in alphabetical order, as one vectorizer of words and phrases would list them,
        # so that ties between equally weighted terms break the same way.
        order = np.argsort(names.astype(str), kind="stable")
        names, totals = names[order], totals[:, order]
        _, weights = class_tfidf(totals, np.arange(classes.size))
        return classes, top_terms(weights, names, self.n_terms)

    def _quotes(self, content_labels: np.ndarray, classes: np.ndarray) -> list[list[str]]:
        """Answers closest to the centre of each theme of ``classes``, each wording once.

        Works on the distinct answers (weighted by their copies), which all belong to one
        theme: the same centre and closeness as over all answers. The copies of a distinct
        answer are visited in the order of the answers, as the nearest answers would be.
        """
        n_rows = self._weights.size
        row_theme = np.empty(n_rows, dtype=np.intp)
        row_theme[self._inverse] = np.searchsorted(classes, content_labels)
        # Each theme's centre: the mean of its answers, i.e. of its rows times their copies.
        membership = sp.csr_matrix(
            (self._weights, (row_theme, np.arange(n_rows))), shape=(classes.size, n_rows)
        )
        centres = membership @ self._points
        centres /= np.maximum(np.linalg.norm(centres, axis=1), 1e-12)[:, None]
        closeness = np.einsum("ij,ij->i", self._points, centres[row_theme])
        ranked = np.lexsort((-closeness, row_theme))
        # The answers of each distinct row, in their order.
        order = np.argsort(self._inverse, kind="stable")
        starts = np.searchsorted(self._inverse[order], np.arange(n_rows + 1))
        bounds = np.searchsorted(row_theme[ranked], np.arange(classes.size + 1))
        return [
            self._first_quotes(ranked[bounds[at] : bounds[at + 1]], order, starts)
            for at in range(classes.size)
        ]

    def _first_quotes(self, rows: np.ndarray, order: np.ndarray, starts: np.ndarray) -> list[str]:
        """The first ``n_quotes`` wordings among the answers of ``rows``, row by row; the
        answers of row r are ``order[starts[r]:starts[r + 1]]``."""
        quotes: dict[str, str] = {}
        for row in rows:
            for answer in order[starts[row] : starts[row + 1]]:
                text = self._texts[self._content[answer]].strip()
                quotes.setdefault(" ".join(text.casefold().split()), text)
                if len(quotes) == self.n_quotes:
                    return list(quotes.values())
        return list(quotes.values())


def theme_label(terms: list[str], size: int = 3) -> str:
    """A short name from a theme's top terms, without repeating a word.

    A phrase takes the place of a word it contains ("luonto" and then "luonto ulkoilu"
    give "luonto ulkoilu"), and a term whose words are all named already is skipped.

    >>> theme_label(["luonto", "luonto ulkoilu", "puhdas", "ulkoilu", "metsä"])
    'luonto ulkoilu, puhdas, metsä'
    """
    picked: list[str] = []
    for term in terms:
        words = term.split()
        covered = {w for p in picked for w in p.split()}
        if set(words) <= covered:
            continue
        # The phrase takes the place of the first word it contains, keeping the order
        # of importance; later words it contains are dropped.
        inside = [i for i, p in enumerate(picked) if p in words]
        if inside:
            picked[inside[0]] = term
            picked = [p for i, p in enumerate(picked) if i not in inside[1:]]
        else:
            picked.append(term)
        if len(picked) == size:
            break
    return ", ".join(picked)


def lemma_counts(lemma_strings: list[str]) -> tuple[sp.csr_matrix, np.ndarray]:
    """Counts of the space-separated lemmas of each string, and the lemmas in sorted order.

    The same as ``CountVectorizer(token_pattern=r"\\S+", dtype=np.float32)`` on lemma
    strings (already lower-case), without a regular expression per string.

    >>> counts, terms = lemma_counts(["meri meri saari", "saari"])
    >>> counts.toarray().tolist(), terms.tolist()
    ([[2.0, 1.0], [0.0, 1.0]], ['meri', 'saari'])
    """
    # One split of all strings and a hashed factorisation in C: a Python loop over the
    # words costs several times more on a hundred thousand answers.
    joined = " ".join(lemma_strings)
    codes, terms = pd.factorize(np.asarray(joined.split(" "), dtype=object))
    if any(len(term.split()) != 1 or term != term.strip() for term in terms):
        # Not single-space separated (an empty string, doubled or other white space):
        # split each string the careful way.
        codes, terms = pd.factorize(np.asarray(joined.split(), dtype=object))
        lengths = [len(s.split()) for s in lemma_strings]
    else:
        lengths = [s.count(" ") + 1 for s in lemma_strings]
    indptr = np.zeros(len(lemma_strings) + 1, dtype=np.int64)
    np.cumsum(np.asarray(lengths, dtype=np.int64), out=indptr[1:])
    terms = np.asarray(terms, dtype=object)
    order = np.argsort(terms.astype(str), kind="stable")
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size)
    counts = sp.csr_matrix(
        (np.ones(codes.size, dtype=np.float32), rank[codes], indptr),
        shape=(len(lemma_strings), terms.size),
    )
    counts.sum_duplicates()
    return counts, terms[order]


def _text_lemma_counts(
    prepared: DistinctTexts, texts: np.ndarray
) -> tuple[sp.csr_matrix, np.ndarray]:
    """``lemma_counts`` of the lemma strings of the distinct answers ``texts``, from the
    lemma codes of the preparation instead of splitting the strings again."""
    names = np.asarray(prepared.lemma_names, dtype=object)
    if any(len(name.split()) != 1 or name != name.strip() for name in prepared.lemma_names):
        # A lemma with white space in it counts as several words in the strings.
        return lemma_counts([prepared.lemmas[t] for t in texts.tolist()])
    owners = prepared.lemma_owners
    starts = np.searchsorted(owners, texts, side="left")
    lengths = np.searchsorted(owners, texts, side="right") - starts
    indptr = np.zeros(texts.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    # Each row's run of lemmas, gathered by one index array.
    at = np.arange(indptr[-1]) + np.repeat(starts - indptr[:-1], lengths)
    codes = prepared.lemma_codes[at]
    # Columns in alphabetical order of the lemmas, as a vectorizer lists them.
    present = np.unique(codes)
    order = np.argsort(names[present].astype(str), kind="stable")
    column = np.zeros(names.size, dtype=np.int64)
    column[present[order]] = np.arange(present.size)
    counts = sp.csr_matrix(
        (np.ones(codes.size, dtype=np.float32), column[codes], indptr),
        shape=(texts.size, present.size),
    )
    counts.sum_duplicates()
    return counts, names[present[order]]


def _tfidf(counts: sp.csr_matrix, weights: np.ndarray, n: float, min_df: int) -> sp.csr_matrix:
    """Sublinear, smoothed, l2-normalised TF-IDF of distinct rows standing for ``weights`` answers.

    The same as ``TfidfVectorizer(sublinear_tf=True, min_df=min_df)`` on the full list of
    answers, where each row occurs ``weights`` times. ``counts`` has no duplicate entries
    (as vectorisers and sparse products give). Works on the arrays of the sparse matrix:
    selecting columns of a large matrix copies it several times over.
    """
    counts = sp.csr_matrix(counts)
    n_rows = counts.shape[0]
    df = _document_frequency(counts, weights)
    keep = df >= min_df
    data = 1.0 + np.log(counts.data, dtype=np.float32)
    columns, indptr = counts.indices, counts.indptr
    if not keep.all():
        inside = keep[columns]
        rows = np.repeat(np.arange(n_rows), np.diff(indptr))[inside]
        columns, data = (np.cumsum(keep) - 1)[columns[inside]], data[inside]
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_rows), out=indptr[1:])
    idf = (np.log((1.0 + n) / (1.0 + df[keep])) + 1.0).astype(np.float32)
    data *= idf[columns]
    matrix = sp.csr_matrix((data, columns, indptr), shape=(n_rows, int(keep.sum())))
    return normalize(matrix)


def _document_frequency(counts: sp.csr_matrix, weights: np.ndarray) -> np.ndarray:
    """Answers holding each column: rows with a stored value, ``weights`` answers each."""
    return np.asarray(_presence(counts).T @ weights).ravel()


def _presence(counts: sp.csr_matrix) -> sp.csr_matrix:
    """1 wherever ``counts`` stores a value (which is never 0 in counts)."""
    ones = np.ones_like(counts.data)
    return sp.csr_matrix((ones, counts.indices, counts.indptr), shape=counts.shape)


def _nonempty(block: sp.csr_matrix | NgramTfidf) -> np.ndarray:
    """Rows with any feature (they have unit length; the others are zero)."""
    if isinstance(block, NgramTfidf):
        return block.norm > 0
    return np.diff(block.indptr) > 0


class NgramTfidf:
    """Sublinear TF-IDF of character n-grams of answers, kept in factors for projecting.

    The n-gram counts of the answers are ``word_counts @ per_word``. Their TF-IDF
    (``1 + log(count)`` times the idf, rows scaled to unit length, n-grams in fewer than
    ``min_df`` answers left out) equals ``count * idf`` wherever a count is 1, which is
    nearly everywhere. So the TF-IDF is the product form plus a small correction at the
    counts of 2 and more, and projecting it on a few directions costs a product with the
    vocabulary-sized factor instead of one with every n-gram of every answer. The result
    is the same as ``_tfidf(word_counts @ per_word, ...)``.
    """

    def __init__(
        self,
        word_counts: sp.csr_matrix,
        per_word: sp.csr_matrix,
        weights: np.ndarray,
        n: float,
        min_df: int,
    ) -> None:
        counts = sp.csr_matrix(word_counts @ per_word)
        n_rows = counts.shape[0]
        present = _presence(counts)
        df = present.T @ weights
        keep = df >= min_df
        # Columns of the kept n-grams; the idf of the others is 0, which drops them.
        column = np.where(keep, np.cumsum(keep) - 1, 0)
        idf = np.where(keep, np.log((1.0 + n) / (1.0 + df)) + 1.0, 0.0).astype(np.float32)
        self.shape = (n_rows, int(keep.sum()))
        self._counts, self._idf, self._column, self._keep = counts, idf, column, keep
        self._word_counts = word_counts
        # per_word with each n-gram's idf, kept n-grams only.
        self._per_word = sp.csr_matrix((per_word @ sp.diags(idf)).tocsc()[:, np.flatnonzero(keep)])
        # Where a count is 2 or more, 1 + log(count) falls short of the count.
        tf = counts.data
        many = np.flatnonzero(tf >= 2.0)
        many = many[keep[counts.indices[many]]]
        rows = np.searchsorted(counts.indptr, many, side="right") - 1
        many_idf = idf[counts.indices[many]]
        sublinear = 1.0 + np.log(tf[many], dtype=np.float32)
        self._correction = sp.csr_matrix(
            ((sublinear - tf[many]) * many_idf, (rows, column[counts.indices[many]])),
            shape=self.shape,
        )
        # Squared row norms: idf squared over the n-grams present, with 1 + log(count)
        # instead of 1 where a count is 2 or more; nearly every count is 1, so this is one
        # product instead of a pass over each value. The squares are single-precision
        # numbers summed in double, which is exact: the same norms in any order of the
        # n-grams, so answers with the same words in another order stay exactly equal.
        many_squares = ((sublinear * many_idf) ** 2).astype(np.float64) - many_idf**2
        squares = present @ (idf * idf).astype(np.float64) + np.bincount(
            rows, weights=many_squares, minlength=n_rows
        )
        self.norm = np.sqrt(squares)

    def _inverse_norm(self, rows: np.ndarray | slice) -> np.ndarray:
        norm = self.norm[rows]
        return np.where(norm > 0, 1.0 / np.maximum(norm, 1e-30), 0.0).astype(np.float32)

    def __getitem__(self, rows: np.ndarray) -> sp.csr_matrix:
        """The TF-IDF rows of ``rows``, as a sparse matrix over the kept n-grams."""
        part = sp.csr_matrix(self._counts[rows])
        inside = self._keep[part.indices]
        values = (1.0 + np.log(part.data, dtype=np.float32)) * self._idf[part.indices]
        row_of = np.repeat(np.arange(part.shape[0]), np.diff(part.indptr))
        matrix = sp.csr_matrix(
            (values[inside], (row_of[inside], self._column[part.indices[inside]])),
            shape=(part.shape[0], self.shape[1]),
        )
        return sp.csr_matrix(sp.diags(self._inverse_norm(rows)) @ matrix)

    def __matmul__(self, dense: np.ndarray) -> np.ndarray:
        """The TF-IDF times ``dense`` (kept n-grams x k), from the factors."""
        projected = self._word_counts @ np.asarray(self._per_word @ dense)
        projected += self._correction @ dense
        return projected * self._inverse_norm(slice(None))[:, None]


def weighted_silhouette(distances: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> float:
    """Mean silhouette of points that stand for ``weights`` identical copies each.

    Equal to ``sklearn.metrics.silhouette_score(..., metric="precomputed")`` on the list
    with every point repeated ``weights`` times (a point alone in its cluster scores 0).

    >>> d = np.array([[0.0, 1.0, 4.0], [1.0, 0.0, 3.0], [4.0, 3.0, 0.0]])
    >>> round(weighted_silhouette(d, np.array([0, 0, 1]), np.array([1.0, 1.0, 2.0])), 4)
    0.8542
    """
    k = int(labels.max()) + 1
    member = np.zeros((labels.size, k))
    member[np.arange(labels.size), labels] = weights
    size = member.sum(axis=0)
    total = distances @ member  # weighted sum of distances from each point to each cluster
    own = total[np.arange(labels.size), labels]
    own_size = size[labels]
    inside = own / np.maximum(own_size - 1.0, 1e-12)
    mean_to = total / np.maximum(size, 1e-12)
    mean_to[np.arange(labels.size), labels] = np.inf
    mean_to[:, size == 0] = np.inf
    nearest = mean_to.min(axis=1)
    score = (nearest - inside) / np.maximum(np.maximum(inside, nearest), 1e-12)
    score[own_size <= 1.0] = 0.0
    return float(np.average(score, weights=weights))


def _sample_answers(inverse: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    """Sorted indices of up to ``size`` answers drawn at random, plus, when there are no
    more distinct answers than that, one copy of each distinct answer.

    Copies of a few answers can crowd rare answers out of a sample; every distinct answer
    in it keeps rare answers able to form a theme, and k-means from running short of
    distinct points for the number of themes.
    """
    n = inverse.size
    if n <= size:
        return np.arange(n)
    answers = rng.choice(n, size=size, replace=False)
    rows = int(inverse.max()) + 1
    if rows <= size:
        answers = np.union1d(answers, np.unique(inverse, return_index=True)[1])
    return np.sort(answers)


def _candidates(lower: int, upper: int) -> list[int]:
    """Numbers of themes to try: each one up to a dozen, then about 15 % apart.

    Among many themes one more or fewer changes little for a reader, while each k-means
    fit costs in proportion to the number of themes, so larger numbers are tried sparsely.

    >>> _candidates(2, 25)
    [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 16, 18, 21, 24, 25]
    """
    ks = []
    k = lower
    while k < upper:
        ks.append(k)
        k = k + 1 if k < 12 else max(k + 1, round(k * 1.15))
    return ks + [upper]


def _in_threads(function: Callable[[int], T], items: Iterable[int], n_jobs: int | None) -> list[T]:
    """``[function(item) for item in items]``, spread over ``n_jobs`` threads.

    k-means and the matrix products release the interpreter lock, so small fits run side
    by side on the cores; every item keeps its own seed, so the results do not change.
    """
    items = list(items)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    # As in scikit-learn: -1 means every core, -2 all but one, None one.
    wanted = max(1, (cores or 1) + 1 + n_jobs) if n_jobs is not None and n_jobs < 0 else n_jobs
    workers = min(len(items), wanted or 1)
    if workers <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(function, items))


def _kmeans_plusplus(
    squared: np.ndarray, weights: np.ndarray, k: int, rng: np.random.RandomState
) -> np.ndarray:
    """Indices of ``k`` starting centres by greedy k-means++ (Arthur & Vassilvitskii 2007).

    The same draws as scikit-learn's seeding with the same generator, read from the
    squared distances between the points instead of computed anew: the many small k-means
    fits of a run share one distance matrix, and seeding from it costs a fraction of
    seeding from the points.
    """
    n = weights.size
    trials = 2 + int(np.log(k))
    chosen = np.empty(k, dtype=np.intp)
    chosen[0] = rng.choice(n, p=weights / weights.sum())
    closest = squared[chosen[0]].copy()
    potential = closest @ weights
    for c in range(1, k):
        # Candidates drawn with probability in proportion to their weighted squared
        # distance from the nearest centre so far; the one lowering the total most wins.
        draws = rng.uniform(size=trials) * potential
        candidates = np.searchsorted(np.cumsum(weights * closest), draws)
        np.clip(candidates, None, n - 1, out=candidates)
        options = np.minimum(closest, squared[candidates])
        potentials = options @ weights
        best = int(np.argmin(potentials))
        potential, closest = potentials[best], options[best]
        chosen[c] = candidates[best]
    return chosen


def _kmeans_from(
    points: np.ndarray,
    weights: np.ndarray,
    squared: np.ndarray,
    k: int,
    rng: np.random.RandomState,
) -> tuple[np.ndarray, float]:
    """Labels and inertia of one weighted k-means run seeded by ``_kmeans_plusplus``."""
    starts = points[_kmeans_plusplus(squared, weights, k, rng)]
    # The points are checked once by the caller; checking them again in each of the many
    # small runs costs a good part of a run. (The setting holds in this thread only.)
    with config_context(assume_finite=True, skip_parameter_validation=True):
        kmeans = KMeans(k, init=starts, n_init=1).fit(points, sample_weight=weights)
    return kmeans.labels_, float(kmeans.inertia_)


def _cut_tree(tree: np.ndarray, k: int) -> np.ndarray:
    """The groups of a scipy linkage ``tree`` before its last ``k - 1`` merges, numbered in
    the order of their first point (as AgglomerativeClustering cuts its tree).

    >>> _cut_tree(np.array([[0, 1, 0.1, 2], [2, 3, 0.2, 2], [4, 5, 0.9, 4]]), 2).tolist()
    [0, 0, 1, 1]
    """
    n = tree.shape[0] + 1
    merges = n - k
    parent = np.arange(2 * n - 1)
    children = tree[:merges, :2].astype(np.intp)
    parent[children[:, 0]] = parent[children[:, 1]] = n + np.arange(merges)
    # Every point's top node, by pointer doubling: log2(n) rounds of parent[parent].
    for _ in range(max(1, int(np.ceil(np.log2(n))) + 1)):
        parent = parent[parent]
    return pd.factorize(parent[:n])[0]


def _consensus_kmeans(
    points: np.ndarray,
    inverse: np.ndarray,
    weights: np.ndarray,
    k: int,
    runs: int,
    seed: int,
    n_jobs: int | None = None,
) -> np.ndarray:
    """Evidence-accumulation consensus of ``runs`` k-means solutions (Fred & Jain 2005).

    Single k-means solutions of short answers differ a lot between seeds; counting how
    often two answers land together over many runs and cutting that agreement with
    average linkage gives themes that change much less with the seed.

    ``points`` are the distinct answers, ``inverse`` maps every answer to its row and
    ``weights`` counts the answers of each row; the labels returned are per answer.
    """
    n = inverse.size
    rng = np.random.default_rng(seed)
    sample = _sample_answers(inverse, _CONSENSUS_SAMPLE, rng)
    sampled = points[inverse[sample]]
    m = sampled.shape[0]
    # Each run clusters the distinct sampled points weighted by their copies (the same as
    # clustering the copies) and hands every sampled answer the label of its point.
    rows, back, copies = np.unique(inverse[sample], return_inverse=True, return_counts=True)
    distinct_points, distinct_weights = points[rows], copies.astype(np.float64)
    # k-means runs in single precision, twice as fast as in double on these small
    # samples; the distances for seeding stay double.
    distinct32 = distinct_points.astype(np.float32)
    seeds = [int(rng.integers(2**31 - 1)) for _ in range(max(runs, 1))]

    def labelling(run_seed: int) -> np.ndarray:
        rng = np.random.RandomState(run_seed)
        return _kmeans_from(distinct32, distinct_weights, squared, k, rng)[0][back]

    with threadpool_limits(limits=1):  # small runs: see fit()
        # The distances between the sampled points serve every run's seeding.
        squared = euclidean_distances(distinct_points, squared=True)
        jobs = n_jobs if distinct_points.shape[0] >= _THREADS_FROM else 1
        labellings = _in_threads(labelling, seeds, jobs)
        # How many runs put each two answers together: the product of the runs' one-hot
        # memberships. A dense float32 product is exact for these small counts and several
        # times faster than a sparse one, whose result is dense anyway.
        onehot = np.zeros((m, len(seeds) * k), dtype=np.float32)
        for run, labels in enumerate(labellings):
            onehot[np.arange(m), run * k + labels] = 1.0
        together = (onehot @ onehot.T).astype(np.float64)
    agreement = together / max(runs, 1)
    # Average linkage of the disagreement, cut where k groups are left.
    tree = linkage(squareform(1.0 - agreement, checks=False), method="average")
    joined = _cut_tree(tree, k)
    if m == n:
        return joined
    centres = normalize(np.vstack([sampled[joined == c].mean(axis=0) for c in range(k)]))
    # Weighted k-means over the distinct answers is k-means over all of them.
    final = KMeans(k, init=centres.astype(np.float32), n_init=1, random_state=seed)
    return final.fit_predict(points.astype(np.float32), sample_weight=weights)[inverse]

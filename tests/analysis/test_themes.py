"""ThemeClusterer: themes of short answers, no-content group, determinism and the themes table."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import normalized_mutual_info_score

from analysis import ThemeClusterer
from analysis.themes import NO_CONTENT_LABEL, THEME_COLUMNS

SEA = [
    "meri ja saaristo",
    "kaunis meri",
    "merenranta",
    "meren rannat",
    "saaristo ja meri",
    "meri on lähellä",
    "rannat ja meri",
    "merellisyys",
]
HOUSING = [
    "halvat asunnot",
    "edullinen asuminen",
    "asuntojen hinnat on halpoja",
    "edulliset asunnot",
    "asuminen on halpaa",
    "halpa asuminen",
    "isot asunnot halvalla",
    "asuntojen edullisuus",
]
JOBS = [
    "työpaikat",
    "työpaikkoja on hyvin",
    "töitä löytyy",
    "hyvät työpaikat",
    "työllisyys",
    "työpaikkojen määrä",
    "töitä riittää",
    "kesätyöpaikat",
]
EMPTY = ["en tiedä", "-", "ei mitään", "En tiiä", "?"]


def _answers() -> tuple[list[str], list[int]]:
    texts = SEA + HOUSING + JOBS + EMPTY
    truth = [0] * len(SEA) + [1] * len(HOUSING) + [2] * len(JOBS) + [-1] * len(EMPTY)
    return texts, truth


def test_finds_the_themes_and_sets_empty_answers_aside() -> None:
    texts, truth = _answers()
    model = ThemeClusterer(language="fi", n_themes=3, random_state=0).fit(texts)
    assert model.labels_.shape == (len(texts),)
    assert (model.labels_[-len(EMPTY) :] == -1).all()
    assert (model.labels_[: -len(EMPTY)] >= 0).all()
    assert model.n_themes_ == 3
    assert normalized_mutual_info_score(truth, model.labels_) > 0.8


@pytest.mark.parametrize(
    ("language", "empty"),
    [
        ("fi", ["en tiedä", "-", "ei mitään", "emt"]),
        ("sv", ["vet inte", "Jag vet inte", "ingen aning", "-"]),
        ("en", ["idk", "-", "nothing", "I don't know"]),
    ],
)
def test_no_content_answers_get_minus_one_in_each_language(language: str, empty: list[str]) -> None:
    content = {
        "fi": ["meri", "saaristo ja meri", "asunnot", "halvat asunnot", "työt", "hyvät työt"],
        "sv": ["havet", "havet och skärgården", "bostäder", "billiga bostäder", "jobb", "jobb"],
        "en": ["the sea", "sea and islands", "housing", "cheap housing", "jobs", "good jobs"],
    }[language]
    model = ThemeClusterer(language=language, n_themes=3, random_state=0).fit(content + empty)
    assert model.labels_[len(content) :].tolist() == [-1] * len(empty)
    assert (model.labels_[: len(content)] >= 0).all()
    assert model.no_content_.sum() == len(empty)
    none_row = model.themes_[model.themes_["theme"] == -1].iloc[0]
    assert none_row["label"] == NO_CONTENT_LABEL
    assert none_row["size"] == len(empty)


def test_same_seed_same_themes_and_stability_is_reported() -> None:
    texts, _ = _answers()
    first = ThemeClusterer(language="fi", random_state=7).fit(texts)
    second = ThemeClusterer(language="fi", random_state=7).fit(texts)
    np.testing.assert_array_equal(first.labels_, second.labels_)
    assert first.themes_.equals(second.themes_)
    stability = first.stability(n_runs=3)
    assert 0.0 <= stability <= 1.0
    assert first.stability_ == stability
    with pytest.raises(ValueError, match="n_runs"):
        first.stability(n_runs=1)


def test_themes_table_has_terms_labels_quotes_and_shares() -> None:
    texts, _ = _answers()
    model = ThemeClusterer(language="fi", n_themes=3, random_state=0, n_quotes=2).fit(texts)
    themes = model.themes_
    assert list(themes.columns) == THEME_COLUMNS
    assert themes["theme"].tolist() == [0, 1, 2, -1]
    assert themes["size"].sum() == len(texts)
    assert themes["share"].sum() == pytest.approx(1.0)
    # Themes are numbered by size, largest first.
    sizes = themes.loc[themes["theme"] >= 0, "size"].tolist()
    assert sizes == sorted(sizes, reverse=True)
    for row in themes[themes["theme"] >= 0].itertuples():
        assert row.label and isinstance(row.label, str)
        assert 1 <= len(row.top_terms) <= 10
        assert len(row.quotes) == 2
        members = {texts[i] for i in np.flatnonzero(model.labels_ == row.theme)}
        assert set(row.quotes) <= members
    housing = themes[themes["top_terms"].map(lambda terms: "asunto" in terms)]
    assert len(housing) == 1


def test_choosing_the_number_of_themes_stays_in_range() -> None:
    texts, _ = _answers()
    model = ThemeClusterer(language="fi", n_themes=None, random_state=0, max_themes=6).fit(texts)
    assert 2 <= model.n_themes_ <= 6
    assert set(model.selection_scores_) <= set(range(2, 7))
    assert model.n_themes_ in model.selection_scores_
    # The fewest themes scoring within 15 % of the best silhouette, not the maximum.
    scores = model.selection_scores_
    best = max(scores.values())
    assert scores[model.n_themes_] >= best - 0.15 * abs(best)
    assert all(scores[k] < best - 0.15 * abs(best) for k in scores if k < model.n_themes_)


def test_bad_input_gives_clear_errors_and_warnings() -> None:
    with pytest.raises(ValueError, match="texts is empty"):
        ThemeClusterer().fit([])
    with pytest.raises(ValueError, match="n_themes=0"):
        ThemeClusterer(n_themes=0).fit(["meri"])
    with pytest.warns(UserWarning, match="no content"):
        model = ThemeClusterer().fit(["-", "en tiedä"])
    assert model.labels_.tolist() == [-1, -1]
    assert model.n_themes_ == 0
    with pytest.warns(UserWarning, match="distinct answers"):
        small = ThemeClusterer(n_themes=5).fit(["meri", "meri", "asunnot"])
    assert small.n_themes_ == 2


def test_missing_values_count_as_no_content() -> None:
    texts = ["meri", None, float("nan"), "asunnot", "meri ja saaristo", "halvat asunnot"]
    labels = ThemeClusterer(n_themes=2).fit_predict(texts)  # type: ignore[arg-type]
    assert labels[1] == -1 and labels[2] == -1
    assert labels[0] == labels[4] != labels[3] == labels[5]


def test_answers_in_several_languages_use_their_own_lemmas() -> None:
    texts = [
        "meri ja saaristo",
        "kaunis meri ja rannat",
        "havet och skärgården är vackra",
        "halvat asunnot",
        "edulliset asunnot",
        "billiga bostäder och hus här",
    ]
    model = ThemeClusterer(language="per-answer", n_themes=2).fit(texts)
    assert model.languages_ == ["fi", "fi", "sv", "fi", "fi", "sv"]


def test_theme_labels_do_not_repeat_words() -> None:
    from analysis.themes import theme_label

    assert theme_label(["kotoisa", "kotoisa meri", "safe", "pieni"]) == "kotoisa meri, safe, pieni"
    assert theme_label(["meri", "saaristo", "meri saaristo", "kaunis"]) == "meri, saaristo, kaunis"
    assert theme_label(["meri"]) == "meri"


def test_three_words_themes_have_no_phrases_across_the_words() -> None:
    texts = [
        "rauhallinen, kaunis, meri",
        "meri, rauhallinen, pieni",
        "kaunis, meri, hiljainen",
        "teollisuus, harmaa, tylsä",
        "tylsä, teollisuus, ruma",
        "harmaa, teollisuus, pieni",
    ]
    model = ThemeClusterer(language="fi", n_themes=2, random_state=0).fit(texts)
    for terms in model.themes_["top_terms"]:
        assert all(" " not in term for term in terms), terms


def test_distinct_answers_weighted_give_the_tfidf_of_the_full_list() -> None:
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis.themes import _tfidf

    distinct = ["meri saaristo", "meri", "asunto halpa", "työ paikka meri", "metsä järvi"]
    copies = np.array([3.0, 1.0, 2.0, 4.0, 1.0])
    full = [text for text, c in zip(distinct, copies, strict=True) for _ in range(int(c))]
    expected = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", min_df=2)
    wanted = expected.fit_transform(full).toarray()
    # Every word of the distinct answers, also those in fewer than two answers of the list.
    vocabulary = sorted({w for text in distinct for w in text.split()})
    assert len(vocabulary) > len(expected.vocabulary_)
    counts = sp.csr_matrix(
        [[text.split().count(w) for w in vocabulary] for text in distinct], dtype=np.float32
    )
    got = _tfidf(counts, copies, float(copies.sum()), min_df=2).toarray()
    rows = np.repeat(np.arange(len(distinct)), copies.astype(int))
    np.testing.assert_allclose(got[rows], wanted, rtol=1e-5, atol=1e-6)


def test_copies_of_an_answer_share_a_theme_and_repeating_the_list_keeps_the_themes() -> None:
    texts = SEA + HOUSING + JOBS
    once = ThemeClusterer(language="fi", n_themes=3, random_state=0).fit(texts)
    thrice = ThemeClusterer(language="fi", n_themes=3, random_state=0).fit(texts * 3)
    labels = thrice.labels_.reshape(3, -1)
    assert (labels == labels[0]).all()
    assert normalized_mutual_info_score(once.labels_, labels[0]) == pytest.approx(1.0)
    assert thrice.themes_["size"].tolist() == [3 * s for s in once.themes_["size"].tolist()]


def test_many_copies_and_a_few_rare_answers_still_give_the_themes_asked_for() -> None:
    # 3,000 answers, almost all copies of three, so that a sample of them can miss rare
    # answers: the clustering must still find as many themes as there are distinct answers.
    rare = SEA[:4] + HOUSING[:4] + JOBS[:4]
    texts = ["meri ja saaristo"] * 1000 + ["halvat asunnot"] * 994 + ["työpaikat"] * 994 + rare
    model = ThemeClusterer(language="fi", n_themes=9, random_state=0).fit(texts)
    assert model.n_themes_ == 9
    assert (model.labels_ >= 0).all()
    chosen = ThemeClusterer(language="fi", random_state=0).fit(texts)
    assert 2 <= chosen.n_themes_ <= 12


def test_weighted_silhouette_equals_the_silhouette_of_the_copies() -> None:
    from sklearn.metrics import silhouette_score
    from sklearn.metrics.pairwise import euclidean_distances

    from analysis.themes import weighted_silhouette

    rng = np.random.default_rng(1)
    points = rng.normal(size=(40, 5))
    labels = rng.integers(0, 4, 40)
    copies = rng.integers(1, 4, 40)
    labels[0], copies[0] = 4, 1  # a point alone in its cluster scores 0
    full = np.repeat(np.arange(40), copies)
    distances = euclidean_distances(points)
    expected = silhouette_score(distances[np.ix_(full, full)], labels[full], metric="precomputed")
    got = weighted_silhouette(distances, labels, copies.astype(float))
    assert got == pytest.approx(expected, abs=1e-12)


def test_lemma_counts_equal_the_count_vectorizer() -> None:
    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.themes import lemma_counts

    single = ["meri saaristo meri", "öljy", "ääni meri", "asunto halpa asunto", "zeta alfa"]
    # Empty strings, doubled spaces and other white space take the careful path.
    irregular = [*single, "", "asunto  meri", "järvi\tmetsä", " halpa"]
    for strings in (single, irregular):
        vectorizer = CountVectorizer(token_pattern=r"\S+", dtype=np.float32)
        expected = vectorizer.fit_transform(strings)
        counts, terms = lemma_counts(strings)
        assert terms.tolist() == vectorizer.get_feature_names_out().tolist()
        assert counts.dtype == np.float32
        np.testing.assert_array_equal(counts.toarray(), expected.toarray())


def test_threads_do_not_change_the_themes(monkeypatch: pytest.MonkeyPatch) -> None:
    import analysis.themes

    # Small fits run one after another; here they run in threads however small.
    monkeypatch.setattr(analysis.themes, "_THREADS_FROM", 0)
    texts = (SEA + HOUSING + JOBS) * 40
    one = ThemeClusterer(language="fi", random_state=3, n_jobs=1).fit(texts)
    many = ThemeClusterer(language="fi", random_state=3, n_jobs=2).fit(texts)
    assert one.selection_scores_ == many.selection_scores_
    np.testing.assert_array_equal(one.labels_, many.labels_)


def test_ngram_tfidf_in_factors_equals_the_tfidf_of_the_counts() -> None:
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.themes import NgramTfidf, _tfidf, lemma_counts

    # Repeated words and words sharing n-grams give counts of 2 and more; "xyzzy" has
    # n-grams found in one answer only, which are left out.
    strings = ["meri meri saaristo", "saari saaristo", "meri", "asunto", "asunto halpa", "xyzzy"]
    copies = np.array([2.0, 1.0, 3.0, 1.0, 2.0, 1.0])
    counts, terms = lemma_counts(strings)
    per_word = CountVectorizer(analyzer="char_wb", ngram_range=(3, 5)).fit_transform(terms)
    per_word = sp.csr_matrix(per_word, dtype=np.float32)
    n = float(copies.sum())
    expected = _tfidf(sp.csr_matrix(counts @ per_word), copies, n, min_df=2)
    block = NgramTfidf(counts, per_word, copies, n, min_df=2)
    assert block.shape == expected.shape
    every = np.arange(len(strings))
    np.testing.assert_allclose(block[every].toarray(), expected.toarray(), rtol=1e-5, atol=1e-6)
    assert block.norm[-1] == 0.0  # "xyzzy" keeps no n-gram
    directions = np.random.default_rng(0).normal(size=(expected.shape[1], 4)).astype(np.float32)
    np.testing.assert_allclose(block @ directions, expected @ directions, rtol=1e-4, atol=1e-5)


def test_seeding_from_distances_picks_the_seeds_of_scikit_learn() -> None:
    from sklearn.cluster import kmeans_plusplus
    from sklearn.metrics.pairwise import euclidean_distances

    from analysis.themes import _kmeans_plusplus

    data = np.random.default_rng(2)
    points = data.normal(size=(300, 8))
    weights = data.integers(1, 5, 300).astype(float)
    squared = euclidean_distances(points, squared=True)
    for k in (2, 7, 20):
        for seed in (0, 1, 2):
            _, expected = kmeans_plusplus(
                points, k, sample_weight=weights, random_state=np.random.RandomState(seed)
            )
            got = _kmeans_plusplus(squared, weights, k, np.random.RandomState(seed))
            np.testing.assert_array_equal(got, expected)


def test_cutting_the_average_linkage_tree_gives_the_groups_of_scikit_learn() -> None:
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import pdist
    from sklearn.cluster import AgglomerativeClustering

    from analysis.themes import _cut_tree

    points = np.random.default_rng(4).normal(size=(120, 3))
    tree = linkage(pdist(points), method="average")
    for k in (1, 2, 5, 17, 120):
        expected = AgglomerativeClustering(k, linkage="average").fit_predict(points)
        got = _cut_tree(tree, k)
        assert np.unique(got).size == k
        # The same groups, whatever their numbers.
        pairs = np.unique(np.column_stack([expected, got]), axis=0)
        assert len(pairs) == k


@pytest.mark.parametrize("language", ["fi", "per-answer"])
def test_lemma_counts_from_the_preparation_equal_those_of_the_lemma_strings(
    language: str,
) -> None:
    from analysis.text import prepare_distinct_texts
    from analysis.themes import _text_lemma_counts, lemma_counts

    texts = [*SEA, *HOUSING, "Bra skolor och havet", "the sea and the islands", "ja ja", "1 2"]
    prepared = prepare_distinct_texts(texts * 2, language)
    rows = np.array([5, 0, 3, len(prepared.texts) - 1, 7, 0])
    expected, expected_terms = lemma_counts([prepared.lemmas[i] for i in rows])
    counts, terms = _text_lemma_counts(prepared, rows)
    assert terms.tolist() == expected_terms.tolist()
    np.testing.assert_array_equal(counts.toarray(), expected.toarray())

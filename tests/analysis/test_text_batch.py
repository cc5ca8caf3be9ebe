"""The batch preparation of open answers gives exactly what answer-by-answer preparation gives.

``prepare_texts`` prepares all answers of a language at once (one normalisation and one
tokenisation of the joined answers, per-word work once per distinct word). The reference
in tests/analysis/text_reference.py is the former answer-by-answer path; every lemma
string, phrase list, no-content flag and language must be the same, including for
answers whose neighbours in the joined text could leak into them.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pandas as pd
import pytest

from analysis.ngrams import answer_tokens
from analysis.text import prepare_texts
from tests.analysis.text_reference import reference_answer_tokens, reference_prepare_texts

ROOT = Path(__file__).resolve().parents[2]
EVAL = Path("/work/shared/eval")

EDGE_CASES: list[str | None] = [
    "",
    None,
    " ",
    "   ",
    "\t\n",
    "-",
    "?",
    "5",
    "2024",
    "5 kaunista merta 2024",
    "c3po ja 64bit",
    "meri ፩ luonto",  # an Ethiopic digit: isdigit() but not a decimal digit
    "meri ፩ 5",
    "² ja ①",
    "en tiedä",
    "En tiiä...",
    "en osaa",
    "en tiedä missä olisi töitä",
    "en kyllä tiedä",
    "Vet inte.",
    "jag vet inte",
    "idk",
    "I don't know",
    "ei oo mitään",
    "ei mitään kivaa tekemistä nuorille",
    "ei mikään",
    "ja ja ja",
    "jaaaa",
    "hmm",
    "hmm meri",
    "xd",
    "ok ok",
    "aaa",
    "ab",
    "a b",
    "ä ö",
    "x",
    "ihanaaaa!!!",
    "ihanaa",
    "c++ ja c#",
    "+",
    "#",
    "snake_case",
    "don't",
    "rock'n'roll 'quoted'",
    "https://example.org/x kaunis meri",
    "katso www.visit-kotka.fi!!! hieno",
    "HTTP://X.FI",
    "httpx meri",
    "htttps://x.fi meri",  # the URL goes before stretched letters are cut: it stays
    "wwww.x.fi ranta",
    "www.http://x.fi ranta",
    "😄",
    "meri 😄 luonto",
    "meri - luonto",
    "- meri",
    "meri -",
    "meri - - luonto",
    "meri -- luonto",
    "meri -luonto",
    "a-b",
    "meri\n-\nluonto",
    "meri\u2028-\u2028luonto",
    "meri,-luonto",
    "meri\tja\nluonto",
    "kaunis\n\n\nmeri",
    "kaunis   meri",
    "rauhallinen, kaunis meri. Hyvä!",
    "turvallinen; teollisuus: (kaunis) [meri] – luonto — metsä",
    "ÄÄÄÄ",
    "ÄÄ",
    "ää",
    "ä",
    "aa",
    "a",
    "aab",
    "baa",
    "ﬁne ＡＢＣ",
    "Ⅻ ㍿",
    "\u0301meri",  # starts with a combining accent: must not join the previous answer
    "e",
    "ΟΔΟΣ ΚΑΙ ΣΠΙΤΙ",
    "Straße",
    "kaunis\x00meri",  # the default separator inside an answer
    "\x01",
    "Kaikki tarvittavat palvelut löytyy",
    "Kauniit järvet ja metsät, rauhallinen",
    "havet och skärgården",
    "jag gillar havet och skärgården mycket",
    "more jobs for young people please",
    "the cheapest houses",
    "kaunis meri kaunis meri kaunis meri",
]


def _orders(texts: list[str | None]) -> list[list[str | None]]:
    """The answers forward, backward and shuffled: neighbours in the joined text differ."""
    rng = random.Random(7)
    shuffled = [rng.sample(texts, len(texts)) for _ in range(3)]
    return [texts, texts[::-1], *shuffled]


@pytest.mark.parametrize("language", ["fi", "sv", "en", "auto", "per-answer"])
def test_edge_cases_match_the_answer_by_answer_reference(language: str) -> None:
    for texts in _orders(EDGE_CASES):
        assert prepare_texts(texts, language) == reference_prepare_texts(texts, language)  # type: ignore[arg-type]


def test_each_edge_case_alone_matches_the_reference() -> None:
    for text in EDGE_CASES:
        for language in ("fi", "en"):
            assert prepare_texts([text], language) == reference_prepare_texts([text], language)  # type: ignore[list-item]


def test_repeated_letters_never_join_across_answers() -> None:
    # "aa" then "a" joined would be a run of three letters cut to two if they touched.
    pieces = ["aa", "a", "ää", "ä", "a a", "aa.", ".aa", "!!", "!", "..", "."]
    texts = [a + b for a in pieces for b in ("", "a", "aa", "!")]
    for order in _orders(texts):  # type: ignore[arg-type]
        assert prepare_texts(order, "fi") == reference_prepare_texts(order, "fi")


def test_duplicates_share_their_prepared_answer() -> None:
    texts = ["kaunis meri", "meri", "kaunis meri", None, ""]
    prepared = prepare_texts(texts, "fi")  # type: ignore[arg-type]
    assert prepared == reference_prepare_texts(texts, "fi")
    assert prepared.phrases[0] == ["kaunis meri"]
    assert prepared.texts == ["kaunis meri", "meri", "kaunis meri", "", ""]


def _eval_texts(name: str) -> list[str]:
    path = EVAL / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle, delimiter="\t")]


@pytest.mark.parametrize("language", ["fi", "auto", "per-answer"])
def test_finnish_survey_answers_match_the_reference(language: str) -> None:
    texts = _eval_texts("fi_survey_A.tsv")
    assert prepare_texts(texts, language) == reference_prepare_texts(texts, language)


def test_english_questions_match_the_reference() -> None:
    texts = _eval_texts("en_stackoverflow.tsv")
    assert prepare_texts(texts, "en") == reference_prepare_texts(texts, "en")


@pytest.fixture(scope="module")
def demo_texts() -> list[str]:
    """About 3,000 answers of the demo generator, in Finnish, Swedish and English."""
    from questionnaires import load_questionnaire
    from survey_app.demo_answers import generate_responses

    questionnaire = load_questionnaire(ROOT / "questionnaires" / "kymenlaakso-region-image.yaml")
    texts: list[str] = []
    for response in generate_responses(questionnaire, 4000, seed=11):
        texts += [value for qid, _item, value in response.answers if qid == "best_thing"]
        if len(texts) >= 3000:
            break
    assert len(texts) >= 1000
    return texts


@pytest.mark.parametrize("language", ["fi", "per-answer"])
def test_demo_answers_match_the_reference(demo_texts: list[str], language: str) -> None:
    assert prepare_texts(demo_texts, language) == reference_prepare_texts(demo_texts, language)


# Pieces of tricky answers: words, stop words, fillers, markers, digits of several kinds,
# punctuation that breaks segments or not, dashes, whitespace of several kinds, combining
# marks, compatibility characters, URLs and the characters that separate joined answers.
_PIECES = [
    "meri", "Kaunis", "järvet", "ja", "ei", "mitään", "en", "tiedä", "vet", "inte", "idk",
    "hmm", "ok", "xd", "the", "houses", "c++", "c#", "don't", "'", "a", "ä", "aa", "aaa",
    "ÄÄÄ", "5", "2024", "፩", "²", "①", "64bit", ",", ".", "...", "!!!", "?", ";", ":", "(",
    ")", "[", "]", "–", "—", "-", " - ", "--", "_", "+", "#", " ", "  ", "\t", "\n", "\r",
    "\u2028", "\xa0", "\u3000", "\u0301", "\u0308", "¨", "ﬁ", "ＡＢ", "Ⅻ", "ß", "ΣΑΣ", "😄",
    "https://x.fi/a", "www.esim.fi", "HTTP://A.B", "http", "\x00", "\x01", "\ufdd0",
]  # fmt: skip


def _random_answers(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    answers = []
    for _ in range(count):
        pieces = rng.choices(_PIECES, k=rng.randint(0, 8))
        glue = rng.choice(["", " ", " ", ",", "-"])
        answers.append(glue.join(pieces))
    return answers


@pytest.mark.parametrize("seed", range(4))
def test_random_tricky_answers_match_the_reference(seed: int) -> None:
    texts = _random_answers(600, seed)
    for language in ("fi", "en"):
        assert prepare_texts(texts, language) == reference_prepare_texts(texts, language)
    # Without the separator characters the answers are joined and tokenised together.
    plain = [t.replace("\x00", "").replace("\x01", "").replace("\ufdd0", "") for t in texts]
    assert prepare_texts(plain, "fi") == reference_prepare_texts(plain, "fi")


def test_answers_holding_every_separator_are_prepared_one_by_one() -> None:
    from analysis.text import _SEPARATORS

    texts = ["kaunis meri", f"hieno{_SEPARATORS}ranta", "en tiedä", "-", "5 järveä"]
    assert prepare_texts(texts, "fi") == reference_prepare_texts(texts, "fi")


def test_the_separators_survive_normalising_and_belong_to_no_token() -> None:
    """What the joined text relies on: a separator between two answers stays itself,
    combines with neither neighbour, is no whitespace, token or segment break."""
    import unicodedata

    from analysis.text import _SEGMENT_BREAK, _SEPARATORS, _TOKEN, normalise

    assert len(set(_SEPARATORS)) == len(_SEPARATORS) > 30
    for sep in _SEPARATORS:
        joined = f"e\u0301 {sep} \u0301a"
        assert unicodedata.normalize("NFKC", joined) == f"é {sep} \u0301a"
        assert sep.casefold() == sep
        assert normalise(f"a {sep} b") == f"a {sep} b"
        assert not sep.isspace()
        assert _TOKEN.search(sep) is None and _SEGMENT_BREAK.search(sep) is None


def _same_series(fast: pd.Series, slow: pd.Series) -> None:
    assert fast.index.equals(slow.index)
    assert fast.tolist() == slow.tolist()
    assert fast.dtype == slow.dtype


@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("drop_no_content", [True, False])
def test_answer_terms_of_all_answers_match_the_reference(n: int, drop_no_content: bool) -> None:
    texts = pd.Series(
        [*EDGE_CASES, *_random_answers(300, 9), float("nan"), "kaunis meri"],
        index=range(100, 100 + len(EDGE_CASES) + 302),
    )
    for languages in ("fi", "en", "de"):
        _same_series(
            answer_tokens(texts, languages, n, drop_no_content),
            reference_answer_tokens(texts, languages, n, drop_no_content),
        )
    # One language per respondent, some missing (Finnish then) or unsupported.
    rng = random.Random(3)
    per_answer = pd.Series(
        [rng.choice(["fi", "sv", "en", "de", None]) for _ in texts], index=texts.index
    ).iloc[5:]
    _same_series(
        answer_tokens(texts, per_answer, n, drop_no_content),
        reference_answer_tokens(texts, per_answer, n, drop_no_content),
    )


def test_answer_terms_lists_are_the_answers_own() -> None:
    tokens = answer_tokens(pd.Series(["kaunis meri", "kaunis meri", "en tiedä"]), "fi")
    assert tokens.tolist() == [["kaunis", "meri"], ["kaunis", "meri"], []]
    tokens[0].append("x")
    assert tokens[1] == ["kaunis", "meri"]


def test_answer_terms_reject_other_n_only_when_an_answer_has_content() -> None:
    assert answer_tokens(pd.Series([], dtype=object), "fi", n=3).tolist() == []
    assert answer_tokens(pd.Series(["en tiedä", "-"]), "fi", n=3).tolist() == [[], []]
    with pytest.raises(ValueError, match="n=3 must be 1 or 2"):
        answer_tokens(pd.Series(["en tiedä", "meri"]), "fi", n=3)


def test_demo_answer_terms_match_the_reference(demo_texts: list[str]) -> None:
    texts = pd.Series(demo_texts)
    for n in (1, 2):
        _same_series(answer_tokens(texts, "fi", n), reference_answer_tokens(texts, "fi", n))


def test_terms_per_answer_takes_a_missing_language_as_every_language() -> None:
    from analysis.ngrams import answer_terms
    from analysis.text import is_no_content, terms_per_answer

    texts = ["kauniit järvet", "vet inte", "en tiedä", "idk", 5]
    languages = [None, None, "fi", "de", "sv"]
    expected = [
        [] if is_no_content(str(t), lang) else answer_terms(str(t), lang, 1)  # type: ignore[arg-type]
        for t, lang in zip(texts, languages, strict=True)
    ]
    assert terms_per_answer(texts, languages) == expected  # type: ignore[arg-type]


def test_language_of_a_set_is_that_of_its_first_five_thousand_words() -> None:
    import simplemma

    from analysis.text import detect_language, tokenise

    def joined_first(texts: list[str]) -> str:
        tokens = tokenise(" ".join(texts))[:5000]
        if not tokens:
            return "fi"
        best, score = simplemma.langdetect(" ".join(tokens), lang=("fi", "sv", "en"))[0]
        return best if score > 0 else "fi"

    swedish = ["jag gillar havet och skärgården mycket"] * 900
    english = ["more jobs for young people please and cheaper houses"] * 900
    for texts in (swedish + english, english + swedish, ["5", "-", ""], EDGE_CASES[2:]):
        assert detect_language(texts) == joined_first(texts)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        detect_language(["meri", None])  # type: ignore[list-item]


def test_lemma_strings_are_joined_even_when_no_separator_is_free() -> None:
    import numpy as np

    from analysis.text import _SEPARATORS, _join_per_answer

    owners, answers = np.array([0, 0, 2, 2, 2]), np.array([0, 1, 2, 3])
    for odd in ("x", _SEPARATORS):  # a separator is free / every one occurs in a value
        values = np.array(["a", odd, "b", "c", "a"], dtype=object)
        joined = _join_per_answer(values, owners, answers, np.array(["a", "b", "c", odd], object))
        assert joined == [f"a {odd}", "", "b c a", ""]


@pytest.mark.parametrize("language", ["fi", "auto", "per-answer"])
def test_no_answers_prepare_to_nothing(language: str) -> None:
    from analysis.text import prepare_distinct_texts

    assert prepare_texts([], language) == reference_prepare_texts([], language)
    distinct = prepare_distinct_texts([], language)
    assert distinct.texts == [] and distinct.phrase_lists() == []
    assert distinct.lemma_codes.size == 0 and distinct.index.size == 0

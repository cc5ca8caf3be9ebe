"""Text preparation: normalising, tokens, no-content answers, languages and lemma caching."""

from __future__ import annotations

import pytest

from analysis.text import (
    content_lemmas,
    detect_language,
    is_no_content,
    lemmatise,
    normalise,
    prepare_texts,
    tokenise,
)


def test_normalise_folds_case_urls_and_stretched_letters() -> None:
    assert normalise("  Ihanaaaa  MERI!! https://example.org/x ") == "ihanaa meri!!"
    # NFKC: a ligature and full-width letters become plain letters.
    assert normalise("ﬁne ＡＢＣ") == "fine abc"


def test_tokenise_keeps_words_and_drops_numbers_and_emoji() -> None:
    assert tokenise("C++ ja c# 2024 😄 don't") == ["c++", "ja", "c#", "don't"]
    assert tokenise("sup-lautailu, rannassa!") == ["sup", "lautailu", "rannassa"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("en tiedä", "fi"),
        ("En tiiä...", "fi"),
        ("-", "fi"),
        ("?", "fi"),
        ("ei mitään", "fi"),
        ("ei oo mitään", "fi"),
        ("emt", "fi"),
        ("vet inte", "sv"),
        ("Jag vet inte.", "sv"),
        ("ingen aning", "sv"),
        ("idk", "en"),
        ("I don't know", "en"),
        ("nothing", "en"),
        ("hmm", None),
        ("xd", None),
        ("", None),
        ("vet inte", None),
    ],
)
def test_answers_without_content_are_recognised(text: str, language: str | None) -> None:
    assert is_no_content(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("meri ja saaristo", "fi"),
        ("ei mitään kivaa tekemistä nuorille", "fi"),
        ("en tiedä missä olisi töitä", "fi"),
        ("havet och skärgården", "sv"),
        ("nothing to do for young people", "en"),
        ("sea", "en"),
    ],
)
def test_answers_with_content_are_kept(text: str, language: str) -> None:
    assert not is_no_content(text, language)


def test_content_lemmas_drop_stop_words_and_lemmatise_per_language() -> None:
    assert content_lemmas("Kaikki tarvittavat palvelut löytyy", "fi") == [
        "tarvita",
        "palvelu",
        "löytyä",
    ]
    assert "hus" in content_lemmas("billiga husen", "sv")
    assert content_lemmas("the cheapest houses", "en")[-1] == "house"
    # Only stop words: they are kept so that such answers stay comparable.
    assert content_lemmas("ei mikään", "fi") != []


@pytest.mark.parametrize(
    ("token", "language", "lemma"),
    [("palveluita", "fi", "palvelu"), ("husen", "sv", "hus"), ("houses", "en", "house")],
)
def test_lemmatise_is_cached_per_token_and_language(token: str, language: str, lemma: str) -> None:
    lemmatise.cache_clear()
    assert lemmatise(token, language) == lemma
    assert lemmatise(token, language) == lemma
    info = lemmatise.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    # The same spelling in another language is its own entry, not a wrong cache hit.
    lemmatise(token, "fi" if language != "fi" else "en")
    assert lemmatise.cache_info().misses == 2


def test_language_is_detected_for_the_set_and_per_answer() -> None:
    answers = [
        "kaunis meri ja saaristo",
        "enemmän työpaikkoja nuorille",
        "halvat asunnot ja hyvät palvelut",
        "jag gillar havet och skärgården mycket",
        "more jobs for young people please",
        "meri",
    ]
    assert detect_language(answers) == "fi"
    assert detect_language("jag gillar havet och skärgården") == "sv"
    prepared = prepare_texts(answers, "per-answer")
    assert prepared.languages == ["fi", "fi", "fi", "sv", "en", "fi"]
    assert prepare_texts(answers, "auto").languages == ["fi"] * len(answers)
    assert prepare_texts(answers, "sv").languages == ["sv"] * len(answers)


def test_prepare_texts_flags_no_content_and_rejects_unknown_language() -> None:
    prepared = prepare_texts(["meri", "en tiedä", None, "-"], "fi")  # type: ignore[list-item]
    assert prepared.no_content == [False, True, True, True]
    assert prepared.lemmas[0] == "meri"
    with pytest.raises(ValueError, match="language='de'"):
        prepare_texts(["Meer"], "de")


def test_phrases_never_span_a_comma() -> None:
    from analysis.ngrams import answer_terms
    from analysis.text import segments

    assert segments("rauhallinen, kaunis meri. Hyvä!") == ["rauhallinen", "kaunis meri", "Hyvä"]
    assert answer_terms("turvallinen, teollisuus, kaunis meri", "fi", n=2) == ["kaunis meri"]
    assert answer_terms("kauniit järvet ja metsät", "fi", n=2) == ["kaunis järvi"]

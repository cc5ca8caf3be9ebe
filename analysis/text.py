"""Text preparation for open answers in Finnish, Swedish and English."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from analysis.stopwords import STOP_WORDS

SUPPORTED_LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")

_URL = re.compile(r"https?://\S+|www\.\S+")
# Letters with optional inner digits, apostrophes or '+'/'#' suffixes, so that "64bit",
# "c++" and "don't" stay one token while emoji and punctuation fall away.
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W\d_]+)*[+#]*")
_REPEATS = re.compile(r"(.)\1{2,}")
_DIGIT = re.compile(r"\d")
# An answer with fewer than two letters ("-", "?", "5") says nothing.
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.S)
# Punctuation that ends a thought: "turvallinen, teollisuus" are two words, not a phrase.
_SEGMENT_BREAK = re.compile(r"[,;:.!?()\[\]\n\u2013\u2014]+|\s-\s")

# Whole answers that say "I don't know" or "nothing" in each language, as typed on a
# phone (after normalise() and with punctuation removed). They form their own group.
_NO_CONTENT_PHRASES: dict[str, frozenset[str]] = {
    "fi": frozenset(
        """en tiedä|en tiiä|en tii|en tie|emt|eos|eios|en osaa sanoa|en osaa vastata|en osaa
        |vaikea sanoa|vaikee sanoa|vaikea kysymys|vaikee kysymys|ei kommenttia|ei kommentoitavaa
        |ei mielipidettä|en keksi|en keksi mitään|ei tuu mieleen|ei tule mieleen|ei mitään
        |ei mitää|ei yhtään mitään|en oo miettiny|en oo miettinyt|en ole miettinyt
        |ei aavistustakaan|ei hajuakaan|en tiedä vielä|ei mitään sanottavaa|ohi|pass""".split("|")
    ),
    "sv": frozenset(
        """vet inte|vet ej|jag vet inte|vetej|vet int|ingen aning|inget|ingenting
        |ingen kommentar|inga kommentarer|svårt att säga|kan inte säga|inget svar
        |ingen åsikt|har ingen aning|vet faktiskt inte""".split("|")
    ),
    "en": frozenset(
        """idk|i dont know|i don't know|dont know|don't know|dunno|no idea|not sure|nothing
        |none|n a|na|no comment|no comments|nope|hard to say|cant say|can't say|no opinion
        |nil|whatever|nothing really|not really|no answer|nothing comes to mind""".split("|")
    ),
}
_ANY_NO_CONTENT_PHRASE = frozenset().union(*_NO_CONTENT_PHRASES.values())
# Fillers, laughter and keyboard noise that carry no answer in any of the languages.
_FILLERS = frozenset(
    """hmm hm mm mmm jaa jaaa joo juu no noh öö ööh äää emm umm uhh eh xd xdd xx xxx lol
    asd asdf qwe ok okei okay kk jep nej ja yes no moi hei hej hi test testi""".split()
)
# With only stop words around them, these words mean "don't know" or "nothing", so the
# answer has no content ("ei oo mitään", "en kyllä tiedä").
_NO_CONTENT_MARKERS = frozenset(
    """mitään mitää tiedä tiiä tii keksi mieleen kommenttia mielipidettä vet aning
    inget ingenting know idk nothing dunno""".split()
)


def normalise(text: str) -> str:
    """Return ``text`` lower-cased, NFKC-normalised, without URLs and with long letter runs cut.

    >>> normalise("  Hieno  MEREN rantaaaa!! https://x.fi ")
    'hieno meren rantaa!!'
    """
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    if "http" in text or "www." in text:  # the test is much cheaper than the search
        text = _URL.sub(" ", text)
    # "ihanaaaa" and "ihanaa" are the same word typed with more feeling.
    text = _REPEATS.sub(r"\1\1", text)
    return " ".join(text.split())


def tokenise(text: str, normalised: bool = False) -> list[str]:
    """Split text into word tokens; numbers alone are dropped.

    The text is normalised first unless ``normalised`` says it already is.

    >>> tokenise("sup-lautailu rannassa 2 kertaa kesällä 😄")
    ['sup', 'lautailu', 'rannassa', 'kertaa', 'kesällä']
    """
    return [t for t in _TOKEN.findall(text if normalised else normalise(text)) if not t.isdigit()]


def segments(text: str) -> list[str]:
    """Parts of an answer between punctuation, for phrases that do not span a comma.

    >>> segments("rauhallinen, kaunis meri. hyvä!")
    ['rauhallinen', 'kaunis meri', 'hyvä']
    """
    parts = (p.strip() for p in _SEGMENT_BREAK.split(str(text)))
    return [p for p in parts if p]


@lru_cache(maxsize=200_000)
def lemmatise(token: str, language: str) -> str:
    """Return the simplemma lemma of one lower-case token (cached: answers repeat words)."""
    lemma = simplemma.lemmatize(token, lang=language)
    return lemma.casefold()


def detect_language(
    texts: str | Iterable[str], candidates: Sequence[str] = SUPPORTED_LANGUAGES, default: str = "fi"
) -> str:
    """Guess the language of one text or of a whole set of answers taken together.

    Short answers rarely decide alone, so for a set the words of all answers are pooled.
    Returns ``default`` when no candidate language recognises any word.

    >>> detect_language(["jos bussit kulkis useammin", "enemmän työpaikkoja"])
    'fi'
    """
    joined = texts if isinstance(texts, str) else " ".join(texts)
    tokens = tokenise(joined)[:5000]
    if not tokens:
        return default
    scores = simplemma.langdetect(" ".join(tokens), lang=tuple(candidates))
    best, score = scores[0]
    return best if best in candidates and score > 0 else default


def is_no_content(text: str, language: str | None = None) -> bool:
    """Tell whether an answer says nothing ("en tiedä", "-", "idk", "vet inte", "hmm").

    ``language`` picks the stop words (``None``: those of every supported language). The
    "don't know" phrases of every language count whatever the answer's language: a
    "vet inte" or "idk" in a Finnish survey says nothing either.

    >>> [is_no_content(t) for t in ["en tiedä", "-", "Vet inte.", "idk", "meri ja luonto"]]
    [True, True, True, True, False]
    >>> is_no_content("vet inte", "fi")
    True
    """
    return _tokens_say_nothing(_TOKEN.findall(normalise(text)), language)


def _tokens_say_nothing(tokens: list[str], language: str | None) -> bool:
    joined = " ".join(tokens)
    if not _TWO_LETTERS.search(joined):
        return True
    if joined in _ANY_NO_CONTENT_PHRASE:
        return True
    languages = SUPPORTED_LANGUAGES if language is None else (language,)
    if all(t in _FILLERS or len(set(t)) == 1 for t in tokens):
        return True
    stop = _stop_words(languages)
    rest = [t for t in tokens if t not in stop]
    if not rest:
        return any(t in _NO_CONTENT_MARKERS for t in tokens)
    return all(t in _NO_CONTENT_MARKERS or t in _FILLERS for t in rest)


@lru_cache(maxsize=16)
def _stop_words(languages: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(STOP_WORDS.get(lang, frozenset()) for lang in languages))


def content_lemmas(text: str, language: str) -> list[str]:
    """Lemmas of the words that carry meaning; all lemmas when only stop words remain.

    Falling back to the stop words keeps answers such as "ei mikään" ("nothing would")
    comparable with each other instead of leaving them with no features at all.

    >>> content_lemmas("Kaikki tarvittavat palvelut löytyy", "fi")
    ['tarvita', 'palvelu', 'löytyä']
    """
    stop = STOP_WORDS.get(language, frozenset())
    tokens = tokenise(text)
    lemmas = [lemmatise(t, language) for t in tokens]
    kept = [
        lemma
        for lemma, token in zip(lemmas, tokens, strict=True)
        if lemma not in stop and token not in stop
    ]
    return kept or lemmas


def segment_tokens(text: str) -> list[list[str]]:
    """Word tokens of each part of an answer between punctuation (see ``segments``).

    >>> segment_tokens("Rauhallinen, kaunis meri!")
    [['rauhallinen'], ['kaunis', 'meri']]
    """
    # Normalising keeps the punctuation that splits the parts, so it is done once.
    return [tokenise(part, normalised=True) for part in segments(normalise(text))]


def phrases(parts: list[list[str]], language: str) -> list[str]:
    """Two-word phrases of lemmas, neighbours within one part, neither a stop word.

    >>> phrases([["kauniit", "järvet", "ja", "metsät"]], "fi")
    ['kaunis järvi']
    """
    return _pairs(kept_lemmas(parts, language))


def kept_lemmas(parts: list[list[str]], language: str) -> list[list[str | None]]:
    """Lemmas of the tokens of each part, with None for stop words (as token or lemma).

    >>> kept_lemmas([["kauniit", "järvet", "ja", "metsät"]], "fi")
    [['kaunis', 'järvi', None, 'metsä']]
    """
    stop = STOP_WORDS.get(language, frozenset())
    out = []
    for tokens in parts:
        lemmas = [None if token in stop else lemmatise(token, language) for token in tokens]
        out.append([None if lemma in stop else lemma for lemma in lemmas])
    return out


def _pairs(kept_parts: list[list[str | None]]) -> list[str]:
    """Neighbouring kept lemmas of one part as "a b", both longer than one letter."""
    return [
        f"{a} {b}"
        for part in kept_parts
        for a, b in zip(part, part[1:], strict=False)
        if a and b and len(a) > 1 and len(b) > 1
    ]


@dataclass(frozen=True)
class PreparedTexts:
    """Answers ready for features: lemma strings, two-word phrases, language per answer
    and the no-content mask."""

    texts: list[str]
    lemmas: list[str]
    languages: list[str]
    no_content: list[bool]
    phrases: list[list[str]]


def prepare_texts(texts: Iterable[str], language: str = "fi") -> PreparedTexts:
    """Normalise, lemmatise and flag every answer.

    ``language`` is one of ``fi``, ``sv``, ``en`` for the questionnaire's language,
    ``"auto"`` to detect it per questionnaire from all answers, or ``"per-answer"`` to
    detect it per answer (falling back to the majority language when an answer is too
    short to tell).
    """
    raw = ["" if t is None else str(t) for t in texts]
    if language not in (*SUPPORTED_LANGUAGES, "auto", "per-answer"):
        raise ValueError(
            f"language={language!r} is not one of {', '.join(SUPPORTED_LANGUAGES)}, "
            "'auto' or 'per-answer'"
        )
    # Answers repeat a lot ("meri", "en tiedä", a classroom copying one idea), so every
    # distinct answer is prepared once and the result shared by its copies.
    distinct = list(dict.fromkeys(raw))
    if language in SUPPORTED_LANGUAGES:
        chosen = dict.fromkeys(distinct, language)
    else:
        majority = detect_language(raw)
        chosen = {
            text: majority if language == "auto" else _answer_language(text, majority)
            for text in distinct
        }
    prepared = {text: _prepare_one(text, chosen[text]) for text in distinct}
    return PreparedTexts(
        texts=raw,
        lemmas=[prepared[t][1] for t in raw],
        languages=[chosen[t] for t in raw],
        no_content=[prepared[t][0] for t in raw],
        phrases=[prepared[t][2] for t in raw],
    )


def _prepare_one(text: str, language: str) -> tuple[bool, str, list[str]]:
    """No-content flag, content lemmas and phrases of one answer, from one tokenisation.

    The same as ``is_no_content``, ``content_lemmas`` and ``phrases(segment_tokens())``
    taken one by one: the tokens of the parts between punctuation are the tokens of the
    whole answer, and every token is lemmatised once for both lemmas and phrases.
    """
    normalised = normalise(text)
    parts = [_TOKEN.findall(part) for part in segments(normalised)]
    tokens = [t for part in parts for t in part]
    nothing = _tokens_say_nothing(tokens, language)
    if _DIGIT.search(normalised):  # numbers alone are no words
        parts = [[t for t in part if not t.isdigit()] for part in parts]
        tokens = [t for part in parts for t in part]
    kept_parts = kept_lemmas(parts, language)
    kept = [m for part in kept_parts for m in part if m is not None]
    # Only stop words: their lemmas keep such answers comparable (see content_lemmas).
    lemmas = kept or [lemmatise(t, language) for t in tokens]
    return nothing, " ".join(lemmas), _pairs(kept_parts)


def _answer_language(text: str, majority: str) -> str:
    tokens = tokenise(text)
    if len(tokens) < 3:
        return majority
    # The share of an answer's words each language's dictionary knows, as
    # simplemma.langdetect computes it, from a per-word cache: answers share their words,
    # so a survey's answers cost one dictionary probe per distinct word, not per answer.
    # Like the detector, a word counts once however often the answer repeats it.
    known = [v for v in map(_word_languages, dict.fromkeys(tokens)) if v is not None]
    if not known:
        return majority
    shares = {
        lang: sum(v[i] for v in known) / len(known) for i, lang in enumerate(SUPPORTED_LANGUAGES)
    }
    best = max(SUPPORTED_LANGUAGES, key=lambda lang: shares[lang])
    # Only switch away from the survey's language on clear evidence.
    return best if shares[best] >= shares.get(majority, 0.0) + 0.3 else majority


@lru_cache(maxsize=200_000)
def _word_languages(token: str) -> tuple[float, ...] | None:
    """1.0 per supported language whose dictionary knows ``token``, else 0.0; None when
    simplemma's detector does not count the token at all (too short, a number)."""
    scores = dict(simplemma.langdetect(token, lang=SUPPORTED_LANGUAGES))
    if set(scores) == {"unk"}:
        return None
    return tuple(scores.get(lang, 0.0) for lang in SUPPORTED_LANGUAGES)


def term_counts(lemma_strings: Iterable[str]) -> Counter[str]:
    """Count lemmas over answers (each answer's lemmas space-separated)."""
    counts: Counter[str] = Counter()
    for s in lemma_strings:
        counts.update(s.split())
    return counts

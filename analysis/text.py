"""Text preparation for open answers in Finnish, Swedish and English."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
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
_BREAK_CHARS = r"[,;:.!?()\[\]\n\u2013\u2014]+"
_SEGMENT_BREAK = re.compile(_BREAK_CHARS + r"|\s-\s")

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
_NO_CONTENT_PHRASE_WORDS = frozenset(w for phrase in _ANY_NO_CONTENT_PHRASE for w in phrase.split())
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
    if isinstance(texts, str):
        tokens = tokenise(texts)[:5000]
    else:
        texts = list(texts)
        if not all(isinstance(t, str) for t in texts):
            raise TypeError("detect_language() needs texts (str); prepare missing answers first")
        # No token spans the space that would join two answers and normalising treats
        # each side alike, so the first 5000 tokens of the joined answers are those of the
        # first answers: only those are tokenised.
        tokens = []
        for text in texts:
            tokens += tokenise(text)
            if len(tokens) >= 5000:
                break
        tokens = tokens[:5000]
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

    All answers are tokenised together and each distinct word is lemmatised and looked up
    once, so that a survey's answers cost little more than their distinct words.

    >>> prepared = prepare_texts(["Kauniit järvet, puhdas meri", "en tiedä"], "fi")
    >>> prepared.lemmas, prepared.phrases, prepared.no_content
    (['kaunis järvi puhdas meri', 'tietää'], [['kaunis järvi', 'puhdas meri'], []], [False, True])
    """
    distinct = prepare_distinct_texts(texts, language)
    positions = distinct.index.tolist()
    phrases = distinct.phrase_lists()
    return PreparedTexts(
        texts=[distinct.texts[i] for i in positions],
        lemmas=list(map(distinct.lemmas.__getitem__, positions)),
        languages=list(map(distinct.languages.__getitem__, positions)),
        no_content=list(map(distinct.no_content.__getitem__, positions)),
        phrases=list(map(phrases.__getitem__, positions)),
    )


@dataclass(frozen=True)
class DistinctTexts:
    """``prepare_texts`` done once per distinct answer, as ``ThemeClusterer`` reads it.

    Answer ``i`` is the distinct answer ``index[i]``; ``texts``, ``lemmas``, ``languages``
    and ``no_content`` hold one item per distinct answer. Phrase ``j`` of ``phrases``
    belongs to the distinct answer ``phrase_owners[j]``; an answer's phrases keep their
    order. The lemmas of the lemma strings are also given as ``lemma_codes`` (indices into
    ``lemma_names``) of the distinct answers ``lemma_owners`` (ascending).
    """

    index: np.ndarray
    texts: list[str]
    lemmas: list[str]
    languages: list[str]
    no_content: list[bool]
    phrases: list[str]
    phrase_owners: np.ndarray
    lemma_names: list[str]
    lemma_codes: np.ndarray
    lemma_owners: np.ndarray

    def phrase_lists(self) -> list[list[str]]:
        """The phrases of each distinct answer as a list of its own."""
        order = np.argsort(self.phrase_owners, kind="stable")
        return _split_per_answer(
            [self.phrases[i] for i in order.tolist()],
            self.phrase_owners[order],
            np.arange(len(self.texts)),
        )


def prepare_distinct_texts(texts: Iterable[str], language: str = "fi") -> DistinctTexts:
    """``prepare_texts`` of the distinct answers of ``texts``, with the phrases kept flat.

    >>> prepared = prepare_distinct_texts(["meri", "Kauniit järvet, puhdas meri", "meri"])
    >>> prepared.index.tolist(), prepared.lemmas, prepared.phrases
    ([0, 1, 0], ['meri', 'kaunis järvi puhdas meri'], ['kaunis järvi', 'puhdas meri'])
    """
    raw = ["" if t is None else str(t) for t in texts]
    if language not in (*SUPPORTED_LANGUAGES, "auto", "per-answer"):
        raise ValueError(
            f"language={language!r} is not one of {', '.join(SUPPORTED_LANGUAGES)}, "
            "'auto' or 'per-answer'"
        )
    # Answers repeat a lot ("meri", "en tiedä", a classroom copying one idea), so every
    # distinct answer is prepared once and the result shared by its copies.
    index, uniques = pd.factorize(np.array(raw, dtype=object))
    distinct: list[str] = uniques.tolist()
    stream = _token_stream(distinct)
    if language in SUPPORTED_LANGUAGES:
        chosen = [language] * len(distinct)
    else:
        majority = detect_language(raw)
        if language == "auto":
            chosen = [majority] * len(distinct)
        else:
            chosen = _stream_languages(stream, majority)
    groups = dict.fromkeys(chosen)
    if len(groups) == 1:  # one language: the answers in order
        one = _prepare_stream(stream, np.arange(len(distinct)), chosen[0])
        return DistinctTexts(
            index=index,
            texts=distinct,
            lemmas=one.lemma_strings,
            languages=chosen,
            no_content=one.no_content,
            phrases=one.phrases,
            phrase_owners=one.phrase_owners,
            lemma_names=one.lemma_names,
            lemma_codes=one.lemma_codes,
            lemma_owners=one.lemma_owners,
        )
    nothing = [False] * len(distinct)
    lemmas = [""] * len(distinct)
    parts = []
    chosen_array = np.array(chosen, dtype=object)
    for lang in groups:
        answers = np.flatnonzero(chosen_array == lang)
        part = _prepare_stream(stream, answers, lang)
        for i, flag, lemma_string in zip(
            answers.tolist(), part.no_content, part.lemma_strings, strict=True
        ):
            nothing[i], lemmas[i] = flag, lemma_string
        parts.append(part)
    # One list of lemmas for all languages: a lemma spelt alike is one term, as in the
    # lemma strings.
    all_names = np.asarray([name for part in parts for name in part.lemma_names], dtype=object)
    global_codes, lemma_names = pd.factorize(all_names)
    offsets = np.cumsum([0] + [len(part.lemma_names) for part in parts])
    none = np.zeros(0, dtype=np.int64)  # no answers at all: no parts
    lemma_codes = np.concatenate(
        [none]
        + [
            global_codes[at + part.lemma_codes]
            for at, part in zip(offsets[:-1], parts, strict=True)
        ]
    )
    lemma_owners = np.concatenate([none] + [part.lemma_owners for part in parts])
    order = np.argsort(lemma_owners, kind="stable")
    return DistinctTexts(
        index=index,
        texts=distinct,
        lemmas=lemmas,
        languages=chosen,
        no_content=nothing,
        phrases=[phrase for part in parts for phrase in part.phrases],
        phrase_owners=np.concatenate([none] + [part.phrase_owners for part in parts]),
        lemma_names=list(lemma_names),
        lemma_codes=lemma_codes[order],
        lemma_owners=lemma_owners[order],
    )


def terms_per_answer(
    texts: Sequence[str], languages: Sequence[str], n: int = 1, drop_no_content: bool = True
) -> list[list[str]]:
    """``answer_terms(text, language, n)`` of each answer in its language, all at once.

    An answer that ``is_no_content(text, language)`` flags gets no terms when
    ``drop_no_content``. Each answer gets a list of its own. The answers are tokenised
    together and each distinct word is lemmatised once per language (see ``prepare_texts``).

    >>> terms_per_answer(["Kauniit järvet ja metsät", "en tiedä", "kaunis meri"], ["fi"] * 3, 2)
    [['kaunis järvi'], [], ['kaunis meri']]
    """
    if len(texts) != len(languages):
        raise ValueError(f"{len(texts)} answers but {len(languages)} languages")
    # str() as normalise() does: a missing answer read from a table is the text "nan".
    as_text = [t if type(t) is str else str(t) for t in texts]
    text_codes, distinct = pd.factorize(np.array(as_text, dtype=object))
    stream = _token_stream(distinct.tolist())
    language_codes, language_names = pd.factorize(
        np.array(languages, dtype=object), use_na_sentinel=False
    )
    out: list[list[str]] = [[] for _ in texts]
    for code, language in enumerate(language_names.tolist()):
        rows = np.flatnonzero(language_codes == code)
        answers = _present(text_codes[rows], len(distinct))
        terms = _stream_terms(stream, answers, language, n, drop_no_content)
        at = np.searchsorted(answers, text_codes[rows]).tolist()
        for row, i in zip(rows.tolist(), at, strict=True):
            out[row] = list(terms[i])
    return out


# Item codes of the joined answers besides the tokens (token i has code i + 2).
_SEPARATOR_ITEM, _BREAK_ITEM = 0, 1
# Characters that no normalisation changes or joins with a neighbour, that are neither
# whitespace, word characters nor punctuation that breaks a segment: one that occurs in
# no answer separates the answers in the joined text.
_SEPARATORS = "".join(
    map(chr, [*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F, *range(0xFDD0, 0xFDF0)])
)


@dataclass(frozen=True)
class _TokenStream:
    """The tokens of many answers one after another, each with its answer and segment."""

    count: int  # answers
    vocabulary: list[str]
    tokens: np.ndarray  # index into vocabulary
    answers: np.ndarray  # index of the answer, ascending
    segments: np.ndarray  # ascending; two tokens share a segment when no punctuation parts them

    def of(self, answers: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Tokens, answers and segments of the stream's tokens of ``answers`` only."""
        if len(answers) == self.count:  # all answers
            return self.tokens, self.answers, self.segments
        selected = np.zeros(self.count, dtype=bool)
        selected[answers] = True
        mask = selected[self.answers]
        return self.tokens[mask], self.answers[mask], self.segments[mask]

    def bounds(self, answers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Start and end in the stream of the tokens of each answer."""
        return (
            np.searchsorted(self.answers, answers, side="left"),
            np.searchsorted(self.answers, answers, side="right"),
        )


def _stream_languages(stream: _TokenStream, majority: str) -> list[str]:
    """The language of each answer of ``stream`` for ``prepare_texts(..., "per-answer")``.

    An answer of fewer than three words (numbers alone left out) keeps ``majority``. For
    the others, the share of the answer's distinct words each language's dictionary knows,
    as simplemma.langdetect computes it (a word counts once however often the answer
    repeats it; words the detector does not count, too short or numbers, are left out),
    from a per-word cache: a survey's answers cost one dictionary probe per distinct word.
    The best language wins only on clear evidence: 0.3 more than ``majority``'s share.
    All answers at once; the sums are of 0.0 and 1.0, so exact in any order.
    """
    vocabulary, size, count = stream.vocabulary, len(stream.vocabulary), stream.count
    is_word = np.array([not w.isdigit() for w in vocabulary], dtype=bool)
    words = is_word[stream.tokens]
    tokens, answers = stream.tokens[words], stream.answers[words]
    known = np.zeros(size, dtype=bool)
    scores = np.zeros((size, len(SUPPORTED_LANGUAGES)))
    for i in _present(tokens, size).tolist():
        found = _word_languages(vocabulary[i])
        if found is not None:
            known[i], scores[i] = True, found
    pairs = np.sort(answers * size + tokens)
    pairs = pairs[np.diff(pairs, prepend=-1) != 0]  # each token once per answer
    pair_answers, pair_tokens = pairs // size, pairs % size
    counted = known[pair_tokens]
    pair_answers, pair_tokens = pair_answers[counted], pair_tokens[counted]
    n_known = np.bincount(pair_answers, minlength=count)
    sums = np.stack(
        [
            np.bincount(pair_answers, weights=scores[pair_tokens, j], minlength=count)
            for j in range(len(SUPPORTED_LANGUAGES))
        ],
        axis=1,
    )
    shares = sums / np.maximum(n_known, 1)[:, None]
    best = np.argmax(shares, axis=1)  # the first of equal shares, as max() picks
    if majority in SUPPORTED_LANGUAGES:
        majority_share = shares[:, SUPPORTED_LANGUAGES.index(majority)]
    else:
        majority_share = np.zeros(count)
    switch = (
        (np.bincount(answers, minlength=count) >= 3)
        & (n_known > 0)
        & (shares[np.arange(count), best] >= majority_share + 0.3)
    )
    names = np.array(SUPPORTED_LANGUAGES, dtype=object)
    return np.where(switch, names[best], majority).tolist()


def _token_stream(texts: Sequence[str]) -> _TokenStream:
    """Tokens of every answer as ``normalise``, ``segments`` and ``_TOKEN`` give them.

    The answers are joined with " <sep> " (a character none of them contains) and
    normalised as one text, split at whitespace into chunks, and each distinct chunk is
    tokenised once. That equals preparing the answers one by one:

    - NFKC changes no space or separator and combines no characters across them (both are
      starters that compose with nothing), so it normalises each answer as on its own;
      case folding maps character by character. URLs are removed answer by answer.
    - A run of one repeated character is either whitespace, which the collapsing removes
      whatever its length, or lies inside one answer, so the runs are cut in the whole text.
    - Collapsing the whitespace is the split into chunks. A token or a run of break
      punctuation contains no whitespace, so within a chunk they are found as in the
      answer, and a chunk "-" alone is the only place where " - " breaks a segment. A break
      at the very start or end of an answer (where the answer's own ``strip`` would have
      removed a space of " - ") parts no two tokens of the answer, so it changes nothing.
    """
    if not texts:
        return _token_stream_one_by_one(texts)
    for sep in _SEPARATORS:
        joiner = f" {sep} "
        corpus = joiner.join(texts)
        if corpus.count(sep) == len(texts) - 1:
            break
    else:  # every candidate occurs in some answer: tokenise them one by one
        return _token_stream_one_by_one(texts)
    # The check is quick; one character that needs normalising would make the whole text
    # go the slow way, so then the answers are normalised one by one.
    if not unicodedata.is_normalized("NFKC", corpus):
        corpus = joiner.join([unicodedata.normalize("NFKC", t) for t in texts])
    corpus = corpus.casefold()
    if "http" in corpus or "www." in corpus:
        corpus = joiner.join(
            [_URL.sub(" ", t) if "http" in t or "www." in t else t for t in corpus.split(joiner)]
        )
    corpus = _cut_repeats(corpus)
    codes, chunks = pd.factorize(np.array(corpus.split(), dtype=object))
    # Tokenise the distinct chunks in one go: joined by spaces, one search finds their
    # tokens, breaks and the spaces between them (a chunk "-" alone counts as a break).
    distinct: list[str] = chunks.tolist()
    if "-" in distinct:
        distinct[distinct.index("-")] = ","
    found = re.findall(f"{_TOKEN.pattern}|{_BREAK_CHARS}| |{re.escape(sep)}", " ".join(distinct))
    found_codes, found_strings = pd.factorize(np.array(found, dtype=object))
    vocabulary: list[str] = []
    kinds = np.empty(len(found_strings), dtype=np.int64)
    for i, string in enumerate(found_strings.tolist()):
        if string == " ":
            kinds[i] = -1
        elif string == sep:
            kinds[i] = _SEPARATOR_ITEM
        elif _TOKEN.fullmatch(string) is None:
            kinds[i] = _BREAK_ITEM
        else:
            kinds[i] = len(vocabulary) + 2
            vocabulary.append(string)
    found_items = kinds[found_codes]
    between = found_items == -1
    sizes = np.bincount(np.cumsum(between)[~between], minlength=len(distinct))
    flat = found_items[~between]
    occurrence_sizes = sizes[codes]
    out_starts = np.cumsum(occurrence_sizes) - occurrence_sizes
    shift = np.repeat(np.cumsum(sizes)[codes] - occurrence_sizes - out_starts, occurrence_sizes)
    items_all = flat[shift + np.arange(len(shift))]
    is_token = items_all > _BREAK_ITEM
    return _TokenStream(
        count=len(texts),
        vocabulary=vocabulary,
        tokens=items_all[is_token] - 2,
        answers=np.cumsum(items_all == _SEPARATOR_ITEM)[is_token],
        segments=np.cumsum(items_all <= _BREAK_ITEM)[is_token],
    )


def _cut_repeats(text: str) -> str:
    """``_REPEATS.sub(r"\\1\\1", text)`` up to whitespace: every character that is the third
    or later of a run of one character is dropped (runs of whitespace may be cut too)."""
    code = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    same = code[1:] == code[:-1]
    third = same[1:] & same[:-1] & (code[2:] != ord(" "))
    if not third.any():
        return text
    keep = np.ones(len(code), dtype=bool)
    keep[2:] = ~third
    return code[keep].tobytes().decode("utf-32-le", "surrogatepass")


def _token_stream_one_by_one(texts: Sequence[str]) -> _TokenStream:
    vocabulary: dict[str, int] = {}
    tokens: list[int] = []
    answers: list[int] = []
    parts: list[int] = []
    part = 0
    for answer, text in enumerate(texts):
        for part_text in segments(normalise(text)):
            part += 1
            for token in _TOKEN.findall(part_text):
                tokens.append(vocabulary.setdefault(token, len(vocabulary)))
                answers.append(answer)
                parts.append(part)
    return _TokenStream(
        count=len(texts),
        vocabulary=list(vocabulary),
        tokens=np.array(tokens, dtype=np.int64),
        answers=np.array(answers, dtype=np.int64),
        segments=np.array(parts, dtype=np.int64),
    )


@dataclass(frozen=True)
class _Prepared:
    """What ``_prepare_stream`` finds for some answers of a stream, in one language."""

    no_content: list[bool]
    lemma_strings: list[str]
    phrases: list[str]
    phrase_owners: np.ndarray
    lemma_names: list[str]  # the distinct lemmas
    lemma_codes: np.ndarray  # the lemmas of the strings, as indices into lemma_names
    lemma_owners: np.ndarray  # the answer of each of lemma_codes, ascending


def _prepare_stream(stream: _TokenStream, answers: np.ndarray, language: str) -> _Prepared:
    """No-content flags and lemmas of the ``answers`` (ascending indices) of ``stream``,
    and their phrases with the answer of each, all in ``language``; the per-word work is
    done once per distinct word."""
    if len(answers) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return _Prepared([], [], [], empty, [], empty, empty)
    tokens, owners, parts = stream.of(answers)
    words = _Words(stream.vocabulary, tokens, language)
    nothing = _say_nothing(stream, tokens, owners, answers, language)

    # Numbers alone are no words, in answers with a digit.
    with_digit = np.zeros(stream.count, dtype=bool)
    with_digit[owners[words.has_digit[tokens]]] = True
    keep = ~(words.number[tokens] & with_digit[owners])
    tokens, owners, parts = tokens[keep], owners[keep], parts[keep]

    # Content lemmas; only stop words: their lemmas keep such answers comparable.
    is_kept = words.kept[tokens]
    has_kept = np.zeros(stream.count, dtype=bool)
    has_kept[owners[is_kept]] = True
    used = is_kept | ~has_kept[owners]
    used_tokens, used_owners = tokens[used], owners[used]
    lemma_strings = _join_per_answer(
        words.lemma[used_tokens], used_owners, answers, words.lemma[words.ids]
    )
    phrases, phrase_owners = words.pairs(tokens, owners, parts)
    # The lemmas as codes too, for counting them without splitting the strings again.
    codes_of_ids, lemma_names = pd.factorize(words.lemma[words.ids])
    code_of_token = np.zeros(words.size, dtype=np.int64)
    code_of_token[words.ids] = codes_of_ids
    return _Prepared(
        no_content=nothing.tolist(),
        lemma_strings=lemma_strings,
        phrases=phrases,
        phrase_owners=phrase_owners,
        lemma_names=list(lemma_names),
        lemma_codes=code_of_token[used_tokens],
        lemma_owners=used_owners,
    )


def _stream_terms(
    stream: _TokenStream, answers: np.ndarray, language: str, n: int, drop_no_content: bool
) -> list[list[str]]:
    """``answer_terms`` of each of the ``answers`` of ``stream`` (ascending indices), or
    no terms for an answer ``is_no_content`` flags when ``drop_no_content``.

    ``language`` picks the stop words of the no-content check as given; the terms are in
    it when it is supported, else in Finnish (as ``answer_terms`` does).
    """
    if len(answers) == 0:
        return []
    tokens, owners, parts = stream.of(answers)
    if drop_no_content:
        nothing = _say_nothing(stream, tokens, owners, answers, language)
        if nothing.any():
            said = np.ones(stream.count, dtype=bool)
            said[answers[nothing]] = False
            keep = said[owners]
            tokens, owners, parts = tokens[keep], owners[keep], parts[keep]
        if nothing.all():
            return [[] for _ in range(len(answers))]
    if n not in (1, 2):
        raise ValueError(f"n={n} must be 1 or 2")
    words = _Words(stream.vocabulary, tokens, language if language in SUPPORTED_LANGUAGES else "fi")
    # tokenise() drops numbers alone whatever else the answer holds.
    keep = ~words.number[tokens]
    tokens, owners, parts = tokens[keep], owners[keep], parts[keep]
    if n == 1:
        lemmas = words.long_kept[tokens]
        return _split_per_answer(words.lemma[tokens[lemmas]].tolist(), owners[lemmas], answers)
    return _split_per_answer(*words.pairs(tokens, owners, parts), answers)


class _Words:
    """What the preparation needs to know of each distinct token, in one language."""

    def __init__(self, vocabulary: list[str], tokens: np.ndarray, language: str) -> None:
        size = self.size = len(vocabulary)
        self.ids = ids = _present(tokens, size)
        words = [vocabulary[i] for i in ids.tolist()]
        lemmas = [lemmatise(word, language) for word in words]
        stop = STOP_WORDS.get(language, frozenset())
        self.lemma = np.empty(size, dtype=object)
        self.lemma[ids] = np.array(lemmas, dtype=object)
        # kept_lemmas keeps it: neither it nor its lemma is a stop word.
        self.kept = np.zeros(size, dtype=bool)
        self.kept[ids] = [
            w not in stop and m not in stop for w, m in zip(words, lemmas, strict=True)
        ]
        # Kept, and its lemma longer than a letter: it may be half of a phrase.
        self.long_kept = self.kept.copy()
        self.long_kept[ids] &= np.fromiter(map(len, lemmas), dtype=np.int64, count=len(ids)) > 1
        self.number = np.zeros(size, dtype=bool)  # digits only
        self.number[ids] = [w.isdigit() for w in words]
        self.has_digit = np.zeros(size, dtype=bool)  # a decimal digit, as _DIGIT finds
        self.has_digit[ids] = [not w.isalpha() and _DIGIT.search(w) is not None for w in words]

    def pairs(
        self, tokens: np.ndarray, owners: np.ndarray, parts: np.ndarray
    ) -> tuple[list[str], np.ndarray]:
        """Phrases as ``_pairs`` makes them: neighbours in one segment of one answer, both
        kept and longer than a letter; with the answer of each."""
        pairable = self.long_kept[tokens]
        joined = (
            pairable[1:] & pairable[:-1] & (owners[1:] == owners[:-1]) & (parts[1:] == parts[:-1])
        )
        left = np.flatnonzero(joined)
        keys, inverse = np.unique(tokens[left] * self.size + tokens[left + 1], return_inverse=True)
        lemma, size = self.lemma, self.size
        names = np.array([f"{lemma[k // size]} {lemma[k % size]}" for k in keys.tolist()], object)
        return names[inverse].tolist(), owners[left]


def _say_nothing(
    stream: _TokenStream,
    tokens: np.ndarray,
    owners: np.ndarray,
    answers: np.ndarray,
    language: str | None,
) -> np.ndarray:
    """``_tokens_say_nothing`` of each of the ``answers``, whose tokens (all of them, numbers
    too) and their answers are ``tokens`` and ``owners``.

    An answer with a content word says something (see ``_content_words``); only the
    others, few in a survey, go through the full check.
    """
    vocabulary = stream.vocabulary
    ids = _present(tokens, len(vocabulary))
    content = np.zeros(len(vocabulary), dtype=bool)
    content[ids] = _content_words([vocabulary[i] for i in ids.tolist()], language)
    says_something = np.zeros(stream.count, dtype=bool)
    says_something[owners[content[tokens]]] = True
    nothing = np.zeros(len(answers), dtype=bool)
    (unsure_at,) = np.nonzero(~says_something[answers])
    starts, ends = stream.bounds(answers[unsure_at])
    for at, start, end in zip(unsure_at.tolist(), starts.tolist(), ends.tolist(), strict=True):
        words = [vocabulary[t] for t in stream.tokens[start:end].tolist()]
        nothing[at] = _tokens_say_nothing(words, language)
    return nothing


def _present(codes: np.ndarray, size: int) -> np.ndarray:
    """The distinct values of ``codes`` (integers below ``size``), ascending.

    Counting is linear; numpy's ``unique`` hashes and is many times slower here.
    """
    return np.flatnonzero(np.bincount(codes, minlength=size))


def _content_words(tokens: list[str], language: str | None) -> list[bool]:
    """Whether an answer with the token has content whatever its other tokens, per token.

    A content word is not a stop word of ``language`` (all languages for None), filler,
    no-content marker or word of a no-content phrase, is not one character repeated, and
    has two letters. Then ``_tokens_say_nothing`` is False for any answer holding it: the
    answer has two letters; it is none of the no-content phrases (one of its words is no
    word of theirs); not all its tokens are fillers or one repeated character; and among
    its tokens other than stop words is one that is neither a marker nor a filler.
    """
    excluded = _not_content_words(SUPPORTED_LANGUAGES if language is None else (language,))
    # For a non-empty token, "not one character repeated" is len(set(t)) > 1, and a token
    # of two or more characters that are all letters has the two letters _TWO_LETTERS seeks.
    return [
        t not in excluded
        and t != t[0] * len(t)
        and (t.isalpha() or _TWO_LETTERS.search(t) is not None)
        for t in tokens
    ]


@lru_cache(maxsize=16)
def _not_content_words(languages: tuple[str, ...]) -> frozenset[str]:
    return _stop_words(languages).union(_FILLERS, _NO_CONTENT_MARKERS, _NO_CONTENT_PHRASE_WORDS)


def _split_per_answer(
    values: list[str], owners: np.ndarray, answers: np.ndarray
) -> list[list[str]]:
    """``values`` (ascending ``owners``) as one list per answer of ``answers``."""
    starts = np.searchsorted(owners, answers, side="left").tolist()
    ends = np.searchsorted(owners, answers, side="right").tolist()
    return [values[s:e] for s, e in zip(starts, ends, strict=True)]


def _join_per_answer(
    values: np.ndarray, owners: np.ndarray, answers: np.ndarray, distinct: np.ndarray
) -> list[str]:
    """``values`` (strings, ascending ``owners``) joined with spaces, one string per answer;
    every value is one of the strings ``distinct``."""
    every = "".join(distinct.tolist())
    end = next((c for c in _SEPARATORS if c not in every), None)
    if end is None:
        return [" ".join(v) for v in _split_per_answer(values.tolist(), owners, answers)]
    # One join of all answers, each ended by a character no value contains, then one
    # split: no list per answer is built (a survey has tens of thousands of answers).
    n = len(values)
    pieces = np.full(2 * n + len(answers), "", dtype=object)
    rank = np.searchsorted(answers, owners)
    at = 2 * np.arange(n) + rank
    pieces[at] = values
    pieces[(at[:-1] + 1)[owners[1:] == owners[:-1]]] = " "
    pieces[2 * np.searchsorted(owners, answers, side="right") + np.arange(len(answers))] = end
    return "".join(pieces.tolist()).split(end)[:-1]


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

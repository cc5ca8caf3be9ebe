"""A simulated phone answering a survey page by page over HTTP, as a respondent's
browser would: it reads each form, keeps cookies and CSRF tokens, answers the questions
shown with plausible random values, and retries a request that failed."""

from __future__ import annotations

import asyncio
import hashlib
import random
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx

from questionnaires import Question, Questionnaire
from questionnaires.conditions import is_visible
from questionnaires.texts import OTHER_CODE, OTHER_TEXT_ITEM

Answers = dict[str, dict[str, str]]
Fields = list[tuple[str, str]]

WORDS = (
    "meri luonto kotka kouvola rauhallinen edullinen työpaikat koulutus kesä satama "
    "perhe ystävät kulttuuri metsä liikenne asuminen harrastukset turvallinen "
    "skärgård natur lugnt jobb havet friendly nature cheap rent jobs studies"
).split()
PAGE_PATH = re.compile(r"/p/(\d+)$")


class FormParser(HTMLParser):
    """The first POST form holding ``submission_id``: its action, hidden values and the
    names of its fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._current = {"action": a.get("action", ""), "hidden": [], "names": set()}
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "textarea", "select"):
            name = a.get("name")
            if not name:
                return
            if tag == "input" and a.get("type") == "hidden":
                self._current["hidden"].append((name, a.get("value", "")))
            else:
                self._current["names"].add(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None

    def main_form(self) -> dict | None:
        for form in self.forms:
            if any(name == "submission_id" for name, _ in form["hidden"]):
                return form
        return None


def parse_form(html: str) -> dict | None:
    parser = FormParser()
    parser.feed(html)
    return parser.main_form()


@dataclass
class Recorder:
    """Latency of every request and the errors seen, shared by all phones of a run."""

    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


@dataclass
class PhoneResult:
    acknowledged: bool = False
    # Answers whose POST the server acknowledged (a redirect onwards), as stored.
    answers: Answers = field(default_factory=dict)
    resume_token: str | None = None
    # The posted pages without tokens, replayed against the bare ceiling app.
    pages: list[Fields] = field(default_factory=list)
    failure: str = ""

    @property
    def resume_token_hash(self) -> str | None:
        if self.resume_token is None:
            return None
        return hashlib.sha256(self.resume_token.encode()).hexdigest()


def answer_question(question: Question, rng: random.Random) -> dict[str, str]:
    """Plausible random answer to ``question`` in stored form ({item: value})."""
    kind = question.type
    if kind in ("single_choice", "likert", "scale_0_10", "place"):
        code = rng.choice(question.codes())
        out = {"": code}
        # A code "other" has a text field only when the question asks for one (a
        # target-group question may have an "other" group without it).
        if code == OTHER_CODE and question.other:
            out[OTHER_TEXT_ITEM] = _text(rng, 30)
        return out
    if kind == "multiple_choice":
        codes = question.codes()
        low = max(1, question.min_choices or 1)
        high = min(question.max_choices or 3, len(codes))
        picks = rng.sample(codes, rng.randint(low, max(low, high)))
        out = {code: "1" for code in picks}
        if OTHER_CODE in picks and question.other:
            out[OTHER_TEXT_ITEM] = _text(rng, 30)
        return out
    if kind in ("likert_grid", "semantic_differential"):
        return {item: rng.choice(question.codes()) for item in question.items()}
    if kind in ("text_short", "text_long"):
        return {"": _text(rng, min(question.max_length or 200, 160))}
    if kind == "three_words":
        return {str(n): rng.choice(WORDS) for n in (1, 2, 3)}
    if kind == "number":
        low = int(question.min if question.min is not None else 15)
        high = int(question.max if question.max is not None else max(low, 30))
        return {"": str(rng.randint(low, min(high, low + 50)))}
    raise ValueError(f"question type {kind!r} unknown to the simulated phone")


def _text(rng: random.Random, limit: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 12)))[:limit].strip()


def encode(question: Question, answer: dict[str, str]) -> Fields:
    """Form fields for ``answer``: ``{qid}`` for one value, ``{qid}__{item}`` otherwise."""
    if question.type == "multiple_choice":
        return [
            (question.id, item) if item != OTHER_TEXT_ITEM else (f"{question.id}__{item}", value)
            for item, value in answer.items()
        ]
    return [
        (question.id if item == "" else f"{question.id}__{item}", v) for item, v in answer.items()
    ]


def _multidict(data: Fields | dict[str, str] | None) -> dict[str, list[str]] | None:
    if data is None:
        return None
    pairs = data.items() if isinstance(data, dict) else data
    out: dict[str, list[str]] = {}
    for name, value in pairs:
        out.setdefault(name, []).append(value)
    return out


class Phone:
    """One respondent: ``await Phone(...).run(client)`` answers the whole survey."""

    def __init__(
        self,
        questionnaire: Questionnaire,
        start_url: str,
        recorder: Recorder,
        seed: int,
        retry_for: float = 5.0,
        language: str | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.start_url = start_url
        self.recorder = recorder
        self.rng = random.Random(seed)
        self.retry_for = retry_for
        self.language = language or self.rng.choice(["fi", "fi", "fi", "sv", "en"])
        self.result = PhoneResult()

    async def request(self, client: httpx.AsyncClient, method: str, url: str, data=None):  # type: ignore[no-untyped-def]
        """One request, retried with the same body on a dropped connection or a 5xx
        for ``retry_for`` seconds after the first failure, as a browser retrying a
        closed connection or a respondent tapping again would."""
        deadline: float | None = None
        delay = 0.2
        while True:
            began = time.perf_counter()
            try:
                reply = await client.request(method, url, data=_multidict(data))
            except httpx.TransportError as error:
                self.recorder.error(f"connection: {type(error).__name__}")
            else:
                self.recorder.latencies.append(time.perf_counter() - began)
                if reply.status_code < 500:
                    if reply.status_code >= 400 and reply.status_code != 422:
                        self.recorder.error(f"HTTP {reply.status_code}")
                    return reply
                self.recorder.error(f"HTTP {reply.status_code}")
            if deadline is None:
                deadline = time.monotonic() + self.retry_for
            elif time.monotonic() > deadline:
                return None
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)

    async def run(self, client: httpx.AsyncClient) -> PhoneResult:
        try:
            await self._run(client)
        except (httpx.HTTPError, ValueError, KeyError) as error:
            self.result.failure = f"{type(error).__name__}: {error}"
        return self.result

    async def _run(self, client: httpx.AsyncClient) -> None:
        url = self.start_url
        reply = await self._get_following(client, url)
        if reply is None:
            return self._fail("start page unreachable")
        form = parse_form(reply.text)
        if form is None:
            return self._fail(f"no start form at {reply.url}")
        data = dict(form["hidden"]) | {"consent": "y", "language": self.language}
        action = urljoin(str(reply.url), form["action"] or str(reply.url))
        reply = await self.request(client, "POST", action, data)
        if reply is None or not reply.is_redirect:
            return self._fail(f"start POST answered {getattr(reply, 'status_code', 'nothing')}")
        self._keep_resume_token(client)
        answers: Answers = {}
        url = urljoin(action, reply.headers["location"])
        for _step in range(3 * len(self.questionnaire.pages) + 5):
            if urlsplit(url).path.endswith("/thanks"):
                reply = await self.request(client, "GET", url)
                self.result.acknowledged = reply is not None and reply.status_code == 200
                return None
            reply = await self.request(client, "GET", url)
            if reply is None or reply.is_redirect:
                if reply is None:
                    return self._fail(f"page {url} unreachable")
                url = urljoin(url, reply.headers["location"])
                continue
            url = await self._answer_page(client, url, reply.text, answers)
            if url is None:
                return None
        return self._fail("too many steps")

    async def _answer_page(self, client, url: str, html: str, answers: Answers) -> str | None:  # type: ignore[no-untyped-def]
        form = parse_form(html)
        match = PAGE_PATH.search(urlsplit(url).path)
        if form is None or match is None:
            return self._fail(f"no page form at {url}")
        page = self.questionnaire.pages[int(match.group(1)) - 1]
        page_answers: Answers = {}
        fields: Fields = []
        for question in page.questions:
            names = {question.id} | {f"{question.id}__{item}" for item in question.items()}
            if not names & form["names"] or not is_visible(question, {**answers, **page_answers}):
                continue
            page_answers[question.id] = answer_question(question, self.rng)
            fields += encode(question, page_answers[question.id])
        data = [*form["hidden"], *fields, ("action", "next")]
        reply = await self.request(client, "POST", url, data)
        if reply is None or not reply.is_redirect:
            status = getattr(reply, "status_code", "nothing")
            return self._fail(f"page {match.group(1)} POST answered {status}")
        answers.update(page_answers)
        self.result.answers.update(page_answers)
        self.result.pages.append(fields)
        return urljoin(url, reply.headers["location"])

    async def _get_following(self, client: httpx.AsyncClient, url: str):  # type: ignore[no-untyped-def]
        for _hop in range(5):
            reply = await self.request(client, "GET", url)
            if reply is None or not reply.is_redirect:
                return reply
            url = urljoin(url, reply.headers["location"])
        return None

    def _keep_resume_token(self, client: httpx.AsyncClient) -> None:
        for name, value in client.cookies.items():
            if name.startswith("resume_"):
                self.result.resume_token = value

    def _fail(self, message: str) -> None:
        self.result.failure = message
        return None

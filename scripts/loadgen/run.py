"""One load run: a fresh database with the survey deployed, the production server, N
phones answering at once, and a check of what was stored against what was acknowledged."""

from __future__ import annotations

import asyncio
import secrets
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

from questionnaires import Questionnaire, load_questionnaire

from .phone import Answers, Phone, PhoneResult, Recorder

ROOT = Path(__file__).resolve().parents[2]
QUESTIONNAIRE = ROOT / "questionnaires" / "kymenlaakso-region-image.yaml"
SLUG = "bench"


@dataclass
class Deployed:
    database_url: str
    secret_key: str
    collector_path: str
    questionnaire: Questionnaire


def deploy(database_url: str, questionnaire_path: Path = QUESTIONNAIRE) -> Deployed:
    """Migrate ``database_url``, deploy and open the questionnaire, make a collector link."""
    from flask_migrate import upgrade

    from survey_app import create_app
    from survey_app.extensions import db
    from survey_app.surveys import create_collector, deploy_questionnaire

    secret_key = secrets.token_hex(32)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secret_key})
    with app.app_context():
        upgrade()
        survey = deploy_questionnaire(questionnaire_path, slug=SLUG, open_=True)
        collector = create_collector(survey, label="load test")
        path = f"/c/{collector.token}"
        db.session.remove()
        db.engine.dispose()
    return Deployed(database_url, secret_key, path, load_questionnaire(questionnaire_path))


def server_env(deployed: Deployed) -> dict[str, str]:
    return {"DATABASE_URL": deployed.database_url, "SECRET_KEY": deployed.secret_key}


@dataclass
class RunResult:
    phones: int
    seconds: float
    recorder: Recorder
    results: list[PhoneResult] = field(default_factory=list)

    @property
    def acknowledged(self) -> int:
        return sum(r.acknowledged for r in self.results)

    @property
    def errors(self) -> int:
        return sum(self.recorder.errors.values())

    def percentile(self, q: float) -> float:
        values = self.recorder.latencies
        if len(values) < 2:
            return values[0] if values else float("nan")
        return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _client() -> httpx.AsyncClient:
    # One client per phone: its own cookies and its own connections, like a browser.
    return httpx.AsyncClient(
        timeout=httpx.Timeout(60.0), limits=httpx.Limits(max_connections=2), follow_redirects=False
    )


async def _drive(phones: list[Phone], ramp: float) -> list[PhoneResult]:
    async def one(i: int, phone: Phone) -> PhoneResult:
        if ramp:
            await asyncio.sleep(ramp * i / len(phones))
        async with _client() as client:
            return await phone.run(client)

    return list(await asyncio.gather(*(one(i, p) for i, p in enumerate(phones))))


def run_phones(
    base_url: str,
    deployed: Deployed,
    n: int,
    seed: int = 0,
    ramp: float = 0.0,
    retry_for: float = 5.0,
) -> RunResult:
    recorder = Recorder()
    url = base_url + deployed.collector_path
    phones = [
        Phone(deployed.questionnaire, url, recorder, seed * 100_003 + i, retry_for=retry_for)
        for i in range(n)
    ]
    began = time.perf_counter()
    results = asyncio.run(_drive(phones, ramp))
    return RunResult(n, time.perf_counter() - began, recorder, results)


def stored_responses(database_url: str) -> dict[str, tuple[str, Answers]]:
    """resume token hash -> (status, answers) of every response to the bench survey."""
    engine = sa.create_engine(database_url)
    out: dict[str, tuple[str, Answers]] = {}
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT r.id, r.resume_token_hash, r.status, a.question_id, a.item, a.value "
                "FROM response r JOIN survey s ON s.id = r.survey_id "
                "LEFT JOIN answer a ON a.response_id = r.id WHERE s.slug = :slug"
            ),
            {"slug": SLUG},
        )
        for _id, token_hash, status, qid, item, value in rows:
            _status, answers = out.setdefault(token_hash, (status, {}))
            if qid is not None:
                answers.setdefault(qid, {})[item] = value
    engine.dispose()
    return out


@dataclass
class Verification:
    complete_stored: int
    acknowledged: int
    missing_answers: list[str]
    lost: int

    @property
    def ok(self) -> bool:
        return (
            self.complete_stored == self.acknowledged and not self.missing_answers and not self.lost
        )


def verify(database_url: str, run: RunResult, questionnaire: Questionnaire) -> Verification:
    """Every acknowledged answer is stored, and complete responses equal acknowledgements.

    Answers of a phone that did not finish count too: each page the server acknowledged
    with a redirect must be stored exactly as sent.
    """
    stored = stored_responses(database_url)
    lost = 0
    for result in run.results:
        if result.resume_token_hash is None:
            continue
        _status, answers = stored.get(result.resume_token_hash, ("", {}))
        for qid, items in result.answers.items():
            if answers.get(qid) != items:
                lost += 1
    missing = []
    for token_hash, (status, answers) in stored.items():
        if status == "complete" and (gaps := _missing_required(questionnaire, answers)):
            missing.append(f"{token_hash[:8]}: {', '.join(gaps)}")
    complete = sum(status == "complete" for status, _ in stored.values())
    return Verification(complete, run.acknowledged, missing, lost)


def _missing_required(questionnaire: Questionnaire, answers: Answers) -> list[str]:
    from questionnaires.conditions import is_visible

    return [
        q.id
        for q in questionnaire.questions()
        if q.required and not q.target_group and is_visible(q, answers) and not answers.get(q.id)
    ]

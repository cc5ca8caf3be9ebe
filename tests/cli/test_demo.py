"""Synthetic demo answers and the ``flask demo`` commands."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from statistics import mean

import pytest
import sqlalchemy as sa
from flask import Flask

from questionnaires import Questionnaire, load_questionnaire
from questionnaires.conditions import is_visible
from survey_app.demo_answers import generate_responses, phrase_bank, visible_answers
from survey_app.extensions import db
from survey_app.models import Answer, Collector, Response, Survey
from survey_app.surveys import deploy_questionnaire

HERE = Path(__file__).parent
QUESTIONNAIRE = HERE / "demo_questionnaire.yaml"
NOW = datetime(2026, 5, 20, 12, 0, 0)


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire(QUESTIONNAIRE)


@pytest.fixture(scope="module")
def sample(questionnaire: Questionnaire):  # type: ignore[no-untyped-def]
    return list(generate_responses(questionnaire, 1500, seed=7, now=NOW))


def _bank_fragments(lang: str) -> list[str]:
    bank = phrase_bank()
    out = [p for theme in bank["themes"].values() for f in theme.values() for p in f[lang]]
    out += [w for words in bank["words"].values() for w in words[lang]]
    out += [w for words in bank["tone_words"].values() for w in words[lang]]
    return [p.lower() for p in out + bank["no_content"][lang]]


def test_same_seed_same_answers_other_seed_other_answers(questionnaire: Questionnaire) -> None:
    first = list(generate_responses(questionnaire, 30, seed=3, now=NOW))
    again = list(generate_responses(questionnaire, 30, seed=3, now=NOW))
    other = list(generate_responses(questionnaire, 30, seed=4, now=NOW))
    assert first == again
    assert first != other


def test_every_value_is_valid_for_its_question(questionnaire: Questionnaire, sample) -> None:
    for response in sample:
        for qid, item, value in response.answers:
            question = questionnaire.question(qid)
            if item == "other_text":
                assert value.strip()
                continue
            assert item in question.items(), (qid, item)
            if question.type == "multiple_choice":
                assert value == "1"
            elif question.codes():
                assert value in question.codes(), (qid, item, value)
            elif question.type == "number":
                number = float(value)
                assert question.min <= number <= question.max
                if question.integer:
                    assert value.lstrip("-").isdigit()
            else:
                assert 0 < len(value) <= (question.max_length or 200), (qid, value)
                assert "{" not in value


def test_conditions_and_required_questions_are_respected(
    questionnaire: Questionnaire, sample
) -> None:
    for response in sample:
        answers = visible_answers(response.answers)
        seen: dict[str, dict[str, str]] = {}
        for question in questionnaire.questions():
            visible = is_visible(question, seen)
            if question.id in answers:
                assert visible, f"{question.id} answered though hidden"
                seen[question.id] = dict(answers[question.id])
            elif visible:
                assert not question.required, f"required {question.id} left empty"
        if answers["stay"][""] == "no":
            assert "why_not" in answers
        else:
            assert "why_not" not in answers
        assert ("recommend" in answers) <= (response.target_group in ("student", "worker"))
        if "likes" in answers:
            chosen = [k for k in answers["likes"] if k != "other_text"]
            assert 1 <= len(chosen) <= 3
            assert ("other" in chosen) == ("other_text" in answers["likes"])
        assert len(answers["words"]) == 3 and all(len(w) <= 12 for w in answers["words"].values())


def test_groups_languages_and_times_are_plausible(questionnaire: Questionnaire, sample) -> None:
    groups = Counter(r.target_group for r in sample)
    assert set(groups) == {"school", "student", "worker"}
    languages = Counter(r.language for r in sample)
    assert set(languages) == {"fi", "sv", "en"} and languages.most_common(1)[0][0] == "fi"
    for response in sample:
        assert ("group", "", response.target_group) in response.answers
        assert NOW - timedelta(days=22) < response.started_at < response.completed_at <= NOW
        assert response.completed_at - response.started_at < timedelta(hours=1)


def test_open_answers_are_in_the_respondents_language(sample) -> None:
    fragments = {lang: _bank_fragments(lang) for lang in ("fi", "sv", "en")}
    for response in sample[:300]:
        for qid, _item, value in response.answers:
            if qid in ("best", "improve", "future_image", "why_not", "words"):
                text = value.lower()
                assert any(f in text for f in fragments[response.language]), (qid, value)


def test_places_come_from_the_questionnaire_not_from_the_code(sample) -> None:
    texts = " ".join(v for r in sample for q, _i, v in r.answers if q in ("best", "future_image"))
    assert any(name in texts for name in ("Alfala", "Beetala", "Järvimaa", "Lakeland"))
    for elsewhere in ("Kymenlaakso", "Kotka", "Kouvola", "Helsinki"):
        assert elsewhere not in texts


def test_target_groups_differ_in_closed_and_open_answers(sample) -> None:
    scores: dict[str, list[int]] = defaultdict(list)
    words: dict[str, Counter[str]] = defaultdict(Counter)
    for response in sample:
        for qid, _item, value in response.answers:
            if qid == "grid":
                scores[response.target_group].append(int(value))
            if qid == "words" and response.language == "fi":
                words[response.target_group][value] += 1
    means = [mean(v) for v in scores.values()]
    assert max(means) - min(means) > 0.2
    tops = {group: {w for w, _n in counter.most_common(5)} for group, counter in words.items()}
    assert len({frozenset(t) for t in tops.values()}) == len(tops)


# --- the commands ------------------------------------------------------------------------


def _deploy(app: Flask) -> None:
    with app.app_context():
        deploy_questionnaire(QUESTIONNAIRE, slug="demo-test", open_=True)


def test_demo_responses_stores_complete_synthetic_rows(app: Flask, runner) -> None:
    _deploy(app)
    result = runner.invoke(args=["demo", "responses", "demo-test", "--n", "120", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "added 120 synthetic responses" in result.output
    with app.app_context():
        rows = db.session.scalars(sa.select(Response)).all()
        assert len(rows) == 120
        assert all(r.is_synthetic and r.status == "complete" and r.completed_at for r in rows)
        assert {r.target_group for r in rows} == {"school", "student", "worker"}
        answers = db.session.scalar(sa.select(sa.func.count()).select_from(Answer))
        assert answers > 120 * 15
        one = rows[0]
        stored = {(a.question_id, a.item) for a in one.answers}
        assert ("group", "") in stored and ("words", "3") in stored


def test_demo_responses_refuses_bad_input_and_stores_nothing(app: Flask, runner) -> None:
    _deploy(app)
    unknown = runner.invoke(args=["demo", "responses", "no-such-survey", "--n", "5"])
    assert unknown.exit_code == 1 and "no survey with slug 'no-such-survey'" in unknown.output
    zero = runner.invoke(args=["demo", "responses", "demo-test", "--n", "0"])
    assert zero.exit_code == 2 and "Traceback" not in zero.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 0


def test_demo_clear_deletes_only_synthetic_responses(app: Flask, runner) -> None:
    _deploy(app)
    runner.invoke(args=["demo", "responses", "demo-test", "--n", "10"])
    with app.app_context():
        survey = db.session.scalar(sa.select(Survey))
        real = Response(survey_id=survey.id, version_id=survey.current_version.id,
                        language="fi", resume_token_hash="r" * 64, status="complete")  # fmt: skip
        real.answers.append(Answer(question_id="best", item="", value="Oikea vastaus"))
        db.session.add(real)
        db.session.commit()
    result = runner.invoke(args=["demo", "clear", "demo-test"])
    assert result.exit_code == 0 and "deleted 10 synthetic responses" in result.output
    with app.app_context():
        left = db.session.scalars(sa.select(Response)).all()
        assert [r.is_synthetic for r in left] == [False]
        assert [a.value for a in db.session.scalars(sa.select(Answer))] == ["Oikea vastaus"]


def test_demo_link_is_idempotent_and_prints_a_qr_code(app: Flask, runner) -> None:
    first = runner.invoke(args=["demo", "link", str(QUESTIONNAIRE), "--slug", "demo-x"])
    again = runner.invoke(args=["demo", "link", str(QUESTIONNAIRE), "--slug", "demo-x"])
    assert first.exit_code == 0, first.output
    url = next(line for line in first.output.splitlines() if line.startswith("Demo link: "))
    assert url in again.output and "/c/" in url
    assert "█" in first.output or "▀" in first.output
    with app.app_context():
        survey = db.session.scalar(sa.select(Survey).where(Survey.slug == "demo-x"))
        assert survey.status == "open" and len(survey.versions) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Collector)) == 1


def test_demo_link_reports_an_invalid_file_without_traceback(runner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\npages: []\n", encoding="utf-8")
    result = runner.invoke(args=["demo", "link", str(broken)])
    assert result.exit_code == 1
    assert "broken.yaml" in result.output and "Traceback" not in result.output


def test_demo_responses_on_postgresql(app_pg: Flask) -> None:
    _deploy(app_pg)
    result = app_pg.test_cli_runner().invoke(args=["demo", "responses", "demo-test", "--n", "60"])
    assert result.exit_code == 0, result.output
    with app_pg.app_context():
        count = db.session.scalar(
            sa.select(sa.func.count()).select_from(Response).where(Response.is_synthetic)
        )
        assert count == 60

"""Export filters (collector, group, dates, synthetic) and refusals without tracebacks."""

from __future__ import annotations

import json

import pytest

from tests.exports.factories import SUBMITTED


def export_ids(app, slug, tmp_path, *extra):  # type: ignore[no-untyped-def]
    out = tmp_path / "f.json"
    result = app.test_cli_runner().invoke(
        args=["export", slug, "--format", "json", "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return [r["response_id"] for r in json.loads(out.read_text())["responses"]]


def ids_where(data, predicate) -> list[int]:  # type: ignore[no-untyped-def]
    return [data["ids"][n] for n, spec in enumerate(SUBMITTED) if predicate(spec)]


def test_filters(filled, tmp_path):
    app, data = filled
    slug = data["slug"]
    complete = lambda s: s["status"] == "complete"  # noqa: E731
    assert export_ids(app, slug, tmp_path) == ids_where(data, complete)
    assert export_ids(app, slug, tmp_path, "--group", "amk") == ids_where(
        data, lambda s: complete(s) and s["group"] == "amk"
    )
    assert export_ids(app, slug, tmp_path, "--all", "--collector", data["tokens"]["7A"]) == (
        ids_where(data, lambda s: s["collector"] == "7A")
    )
    assert export_ids(app, slug, tmp_path, "--from", "2026-03-03", "--to", "2026-03-03") == (
        ids_where(data, lambda s: complete(s) and s["day"] == 1)
    )
    assert export_ids(app, slug, tmp_path, "--no-synthetic") == ids_where(
        data, lambda s: complete(s) and not s["synthetic"]
    )


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--collector", "nope"], "no collector 'nope'"),
        (["--lang", "de"], "no language 'de'"),
        (["--from", "2026-03-05", "--to", "2026-03-01"], "is after the end date"),
    ],
)
def test_bad_requests_are_messages(filled, tmp_path, extra, message):
    app, data = filled
    result = app.test_cli_runner().invoke(
        args=["export", data["slug"], "--format", "csv", "--out", str(tmp_path / "x.csv"), *extra]
    )
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_unknown_survey_and_missing_folder(app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export", "nope", "--format", "csv", "--out", str(tmp_path / "x")])
    assert result.exit_code == 1 and "No survey 'nope'" in result.output
    from tests.exports.factories import fill

    slug = fill(app)["slug"]
    result = runner.invoke(
        args=["export", slug, "--format", "csv", "--out", str(tmp_path / "no" / "x.csv")]
    )
    assert result.exit_code == 1 and "does not exist" in result.output


def test_export_is_audited_without_answers(app, tmp_path):
    import sqlalchemy as sa

    from survey_app.extensions import db
    from survey_app.models import AuditEvent
    from tests.exports.factories import fill

    data = fill(app)
    export_ids(app, data["slug"], tmp_path, "--group", "lukio")
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent)).all()
        assert [(e.actor, e.action, e.target) for e in events] == [
            ("cli", "survey.export", data["slug"])
        ]
        assert "group=lukio" in events[0].detail
        for spec in SUBMITTED:
            for (qid, item), value in spec["answers"].items():
                if qid in ("words", "best", "future_2040") or item == "other_text":
                    assert value not in events[0].detail

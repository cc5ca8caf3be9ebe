"""Stored responses made directly, with answers chosen to stress every export."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flask import Flask

EVERY_TYPE = Path(__file__).with_name("every_type.yaml")
T0 = datetime(2026, 3, 2, 9, 0, 0)

# (status, group, collector label or None, language, synthetic, start offset days, answers)
SUBMITTED: list[dict[str, Any]] = [
    {
        "status": "complete", "group": "lukio", "collector": "7A", "language": "fi",
        "synthetic": False, "day": 0, "minutes": 7,
        "answers": {
            ("group", ""): "lukio", ("home", ""): "kouvola", ("balance", ""): "-5",
            ("words", "1"): "=SUM(A1:A9)", ("words", "2"): "Äänekoski 🙂", ("words", "3"): "日本語",
            ("proud", ""): "cant_say", ("grid", "nature"): "5", ("grid", "jobs"): "2",
            ("diff", "dull"): "7", ("nps", ""): "10", ("stay", ""): "other",
            ("stay", "other_text"): "+358 40 123", ("likes", "nature"): "1",
            ("likes", "other"): "1", ("likes", "other_text"): "@mention",
            ("best", ""): "-- ei kaava --",
            ("future_2040", ""): 'Rivi 1\nRivi 2 "lainaus", pilkku; \u200fעברית\u200e\r\nloppu',
        },
    },
    {
        "status": "complete", "group": "amk", "collector": None, "language": "sv",
        "synthetic": False, "day": 1, "minutes": 12,
        "answers": {
            ("group", ""): "amk", ("home", ""): "abroad", ("balance", ""): "12",
            ("proud", ""): "4", ("likes", "sea"): "1", ("best", ""): "\tsarkain",
            ("stay", ""): "yes", ("grid", "nature"): "cant_say",
        },
    },
    {
        "status": "in_progress", "group": "lukio", "collector": "7A", "language": "en",
        "synthetic": False, "day": 1, "minutes": None,
        "answers": {("group", ""): "lukio", ("home", ""): "kotka"},
    },
    {
        "status": "complete", "group": "amk", "collector": "Messut", "language": "fi",
        "synthetic": True, "day": 3, "minutes": 4,
        "answers": {("group", ""): "amk", ("nps", ""): "0", ("best", ""): "x" * 1999 + "ö"},
    },
]  # fmt: skip


def fill(app: Flask) -> dict[str, Any]:
    """Deploy the every-type questionnaire and store ``SUBMITTED``; returns slug, the
    response ids in order and the collector tokens by label."""
    from survey_app.extensions import db
    from survey_app.models import Answer, Response
    from survey_app.surveys import create_collector, deploy_questionnaire

    with app.app_context():
        survey = deploy_questionnaire(EVERY_TYPE, open_=True)
        collectors = {
            "7A": create_collector(survey, group="lukio", label="7A"),
            "Messut": create_collector(survey, label="Messut"),
        }
        ids = []
        for spec in SUBMITTED:
            started = T0 + timedelta(days=spec["day"])
            response = Response(
                survey_id=survey.id,
                version_id=survey.current_version.id,
                collector_id=collectors[spec["collector"]].id if spec["collector"] else None,
                language=spec["language"],
                target_group=spec["group"],
                status=spec["status"],
                resume_token_hash=secrets.token_hex(32),
                is_synthetic=spec["synthetic"],
                started_at=started,
                completed_at=(
                    started + timedelta(minutes=spec["minutes"]) if spec["minutes"] else None
                ),
            )
            response.answers = [
                Answer(question_id=q, item=i, value=v) for (q, i), v in spec["answers"].items()
            ]
            db.session.add(response)
            db.session.flush()
            ids.append(response.id)
        db.session.commit()
        return {
            "slug": survey.slug,
            "ids": ids,
            "tokens": {label: c.token for label, c in collectors.items()},
        }

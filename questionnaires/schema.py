"""The JSON Schema of the questionnaire format, generated from the model.

Regenerate the committed copy with ``python -m questionnaires.schema > questionnaires/schema.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import Questionnaire

SCHEMA_PATH = Path(__file__).resolve().parent / "schema.json"


def json_schema() -> dict[str, Any]:
    schema = Questionnaire.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Questionnaire",
        "description": "A questionnaire file of the regional-image toolkit "
        "(see docs/questionnaire-format.md).",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")

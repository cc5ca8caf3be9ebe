"""Reading a questionnaire file: YAML in, a checked ``Questionnaire`` or every problem out."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .checks import check_raw
from .model import Questionnaire
from .problems import Problem, QuestionnaireError, from_validation_error
from .texts import LANGUAGES

MAX_BYTES = 2_000_000


class _Loader(yaml.SafeLoader):
    """Safe YAML that reports duplicate keys and aliases instead of silently accepting them,
    and reads only true/false as booleans (YAML 1.1 would turn `no`, `on` or `yes` into
    booleans, so a code or a Norwegian `no` would change meaning)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.findings: list[tuple[int, str]] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            self.findings.append(
                (
                    event.start_mark.line + 1,
                    f"aliases (*{event.anchor}) are not supported; write the value out in full",
                )
            )
            return yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                self.findings.append(
                    (key_node.start_mark.line + 1, f"the key '{key}' appears twice in one mapping")
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load_questionnaire(path: str | os.PathLike[str]) -> Questionnaire:
    """Read and check one questionnaire file; raise ``QuestionnaireError`` listing every problem."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise QuestionnaireError(
            [Problem(source, None, None, f"cannot read the file: {exc.strerror}")]
        ) from None
    if len(data) > MAX_BYTES:
        raise QuestionnaireError(
            [Problem(source, None, None, f"the file is larger than {MAX_BYTES // 1_000_000} MB")]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QuestionnaireError(
            [
                Problem(
                    source,
                    None,
                    None,
                    f"the file is not UTF-8 text (byte {exc.start}); save it as UTF-8",
                )
            ]
        ) from None
    return parse_questionnaire(text, source)


def parse_questionnaire(text: str, source: str = "<string>") -> Questionnaire:
    """Parse and check questionnaire YAML; raise ``QuestionnaireError`` listing every problem."""
    raw, problems = _read_yaml(text, source)
    if problems:
        raise QuestionnaireError(problems)
    context = {"default_language": _default_language(raw)}
    questionnaire: Questionnaire | None = None
    try:
        questionnaire = Questionnaire.model_validate(raw, context=context)
    except ValidationError as exc:
        problems += from_validation_error(exc, raw, source)
    except RecursionError:
        problems.append(Problem(source, None, None, "the file is nested too deeply"))
    try:
        findings = check_raw(raw, context)
    except RecursionError:
        findings = [(None, None, "the file is nested too deeply")]
    problems += [Problem(source, page, question, message) for page, question, message in findings]
    if problems or questionnaire is None:
        raise QuestionnaireError(_unique(problems))
    return questionnaire


def _read_yaml(text: str, source: str) -> tuple[dict[str, Any], list[Problem]]:
    if len(text) > MAX_BYTES:
        return {}, [Problem(source, None, None, "the file is larger than 2 MB")]
    loader = _Loader(text)
    try:
        raw = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        return {}, [Problem(source, None, None, f"YAML syntax error: {what}", line=line)]
    except yaml.YAMLError as exc:
        return {}, [Problem(source, None, None, f"not readable as YAML: {exc}")]
    except RecursionError:
        return {}, [Problem(source, None, None, "the file is nested too deeply")]
    finally:
        loader.dispose()
    problems = [Problem(source, None, None, msg, line=line) for line, msg in loader.findings]
    if raw is None:
        return {}, problems + [Problem(source, None, None, "the file is empty")]
    if not isinstance(raw, dict):
        kind = "a list" if isinstance(raw, list) else "a single value"
        return {}, problems + [
            Problem(
                source,
                None,
                None,
                f"the file holds {kind}; a questionnaire is a mapping of keys "
                "(id, version, languages, title, ..., pages)",
            )
        ]
    bad_keys = [k for k in raw if not isinstance(k, str)]
    problems += [Problem(source, None, None, f"the key {k!r} is not a name") for k in bad_keys]
    return raw, problems


def _default_language(raw: dict[str, Any]) -> str:
    default = raw.get("default_language")
    return default if isinstance(default, str) and default in LANGUAGES else "fi"


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))

"""Loading answers into one tidy frame: from the database or from a JSON/CSV export."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from questionnaires import Questionnaire, QuestionnaireError, parse_questionnaire

EXPORT_FORMAT = "regional-image-export/1"

META_COLUMNS = [
    "response_id",
    "survey",
    "version",
    "status",
    "language",
    "group",
    "collector",
    "started_at",
    "completed_at",
    "is_synthetic",
]
ANSWER_COLUMNS = ["question_id", "item", "variable", "type", "value"]
COLUMNS = META_COLUMNS + ANSWER_COLUMNS

# Only the columns analysis reads; defined here rather than imported so that
# analysis never depends on the web app.
_metadata = sa.MetaData()
_survey = sa.Table("survey", _metadata, sa.Column("id", sa.Integer), sa.Column("slug", sa.String))
_version = sa.Table(
    "survey_version",
    _metadata,
    sa.Column("id", sa.Integer),
    sa.Column("survey_id", sa.Integer),
    sa.Column("number", sa.Integer),
    sa.Column("source_yaml", sa.Text),
)
_collector = sa.Table(
    "collector", _metadata, sa.Column("id", sa.Integer), sa.Column("label", sa.String)
)
_response = sa.Table(
    "response",
    _metadata,
    sa.Column("id", sa.Integer),
    sa.Column("survey_id", sa.Integer),
    sa.Column("version_id", sa.Integer),
    sa.Column("collector_id", sa.Integer),
    sa.Column("language", sa.String),
    sa.Column("target_group", sa.String),
    sa.Column("status", sa.String),
    sa.Column("is_synthetic", sa.Boolean),
    sa.Column("started_at", sa.DateTime),
    sa.Column("completed_at", sa.DateTime),
)
_answer = sa.Table(
    "answer",
    _metadata,
    sa.Column("response_id", sa.Integer),
    sa.Column("question_id", sa.String),
    sa.Column("item", sa.String),
    sa.Column("value", sa.Text),
)

_theme_edit = sa.Table(
    "theme_edit",
    _metadata,
    sa.Column("survey_id", sa.Integer),
    sa.Column("question_id", sa.String),
    sa.Column("payload_json", sa.Text),
)


class LoadError(ValueError):
    """Input that cannot be read as survey answers; the message says what and where."""


@dataclass(frozen=True)
class ResponseData:
    """Answers in tidy long form together with the questionnaire that gives them meaning.

    ``answers`` has one row per stored value with the columns in ``COLUMNS``.
    ``extra`` holds per-response columns that are not questions (for example a survey
    weight a researcher added to an export), indexed by response_id.
    """

    questionnaire: Questionnaire
    answers: pd.DataFrame
    extra: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Tables derived from ``answers`` that every summary needs again (the responses, the
    # rows of each question, the visible groups), made once. The frames are not changed
    # after loading: a filtered or edited copy is a new ResponseData (constructor or
    # ``dataclasses.replace``) and starts with an empty cache of its own.
    _derived: dict[Hashable, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _cached(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """``make()`` computed once per key; callers copy what they hand out."""
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = make()
            return value

    def responses(self) -> pd.DataFrame:
        """One row per response with the meta columns, indexed by response_id."""

        def make() -> pd.DataFrame:
            meta = self.answers[META_COLUMNS].drop_duplicates("response_id")
            return meta.set_index("response_id")

        # A frame of its own (its data shared copy-on-write), so that a caller adding a
        # column or changing values changes no later call's frame.
        return self._cached("responses", make).copy(deep=False)

    def groups(self) -> pd.Series:
        """Target group code per response (NA where none was given)."""
        return self.responses()["group"]

    def _question_rows(self, question_id: str, columns: list[str] | None = None) -> pd.DataFrame:
        """The rows of one question without "other" texts, as ``answers`` has them.

        Read only: the positions of every question's rows are found in one pass over the
        whole frame, so that each summary reads its own question's rows, not all rows;
        ``columns`` (which must include item) takes only those.
        """
        positions = self._cached(
            "question_positions",
            lambda: self.answers.groupby("question_id", sort=False, dropna=True).indices,
        )
        answers = self.answers if columns is None else self.answers[columns]
        rows = answers.iloc[positions.get(question_id, np.empty(0, dtype=np.intp))]
        return rows[rows["item"] != "other_text"]

    def texts(self, question_id: str) -> pd.Series:
        """Non-empty texts of one open question indexed by response_id.

        The three words of a ``three_words`` question are joined with ", ".
        """
        rows = self._question_rows(question_id, ["response_id", "item", "value"])
        values = rows["value"].astype(str).str.strip()
        keep = (values != "").to_numpy()
        ids = rows["response_id"].to_numpy()[keep]
        texts = values.to_numpy(dtype=object)[keep]
        # The parts of one response (the three words) are joined with ", " in their order:
        # the k-th parts of all responses are added at once, so that a survey of 100,000
        # responses does not call a Python function per response.
        order = pd.Index(pd.unique(ids), name="response_id")
        rank = pd.Series(ids).groupby(ids, sort=False).cumcount().to_numpy()
        joined = pd.Series(texts[rank == 0], index=ids[rank == 0]).reindex(order)
        for k in range(1, int(rank.max(initial=0)) + 1):
            part = pd.Series(texts[rank == k], index=ids[rank == k]).reindex(order)
            more = part.notna().to_numpy()
            joined[more] = joined[more] + ", " + part[more]
        joined = joined.astype(rows["value"].dtype)
        joined.name = question_id
        return joined

    def wide(self) -> pd.DataFrame:
        """One row per response, one column per variable (``qid`` or ``qid_item``)."""
        table = self.answers.pivot_table(
            index="response_id", columns="variable", values="value", aggfunc="first"
        )
        order = [v for v in _variable_order(self.questionnaire) if v in table.columns]
        order += [v for v in table.columns if v not in order]
        wide = self.responses().join(table[order])
        if not self.extra.empty:
            wide = wide.join(self.extra)
        return wide

    def weights(self, column: str) -> pd.Series:
        """Survey weights per response from an extra column, scaled to mean 1."""
        if column not in self.extra.columns:
            known = ", ".join(map(str, self.extra.columns)) or "none"
            raise LoadError(f"weight column {column!r} not found; extra columns: {known}")
        raw = pd.to_numeric(self.extra[column], errors="coerce")
        bad = raw.isna() | (raw < 0)
        if bad.any():
            ids = ", ".join(map(str, raw.index[bad][:5]))
            raise LoadError(
                f"weight column {column!r} must be a non-negative number; responses: {ids}"
            )
        if raw.sum() <= 0:
            raise LoadError(f"weight column {column!r} sums to zero")
        weights = raw.reindex(self.responses().index)
        if weights.isna().any():
            missing = ", ".join(map(str, weights.index[weights.isna()][:5]))
            raise LoadError(f"weight column {column!r} has no value for responses: {missing}")
        return (weights / weights.mean()).astype(float)


def _variable_order(questionnaire: Questionnaire) -> list[str]:
    return [variable_name(q.id, item) for q in questionnaire.questions() for item in q.items()]


def variable_name(question_id: str, item: str) -> str:
    """Wide column name of one stored value: ``qid`` for item "" else ``qid_item``."""
    return question_id if not item else f"{question_id}_{item}"


def _parse(yaml_text: str, source: str) -> Questionnaire:
    try:
        return parse_questionnaire(yaml_text, source=source)
    except QuestionnaireError as error:
        details = "; ".join(str(p) for p in error.problems[:3])
        raise LoadError(f"{source}: the questionnaire snapshot does not parse: {details}") from None


def _tidy(
    rows: Iterable[Mapping[str, Any]] | Iterable[Sequence[Any]] | pd.DataFrame,
    questionnaires: Mapping[Any, Questionnaire],
) -> pd.DataFrame:
    """Build the tidy frame from answer rows that already carry the meta columns.

    A row is a mapping by column name or a sequence in the order of ``META_COLUMNS``
    then question_id, item and value.

    ``questionnaires`` maps each row's ``version`` to the snapshot it was answered on,
    so answers are typed by the questionnaire the respondent actually saw.
    """
    columns = META_COLUMNS + ["question_id", "item", "value"]
    if isinstance(rows, pd.DataFrame):
        # A frame read from the database is used as it is, not turned into dicts and back.
        frame = rows.reindex(columns=columns)
    else:
        frame = pd.DataFrame(list(rows), columns=columns)
    types: dict[tuple[Any, str], str] = {}
    group_question: dict[Any, str | None] = {}
    for version, questionnaire in questionnaires.items():
        for question in questionnaire.questions():
            types[(version, question.id)] = question.type
        tg = questionnaire.target_group_question
        group_question[version] = tg.id if tg is not None else None
    frame["item"] = frame["item"].fillna("").astype(str)
    frame["value"] = frame["value"].astype("string")
    # The columns are walked as arrays of Python objects, not Series, which pandas would
    # box value by value; each distinct name is made once and shared by its rows.
    question_ids, versions = _objects(frame["question_id"]), _objects(frame["version"])
    names: dict[tuple[Any, str], str] = {}
    frame["variable"] = [
        names.get((q, i)) or names.setdefault((q, i), variable_name(q, i))
        for q, i in zip(question_ids, _objects(frame["item"]), strict=True)
    ]
    frame["type"] = [
        types.get((v, q), "unknown") for v, q in zip(versions, question_ids, strict=True)
    ]
    frame = _fill_groups(frame, group_question)
    frame["is_synthetic"] = frame["is_synthetic"].fillna(False).astype(bool)
    for column in ("started_at", "completed_at"):
        frame[column] = pd.to_datetime(frame[column], errors="coerce", format="mixed")
    for column in ("survey", "status", "language", "group", "collector"):
        frame[column] = frame[column].astype("string")
    frame["version"] = frame["version"].astype("string")
    return frame[COLUMNS].reset_index(drop=True)


def _objects(column: pd.Series) -> np.ndarray:
    """The values of a column as iterating the Series gives them, in a plain object array."""
    return column.to_numpy(dtype=object)


def _fill_groups(frame: pd.DataFrame, group_question: Mapping[Any, str | None]) -> pd.DataFrame:
    # A collector link presets the group on the response; otherwise the respondent
    # picked it in the target-group question, so take it from the answer.
    missing = frame["group"].isna() | (frame["group"].astype("string") == "")
    if not missing.any():
        return frame
    chosen = frame[
        [
            group_question.get(v) == q
            for v, q in zip(_objects(frame["version"]), _objects(frame["question_id"]), strict=True)
        ]
    ]
    picked = chosen[chosen["item"] == ""].set_index("response_id")["value"]
    fill = frame.loc[missing, "response_id"].map(picked)
    frame.loc[missing, "group"] = fill
    return frame


def load_responses(
    database_url: str,
    survey_slug: str,
    include_incomplete: bool = False,
    include_synthetic: bool = True,
) -> ResponseData:
    """Read one survey's answers from the app's database.

    Parameters
    ----------
    database_url : str
        SQLAlchemy URL of the app's database, e.g. ``sqlite:///instance/survey.sqlite3``.
    survey_slug : str
        The survey's slug.
    include_incomplete : bool
        Also read responses that were started but not finished.
    include_synthetic : bool
        Also read demo responses (``is_synthetic``).
    """
    try:
        engine = sa.create_engine(database_url)
    except (sa.exc.ArgumentError, ImportError) as error:
        raise LoadError(f"cannot use database URL {database_url!r}: {error}") from None
    try:
        with engine.connect() as connection:
            return _load_from_connection(
                connection, survey_slug, include_incomplete, include_synthetic
            )
    except sa.exc.OperationalError as error:
        raise LoadError(f"cannot read the database at {database_url!r}: {error.orig}") from None
    finally:
        engine.dispose()


def _load_from_connection(
    connection: sa.Connection, slug: str, include_incomplete: bool, include_synthetic: bool
) -> ResponseData:
    survey_id = connection.execute(
        sa.select(_survey.c.id).where(_survey.c.slug == slug)
    ).scalar_one_or_none()
    if survey_id is None:
        known = connection.execute(sa.select(_survey.c.slug).order_by(_survey.c.slug)).scalars()
        raise LoadError(f"no survey {slug!r} in the database; surveys: {', '.join(known) or '-'}")
    versions = connection.execute(
        sa.select(_version.c.id, _version.c.number, _version.c.source_yaml)
        .where(_version.c.survey_id == survey_id)
        .order_by(_version.c.number)
    ).all()
    if not versions:
        raise LoadError(f"survey {slug!r} has no deployed questionnaire version")
    snapshots = {
        str(v.number): _parse(v.source_yaml, f"{slug} version {v.number}") for v in versions
    }
    number_of = {v.id: str(v.number) for v in versions}
    query = (
        sa.select(
            _response.c.id.label("response_id"),
            _response.c.version_id,
            _response.c.status,
            _response.c.language,
            _response.c.target_group.label("group"),
            _collector.c.label.label("collector"),
            _response.c.started_at,
            _response.c.completed_at,
            _response.c.is_synthetic,
            _answer.c.question_id,
            _answer.c.item,
            _answer.c.value,
        )
        .select_from(_response)
        .join(_answer, _answer.c.response_id == _response.c.id)
        .outerjoin(_collector, _collector.c.id == _response.c.collector_id)
        .where(_response.c.survey_id == survey_id)
        .order_by(_response.c.id, _answer.c.question_id, _answer.c.item)
    )
    if not include_incomplete:
        query = query.where(_response.c.status == "complete")
    if not include_synthetic:
        query = query.where(_response.c.is_synthetic.is_(False))
    raw = pd.read_sql(query, connection)
    raw["version"] = raw.pop("version_id").map(number_of)
    raw["survey"] = slug
    raw["response_id"] = raw["response_id"].astype(str)
    answers = _tidy(raw, snapshots)
    return ResponseData(questionnaire=snapshots[str(versions[-1].number)], answers=answers)


def load_export(path: str | Path) -> ResponseData:
    """Read a JSON export, or a CSV export (wide or long) with its questionnaire sidecar.

    A CSV export needs ``<stem>.questionnaire.yaml`` beside it. Columns of a wide CSV
    that are neither meta columns nor questionnaire variables (for example a weight
    the researcher added) are kept in ``ResponseData.extra``.
    """
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _load_json(path)
    if suffix == ".csv":
        from .load_csv import load_csv_export

        return load_csv_export(path)
    raise LoadError(f"{path}: unknown export type {suffix!r}; expected a .json or .csv export")


def _load_json(path: Path) -> ResponseData:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LoadError(f"{path}: not a JSON export: {error}") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        found = document.get("format") if isinstance(document, dict) else type(document).__name__
        raise LoadError(f"{path}: format is {found!r}, expected {EXPORT_FORMAT!r}")
    questionnaire = _parse(str(document.get("questionnaire_yaml", "")), f"{path} questionnaire")
    slug = str(document.get("survey", ""))
    # One tuple per answer in the order of _tidy's columns (a dict per answer took several
    # times the memory), and one string object for each distinct question id, item and
    # value, which a survey of 100,000 responses repeats millions of times.
    rows: list[tuple[Any, ...]] = []
    versions: set[str] = set()
    shared: dict[str, str] = {}
    share = shared.setdefault

    extra: dict[str, dict[str, Any]] = {}
    known = {
        "response_id",
        "status",
        "language",
        "target_group",
        "collector",
        "started_at",
        "completed_at",
        "is_synthetic",
        "version",
        "answers",
    }
    for number, response in enumerate(document.get("responses") or [], start=1):
        if not isinstance(response, dict) or "response_id" not in response:
            raise LoadError(f"{path}: response #{number} has no response_id")
        rid = str(response["response_id"])
        version = str(response.get("version") or questionnaire.version)
        meta = (
            rid,
            slug,
            version,
            response.get("status"),
            response.get("language"),
            response.get("target_group"),
            response.get("collector"),
            response.get("started_at"),
            response.get("completed_at"),
            bool(response.get("is_synthetic", False)),
        )
        others = {k: v for k, v in response.items() if k not in known}
        if others:
            extra[rid] = others
        # Taken out of the document as they are read, so that its answers are freed
        # while the rows grow.
        given = response.pop("answers", None) or []
        if given:
            versions.add(version)
        for answer in given:
            qid, item, value = (
                answer.get("question_id"),
                answer.get("item") or "",
                answer.get("value"),
            )
            if type(qid) is str:
                qid = share(qid, qid)
            if type(item) is str:
                item = share(item, item)
            if type(value) is str:
                value = share(value, value)
            rows.append((*meta, qid, item, value))
    # An export carries one snapshot, so every response is read with it.
    answers = _tidy(rows, dict.fromkeys(versions, questionnaire))
    extra_frame = pd.DataFrame.from_dict(extra, orient="index")
    extra_frame.index.name = "response_id"
    return ResponseData(questionnaire, answers.reset_index(drop=True), extra_frame)


def load_theme_edits(database_url: str, survey_slug: str) -> dict[str, dict[str, Any]]:
    """Theme names and merges stored by the web app's facilitator view, per open question.

    Each value is one question's part of a ``--themes`` file (rename, merge, n_themes);
    an empty dict when nothing was stored or the database predates the table.
    """
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.select(_theme_edit.c.question_id, _theme_edit.c.payload_json)
                .join(_survey, _survey.c.id == _theme_edit.c.survey_id)
                .where(_survey.c.slug == survey_slug)
                .order_by(_theme_edit.c.question_id)
            ).all()
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):
        return {}
    finally:
        engine.dispose()
    out: dict[str, dict[str, Any]] = {}
    for question_id, payload in rows:
        try:
            edits = json.loads(payload or "{}")
        except json.JSONDecodeError:
            continue
        if isinstance(edits, dict) and edits:
            out[str(question_id)] = edits
    return out

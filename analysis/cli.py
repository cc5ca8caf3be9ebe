"""The command line: ``python -m analysis report`` and ``python -m analysis compare``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .load import LoadError, ResponseData, load_export, load_responses
from .themes_edit import ThemeEditError

LANGUAGES = ("fi", "sv", "en")


class UsageError(Exception):
    """Bad arguments; printed as one line with exit status 2."""


def _source_arguments(parser: argparse.ArgumentParser, suffix: str = "") -> None:
    parser.add_argument(f"--database-url{suffix}", metavar="URL", help="SQLAlchemy database URL")
    parser.add_argument(f"--survey{suffix}", metavar="SLUG", help="survey slug in the database")
    parser.add_argument(
        f"--input{suffix}",
        metavar="EXPORT",
        type=Path,
        help="a JSON or CSV export (CSV with its .questionnaire.yaml sidecar)",
    )


def _common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    parser.add_argument("--lang", choices=LANGUAGES, help="language of labels and report text")
    parser.add_argument(
        "--min-group-size",
        type=int,
        default=5,
        metavar="N",
        help="hide groups with fewer respondents (default 5)",
    )
    parser.add_argument(
        "--include-incomplete",
        action="store_true",
        help="also read unfinished responses (database only)",
    )
    parser.add_argument("--exclude-synthetic", action="store_true", help="leave out demo responses")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Themes of open answers and images of the region by target group.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="write the HTML report, CSV tables and charts")
    _source_arguments(report)
    _common_arguments(report)
    report.add_argument(
        "--themes",
        type=Path,
        metavar="FILE",
        help="YAML file renaming/merging themes (see themes.yaml in a report)",
    )
    report.add_argument("--n-themes", type=int, metavar="K", help="number of themes per question")
    report.add_argument("--seed", type=int, default=0, metavar="S", help="clustering seed")
    report.add_argument(
        "--weights",
        metavar="COLUMN",
        help="survey weight column added to the export (per response)",
    )
    compare = commands.add_parser(
        "compare", help="two waves of the same questionnaire side by side per group"
    )
    _source_arguments(compare, "")
    _source_arguments(compare, "-2")
    _common_arguments(compare)
    compare.add_argument(
        "--labels",
        nargs=2,
        metavar=("FIRST", "SECOND"),
        help="names of the two waves (default: the survey names)",
    )
    return parser


def _load(args: argparse.Namespace, suffix: str = "") -> ResponseData:
    url = getattr(args, f"database_url{suffix}")
    slug = getattr(args, f"survey{suffix}")
    path = getattr(args, f"input{suffix}")
    flag = suffix.replace("_", "-")
    if path is not None and (url or slug):
        raise UsageError(f"give either --input{flag} or --database-url{flag} with --survey{flag}")
    if path is not None:
        data = load_export(path)
        if args.exclude_synthetic:
            data = ResponseData(
                data.questionnaire,
                data.answers[~data.answers["is_synthetic"]].reset_index(drop=True),
                data.extra,
            )
        if not args.include_incomplete:
            done = data.answers["status"].fillna("complete") == "complete"
            data = ResponseData(
                data.questionnaire, data.answers[done].reset_index(drop=True), data.extra
            )
        return data
    if url and slug:
        return load_responses(
            url,
            slug,
            include_incomplete=args.include_incomplete,
            include_synthetic=not args.exclude_synthetic,
        )
    raise UsageError(
        f"give --input{flag} EXPORT, or --database-url{flag} URL and --survey{flag} SLUG"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.min_group_size < 1:
            raise UsageError(f"--min-group-size={args.min_group_size} must be at least 1")
        if args.command == "report":
            return _report(args)
        return _compare(args)
    except UsageError as error:
        parser.error(str(error))
    except (LoadError, ThemeEditError, ValueError, KeyError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        print(f"error: {message}", file=sys.stderr)
        return 1
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import ReportOptions, build_report

    if args.n_themes is not None and args.n_themes < 2:
        raise UsageError(f"--n-themes={args.n_themes} must be at least 2")
    data = _load(args)
    if data.answers.empty:
        raise LoadError("no answers to report on")
    themes_file = args.themes
    if themes_file is None and args.database_url and args.survey:
        themes_file = _stored_themes(args.database_url, args.survey, args.out)
    options = ReportOptions(
        lang=args.lang,
        n_themes=args.n_themes,
        seed=args.seed,
        themes_file=themes_file,
        weights=args.weights,
        min_group_size=args.min_group_size,
        progress=not args.no_progress,
    )
    result = build_report(data, args.out, options)
    print(f"report: {result.html}")
    return 0


def _stored_themes(database_url: str, slug: str, out: Path) -> Path | None:
    """Theme names given in the facilitator view, as a --themes file in ``out``."""
    import yaml

    from .load import load_theme_edits

    edits = load_theme_edits(database_url, slug)
    if not edits:
        return None
    out.mkdir(parents=True, exist_ok=True)
    path = out / "facilitator-themes.yaml"
    path.write_text(
        yaml.safe_dump({"questions": edits}, allow_unicode=True, sort_keys=True), encoding="utf-8"
    )
    print(f"theme names from the facilitator view: {path} (--themes FILE overrides)")
    return path


def _compare(args: argparse.Namespace) -> int:
    from .compare import compare_waves

    first, second = _load(args), _load(args, "_2")
    path = compare_waves(
        first,
        second,
        args.out,
        lang=args.lang,
        labels=args.labels,
        min_group_size=args.min_group_size,
    )
    print(f"comparison: {path}")
    return 0

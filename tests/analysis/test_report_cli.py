"""The command line: `python -m analysis report` and `compare` write files that open."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from PIL import Image

from analysis.cli import main
from tests.analysis.synthetic import write_export

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report_dir(export_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    command = [
        sys.executable,
        "-m",
        "analysis",
        "report",
        "--input",
        str(export_path),
        "--out",
        str(out),
        "--n-themes",
        "4",
        "--seed",
        "1",
        "--no-progress",
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert f"report: {out / 'report.html'}" in done.stdout
    return out


def test_report_writes_html_tables_charts_and_themes(report_dir: Path) -> None:
    html = (report_dir / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    # Self-contained: charts are inline, nothing is fetched from elsewhere.
    assert "<svg" in html and "data:image/png;base64," in html
    assert 'src="http' not in html and 'href="http' not in html and "@import" not in html
    assert "Lukiolainen" in html and "Paras asia alueella?" in html
    tables = sorted((report_dir / "tables").glob("*.csv"))
    assert {"respondents_by_group.csv", "best_thing_words.csv", "profile.csv"} <= {
        t.name for t in tables
    }
    for path in tables:
        assert not pd.read_csv(path).empty, path
    # Three separate words make no two-word phrases.
    assert not (report_dir / "tables" / "three_words_phrases.csv").exists()
    charts = sorted((report_dir / "charts").glob("*.png"))
    assert any(p.name.startswith("best_thing_cloud") for p in charts)
    for path in charts:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            assert min(image.size) >= 100, path
    themes = json.loads((report_dir / "themes.json").read_text(encoding="utf-8"))
    best = themes["questions"]["best_thing"]
    assert best["n_themes"] == 4
    assert [t["theme"] for t in best["themes"] if t["theme"] >= 0] == [0, 1, 2, 3]
    assert all(t["quotes"] and t["top_terms"] for t in best["themes"] if t["theme"] >= 0)


def test_renamed_and_merged_themes_are_used_on_rerun(
    report_dir: Path, export_path: Path, tmp_path: Path
) -> None:
    document = yaml.safe_load((report_dir / "themes.yaml").read_text(encoding="utf-8"))
    assert document["seed"] == 1
    edits = document["questions"]["best_thing"]
    edits["rename"] = {0: "Meri ja satama"}
    edits["merge"] = [[2, 3]]
    theme_file = tmp_path / "themes.yaml"
    theme_file.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "again"
    argv = ["report", "--input", str(export_path), "--out", str(out), "--no-progress"]
    assert main([*argv, "--themes", str(theme_file)]) == 0
    themes = json.loads((out / "themes.json").read_text(encoding="utf-8"))
    best = themes["questions"]["best_thing"]
    ids = [t["theme"] for t in best["themes"] if t["theme"] >= 0]
    assert 3 not in ids and len(ids) == 3
    assert next(t for t in best["themes"] if t["theme"] == 0)["label"] == "Meri ja satama"
    assert "Meri ja satama" in (out / "report.html").read_text(encoding="utf-8")


def test_report_bad_input_gives_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nope.json"
    assert main(["report", "--input", str(missing), "--out", str(tmp_path / "o")]) == 1
    assert "nope.json" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["report", "--input", str(broken), "--out", str(tmp_path / "o")]) == 1
    assert "not a JSON export" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--out", str(tmp_path / "o")])
    assert exit_info.value.code == 2
    assert "--input" in capsys.readouterr().err


def test_compare_sets_two_waves_side_by_side(tmp_path: Path) -> None:
    first = write_export(tmp_path / "2025.json", n=80, seed=5, year=2025)
    second = write_export(tmp_path / "2026.json", n=80, seed=6, year=2026)
    out = tmp_path / "compare"
    argv = ["compare", "--input", str(first), "--input-2", str(second), "--out", str(out)]
    assert main([*argv, "--no-progress"]) == 0
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Lukiolainen · 2025" in html and "Lukiolainen · 2026" in html
    changes = pd.read_csv(out / "tables" / "mean_changes.csv")
    assert {"question_id", "group", "mean_1", "mean_2", "change", "clear"} <= set(changes.columns)
    assert set(changes["question_id"]) >= {"recommend", "profile"}
    row = changes.iloc[0]
    assert row["change"] == pytest.approx(row["mean_2"] - row["mean_1"])


def test_report_reads_well_on_a_phone_and_a_projector(
    report_dir: Path, phone_page, projector_page, artifacts_dir: Path
) -> None:
    url = (report_dir / "report.html").as_uri()
    for name, page, width in (("phone", phone_page, 360), ("projector", projector_page, 1920)):
        requests: list[str] = []
        page.on("request", lambda request, seen=requests: seen.append(request.url))
        page.goto(url)
        assert all(r.startswith(("file:", "data:")) for r in requests), requests
        # Nothing wider than the screen: tables scroll inside their own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(artifacts_dir / f"report_{name}.png"), full_page=False)
        page.locator("#open, #image-story").first.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / f"report_{name}_themes.png"))
    phone_page.emulate_media(media="print")
    assert phone_page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "none"

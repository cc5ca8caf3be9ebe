"""Fixtures for the analysis tests: synthetic exports and their loaded data."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import ResponseData, load_export
from tests.analysis.synthetic import write_export


@pytest.fixture(scope="session")
def export_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_export(tmp_path_factory.mktemp("export") / "region.json", n=120, seed=3)


@pytest.fixture(scope="session")
def data(export_path: Path) -> ResponseData:
    return load_export(export_path)

"""Typed views of pandas frames.

pandas-stubs types a cell as the union of every scalar pandas can hold and a record's
keys as ``Hashable``. The analysis frames have string column names and known cell types,
so these helpers state that once instead of casting at every use.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pandas as pd


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts keyed by column name."""
    return cast(list[dict[str, Any]], frame.to_dict("records"))


def iter_records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Like :func:`records`, one row at a time."""
    yield from records(frame)

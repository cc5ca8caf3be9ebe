"""Writing export tables to CSV, XLSX, SPSS .sav and JSON files."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from questionnaires.texts import CANT_SAY_CODE as CANT_SAY

from .tables import Column

# A cell a spreadsheet would run as a formula (CSV injection): = + - @, and tab or
# carriage return, which some programs strip before looking at the first character.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\Z")


def is_formula_like(value: str) -> bool:
    # A plain negative number is data, not a formula; spreadsheets read it as a number.
    return value.startswith(_FORMULA_START) and not _NUMBER.match(value)


def neutralise(value: Any) -> Any:
    """Prefix formula-like text with an apostrophe, the spreadsheet convention for
    "this is text"; every other value is returned unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def write_csv(path: Path, header: list[str], rows: Iterable[dict[str, Any]]) -> None:
    # utf-8-sig: the byte-order mark makes Excel read ä, ö and emoji as UTF-8.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if row.get(h) is None else neutralise(row.get(h)) for h in header])


def write_xlsx(path: Path, sheets: list[tuple[str, list[str], list[dict[str, Any]]]]) -> None:
    """One sheet per (title, header, rows); text cells are stored as text with the
    quote prefix, so Excel shows them verbatim and never evaluates them."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title)
        sheet.freeze_panes = "B2"
        bold = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, row.get(name)) for name in header])
    workbook.save(path)


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    # XML 1.0 cannot hold most control characters; Excel's own escape keeps them
    # visible instead of failing the whole export over one pasted character.
    value = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    if not is_formula_like(value):
        # Plain text goes in as is: a cell object for each of 10k x 100 values costs
        # more than the rest of the export. (Only text starting with "=" would become a
        # formula, and that is always formula-like.)
        return value
    cell = WriteOnlyCell(sheet)
    cell.value = value
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


SPSS_RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}
SPSS_CANT_SAY = 99  # a user-missing code in SPSS; no scale in the format reaches it


def spss_names(names: list[str]) -> dict[str, str]:
    """Valid, unique SPSS variable names (letters, digits, _ .; a letter first; 64 bytes)."""
    result: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = re.sub(r"[^A-Za-z0-9_.]", "_", name)
        if not base or not base[0].isalpha():
            base = "v_" + base
        if base.upper() in SPSS_RESERVED:
            base += "_"
        base = base[:64].rstrip(".")
        candidate, n = base, 2
        while candidate.lower() in used:
            suffix = f"_{n}"
            candidate, n = base[: 64 - len(suffix)] + suffix, n + 1
        used.add(candidate.lower())
        result[name] = candidate
    return result


def write_sav(
    path: Path,
    meta_header: list[str],
    rows: list[dict[str, Any]],
    columns: list[Column],
    meta_labels: dict[str, str],
    meta_value_labels: dict[str, dict[str, str]],
) -> dict[str, str]:
    """Write the wide table with variable labels, value labels and measures; return
    the SPSS name given to each column."""
    import pandas as pd
    import pyreadstat

    from .tables import NUMERIC_TYPES

    header = meta_header + [c.name for c in columns]
    names = spss_names(header)
    frame: dict[str, Any] = {}
    labels: dict[str, str] = {}
    value_labels: dict[str, dict[Any, str]] = {}
    measures: dict[str, str] = {}
    missing: dict[str, list[Any]] = {}
    for name in meta_header:
        values = [row.get(name) for row in rows]
        if name in ("started_at", "completed_at"):
            frame[names[name]] = pd.to_datetime(pd.Series(values, dtype=object))
        elif name in ("response_id", "version", "is_synthetic"):
            frame[names[name]] = pd.Series(values, dtype="float64")
        else:
            frame[names[name]] = pd.Series(["" if v is None else v for v in values], dtype=object)
        labels[names[name]] = meta_labels.get(name, name)
        measures[names[name]] = "scale" if name in ("response_id",) else "nominal"
        if meta_value_labels.get(name):
            value_labels[names[name]] = dict(meta_value_labels[name])
    for column in columns:
        sav = names[column.name]
        values = [row.get(column.name) for row in rows]
        numeric = column.is_choice_flag or column.type in NUMERIC_TYPES
        if numeric:
            coded = [SPSS_CANT_SAY if v == CANT_SAY else v for v in values]
            if all(v is None or isinstance(v, int | float) for v in coded):
                frame[sav] = pd.Series(coded, dtype="float64")
                value_labels[sav] = {
                    (SPSS_CANT_SAY if code == CANT_SAY else float(code)): label
                    for code, label in column.value_labels.items()
                    if code == CANT_SAY or _NUMBER.match(code)
                }
                if CANT_SAY in column.value_labels:
                    missing[sav] = [SPSS_CANT_SAY]
            else:
                numeric = False
        if not numeric:
            frame[sav] = pd.Series(["" if v is None else str(v) for v in values], dtype=object)
            if column.value_labels:
                value_labels[sav] = dict(column.value_labels)
        if not value_labels.get(sav):
            value_labels.pop(sav, None)
        labels[sav] = column.label
        measures[sav] = (
            column.measure
            if column.measure in ("nominal", "ordinal", "scale")
            else ("scale" if numeric else "nominal")
        )
    pyreadstat.write_sav(
        pd.DataFrame(frame),
        str(path),
        column_labels=labels,
        variable_value_labels=value_labels,
        variable_measure=measures,
        missing_ranges={k: v for k, v in missing.items()},
    )
    return names


def write_json(path: Path, document: dict[str, Any]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(document, fh, ensure_ascii=False, indent=1)
        fh.write("\n")

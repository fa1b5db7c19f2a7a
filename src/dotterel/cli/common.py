"""Options and output shared by every command: `--db` and `--format` mean the same everywhere."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["Format", "FormatOption", "DbOption", "emit", "render"]


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format: table, json (one object per line) or csv.")
]
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file that holds the events.")]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def render(rows: Sequence[dict[str, Any]], fmt: Format | str, columns: Sequence[str] | None = None) -> str:
    """Render rows as a table, JSON lines or CSV. Columns default to the first row's keys."""
    fmt = Format(fmt)
    if fmt is Format.json:
        return "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt is Format.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in cols])
        return buf.getvalue()
    if not rows:
        return "(no rows)\n"
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    widths = [min(max(len(c), *(len(row[i]) for row in cells)), 60) for i, c in enumerate(cols)]

    def line(values: Iterable[str]) -> str:
        return "  ".join(v[:w].ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(cols), line("-" * w for w in widths)]
    out.extend(line(row) for row in cells)
    return "\n".join(out) + "\n"


def emit(rows: Sequence[dict[str, Any]], fmt: Format | str, columns: Sequence[str] | None = None) -> None:
    """Write rows to stdout in the chosen format."""
    sys.stdout.write(render(rows, fmt, columns))

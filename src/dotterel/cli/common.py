"""Options and output shared by every command: `--db` and `--format` mean the same everywhere."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from dotterel.clean.calendar import EARLIEST, LATEST
from dotterel.clean.text import printable
from dotterel.errors import UserError

if TYPE_CHECKING:
    from dotterel.ingest import FieldMap

__all__ = [
    "Format", "FormatOption", "DbOption", "FieldOption", "ForceOption", "parse_fields", "emit", "render", "parse_date_option",
    "check_date_range", "check_fraction", "check_positive", "MIN_DATE", "MAX_DATE", "printable",
]


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format: table, json (one object per line) or csv.")
]
DbOption = Annotated[Path, typer.Option("--db", help="DuckDB file that holds the events.")]
FieldOption = Annotated[
    Optional[list[str]],
    typer.Option("--field", help="Field names for JSON/CSV records, e.g. text=body or published=meta.date,date."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]

#: Dates outside this range are typing mistakes, not news (and break date arithmetic).
MIN_DATE = EARLIEST
MAX_DATE = LATEST


def parse_fields(field: list[str] | None) -> FieldMap:
    """--field NAME=FIELD[,FIELD...] options as a FieldMap; a UserError when malformed."""
    from dotterel.errors import InputError
    from dotterel.ingest import FieldMap

    specs = dict(f.split("=", 1) for f in field or [] if "=" in f)
    if field and len(specs) != len(field):
        raise UserError("--field takes NAME=FIELD[,FIELD...], e.g. --field text=body")
    try:
        return FieldMap.parse(specs)
    except InputError as exc:
        raise UserError(exc.message) from exc


def parse_date_option(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value within MIN_DATE..MAX_DATE; a UserError otherwise."""
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise UserError(f"{option} expects a date as YYYY-MM-DD, got {value!r}.") from exc
    if not MIN_DATE <= day <= MAX_DATE:
        raise UserError(f"{option} {value} is outside {MIN_DATE.year}-{MAX_DATE.year}: a typing mistake?")
    return day


def check_date_range(since: dt.date | None, until: dt.date | None) -> None:
    """--since after --until selects nothing: say so instead of printing an empty result."""
    if since and until and since > until:
        raise UserError(f"--since {since} is after --until {until}: swap them.")


def check_fraction(value: float | None, option: str) -> None:
    """A confidence-like option: a number from 0 to 1 (NaN is refused: it compares false with everything)."""
    if value is not None and (math.isnan(value) or not 0.0 <= value <= 1.0):
        raise UserError(f"{option} must be a number from 0 to 1, got {value}.")


def check_positive(value: int | None, option: str) -> None:
    """A count option (--workers, --limit): 1 or more."""
    if value is not None and value < 1:
        raise UserError(f"{option} must be 1 or more, got {value}.")


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


# DEL and C1 controls, which json.dumps leaves raw (0x9b acts as an escape on some terminals).
_JSON_UNSAFE = {c: f"\\u{c:04x}" for c in range(0x7f, 0xa0)}


def _table(cols: Sequence[str], cells: list[list[str]]) -> str:
    """A table drawn by rich. Long cells wrap (never cut); on a terminal the table fits its width,
    elsewhere (a file, a pipe) each column is as wide as its widest cell."""
    import shutil

    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="")
    for col in cols:
        table.add_column(Text(col), overflow="fold")
    for row in cells:
        table.add_row(*(Text(v) for v in row))  # Text: "[x]" in a title is not rich markup
    if sys.stdout.isatty():
        width = shutil.get_terminal_size().columns
    else:
        width = sum(max([len(c), *(len(line) for row in cells for line in row[i].splitlines() or [""])])
                    for i, c in enumerate(cols)) + 3 * len(cols) + 2
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, force_terminal=False, highlight=False,
            emoji=False, markup=False).print(table)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def render(rows: Sequence[dict[str, Any]], fmt: Format | str, columns: Sequence[str] | None = None) -> str:
    """Render rows as a table, JSON lines or CSV. Columns default to the first row's keys.

    Whatever the rows hold, the output holds no control character or escape sequence a terminal
    would act on (tab and newline stay in CSV cells and JSON strings, escaped in JSON).
    """
    fmt = Format(fmt)
    if fmt is Format.json:
        return "".join(printable(json.dumps(r, ensure_ascii=False, default=str)).translate(_JSON_UNSAFE) + "\n"
                       for r in rows)
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt is Format.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for r in rows:
            writer.writerow([printable(_cell(r.get(c))) for c in cols])
        return buf.getvalue()
    if not rows:
        return "(no rows)\n"
    cells = [[" ".join(printable(_cell(r.get(c))).split()) for c in cols] for r in rows]
    return _table(cols, cells)


def emit(rows: Sequence[dict[str, Any]], fmt: Format | str, columns: Sequence[str] | None = None) -> None:
    """Write rows to stdout in the chosen format."""
    sys.stdout.write(render(rows, fmt, columns))

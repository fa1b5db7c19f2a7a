"""`dotterel geoparse "TEXT"`: show the place names in a text and what they resolve to."""

from __future__ import annotations

from typing import Annotated

import typer

from dotterel.cli.common import Format, FormatOption, emit

__all__ = ["register", "geoparse"]

COLUMNS = ["text", "start", "end", "name", "geonameid", "country", "admin1", "feature", "lat", "lon"]


def geoparse(text: str, fmt: Format = Format.table) -> None:
    """Print the toponyms of TEXT with their GeoNames resolution."""
    from dotterel.where import geoparse as find

    rows = []
    for top in find(text):
        place = top.place
        rows.append({
            "text": top.text, "start": top.start, "end": top.end,
            "name": place.name if place else None, "geonameid": place.geonameid if place else None,
            "country": place.country if place else None, "admin1": place.admin1 if place else None,
            "feature": place.feature if place else None,
            "lat": place.lat if place else None, "lon": place.lon if place else None,
        })
    emit(rows, fmt, COLUMNS)


def register(app: typer.Typer) -> None:
    """Add the `geoparse` command to `app`."""

    @app.command("geoparse")
    def geoparse_command(
        text: Annotated[str, typer.Argument(help="Text to geoparse (quote it).")],
        fmt: FormatOption = Format.table,
    ) -> None:
        """Find place names in TEXT and resolve them to GeoNames entries (offline)."""
        geoparse(text, fmt)

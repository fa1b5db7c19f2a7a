"""`dotterel judge sample` and `dotterel judge count`: hand-judging coded events (dotterel.evaluate.judging)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from dotterel.errors import DotterelError

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the judge commands to `app`."""
    judge = typer.Typer(help="Judge a random sample of coded events by hand.", no_args_is_help=True)
    app.add_typer(judge, name="judge")

    @judge.command("sample")
    def sample(
        db: Annotated[Path, typer.Argument(help="Events database to draw from.")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Judging sheet to write (CSV).")],
        n: Annotated[int, typer.Option("--n", min=1, help="Events to draw.")] = 40,
        seed: Annotated[int, typer.Option("--seed", help="Seed: the same database, n and seed give the same sample.")] = 11,
        min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0)] = 0.0,
    ) -> None:
        """Draw a seeded random sample of events into a sheet with an empty verdict column."""
        from dotterel.evaluate.judging import write_sheet
        from dotterel.store import open_store

        if not db.exists():
            raise typer.BadParameter(f"no such database: {db}")
        try:
            with open_store(db, read_only=True) as store:
                rows = store.sample_events(n, seed, min_confidence)
            written = write_sheet(rows, out)
        except DotterelError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"{written} events written to {out}; fill the verdict column with RIGHT, PARTLY or WRONG", err=True)

    @judge.command("count")
    def count(
        sheet: Annotated[Path, typer.Argument(help="A filled judging sheet.")],
    ) -> None:
        """Read a filled sheet back: verdict counts overall and per confidence bin (JSON)."""
        from dotterel.evaluate.judging import count_sheet

        try:
            result = count_sheet(sheet)
        except DotterelError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        typer.echo(json.dumps(result, indent=2))

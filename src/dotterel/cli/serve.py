"""`dotterel serve`: a thin wrapper that runs the read-only API and dashboard with uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dotterel.cli.common import DbOption
from dotterel.errors import StoreError, UserError

__all__ = ["register", "serve"]


def serve(
    db: DbOption = Path("events.duckdb"),
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 keeps it on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> int:
    """Serve the JSON API (/api, /openapi.json) and the dashboard (/) over the database, read-only."""
    try:
        import uvicorn

        from dotterel.serve.app import create_app
    except ImportError as exc:
        raise UserError(f"dotterel serve needs {exc.name}: pip install 'dotterel[serve]'.") from exc
    from dotterel.store.database import Store

    if not db.exists():
        raise UserError(f"No database at {db}. Create one with `dotterel code INPUT --db {db}`.")
    try:
        Store(db, read_only=True).close()  # a wrong schema fails here, before the server starts
    except StoreError as exc:
        if "lock" not in str(exc).lower():
            raise
        typer.echo(f"note: {db} is being written by another process; the API answers 503 until it ends.", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"note: listening on {host}: anyone who can reach this machine can read {db}.", err=True)
    typer.echo(f"dotterel: serving {db} read-only at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
    return 0


def register(app: typer.Typer) -> None:
    """Add `serve` to `app`."""
    app.command("serve")(serve)

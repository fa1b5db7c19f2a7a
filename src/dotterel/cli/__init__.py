"""The `dotterel` command line: thin wrappers over library functions.

Exit codes: 0 all good; 1 user error (one-line message, no traceback); 2 some articles failed
(each one recorded in the `failures` table).
"""

from __future__ import annotations

import sys

import click
import typer

from dotterel import __version__
from dotterel.errors import DotterelError

__all__ = ["app", "main"]

app = typer.Typer(
    name="dotterel",
    help="English news in, political event data (PLOVER, CAMEO) out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dotterel {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """English news in, political event data (PLOVER, CAMEO) out."""


def _register_all() -> None:
    # Explicit, not by import side effects: each module adds its own commands.
    from dotterel.cli import actors, coding, evaluate, events_cli, geo, ingest, judge

    for module in (coding, ingest, actors, events_cli, geo, evaluate, judge):
        module.register(app)


_register_all()


def main(argv: list[str] | None = None) -> None:
    """Entry point: turns errors into one-line messages and the documented exit codes."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="dotterel", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(1)
    except DotterelError as exc:
        click.echo(f"dotterel: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)

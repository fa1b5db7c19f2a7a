"""The `dotterel` command line: thin wrappers over library functions.

Exit codes: 0 all good; 1 user error (one-line message, no traceback); 2 some articles failed
(each one recorded in the `failures` table).
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback

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
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an error (also DOTTEREL_DEBUG=1)."),
) -> None:
    """English news in, political event data (PLOVER, CAMEO) out."""


def _register_all() -> None:
    # Explicit, not by import side effects: each module adds its own commands.
    from dotterel.cli import actors, analyst, coding, evaluate, events_cli, geo, ingest, judge, serve

    for module in (coding, analyst, ingest, actors, events_cli, geo, evaluate, judge, serve):
        module.register(app)


_register_all()


def _classes(name: str) -> tuple[type, ...]:
    """`name` from every click the installed typer may use.

    typer up to 0.28 uses the click package; 0.29 bundles its own copy (typer._click) and keeps
    Exit and Abort in typer.exceptions. Catching one copy's classes misses the other's, and a
    usage error then escapes as a traceback.
    """
    found: list[type] = []
    for module_name in ("typer._click.exceptions", "typer.exceptions", "click.exceptions"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        cls = getattr(module, name, None)
        if isinstance(cls, type) and cls not in found:
            found.append(cls)
    return tuple(found)


_USAGE_ERRORS = _classes("ClickException")
_EXITS = _classes("Exit")
_ABORTS = _classes("Abort")


def _one_line(text: str) -> str:
    from dotterel.clean.text import printable

    return " ".join(printable(text).split())


def _fail(message: str, debug: bool) -> None:
    if debug:
        traceback.print_exc()
    sys.stderr.write(f"dotterel: error: {_one_line(message)}\n")
    sys.stderr.flush()
    sys.exit(1)


def main(argv: list[str] | None = None) -> None:
    """Entry point, and the CLI's one error path: every user error (argument parsing included)
    is one line on stderr and exit 1; `--debug` (anywhere on the line) shows the traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("DOTTEREL_DEBUG", "") not in ("", "0")
    args = [a for a in args if a != "--debug"]
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="dotterel", standalone_mode=False)
    except _EXITS as exc:
        sys.exit(getattr(exc, "exit_code", 0))
    except _ABORTS:
        _fail("aborted.", debug)
    except _USAGE_ERRORS as exc:
        context = getattr(exc, "ctx", None)
        hint = f" (see `{context.command_path} --help`)" if context is not None else ""
        _fail(f"{exc.format_message()}{hint}", debug)
    except DotterelError as exc:
        _fail(str(exc), debug)
    except KeyboardInterrupt:
        _fail("interrupted; what was written so far is kept, and a re-run resumes.", debug)
    except BrokenPipeError:
        # `dotterel events | head`: the reader left; not an error of ours.
        sys.stderr.close()
        sys.exit(0)
    except OSError as exc:  # a full disk, a read-only folder: the cause, not a traceback
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        _fail(f"{exc.strerror or exc}{where}", debug)
    except Exception as exc:
        if debug:
            raise
        _fail(f"unexpected {type(exc).__name__}: {exc}. This is a bug: re-run with --debug and report "
              "the traceback.", debug)
    sys.exit(result if isinstance(result, int) else 0)

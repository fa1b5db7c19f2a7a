"""`dotterel actors resolve|search`: inspect what the actor knowledge base makes of a text or name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from dotterel.cli.common import FormatOption, Format, emit
from dotterel.errors import DotterelError, UserError

__all__ = ["register", "resolve", "search", "import_petrarch", "import_wikidata"]

KbOption = Annotated[
    list[Path] | None,
    typer.Option("--kb", help="Extra KB CSV file merged over the bundled KB (repeatable)."),
]


def _load(kb_files: list[Path] | None):
    from dotterel.actors import KnowledgeBase

    return KnowledgeBase.load(extra=kb_files or [])


def resolve(text: str, date: dt.date | None = None, kb_files: list[Path] | None = None) -> list[dict[str, Any]]:
    """One row per actor of each mention found in `text`, valid on `date` (today when None)."""
    from dotterel.actors import ActorResolver

    resolver = ActorResolver(_load(kb_files))
    rows = []
    for m in resolver.mentions(text, date):
        for a in m.actors or (None,):
            rows.append({"text": m.text, "start": m.start, "end": m.end, "via": m.via,
                         "name": a.name if a else None, "country": a.country if a else None,
                         "sector": a.sector if a else None, "cameo": a.cameo if a else None,
                         "kind": a.kind if a else None, "kb_id": a.kb_id if a else None})
    return rows


def search(name: str, kb_files: list[Path] | None = None) -> list[dict[str, Any]]:
    """KB entries whose name or alias matches `name`, with their dated roles."""
    rows = []
    for e in _load(kb_files).search(name):
        roles = [f"{r.title} {r.org} {r.start or '…'}..{r.end or '…'}" for r in e.roles]
        rows.append({"kb_id": e.kb_id, "kind": e.kind, "name": e.name, "country": e.country,
                     "sector": e.sector, "cameo": e.cameo, "aliases": list(e.aliases), "roles": roles})
    return rows


def import_petrarch(dictionary: Path, out: Path, agents: bool = False) -> list[dict[str, Any]]:
    """Convert a PETRARCH actors (or, with `agents`, agents) dictionary into KB CSV files in `out`."""
    from dotterel.actors.importers import import_petrarch_actors, import_petrarch_agents

    if agents:
        out.mkdir(parents=True, exist_ok=True)
        return [{"file": str(out / "sectors.csv"), "terms": import_petrarch_agents(dictionary, out / "sectors.csv")}]
    counts = import_petrarch_actors(dictionary, out)
    return [{"file": str(out / "roles.csv"), **counts}, {"file": str(out / "groups.csv")}]


def import_wikidata(dump: Path, out: Path) -> list[dict[str, Any]]:
    """Build a roles CSV from a Wikidata JSON dump (plain or .gz), streaming."""
    from dotterel.actors.importers import import_wikidata as run

    return [{"file": str(out), **run(dump, out)}]


def register(app: typer.Typer) -> None:
    """Add the `actors` command group to `app`."""
    actors = typer.Typer(help="Resolve actor mentions and inspect the actor knowledge base.",
                         no_args_is_help=True)

    @actors.command("resolve")
    def resolve_command(
        text: Annotated[str, typer.Argument(help="Text to resolve, e.g. \"Turkey's foreign minister\".")],
        date: Annotated[str | None, typer.Option("--date", help="Date the roles must hold (YYYY-MM-DD); default today.")] = None,
        fmt: FormatOption = Format.table,
        kb: KbOption = None,
    ) -> None:
        """Show the actors a text mentions, valid on --date."""
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError:
            _fail(UserError(f"--date {date!r} is not a date; write YYYY-MM-DD"))
        try:
            emit(resolve(text, day, kb), fmt)
        except DotterelError as exc:
            _fail(exc)

    @actors.command("search")
    def search_command(
        name: Annotated[str, typer.Argument(help="Name or alias to look up.")],
        fmt: FormatOption = Format.table,
        kb: KbOption = None,
    ) -> None:
        """Look a name up in the KB and show its entries and dated roles."""
        try:
            emit(search(name, kb), fmt)
        except DotterelError as exc:
            _fail(exc)

    @actors.command("import-petrarch")
    def import_petrarch_command(
        dictionary: Annotated[Path, typer.Argument(help="PETRARCH/TABARI .actors or .agents file.")],
        out: Annotated[Path, typer.Argument(help="Directory for the KB CSV files.")],
        agents: Annotated[bool, typer.Option("--agents", help="The file is an agents dictionary.")] = False,
        fmt: FormatOption = Format.table,
    ) -> None:
        """Convert a PETRARCH dictionary into KB files for --kb."""
        try:
            emit(import_petrarch(dictionary, out, agents), fmt)
        except DotterelError as exc:
            _fail(exc)

    @actors.command("import-wikidata")
    def import_wikidata_command(
        dump: Annotated[Path, typer.Argument(help="Wikidata JSON dump (.json or .json.gz).")],
        out: Annotated[Path, typer.Argument(help="roles CSV to write.")],
        fmt: FormatOption = Format.table,
    ) -> None:
        """Build a roles KB file from a Wikidata dump, streaming."""
        try:
            emit(import_wikidata(dump, out), fmt)
        except DotterelError as exc:
            _fail(exc)

    app.add_typer(actors, name="actors")


def _fail(exc: DotterelError) -> None:
    typer.echo(str(exc), err=True)
    raise typer.Exit(1)

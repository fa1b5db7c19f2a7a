"""`dotterel eval`, `dotterel bench` and `dotterel report`: thin wrappers over dotterel.evaluate."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from dotterel.errors import DotterelError

__all__ = ["register"]


class EvalFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


_Format = Annotated[
    EvalFormat,
    typer.Option("--format", "-f", help="table, json (the stable contract), markdown, or csv (summary rows)."),
]
_Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Also write the JSON result to this file.")]


def _fail(exc: DotterelError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1)


def _write_json(result: dict, output: Path | None) -> None:
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def register(app: typer.Typer) -> None:
    """Add the eval, bench, report and train-decider commands to `app`."""
    register_training(app)

    @app.command("eval")
    def eval_(
        gold: Annotated[Path, typer.Argument(help="Gold file or folder; the format is detected.")],
        fmt: _Format = EvalFormat.table,
        model: Annotated[Optional[Path], typer.Option("--model", help="Event model folder to evaluate.")] = None,
        dictionaries: Annotated[
            Optional[Path], typer.Option("--dictionaries", help="PETRARCH dictionary folder of the record set.")
        ] = None,
        limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Score only the first N items.")] = None,
        errors: Annotated[
            int, typer.Option("--errors", min=0, help="Also list the first N wrongly coded items.")
        ] = 0,
        output: _Output = None,
        decider: Annotated[
            Optional[str], typer.Option("--decider", help="The learned layer: default, off (rules alone), or a folder from train-decider.")
        ] = None,
        baseline: Annotated[
            Optional[Path], typer.Option("--baseline", help="Fail (exit 1) if a score is below its minimum here.")
        ] = None,
        update_baseline: Annotated[
            bool, typer.Option("--update-baseline", help="Write this run's scores as the new minimums.")
        ] = False,
        allow_lower: Annotated[
            bool, typer.Option("--allow-lower", help="With --update-baseline: allow minimums to go down.")
        ] = False,
    ) -> None:
        """Score dotterel against gold data: per slot P/R/F1, per class, confusion, end to end."""
        from dotterel.evaluate import evaluate
        from dotterel.evaluate.baseline import check_baseline, update_baseline as write_baseline
        from dotterel.evaluate.report import render_eval, summary_rows

        if update_baseline and baseline is None:
            raise typer.BadParameter("--update-baseline needs --baseline FILE")
        try:
            result = evaluate(gold, model_dir=model, dictionaries=dictionaries, limit=limit, errors=errors, decider=decider)
            _write_json(result, output)
            if fmt is EvalFormat.csv:
                from dotterel.cli.common import render

                sys.stdout.write(render(summary_rows(result), "csv"))
            else:
                sys.stdout.write(render_eval(result, fmt.value))
            if baseline is not None and update_baseline:
                write_baseline(result, baseline, gold=gold, allow_lower=allow_lower)
                typer.echo(f"baseline written: {baseline}", err=True)
            elif baseline is not None:
                failures = check_baseline(result, baseline, gold=gold)
                if failures:
                    for f in failures:
                        typer.echo(f"below baseline: {f}", err=True)
                    raise typer.Exit(1)
                typer.echo(f"baseline ok: {baseline}", err=True)
        except DotterelError as exc:
            _fail(exc)

    @app.command("bench")
    def bench_(
        corpus: Annotated[Path, typer.Argument(help="Corpus folder (one article per file) or file.")],
        workers: Annotated[str, typer.Option("--workers", help="Worker counts to run, comma-separated.")] = "1,2",
        limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Use only the first N files.")] = None,
        fmt: _Format = EvalFormat.table,
        output: _Output = None,
    ) -> None:
        """Time `dotterel code` on a corpus: articles/s, words/s, events/s, per stage, peak RSS."""
        from dotterel.evaluate.benchmark import bench
        from dotterel.evaluate.report import render_bench

        try:
            counts = [int(w) for w in workers.split(",") if w.strip()]
        except ValueError:
            raise typer.BadParameter("--workers takes numbers separated by commas, e.g. 1,2") from None
        try:
            result = bench(corpus, counts, limit)
        except DotterelError as exc:
            _fail(exc)
        _write_json(result, output)
        sys.stdout.write(render_bench(result, "markdown" if fmt is EvalFormat.markdown else fmt.value))

    @app.command("report")
    def report_(
        results: Annotated[Path, typer.Option("--results", help="Folder of eval/bench JSON results.")] = Path(
            "bench/results"
        ),
        readme: Annotated[Path, typer.Option("--readme", help="README to update between the accuracy markers.")] = Path(
            "README.md"
        ),
    ) -> None:
        """Regenerate the README section "Accuracy and speed" from saved results."""
        from dotterel.evaluate.report import report

        try:
            report(results, readme)
        except DotterelError as exc:
            _fail(exc)
        typer.echo(f"updated {readme}", err=True)


def register_training(app: typer.Typer) -> None:
    """Add `train-decider` to `app`."""

    @app.command("train-decider")
    def train_decider_(
        gold: Annotated[list[Path], typer.Argument(help="PLOVER JSONL gold with eventText and actorText (e.g. tests/gold/realnews/train.jsonl).")],
        out: Annotated[Path, typer.Option("--out", "-o", help="Model folder to write (decider.json, decider.npz).")],
        dev: Annotated[
            Optional[Path], typer.Option("--dev", help="Gold to choose the event threshold and fit the confidence table on.")
        ] = None,
    ) -> None:
        """Train the learned layer (event or not, type, source/target of every mention) on your annotations."""
        from dotterel.decide.training import train_decider
        from dotterel.evaluate import read_gold

        try:
            report = train_decider([read_gold(g) for g in gold], read_gold(dev) if dev else None, out)
        except DotterelError as exc:
            _fail(exc)
        report.pop("thresholds", None)
        typer.echo(json.dumps(report, indent=1))
        typer.echo(f"decider written to {out}; use it with `dotterel code ... --decider {out}`", err=True)

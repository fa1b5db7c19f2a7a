"""`dotterel classify` and `dotterel train`: thin wrappers over `dotterel.events`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from dotterel.cli.common import Format, FormatOption, emit
from dotterel.errors import DotterelError

__all__ = ["register", "classify", "train"]

ModelOption = Annotated[
    Optional[Path], typer.Option("--model", help="Model directory written by `dotterel train` (default: lexicon only).")
]


def classify(
    text: Annotated[str, typer.Argument(help='Sentence with "<s>source</s>" and "<t>target</t>" marked.')],
    model: ModelOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Type the relation between the marked source and target (PLOVER, CAMEO, Goldstein, quad)."""
    from dotterel import events

    try:
        result = events.classify(text, model_dir=model)
    except DotterelError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    emit([result.as_row()], fmt)


def train(
    gold: Annotated[Path, typer.Argument(help="Gold file: plv_train.tsv layout (TSV/CSV) or PLOVER JSONL.")],
    out: Annotated[Path, typer.Option("--out", help="Directory to write the model to.")],
    finetune: Annotated[
        bool,
        typer.Option("--finetune/--no-finetune", help="Also fine-tune MiniLM (needs torch==2.13.0; better; tens of minutes for 1,000 sentences on 2 cores)."),
    ] = True,
    fmt: FormatOption = Format.table,
) -> None:
    """Train the supervised event classifier on your annotations (CPU; see --no-finetune)."""
    from dotterel.events.training import train as train_model

    try:
        report = train_model(gold, out, finetune=finetune)
    except DotterelError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    emit(
        [
            {
                "examples": report.examples,
                "classes": len(report.classes),
                "train_accuracy": report.train_accuracy,
                "seconds": report.seconds,
                "model": str(report.out_dir),
            }
        ],
        fmt,
    )


def register(app: typer.Typer) -> None:
    """Add the event-stage commands to `app`."""
    app.command("classify")(classify)
    app.command("train")(train)

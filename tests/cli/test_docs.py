"""Every command the CLI offers is documented in the README's command table."""

from pathlib import Path

import typer

from dotterel.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"


def command_names(typer_app, prefix=""):
    command = typer.main.get_command(typer_app)
    for name, sub in command.commands.items():
        if hasattr(sub, "commands"):
            for sub_name in sub.commands:
                yield f"{prefix}{name} {sub_name}"
        else:
            yield f"{prefix}{name}"


def test_every_command_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("<!-- commands:start -->") : text.index("<!-- commands:end -->")]
    missing = [n for n in command_names(app) if f"`dotterel {n}" not in section]
    assert missing == []

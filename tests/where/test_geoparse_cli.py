import json

import typer
from typer.testing import CliRunner

from dotterel.cli.geo import register


def make_app():
    app = typer.Typer()
    register(app)

    @app.command()
    def noop() -> None:  # a second command keeps Typer in multi-command mode
        pass

    return app


def test_geoparse_prints_resolved_places_as_json(nlp, gaz):
    result = CliRunner().invoke(make_app(), ["geoparse", "Flights from Lima to Quito resumed.", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {r["country"] for r in rows} == {"PER", "ECU"}
    assert all(r["geonameid"] for r in rows)


def test_geoparse_table_has_a_header(nlp, gaz):
    result = CliRunner().invoke(make_app(), ["geoparse", "Rain in Oslo."])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split()[:3] == ["text", "start", "end"]

"""Every dependency has a lower and an upper bound, and the tests run against versions inside them
(issue 17: an unbounded install pulled typer 0.29 and duckdb 2.0 untested)."""

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def requirements(extras=False):
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    out = [Requirement(r) for r in project["dependencies"]]
    if extras:
        out += [Requirement(r) for reqs in project["optional-dependencies"].values() for r in reqs]
    return out


@pytest.mark.parametrize("req", requirements(extras=True), ids=str)
def test_every_dependency_is_bounded_both_ways(req):
    ops = {s.operator for s in req.specifier}
    assert "==" in ops or ({">=", ">"} & ops and {"<", "<="} & ops), f"{req} needs a lower and an upper bound"


@pytest.mark.parametrize("req", requirements(), ids=str)
def test_the_installed_version_is_inside_the_bounds(req):
    try:
        installed = version(req.name)
    except PackageNotFoundError:
        pytest.fail(f"{req.name} is a dependency but is not installed")
    assert req.specifier.contains(installed.split("+")[0], prereleases=True), f"{req.name} {installed} not in {req}"

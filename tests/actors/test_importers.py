"""Importers turn PETRARCH dictionaries and Wikidata dumps into KB files the resolver uses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dotterel.actors import ActorResolver, KnowledgeBase
from dotterel.actors.importers import import_petrarch_actors, import_petrarch_agents, import_wikidata
from dotterel.errors import KBError

FIXTURES = Path(__file__).parent / "fixtures"


def test_petrarch_actor_dates_become_roles(tmp_path):
    counts = import_petrarch_actors(FIXTURES / "petr_actors.txt", tmp_path)
    assert counts == {"people": 1, "roles": 2, "entities": 2}
    kb = KnowledgeBase.load(extra=[tmp_path / "roles.csv", tmp_path / "groups.csv"])
    firefly = kb.entries["PETR-RUFUS-T-FIREFLY"]
    assert [(r.sector, r.start, r.end) for r in firefly.roles] == [
        ("GOV", dt.date(1933, 1, 1), dt.date(1933, 12, 31)), ("ELI", dt.date(1934, 1, 1), None)]
    resolver = ActorResolver(kb)
    assert resolver.resolve("Firefly spoke.", dt.date(1933, 6, 1))[0].cameo == "FRDGOV"
    assert resolver.resolve("Firefly spoke.", dt.date(1950, 6, 1))[0].sector == "ELI"
    assert resolver.resolve("The Happy Valley Front struck.")[0].sector == "REB"


def test_petrarch_agents_become_sector_terms(tmp_path):
    out = tmp_path / "sectors.csv"
    assert import_petrarch_agents(FIXTURES / "petr_agents.txt", out) == 2
    kb = KnowledgeBase.load(extra=[out])
    assert kb.sectors[("harbour", "master")].sector == "GOV"
    assert kb.sectors[("constabulary",)].kind == "body"


def test_bad_petrarch_date_names_the_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("JOHN_DOE_\n\t[USAGOV 99999999-]\n")
    with pytest.raises(KBError, match="line 1.*bad date"):
        import_petrarch_actors(bad, tmp_path / "out")


def test_wikidata_dump_positions_with_dates(tmp_path):
    out = tmp_path / "wd.csv"
    assert import_wikidata(FIXTURES / "wikidata.json", out) == {"people": 1, "roles": 1}
    kb = KnowledgeBase.load(extra=[out])
    person = kb.entries["WD-Q902"]
    role = person.roles[0]
    assert (role.org, role.title, role.start, role.end) == ("PER", "foreign minister", dt.date(2019, 3, 1),
                                                           dt.date(2022, 7, 31))
    (actor,) = ActorResolver(kb).resolve("Hilda Marsh arrived.", dt.date(2020, 1, 1))
    assert (actor.country, actor.sector) == ("PER", "GOV")


def test_wikidata_rejects_non_json(tmp_path):
    bad = tmp_path / "dump.json"
    bad.write_text("[\nnot json\n]\n")
    with pytest.raises(KBError, match="line 2"):
        import_wikidata(bad, tmp_path / "x.csv")

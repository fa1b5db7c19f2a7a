"""Prototype sentences: the package data loads, covers every type, and types trigger-less sentences."""

from __future__ import annotations

import pytest

from dotterel.errors import KBError
from dotterel.events.embedding import Prototypes, available
from dotterel.model import PLOVER_TYPES


def test_every_plover_type_has_a_dozen_examples():
    prototypes = Prototypes()
    assert set(prototypes.types) == set(PLOVER_TYPES)
    counts = {t: prototypes._owners.count(t) for t in PLOVER_TYPES}
    assert min(counts.values()) >= 12, counts


def test_a_prototype_file_without_its_format_line_is_refused(tmp_path):
    bad = tmp_path / "prototypes.tsv"
    bad.write_text("plover\tsentence\nASSAULT\tX shelled Y.\n", encoding="utf-8")
    with pytest.raises(KBError, match="format"):
        Prototypes(bad)


def test_an_unknown_type_names_the_line(tmp_path):
    bad = tmp_path / "prototypes.tsv"
    bad.write_text("# prototypes, format 1\nplover\tsentence\nSMASH\tX shelled Y.\n", encoding="utf-8")
    with pytest.raises(KBError, match="prototypes.tsv:3"):
        Prototypes(bad)


@pytest.mark.skipif(not available(), reason="embedding packages not installed")
def test_a_sentence_no_trigger_reaches_is_typed_by_the_nearest_examples(coder):
    # No lexicon word here: the example sentences carry it.
    result = coder.classify("<s>Striking dockers</s> waved placards outside the offices of <t>the port authority</t>.")
    assert result.trigger is None and result.via == "description"
    assert result.plover_type == "PROTEST", result.as_row()

"""The package data: lexicon and CAMEO table load, agree with each other, and fail loudly."""

from __future__ import annotations

import pytest

from dotterel.errors import KBError
from dotterel.events.lexicon import DEFAULT_CAMEO, Lexicon
from dotterel.model import PLOVER_TYPES


def test_standard_goldstein_values_and_quads():
    lexicon = Lexicon()
    assert lexicon.code("190").goldstein == -10.0
    assert lexicon.code("042").goldstein == 1.9
    assert lexicon.code("173").quad == 4 and lexicon.code("112").quad == 3
    assert lexicon.code("0231").code == "020"  # unknown 4-digit code falls back to its root


def test_every_plover_type_has_triggers_and_a_default_code():
    lexicon = Lexicon()
    covered = {e.plover for e in lexicon.entries}
    assert covered == set(PLOVER_TYPES)
    assert all(code in lexicon.cameo for code in DEFAULT_CAMEO.values())


def test_a_bad_lexicon_line_names_the_line(tmp_path):
    bad = tmp_path / "lexicon.tsv"
    bad.write_text("kind\ttrigger\tplover\tcameo\tmode\twhen\nverb\tattack\tSMASH\t190\n", encoding="utf-8")
    with pytest.raises(KBError, match="lexicon.tsv:2"):
        Lexicon(lexicon_path=bad)


def test_a_code_missing_from_the_table_is_refused(tmp_path):
    bad = tmp_path / "lexicon.tsv"
    bad.write_text("verb\tattack\tASSAULT\t999\n", encoding="utf-8")
    with pytest.raises(KBError, match="999"):
        Lexicon(lexicon_path=bad)


def test_a_condition_in_the_mode_column_is_refused(tmp_path):
    # One tab too few would turn "cut ties" into "cut" anything.
    bad = tmp_path / "lexicon.tsv"
    bad.write_text("verb\tcut\tSANCTION\t161\tobj=tie\n", encoding="utf-8")
    with pytest.raises(KBError, match="when"):
        Lexicon(lexicon_path=bad)


def test_conditional_verbs_need_their_object(coder):
    assert coder.classify("<s>Chile</s> cut ties with <t>Peru</t>.").plover_type == "SANCTION"
    assert coder.classify("<s>Chile</s> cut the budget of <t>the navy</t>.").trigger is None


def test_a_light_verb_passes_the_prefilter_only_with_its_object():
    lexicon = Lexicon()
    assert lexicon.may_hold_event("Thousands took to the streets of the capital.")
    assert not lexicon.may_hold_event("She took a long holiday in the mountains.")
    assert lexicon.may_hold_event("Farmers are taking to the streets again.")

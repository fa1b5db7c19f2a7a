"""The knowledge base: bundled coverage, user files, and what happens with bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from dotterel.actors import KnowledgeBase
from dotterel.errors import KBError


def test_bundled_coverage(kb):
    counts = kb.counts()
    assert counts["state"] >= 197  # 193 UN members + 2 observers + Kosovo, Taiwan, Western Sahara
    assert counts["igo"] >= 60
    assert counts["group"] >= 150
    assert counts["roles"] >= 2000
    for iso3 in ("XKX", "TWN", "ESH", "PSE", "VAT", "SSD", "TUV"):
        assert iso3 in kb.entries


def test_aliases_adjectives_and_metonyms_name_one_state(kb):
    for name in ("Türkiye", "Turkey", "Turkish", "Ankara"):
        assert kb.search(name)[0].kb_id == "TUR"
    for name in ("U.S.", "America", "American", "the White House", "Downing Street", "the Kremlin"):
        assert kb.search(name)[0].kb_id in {"USA", "GBR", "RUS"}


def test_office_holders_follow_dates(kb):
    def holder(org, title, day):
        return [p.name for p, _ in kb.holders(org, title, day)]

    assert holder("TUR", "president", dt.date(2016, 1, 1)) == ["Recep Tayyip Erdoğan"]
    assert holder("TUR", "president", dt.date(2010, 1, 1)) == ["Abdullah Gül"]
    assert holder("UN", "secretary-general", dt.date(2010, 1, 1)) == ["Ban Ki-moon"]
    assert holder("NATO", "secretary-general", dt.date(2020, 1, 1)) == ["Jens Stoltenberg"]


def test_user_file_overrides_bundled_entry(tmp_path):
    f = tmp_path / "groups.csv"
    f.write_text("kb_id,name,aliases,country,sector,cameo\nG-PKK,Kurdistan Workers' Party,PKK,IRQ,REB,\n")
    kb = KnowledgeBase.load(extra=[f])
    assert kb.entries["G-PKK"].country == "IRQ"
    assert kb.overrides and kb.overrides[0][0] == "G-PKK"


def test_malformed_file_names_file_line_and_reason(tmp_path):
    f = tmp_path / "roles.csv"
    f.write_text("person_id,name,aliases,org,position,title,sector,start,end\n"
                 "P-x,Jane Roe,,PER,fm,foreign minister,GOV,2020-01-01,2021-13-40\n")
    with pytest.raises(KBError) as err:
        KnowledgeBase.load(extra=[f], bundled=False)
    assert "roles.csv, line 2" in str(err.value) and "bad date" in str(err.value)


def test_unknown_header_is_rejected(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("foo,bar\n1,2\n")
    with pytest.raises(KBError, match="line 1"):
        KnowledgeBase.load(extra=[f], bundled=False)


def test_conflicting_entries_are_reported_not_merged(tmp_path):
    f = tmp_path / "groups.csv"
    f.write_text("kb_id,name,aliases,country,sector,cameo\n"
                 "X-1,Red Hand,,PER,REB,\n"
                 "X-1,Red Hand Front,,BOL,REB,\n")
    with pytest.raises(KBError, match="line 3.*already defined"):
        KnowledgeBase.load(extra=[f], bundled=False)
    g = tmp_path / "groups2.csv"
    g.write_text("kb_id,name,aliases,country,sector,cameo\n"
                 "X-1,Red Hand,RHF,PER,REB,\n"
                 "X-2,Blue Hand,RHF,BOL,REB,\n")
    with pytest.raises(KBError, match="RHF"):
        KnowledgeBase.load(extra=[g], bundled=False)


def test_missing_file(tmp_path):
    with pytest.raises(KBError, match="no such KB file"):
        KnowledgeBase.load(extra=[tmp_path / "nope.csv"], bundled=False)

"""Cleaning as a reader of the coded text would notice it: what goes, what stays, where from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dotterel.clean import Cleaner, article_id, normalise
from dotterel.clean.text import FOLD
from dotterel.ingest import read_inputs
from dotterel.model import Article, Failure

FIXTURES = Path(__file__).parent.parent / "fixtures" / "inputs"
# The shared seeds sit next to the checkout (../shared) or next to its worktree folder.
_ROOT = Path(__file__).resolve().parents[2]
SEEDS = next((p for p in (_ROOT.parent / "shared" / "seeds", _ROOT.parent.parent / "shared" / "seeds") if p.is_dir()), _ROOT / "absent")

WIRE = """Norland's foreign minister at the talks. (Photo: HW)
Norland’s foreign minister at the talks. (Photo: HW)

Port Selby, Norland, 23 Sha’ban 1445/4 March 2024 (HW) – Norland and Vesta opened talks on Monday over fishing rights in the disputed harbour, the ministry said.

Also Read:\u00a0 Vesta to Host Regional Trade Fair

“We want a fair and lasting deal,” the minister said.

Read more: Storm closes Port Selby harbour

Share on Facebook Share on Twitter

The harbour has been closed to Vesta’s boats since January.

“We want a fair and lasting deal,” the minister said.

The coast guard seized two trawlers in January. (N/H012/K07)

Harbour Wire News Agency (HW)"""


def article(text: str, **meta) -> Article:
    return Article(article_id="raw", text=text, origin="test.txt", **meta)


@pytest.fixture(scope="module")
def wire(cleaner: Cleaner) -> Article:
    result = cleaner(article(WIRE, title="Harbour talks open"))
    assert isinstance(result, Article)
    return result


def test_captions_links_share_lines_codes_and_sign_off_are_gone(wire):
    for gone in ("Photo", "Also Read", "Read more", "Facebook", "N/H012/K07", "News Agency", "(HW)"):
        assert gone not in wire.text


def test_story_text_stays_in_order(wire):
    assert wire.text.startswith("Norland and Vesta opened talks on Monday")
    assert wire.text.endswith("The coast guard seized two trawlers in January.")
    assert wire.text.index("fair and lasting") < wire.text.index("closed to Vesta's boats")


def test_repeated_paragraph_is_kept_once(wire):
    assert wire.text.count("fair and lasting deal") == 1


def test_dateline_gives_place_and_date_and_leaves_the_text(wire):
    assert wire.dateline_place == "Port Selby, Norland"
    assert wire.published == dt.date(2024, 3, 4)
    assert wire.published_basis == "dateline"
    assert "Sha'ban" not in wire.text


def test_metadata_date_wins_over_the_dateline(cleaner):
    result = cleaner(article(WIRE, published=dt.date(2024, 3, 5), published_basis="metadata"))
    assert result.published == dt.date(2024, 3, 5) and result.published_basis == "metadata"
    assert result.dateline_place == "Port Selby, Norland"


def test_hijri_only_dateline_is_converted(cleaner):
    text = "Port Selby, 1 Ramadan 1444 (HW) – The harbour council met to discuss the new quotas for the season."
    result = cleaner(article(text))
    assert result.published == dt.date(2023, 3, 23)
    assert result.dateline_place == "Port Selby"


@pytest.mark.parametrize(
    "opening,place",
    [
        ("PORT SELBY (Harbour Wire) - ", "Port Selby"),
        ("PORT SELBY, Norland, March 4 (HW) — ", "Port Selby, Norland"),
        ("Port Selby, Norland, 4 March 2024 – ", "Port Selby, Norland"),
    ],
)
def test_dateline_styles(cleaner, opening, place):
    result = cleaner(article(opening + "The harbour council approved new fishing quotas for the coming season."))
    assert result.dateline_place == place
    assert result.text.startswith("The harbour council approved")


def test_sentence_with_a_dash_is_not_a_dateline(cleaner):
    text = "Norland and Vesta – two old rivals – agreed on new quotas for the harbour on Monday."
    result = cleaner(article(text))
    assert result.dateline_place is None and result.text == text


def test_bare_date_line_at_the_top_gives_the_date(cleaner):
    result = cleaner(article("Friday, January 5, 2024\n\nThe harbour council met on Friday and approved the quotas."))
    assert result.published == dt.date(2024, 1, 5) and result.published_basis == "dateline"
    assert result.text == "The harbour council met on Friday and approved the quotas."


def test_unicode_is_normalised_but_turkiye_kept(cleaner):
    raw = "T\u0075\u0308rkiye\u2019s envoy said \u201cno\u201d\u00a0to  the\u200b plan."
    result = cleaner(article(raw))
    assert result.text == "Türkiye's envoy said \"no\" to the plan."
    assert normalise("Türkiye") == normalise("Turkiye") == "turkiye"


def test_offsets_map_back_to_the_raw_text(cleaner):
    raw = "  Caption here. (Photo: AA)\n\nT\u0075\u0308rkiye\u2019s   envoy \u201cspoke\u201d.\n\n\nAlso Read: x\n\nThe   end (T/P001/R04) of it.\nReporting by Ann Lee"
    result = cleaner(article(raw))
    assert result.raw_text == raw
    assert len(result.offset_map) < 12
    for i, char in enumerate(result.text):
        source = raw[result.raw_offset(i)]
        # Kept characters map to themselves, folded quotes and spaces to their originals,
        # and a composed letter to its base letter.
        assert char == source.translate(FOLD) or char.isspace() and source.isspace() or source == "u", (i, char, source)
    assert result.text[result.text.index("envoy")] == raw[raw.index("envoy")]
    assert result.raw_offset(result.text.index("envoy")) == raw.index("envoy")
    assert result.raw_offset(result.text.index("of it")) == raw.index("of it")


def test_article_id_is_the_hash_of_the_cleaned_text(wire):
    assert wire.article_id == article_id(wire.text)
    assert article_id("Türkiye said “no”.") == article_id("turkiye said \"no\"")
    assert len(wire.article_id) == 16


def test_clean_text_is_idempotent(cleaner, wire):
    again = cleaner(article(wire.text, title=wire.title))
    assert again.text == wire.text and again.raw_text is None and again.offset_map == ()


def test_title_loses_its_photo_credit(cleaner):
    result = cleaner(article("The council met on Monday to approve quotas.", title="Minister at the talks. (Photo: AA)"))
    assert result.title == "Minister at the talks."


def test_first_line_repeating_the_title_is_dropped(cleaner):
    result = cleaner(article("Harbour reopens\nThe harbour reopened on Friday after the storm.", title="Harbour reopens"))
    assert result.text == "The harbour reopened on Friday after the storm."


def test_hard_wrapped_lines_are_joined(cleaner):
    result = cleaner(article("The council met on Monday and\napproved the new quotas for the harbour.\nIt meets again in May."))
    assert result.text == "The council met on Monday and approved the new quotas for the harbour.\nIt meets again in May."


def test_non_english_is_skipped_with_the_language(cleaner):
    [raw] = read_inputs([FIXTURES / "german.txt"])
    result = cleaner(raw)
    assert isinstance(result, Failure)
    assert (result.stage, result.status, result.reason) == ("language", "skipped", "language de")


def test_language_detection_can_be_turned_off():
    result = Cleaner(detect_language=False)(article("Die Gespräche wurden am Dienstag vertagt, teilte das Ministerium mit."))
    assert isinstance(result, Article)


def test_nothing_left_is_a_failure(cleaner):
    result = cleaner(article("(Photo: AA)\n\nAlso Read: Something else\n\nShare this article"))
    assert isinstance(result, Failure) and result.stage == "clean" and result.status == "failed"


def test_fixture_article_end_to_end(cleaner):
    [raw] = read_inputs([FIXTURES / "article.txt"])
    result = cleaner(raw)
    assert result.text.startswith("Norland and Vesta opened talks on Monday")
    assert result.text.endswith("Talks will resume in Port Selby next week.")
    assert result.text.count("fair and lasting deal") == 1
    assert result.published == dt.date(2024, 3, 5)  # header line wins over the dateline
    assert result.dateline_place == "Port Selby, Norland"


def test_pipe_passes_failures_through(cleaner):
    failure = Failure(origin="x", stage="ingest", reason="empty file")
    out = list(cleaner.pipe([failure, article("The council met on Monday to approve the quotas.")]))
    assert out[0] is failure and isinstance(out[1], Article)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
def test_seeds(cleaner):
    by_name = {}
    for item in read_inputs([SEEDS], pattern="*.txt"):
        assert isinstance(item, Article)
        by_name[Path(item.origin).name[:3]] = cleaner(item)
    seed0, seed3 = by_name["000"], by_name["003"]
    for gone in ("(Photo: AA)", "Also Read", "(T/P001/R04)", "(MINA)\n", "Sha'ban"):
        assert gone not in seed0.text
    assert not seed0.text.rstrip().endswith("(MINA)")
    assert seed0.published == dt.date(2015, 6, 11) and seed0.dateline_place.startswith("Bucharest")
    assert "File Photo" not in seed3.text
    assert seed3.text.count("advance defense industry cooperation") == 1


@pytest.mark.parametrize(
    "closing",
    ["Reporting by Ann Lee in Port Selby; Editing by Tom Ray", "(Additional reporting by Ann Lee)", "-- Harbour Wire"],
)
def test_wire_sign_offs_are_dropped(cleaner, closing):
    body = "The harbour council approved new fishing quotas for the coming season on Monday."
    result = cleaner(article(f"{body}\n\n{closing}"))
    assert result.text == body


def test_contributed_credit_at_the_end_of_a_paragraph_is_dropped(cleaner):
    body = "The harbour council approved new fishing quotas for the coming season on Monday."
    result = cleaner(article(f"{body} Harbour Wire contributed to this report"))
    assert result.text == body


def test_short_english_text_is_not_skipped(cleaner):
    for text in ("Merkel met Macron in Paris.", "Police arrested 12 protesters in Lagos on Sunday."):
        assert isinstance(cleaner(article(text)), Article)


def test_copyright_notice_goes_but_a_sentence_about_copyright_stays(cleaner):
    text = "Copyright cases over music downloads rose sharply last year, the court said.\n\n© 2024 Harbour Wire. All rights reserved."
    result = cleaner(article(text))
    assert result.text == "Copyright cases over music downloads rose sharply last year, the court said."


def test_windows_line_endings_keep_offsets(cleaner):
    raw = "Port Selby, Norland, 4 March 2024 (HW) – The council met.\r\n\r\nIt approved the quotas.\r\n"
    result = cleaner(article(raw))
    assert result.text == "The council met.\n\nIt approved the quotas."
    i = result.text.index("It approved")
    assert raw[result.raw_offset(i) : result.raw_offset(i) + 11] == "It approved"


def test_date_line_then_dateline(cleaner):
    result = cleaner(article("Friday, January 5, 2024\n\nPORT SELBY (HW) - The council met on Friday and approved the quotas."))
    assert (result.published, result.dateline_place) == (dt.date(2024, 1, 5), "Port Selby")
    assert result.text == "The council met on Friday and approved the quotas."


def test_a_text_far_longer_than_any_article_is_a_failure_not_a_memory_spike():
    # Issue 17: a 1M-word article peaked at 2.15 GB.
    from dotterel.clean import Cleaner
    from dotterel.clean.cleaner import MAX_ARTICLE_CHARS
    from dotterel.ingest.metadata import article_from
    from dotterel.model import Failure

    text = "The minister met the envoy in the capital on Monday. " * (MAX_ARTICLE_CHARS // 50)
    result = Cleaner(detect_language=False)(article_from(text, "book.txt"))
    assert isinstance(result, Failure) and result.stage == "clean" and "split it" in result.reason

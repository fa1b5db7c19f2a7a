"""Duplicates are linked to the first copy; new stories pass; the store's memory spans runs."""

from __future__ import annotations

import pytest

from dotterel.clean import article_id
from dotterel.dedup import Deduper
from dotterel.model import Article, Duplicate

STORY = (
    "Norland and Vesta opened talks on Monday over fishing rights in the disputed harbour at Port Selby. "
    "The foreign ministry said both governments wanted a fair and lasting deal before the summer season. "
    "The harbour has been closed to Vesta's boats since January, when the coast guard seized two trawlers "
    "and detained their crews for several days. Fishermen on both sides say the closure has cost them "
    "most of the winter catch, and traders in the old market have warned of rising prices. "
    "Talks will resume next week, when a joint commission is expected to propose quotas for both fleets."
)
OTHER = (
    "A storm closed the airport at Lake Amber on Wednesday, stranding hundreds of travellers overnight. "
    "Airport officials said flights would resume once the wind dropped below safe limits, probably by Friday. "
    "The regional weather office issued its highest warning for the northern valleys and told residents to "
    "stay indoors. Several roads were blocked by fallen trees and power was cut to some villages for hours."
)


def make(text: str) -> Article:
    return Article(article_id=article_id(text), text=text, origin="t")


def test_new_articles_pass_and_exact_copies_are_linked():
    deduper = Deduper()
    first = make(STORY)
    assert deduper(first) is first
    assert deduper(make(OTHER)).text == OTHER
    copy = make(STORY.upper().replace("  ", " "))  # same words, other case: same normalised text
    verdict = deduper(copy)
    assert isinstance(verdict, Duplicate)
    assert (verdict.kind, verdict.canonical_id, verdict.similarity) == ("exact", first.article_id, 1.0)


def test_near_copy_of_a_wire_story_is_linked():
    deduper = Deduper(threshold=0.8)
    first = make(STORY)
    deduper(first)
    edited = STORY.replace("on Monday", "on Monday afternoon").replace("several days", "three days")
    verdict = deduper(make(edited))
    assert isinstance(verdict, Duplicate) and verdict.kind == "near"
    assert verdict.canonical_id == first.article_id and 0.8 <= verdict.similarity < 1.0


def test_different_story_on_the_same_topic_is_not_a_duplicate():
    deduper = Deduper()
    deduper(make(STORY))
    follow_up = (
        "Norland and Vesta signed a fishing accord on Thursday that ends the dispute over the harbour at Port "
        "Selby. The accord sets quotas for both fleets, creates a joint commission to settle claims and "
        "reopens the harbour to small boats from next month. Fishermen in both countries welcomed the deal."
    )
    assert isinstance(deduper(make(follow_up)), Article)


def test_short_texts_are_only_matched_exactly():
    deduper = Deduper()
    deduper(make("Vesta closed its border."))
    assert isinstance(deduper(make("Vesta closed its borders.")), Article)
    assert isinstance(deduper(make("Vesta closed its border!")), Duplicate)


def test_seeding_from_the_store_makes_dedup_span_runs():
    first_run = Deduper()
    story = make(STORY)
    first_run(story)
    stored = [(story.article_id, *first_run.signature(story))]

    second_run = Deduper()
    second_run.seed(stored)
    near = make(STORY.replace("on Monday", "on Monday afternoon"))
    verdict = second_run(near)
    assert isinstance(verdict, Duplicate) and verdict.canonical_id == story.article_id
    rerun = second_run(make(STORY))
    # The same article read again links to itself: the caller knows it is already stored.
    assert isinstance(rerun, Duplicate) and rerun.canonical_id == story.article_id == rerun.article.article_id


def test_signature_is_stable_and_compact():
    one, two = Deduper(), Deduper()
    digest, signature = one.signature(make(STORY))
    assert (digest, signature) == two.signature(make(STORY))
    assert len(signature) == 4 * 128 and len(digest) == 32
    assert one.signature(make("Too short.")) [1] == b""


def test_bad_threshold_is_refused():
    with pytest.raises(ValueError):
        Deduper(threshold=0)


def test_pipe_streams():
    deduper = Deduper()
    out = list(deduper.pipe([make(STORY), make(OTHER), make(STORY)]))
    assert [type(o).__name__ for o in out] == ["Article", "Article", "Duplicate"]
    assert len(deduper) == 2


def test_pipe_passes_failures_through():
    from dotterel.model import Failure

    failure = Failure(origin="x", stage="clean", reason="no text left")
    assert list(Deduper().pipe([failure])) == [failure]

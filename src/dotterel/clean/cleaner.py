"""The clean stage: raw article text in, cleaned text with a map back to the raw text out."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from dotterel.clean import rules
from dotterel.clean.language import LanguageDetector
from dotterel.clean.text import DELETE, FOLD, TextBuilder, article_id, normalise
from dotterel.model import Article, Failure
from dotterel.stage import Stage

__all__ = ["Cleaner", "MAX_ARTICLE_CHARS"]

#: Longest article analysed, in characters (about 80,000 words; long-form news is under 100,000
#: characters). Longer texts become failure rows: analysing one costs memory in proportion.
MAX_ARTICLE_CHARS = 500_000

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_RUN = re.compile(r"\S+(?: \S+)*")
# Repeats shorter than this (in matching form) are left alone: "Reuters", "-", "***".
_MIN_REPEAT_CHARS = 15
# Only this many lines from the top are searched for a date line and a dateline.
_DATELINE_LINES = 3
# A non-English verdict must be this sure before an article is skipped.
_SKIP_PROBABILITY = 0.8
_SKIP_PROBABILITY_SHORT = 0.95
_SHORT_TEXT = 80
_WRAP_END = re.compile(r"[.!?:;\"')\]]$")


@dataclasses.dataclass
class _Line:
    raw_start: int
    raw: str  # the raw line, without its line break
    folded: str  # raw with quotes and odd spaces folded one-for-one (same length as raw)
    flat: str  # folded, whitespace collapsed, stripped: what the rules look at
    block: int  # index of the blank-line-separated block the line sits in
    cut: int = 0  # characters at the start removed (a dateline)
    keep: bool = True


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    block = 0
    blank = False
    for match in _LINE.finditer(raw):
        if match.start() == match.end():
            break
        text = match.group().rstrip("\r\n")
        folded = text.translate(FOLD)
        flat = " ".join(folded.split())
        if not flat.strip("".join(DELETE)):
            blank = True
            continue
        if blank and lines:
            block += 1
        blank = False
        lines.append(_Line(match.start(), text, folded, flat, block))
    return lines


class Cleaner(Stage[Article, "Article | Failure"]):
    """Strip boilerplate, repeats, agency codes and sign-offs; parse the dateline; check the language.

    `Cleaner()(article)` returns the article with `text` cleaned, `raw_text` the text as read,
    `offset_map` from clean to raw offsets, `article_id` the hash of the cleaned text, and the
    dateline's place and date filled in where metadata lacked them. A non-English article comes
    back as a skipped `Failure` (stage "language"); one with nothing left as a failed one.
    """

    name = "clean"

    def __init__(self, detect_language: bool = True) -> None:
        self._detector = LanguageDetector() if detect_language else None

    def __call__(self, article: Article) -> Article | Failure:
        raw = article.raw_text if article.raw_text is not None else article.text
        title = article.title
        if title is not None:
            title = " ".join(rules.strip_caption_credit(title.translate(FOLD)).split()) or None
        if len(raw) > MAX_ARTICLE_CHARS:
            # A million words once peaked at 2.15 GB in analysis; no news article is this long.
            return Failure(
                origin=article.origin,
                stage="clean",
                reason=f"{len(raw):,} characters, over the {MAX_ARTICLE_CHARS:,} one article may have: "
                "not a news article (a book, a dump?); split it into articles",
                article_id=article.article_id,
            )
        lines = _split_lines(raw)
        self._drop_boilerplate(lines, title)
        dateline = self._take_dateline(lines)
        text, anchors = self._build(lines)
        if not text:
            return Failure(
                origin=article.origin,
                stage="clean",
                reason="no text left after cleaning: every line was empty, boilerplate or a repeat",
                article_id=article.article_id,
            )
        language = article.language
        if self._detector is not None:
            language, probability = self._detector.detect(text)
            # Short texts (a headline, one sentence) are easily mistaken: be surer before skipping.
            needed = _SKIP_PROBABILITY if len(text) >= _SHORT_TEXT else _SKIP_PROBABILITY_SHORT
            if language != "en" and probability >= needed:
                return Failure(
                    origin=article.origin,
                    stage="language",
                    reason=f"language {language}",
                    article_id=article_id(text),
                    status="skipped",
                )
            language = "en"
        published, basis = article.published, article.published_basis
        place = article.dateline_place
        if dateline is not None:
            place = place or dateline.place or None
            if published is None and dateline.published is not None:
                published, basis = dateline.published, "dateline"
        if published is not None and basis is None:
            basis = "metadata"
        same = text == raw
        return dataclasses.replace(
            article,
            article_id=article_id(text),
            text=text,
            raw_text=None if same else raw,
            offset_map=() if same else tuple(anchors),
            title=title,
            language=language,
            published=published,
            published_basis=basis,
            dateline_place=place,
        )

    def pipe(self, items, batch_size: int = 64) -> Iterator[Article | Failure]:  # type: ignore[override]
        for item in items:
            yield item if isinstance(item, Failure) else self(item)

    @staticmethod
    def _drop_boilerplate(lines: list[_Line], title: str | None) -> None:
        seen: set[str] = set()
        if title:
            seen.add(normalise(title))
        for line in lines:
            flat = line.flat
            if rules.is_caption(flat) or rules.is_link_line(flat) or rules.is_share_line(flat):
                line.keep = False
                continue
            key = normalise(flat)
            if len(key) >= _MIN_REPEAT_CHARS:
                if key in seen:
                    line.keep = False
                    continue
                seen.add(key)
        kept = [line for line in lines if line.keep]
        # Sign-offs close the story: peel them off the end only, never from the middle.
        while kept and rules.is_sign_off(kept[-1].flat):
            kept.pop().keep = False

    @staticmethod
    def _take_dateline(lines: list[_Line]) -> rules.Dateline | None:
        """Find and cut the dateline at the top of the story (after a bare date line, if any)."""
        day = None
        for line in [line for line in lines if line.keep][:_DATELINE_LINES]:
            bare = rules.parse_date_line(line.flat)
            if bare is not None:
                line.keep = False
                day = day or bare
                continue
            found = rules.parse_dateline(line.folded)
            if found is not None:
                line.cut = found.end
                return dataclasses.replace(found, published=found.published or day)
            break
        return rules.Dateline(place="", published=day, end=0) if day else None

    @staticmethod
    def _build(lines: list[_Line]) -> tuple[str, list[tuple[int, int]]]:
        builder = TextBuilder()
        previous: _Line | None = None
        for line in lines:
            if not line.keep:
                continue
            runs = _runs(line)
            if not runs:
                continue
            if previous is not None:
                if previous.block != line.block:
                    separator = "\n\n"
                elif not _WRAP_END.search(previous.flat) and line.folded[runs[0][0]].islower():
                    separator = " "  # a hard-wrapped line of one paragraph
                else:
                    separator = "\n"
                # Point the break at the raw line break before this line, usually the same text.
                start = line.raw_start + runs[0][0]
                builder.copy(separator, max(start - len(separator), 0))
            for index, (start, end) in enumerate(runs):
                if index:
                    builder.copy(" ", line.raw_start + start - 1)
                _copy_run(builder, line, start, end)
            previous = line
        return builder.text(), builder.anchors


def _runs(line: _Line) -> list[tuple[int, int]]:
    """Spans of the line to keep: stretches of single-spaced words, minus removed spans."""
    removed = rules.inline_removals(line.folded)
    if line.cut:
        removed.insert(0, (0, line.cut))
    removed.append((len(line.folded), len(line.folded)))
    runs: list[tuple[int, int]] = []
    position = 0
    for start, end in removed:
        if start > position:
            runs.extend(m.span() for m in _RUN.finditer(line.folded, position, start))
        position = max(position, end)
    return runs


def _copy_run(builder: TextBuilder, line: _Line, start: int, end: int) -> None:
    piece = line.folded[start:end]
    if DELETE.isdisjoint(piece):
        builder.copy_normalised(piece, line.raw_start + start)
    else:
        _copy_token(builder, line, start, piece)


def _copy_token(builder: TextBuilder, line: _Line, offset: int, token: str) -> None:
    """Copy one whitespace-free token, dropping invisible characters and composing to NFC."""
    start = 0
    for i, char in enumerate(token):
        if char in DELETE:
            builder.copy_normalised(token[start:i], line.raw_start + offset + start)
            start = i + 1
    builder.copy_normalised(token[start:], line.raw_start + offset + start)

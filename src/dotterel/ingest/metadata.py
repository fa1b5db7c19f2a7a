"""One rule for turning a text and the metadata read with it into an `Article`."""

from __future__ import annotations

import datetime as dt

from dotterel.clean.text import article_id, metadata_value
from dotterel.model import Article

__all__ = ["article_from"]


def article_from(
    text: str,
    origin: str,
    *,
    title: str | None = None,
    published: dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Article:
    """An `Article` whose id is the hash of `text`. Metadata is made safe to store and print:
    escape sequences, control characters and lone surrogates are removed, whitespace collapsed,
    empty values become None. A date given here is marked as coming from metadata."""
    return Article(
        article_id=article_id(text),
        text=text,
        title=metadata_value(title),
        published=published,
        published_basis="metadata" if published else None,
        source=metadata_value(source),
        url=metadata_value(url),
        origin=metadata_value(origin) or "?",
    )

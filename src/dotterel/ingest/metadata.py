"""One rule for turning a text and the metadata read with it into an `Article`."""

from __future__ import annotations

import datetime as dt

from dotterel.clean.text import article_id
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
    """An `Article` whose id is the hash of `text`; the title's whitespace is collapsed, empty
    metadata becomes None, and a date given here is marked as coming from metadata."""
    return Article(
        article_id=article_id(text),
        text=text,
        title=(" ".join(title.split()) or None) if title else None,
        published=published,
        published_basis="metadata" if published else None,
        source=source or None,
        url=url or None,
        origin=origin,
    )

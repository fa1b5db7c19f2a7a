"""The clean stage: boilerplate, repeats, agency codes, Unicode, datelines and language.

`Cleaner(detect_language=True)(article)` returns the cleaned `Article` or a `Failure`;
`article_id(text)` is the stable id of a cleaned text; `normalise(text)` is the matching form
(accents and case folded, so "Türkiye" and "Turkiye" match) that ids and dedup hash.
"""

from __future__ import annotations

from dotterel.clean.cleaner import Cleaner
from dotterel.clean.text import article_id, content_hash, normalise

__all__ = ["Cleaner", "article_id", "content_hash", "normalise"]

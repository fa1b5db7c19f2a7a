"""The dedup stage: exact and near-duplicate articles, incremental across runs.

`Deduper(threshold=0.8, num_perm=128)`: `seed(rows)` with what the store holds, then
`deduper(article)` returns the article (new, now registered) or a `Duplicate`;
`signature(article)` gives the (content_hash, signature bytes) to persist.
"""

from __future__ import annotations

from dotterel.dedup.deduper import Deduper

__all__ = ["Deduper"]

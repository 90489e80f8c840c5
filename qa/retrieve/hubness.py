"""Hubness of passages: how close a passage is to questions in general, whatever they ask.

A cross-lingual embedding has "hubs": passages (short verses, formulaic lines) that sit near a great many
queries, so an English question about anything finds them among its nearest neighbours. Cross-domain
similarity local scaling (CSLS) corrects for it: a passage's cosine to the question is compared with its
mean cosine to its k nearest questions of a fixed bank of everyday questions in the same language
(qa/retrieve/query_bank.py). The corrected score `cos − hub(p)` says how much more the passage matches this
question than it matches questions in general; it depends on the passage and the bank only, never on how
many other documents share the index, which also makes it the refusal signal (qa/assistant.py).

The bank's vectors are computed once per model and process, and kept beside the manifest in `hub-bank.npz`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import threading
from pathlib import Path

import numpy as np

from qa.retrieve.query_bank import ARABIC, ENGLISH
from store.atomic import write_bytes_atomically
from store.index import Index

BANK_FILE = "hub-bank.npz"
_PER_MODEL: dict[str, dict[str, np.ndarray]] = {}  # one embedding of the bank per model and process


def _bank_digest() -> str:
    text = "\n".join(ENGLISH + ("",) + ARABIC)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Hubness:
    """Per-language bank vectors and the hub statistic of any passage vectors."""

    def __init__(self, index: Index, k: int = 10) -> None:
        self.index = index
        self.k = k
        self._banks: dict[str, np.ndarray] | None = None
        self._lock = threading.Lock()

    def banks(self) -> dict[str, np.ndarray]:
        with self._lock:
            if self._banks is None:
                # the index name encodes the model and prefixes: same name, same bank vectors
                self._banks = _PER_MODEL.get(self.index.name) or self._load() or self._build()
                _PER_MODEL[self.index.name] = self._banks
            return self._banks

    def _path(self) -> Path:
        return self.index.folder / BANK_FILE

    def _load(self) -> dict[str, np.ndarray] | None:
        try:
            with np.load(self._path()) as data:
                if str(data["digest"]) != _bank_digest():
                    return None
                return {"en": data["en"], "ar": data["ar"]}
        except (OSError, KeyError, ValueError):
            return None

    def _build(self) -> dict[str, np.ndarray]:
        banks = {
            "en": np.stack([self.index.embed_query(q) for q in ENGLISH]).astype(np.float32),
            "ar": np.stack([self.index.embed_query(q) for q in ARABIC]).astype(np.float32),
        }
        self._save(banks)
        return banks

    def _save(self, banks: dict[str, np.ndarray]) -> None:
        buffer = io.BytesIO()
        np.savez(buffer, digest=np.array(_bank_digest()), **banks)
        # a read-only index folder: the bank is rebuilt next time, nothing else is lost
        with contextlib.suppress(OSError):
            write_bytes_atomically(self._path(), buffer.getvalue())

    def penalty(self, vectors: np.ndarray, language: str) -> np.ndarray:
        """Mean cosine of each (unit) row of `vectors` to its k nearest bank questions of `language`."""
        if len(vectors) == 0:
            return np.zeros(0, dtype=np.float32)
        bank = self.banks()["ar" if language == "ar" else "en"]
        sims = vectors @ bank.T
        k = min(self.k, bank.shape[0])
        top = np.partition(sims, -k, axis=1)[:, -k:]
        return top.mean(axis=1)

"""Topic coherence: a passage is more likely to answer a question when its whole file is about it.

A file's topic vector is the normalised mean of its sentence vectors (stored by the index at ingest), so it
costs no model call. A stray passage of an unrelated file (a verse, a formula) can come near a question; the
file it belongs to, taken as a whole, does not.
"""

from __future__ import annotations

import threading

import numpy as np

from store.index import Index

WHOLE_FILE = 1 << 62


class FileTopics:
    """Topic vectors of the index's files, computed on first use and kept while the file is unchanged."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._cache: dict[str, tuple[str, np.ndarray]] = {}  # file → (sha256, unit vector)
        self._lock = threading.Lock()

    def vectors(self, files: list[str]) -> dict[str, np.ndarray]:
        """Unit topic vectors of `files` (files without sentences are left out)."""
        wanted = set(files)
        shas = {record.name: record.sha256 for record in self.index.files() if record.name in wanted}
        out: dict[str, np.ndarray] = {}
        for name, sha in shas.items():
            with self._lock:
                cached = self._cache.get(name)
            if cached is None or cached[0] != sha:
                vector = self._topic(name)
                if vector is None:
                    continue
                cached = (sha, vector)
                with self._lock:
                    self._cache[name] = cached
            out[name] = cached[1]
        return out

    def _topic(self, name: str) -> np.ndarray | None:
        rows = self.index.sentences(name, 0, WHOLE_FILE)
        if not rows:
            return None
        mean = np.mean(np.stack([vector for _, vector in rows]), axis=0)
        norm = float(np.linalg.norm(mean))
        return mean / norm if norm else None

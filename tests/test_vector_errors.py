"""Chroma failures never surface as a traceback: each becomes one StoreError line pointing to `qa check` and
`qa ingest --repair` (store/vectors.py). A real embedded Chroma; the failing call is made to fail the way a
damaged store fails (chromadb's own InternalError), and a real damaged folder for the command line."""

from __future__ import annotations

from pathlib import Path

import chromadb.errors
import numpy as np
import pytest

from store.chunking import Chunk
from store.errors import StoreError
from store.vectors import VectorStore
from tests.helpers import run_qa

HNSW = "Failed to apply logs to the hnsw segment writer"


def _fail(*_: object, **__: object) -> None:
    raise chromadb.errors.InternalError(HNSW)


@pytest.mark.parametrize("method", ["query", "add", "get", "count", "delete"])
def test_a_failing_chroma_call_is_one_store_error(tmp_path: Path, method: str, monkeypatch) -> None:
    store = VectorStore("qa-test", tmp_path / "chroma", None)
    store.add([Chunk("docs/a.txt", 0, 0, 3, "abc")], np.ones((1, 4), np.float32))
    monkeypatch.setattr(store.collection, method, _fail)
    calls = {
        "query": lambda: store.query(np.ones(4, np.float32), 1),
        "add": lambda: store.add([Chunk("docs/a.txt", 1, 4, 7, "def")], np.ones((1, 4), np.float32)),
        "get": lambda: store.all_ids(),
        "count": lambda: store.count(),
        "delete": lambda: store.delete(["x"]),
    }
    with pytest.raises(StoreError) as raised:
        calls[method]()
    error = raised.value
    assert f"InternalError: {HNSW}" in error.message and "\n" not in error.one_line()
    assert "qa check" in error.hint and "qa ingest --repair" in error.hint


def test_asking_over_a_damaged_chroma_folder_is_one_line(tmp_path: Path, corpus: Path) -> None:
    data_dir = tmp_path / "data"
    assert run_qa("ingest", str(corpus), data_dir=data_dir).returncode == 0
    (data_dir / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run_qa("ask", "--backend", "extractive", "متى سيزور بوتين فيتنام؟", data_dir=data_dir)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 4 and len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("error: Chroma failed while opening") and "qa ingest --repair" in lines[0]

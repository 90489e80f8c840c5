"""What storing Chroma records in llama-index's layout costs (store/node_layout.py): the time to write an
index's chunks to a fresh embedded Chroma folder and that folder's size, for the layout before it (file,
start and end; no text) and for the current one (the text as the record's document, the node JSON, the ref
doc ids). Same chunks, same vectors (read from an index already built), each layout in its own temporary
folder, written as ingest writes them (batches of 128); so the difference is Chroma's work alone.

    .venv/bin/python scripts/bench_vector_layout.py --data-dir /tmp/mixed-data [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.open_index import open_index  # noqa: E402
from qa.settings import load_settings  # noqa: E402
from store.chunking import Chunk  # noqa: E402
from store.vectors import VectorStore  # noqa: E402

BATCH = 128


def folder_kb(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) // 1024


def write(layout: str, chunks: list[Chunk], vectors: list, pages: list) -> tuple[float, int]:
    """Seconds to write every chunk in `layout` ("before" or "llama-index") and the folder's size (KB)."""
    with tempfile.TemporaryDirectory(prefix="bench-layout-") as tmp:
        store = VectorStore("bench-layout", Path(tmp), None)
        started = time.perf_counter()
        for i in range(0, len(chunks), BATCH):
            part, vecs = chunks[i : i + BATCH], vectors[i : i + BATCH]
            if layout == "before":  # the records as store/vectors.py wrote them until this layout
                store.collection.add(
                    ids=[c.chunk_id for c in part],
                    embeddings=vecs,
                    metadatas=[{"file": c.file, "start": c.start, "end": c.end} for c in part],
                )
            else:
                store.add(part, vecs, pages[i : i + BATCH])
        seconds = time.perf_counter() - started
        del store
        return seconds, folder_kb(Path(tmp))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="a QA_DATA_DIR whose index is built")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    index = open_index(load_settings(data_dir=args.data_dir))
    rows = [c for batch in index.manifest.chunks_in_order(5000) for _, c in batch]
    chunks = [Chunk(c.file, 0, c.start, c.end, c.text) for c in rows]
    found = index.vectors.vectors_of([c.id for c in rows])
    vectors = [found[c.id] for c in rows]
    pages = [index.page_of(c.file, c.start) for c in chunks]
    text_kb = sum(len(c.text.encode()) for c in chunks) // 1024
    result: dict[str, object] = {"chunks": len(chunks), "chunk_text_kb": text_kb}
    for layout in ("before", "llama-index"):
        runs = [write(layout, chunks, vectors, pages) for _ in range(args.repeat)]
        result[layout] = {"seconds": [round(s, 2) for s, _ in runs], "folder_kb": runs[-1][1]}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()

"""Self-check and repair of an index: the manifest, Chroma's vectors and the lexical index compared.

The manifest is the source of truth: it holds every chunk's text, so vectors can always be made again from
it. `check_index` reports, in one table, what each store holds and what is out of step: chunks without a
vector, vectors of no chunk (orphans), lexical documents that do not match the chunks, files whose ingest
was interrupted. `repair_index` re-embeds the missing vectors and drops the orphans; `rebuild_vectors`
makes the whole collection again from the manifest (Chroma unreadable). Both run under the data folder's
writer lock (store/lock.py).

Uses the Index's public methods and parts only: `files()`, `chunks(ids)`, `chunk_ids()`, `lexical_count()`,
`reset_vectors()`, `vectors.all_ids()/add/delete`, `embedder.embed_passages`, `config`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from store.chunking import Chunk
from store.errors import StoreError
from store.lock import writer_lock

if TYPE_CHECKING:
    from store.index import Index

REPAIR_BATCH = 256
# (done, total, what), as ingest reports it.
ProgressFn = Callable[[int, int, str], None]


@dataclass
class CheckReport:
    """What each store holds and what is out of step (ids listed, for the repair)."""

    files: int = 0
    chunks: int = 0
    unfinished_files: list[str] = field(default_factory=list)
    vectors: int | None = None  # None: Chroma could not be read
    vectors_error: str | None = None
    missing_vectors: list[str] = field(default_factory=list)
    orphan_vectors: list[str] = field(default_factory=list)
    lexical: int | None = None  # documents in the lexical index; None: not a separate store
    seconds: float = 0.0

    @property
    def lexical_in_step(self) -> bool:
        return self.lexical is None or self.lexical == self.chunks

    @property
    def in_step(self) -> bool:
        return (
            self.vectors_error is None
            and not self.missing_vectors
            and not self.orphan_vectors
            and self.lexical_in_step
            and not self.unfinished_files
        )

    def rows(self) -> list[tuple[str, str, str]]:
        """(store, holds, state) for a table."""
        manifest_state = (
            f"{len(self.unfinished_files)} files half-indexed (interrupted ingest)"
            if self.unfinished_files
            else "ok"
        )
        if self.vectors_error is not None:
            vector_row = ("chroma", "unreadable", self.vectors_error)
        else:
            problems = []
            if self.missing_vectors:
                problems.append(f"{len(self.missing_vectors)} chunks without a vector")
            if self.orphan_vectors:
                problems.append(f"{len(self.orphan_vectors)} vectors of no chunk")
            vector_row = ("chroma", f"{self.vectors} vectors", ", ".join(problems) or "ok")
        if self.lexical is None:
            lexical_row = ("lexical", "built from the manifest", "ok")
        else:
            state = "ok" if self.lexical_in_step else f"{self.lexical - self.chunks:+d} documents vs chunks"
            lexical_row = ("lexical", f"{self.lexical} documents", state)
        return [
            ("manifest", f"{self.files} files, {self.chunks} chunks", manifest_state),
            vector_row,
            lexical_row,
        ]

    def problem_line(self) -> str:
        """The problems, in one line (for an error message)."""
        return "; ".join(f"{store}: {state}" for store, _, state in self.rows() if state != "ok")


@dataclass
class RepairSummary:
    embedded: int = 0
    dropped: int = 0
    rebuilt: bool = False
    seconds: float = 0.0


def check_index(index: Index) -> CheckReport:
    """Compare the three stores (reads only; run it under the writer lock for a stable view)."""
    started = time.perf_counter()
    report = CheckReport()
    records = index.files()
    report.files = len(records)
    report.unfinished_files = [r.name for r in records if not r.complete]
    chunk_ids = index.chunk_ids()
    report.chunks = len(chunk_ids)
    try:
        vector_ids = index.vectors.all_ids()
    except Exception as exc:  # noqa: BLE001 - any Chroma failure here means "unreadable"
        cause = exc.__cause__ if isinstance(exc, StoreError) and exc.__cause__ else exc
        report.vectors_error = " ".join(f"{type(cause).__name__}: {cause}".split())[:200]
    else:
        report.vectors = len(vector_ids)
        report.missing_vectors = sorted(chunk_ids - vector_ids)
        report.orphan_vectors = sorted(vector_ids - chunk_ids)
    report.lexical = index.lexical_count()
    report.seconds = time.perf_counter() - started
    return report


def repair_index(
    index: Index, progress: ProgressFn | None = None, *, wait: bool = False
) -> tuple[RepairSummary, CheckReport]:
    """Under the writer lock: re-embed the chunks that have no vector, drop the vectors of no chunk; when
    Chroma cannot be read, rebuild its collection from the manifest. Returns what was done and the
    check afterwards."""
    started = time.perf_counter()
    summary = RepairSummary()
    with writer_lock(index.config.data_dir, wait=wait):
        report = check_index(index)
        if report.vectors_error is not None:
            summary.embedded = rebuild_vectors(index, progress)
            summary.rebuilt = True
        else:
            if report.orphan_vectors:
                index.vectors.delete(report.orphan_vectors)
                summary.dropped = len(report.orphan_vectors)
            summary.embedded = embed_chunks(index, report.missing_vectors, progress)
        after = check_index(index)
    summary.seconds = time.perf_counter() - started
    return summary, after


def rebuild_vectors(index: Index, progress: ProgressFn | None = None) -> int:
    """Make the index's Chroma collection again from the manifest (the caller holds the writer lock).
    Returns the number of chunks embedded."""
    index.reset_vectors()
    return embed_chunks(index, sorted(index.chunk_ids()), progress)


def set_aside_chroma(data_dir: Path) -> Path | None:
    """Rename an unreadable embedded Chroma folder (kept for inspection); a new one is made on next open.
    It holds the vectors of every index of the data folder: each is rebuilt from its own manifest."""
    folder = Path(data_dir) / "chroma"
    if not folder.exists():
        return None
    target = folder.with_name(f"chroma.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
    folder.rename(target)
    with contextlib.suppress(Exception):  # chromadb keeps the failed client per path: forget it
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    return target


def embed_chunks(index: Index, ids: list[str], progress: ProgressFn | None) -> int:
    """Embed the chunks `ids` from their manifest text and add their vectors, batch by batch."""
    done = 0
    for start in range(0, len(ids), REPAIR_BATCH):
        stored = index.chunks(ids[start : start + REPAIR_BATCH])
        chunks = [Chunk(c.file, 0, c.start, c.end, c.text) for c in stored.values()]
        wrong = [c for c, chunk_id in zip(chunks, stored) if c.chunk_id != chunk_id]
        if wrong:
            raise StoreError(
                f"chunk {wrong[0].file}:{wrong[0].start} does not match its id in the manifest",
                "rebuild the index: delete its folder and run qa ingest",
            )
        pages = [index.page_of(c.file, c.start) for c in chunks]
        index.vectors.add(chunks, index.embedder.embed_passages([c.text for c in chunks]), pages)
        done += len(chunks)
        if progress is not None:
            progress(done, len(ids), chunks[-1].file if chunks else "")
    return done

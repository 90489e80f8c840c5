"""Adding one uploaded document to the index: checked, saved under data_dir/uploads atomically (a reader
or a folder scan never sees half a file), then indexed without pruning. Shared by the chat UI and the
HTTP service, so both accept and refuse exactly the same files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa.errors import InputError
from store.atomic import write_bytes_atomically
from store.documents import check_upload
from store.index import Index, IngestSummary, ProgressFn
from store.lock import writer_lock

UPLOAD_LOCK_WAIT_S = 120.0


@dataclass(frozen=True)
class UploadResult:
    name: str
    summary: IngestSummary

    @property
    def status(self) -> str:
        return f"{self.name}: {'unchanged, already indexed' if self.summary.skipped else 'indexed'}"


def uploads_dir(data_dir: Path) -> Path:
    return data_dir / "uploads"


def add_upload(
    index: Index, uploads: Path, source: Path, limit_mb: float, progress: ProgressFn | None = None
) -> UploadResult:
    """Check `source` (a temp file holding the upload), save it under `uploads` and index it."""
    name, data = check_upload(source, limit_mb)
    target = uploads / name
    # one writer per data folder across processes (a CLI ingest may be running); wait a short while
    with writer_lock(index.config.data_dir, wait=True, timeout=UPLOAD_LOCK_WAIT_S):
        write_bytes_atomically(target, data)
        summary = index.ingest(target, progress, prune=False)
    if summary.warnings:
        raise InputError(f"{name}: " + "; ".join(summary.warnings))
    return UploadResult(name, summary)

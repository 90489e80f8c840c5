"""Adding one uploaded document to the index: checked, saved under data_dir/uploads atomically (a reader
or a folder scan never sees half a file), then indexed without pruning. Shared by the chat UI and the
HTTP service, so both accept and refuse exactly the same files.

Uploads are the source `uploads` (store.identity): an upload named like a seed is another document
(`uploads/a.txt` beside `seeds/a.txt`). An upload whose name is already an uploaded document with other
content would replace it: refused (UploadExists) unless the caller asks to replace."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from qa.errors import InputError
from store.atomic import write_bytes_atomically
from store.documents import check_upload
from store.identity import document_id, source_label
from store.index import Index, IngestSummary, ProgressFn
from store.lock import writer_lock

UPLOAD_LOCK_WAIT_S = 120.0


class UploadExists(InputError):
    """The upload would replace an uploaded document of the same name that has other content."""


@dataclass(frozen=True)
class UploadResult:
    name: str
    summary: IngestSummary
    document: str = ""  # the identity: uploads/<name>

    @property
    def status(self) -> str:
        if self.summary.skipped:
            return f"{self.name}: unchanged, already indexed"
        return f"{self.name}: {'replaced' if self.summary.updated else 'indexed'}"


def add_upload(
    index: Index,
    uploads: Path,
    source: Path,
    limit_mb: float,
    progress: ProgressFn | None = None,
    *,
    replace: bool = False,
) -> UploadResult:
    """Check `source` (a temp file holding the upload), save it under `uploads` and index it. An uploaded
    document of the same name with other content is replaced only with `replace` (else UploadExists)."""
    name, data = check_upload(source, limit_mb)
    target = uploads / name
    document = document_id(source_label(uploads, index.config.data_dir), name)
    # one writer per data folder across processes (a CLI ingest may be running); wait a short while
    with writer_lock(index.config.data_dir, wait=True, timeout=UPLOAD_LOCK_WAIT_S):
        indexed = next((r for r in index.files() if r.name == document), None)
        if indexed is not None and indexed.sha256 != hashlib.sha256(data).hexdigest() and not replace:
            raise UploadExists(
                f"{name}: an uploaded document of this name is already indexed, with other content",
                "ask to replace it (UI: tick 'replace an uploaded document of the same name'; "
                "API: replace=true), or rename the file",
            )
        write_bytes_atomically(target, data)
        # the upload limit was checked above: ingest's own limit per file is for folders
        summary = index.ingest(target, progress, prune=False, size_limit=False)
    if summary.warnings:
        raise InputError(f"{name}: " + "; ".join(summary.warnings))
    return UploadResult(name, summary, document)

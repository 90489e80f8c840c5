"""The document routes of `qa serve`: list and delete indexed documents, ingest a folder under the allowed
roots (`qa.service.exposure.allowed_ingest_path`), and upload documents (streamed to disk as they arrive and
checked per file, `qa.service.upload_stream`). Every write takes the data folder's writer lock."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from qa.errors import InputError, QAError
from qa.service.exposure import allowed_ingest_path, ingest_roots, public_error
from qa.service.routes import sse
from qa.service.scratch import request_folder
from qa.service.upload_stream import ReceivedFile, receive_form
from qa.ui.uploads import UploadExists, add_upload
from store.identity import UPLOADS_LABEL, label_of, relative_path, uploads_folder
from store.lock import writer_lock

if TYPE_CHECKING:
    from qa.service.server import ServiceState

INGEST_LOCK_WAIT_S = 600.0  # a CLI ingest of the same data folder may hold the writer lock
REPLACE_HELP = "Replace an uploaded document of the same name that has other content (else 409)."
TRUE_WORDS = ("true", "1", "yes", "on")
UPLOAD_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "replace": {"type": "boolean", "description": REPLACE_HELP},
                    },
                }
            }
        },
    }
}


class IngestBody(BaseModel):
    path: str = Field(description="A folder or file on the server, under QA_INGEST_ROOTS, to index.")


class IngestCancelled(QAError):
    """The client went away: the ingest stops at its next checkpoint (what was committed is kept)."""


def add_document_routes(app: FastAPI, state: ServiceState) -> None:
    _add_file_routes(app, state)
    _add_ingest_routes(app, state)


def _add_file_routes(app: FastAPI, state: ServiceState) -> None:
    index = state.assistant.index
    uploads = uploads_folder(state.settings.data_dir)

    @app.get("/v1/files", tags=["documents"])
    def files() -> list[dict[str, Any]]:
        """Indexed documents: `name` is the path relative to the folder it came from, `document` its
        identity (source/path, unique), `source` the source label, `root` that folder."""
        return [
            {
                "name": relative_path(r.name),
                "chunks": r.n_chunks,
                "sha256": r.sha256,
                "root": r.root,
                "document": r.name,
                "source": label_of(r.name),
            }
            for r in index.files()
        ]

    @app.delete("/v1/files/{name:path}", tags=["documents"])
    def delete_file(name: str) -> dict[str, Any]:
        """Remove a document from the index, by identity (uploads/a.txt) or by a name one source holds;
        an uploaded document's file is removed from the uploads folder too."""
        with state.ingest_lock, writer_lock(state.settings.data_dir, wait=True, timeout=INGEST_LOCK_WAIT_S):
            matches = index.documents_named(name)
            if len(matches) > 1:
                raise InputError(
                    f"{name!r} names {len(matches)} documents: {', '.join(matches)}",
                    "give the document's identity (source/path, see GET /v1/files)",
                )
            if not matches or not index.remove_document(matches[0]):
                raise InputError(f"no indexed document named {name!r}", "see GET /v1/files")
            _remove_uploaded_file(uploads, matches[0])
        return {"deleted": name, "document": matches[0]}


def _remove_uploaded_file(uploads: Path, document: str) -> None:
    """Delete the saved file of an uploaded document (never anything outside the uploads folder), so a
    later ingest of the uploads folder does not bring it back."""
    if label_of(document) != UPLOADS_LABEL:
        return
    target = (uploads / relative_path(document)).resolve()
    if target.is_relative_to(uploads.resolve()) and target.is_file():
        target.unlink()


def _add_ingest_routes(app: FastAPI, state: ServiceState) -> None:
    index = state.assistant.index
    roots = ingest_roots(state.settings)

    @app.post("/v1/ingest", tags=["documents"])
    def ingest_path(body: IngestBody, request: Request) -> StreamingResponse:
        """Index a folder or file under the allowed roots (QA_INGEST_ROOTS; by default the corpus folder and
        the uploads folder); server-sent events `progress`, then `done` or `error`."""
        root = allowed_ingest_path(body.path, roots)
        return StreamingResponse(
            _ingest_events(state, lambda progress: index.ingest(root, progress), request),
            media_type="text/event-stream",
        )

    @app.post("/v1/ingest/upload", tags=["documents"], response_model=None, openapi_extra=UPLOAD_SCHEMA)
    async def ingest_upload(
        request: Request,
        replace_query: bool = Query(False, alias="replace", description=REPLACE_HELP),  # noqa: B008
    ) -> dict[str, Any] | JSONResponse:
        """Documents in the multipart field `files`, each checked and indexed on its own: `indexed` and
        `errors` (one line each), and per file its `status` (200, 400 bad name or content, 409 would
        replace, 413 too large)."""
        limit = state.settings.ui_max_upload_mb
        with request_folder(state.settings.data_dir) as folder:
            form = await receive_form(
                request.headers.get("content-type", ""),
                request.stream(),
                folder,
                int(limit * 1024 * 1024),
                f"{limit:g} MB",
            )
            replace = replace_query or form.fields.get("replace", "").strip().lower() in TRUE_WORDS
            outcomes = [await _index_received(state, received, replace) for received in form.files]
        return _upload_response(outcomes)


@dataclass
class _Outcome:
    name: str
    status: int
    line: str
    error: QAError | None = None


async def _index_received(state: ServiceState, received: ReceivedFile, replace: bool) -> _Outcome:
    if received.error is not None or received.path is None:
        error = received.error or InputError(f"{received.sent_name}: not received")
        return _Outcome(received.sent_name, received.status, error.one_line(), error)
    try:
        line = await run_in_threadpool(_save_upload, state, received.path, replace)
    except UploadExists as exc:
        return _Outcome(received.sent_name, 409, exc.one_line(), exc)
    except QAError as exc:
        return _Outcome(received.sent_name, 400, public_error(exc).message, exc)
    return _Outcome(received.sent_name, 200, line)


def _upload_response(outcomes: list[_Outcome]) -> dict[str, Any] | JSONResponse:
    """200 when a file was indexed or was already; 409 when one would replace another (nothing replaced);
    else the failures' common status (400 when they differ)."""
    body: dict[str, Any] = {
        "indexed": [o.line for o in outcomes if o.status == 200],
        "errors": [o.line for o in outcomes if o.status != 200],
        "files": [{"name": o.name, "status": o.status, "message": o.line} for o in outcomes],
    }
    conflicts = [o for o in outcomes if o.status == 409]
    failures = [o for o in outcomes if o.status != 200]
    if not conflicts and len(failures) < len(outcomes):
        return body
    first = (conflicts or failures)[0]
    assert first.error is not None  # noqa: S101 - a failure always carries its error
    statuses = {o.status for o in failures}
    status = 409 if conflicts else statuses.pop() if len(statuses) == 1 else 400
    kind = "UploadExists" if conflicts else type(first.error).__name__
    body["error"] = {"message": first.error.message, "hint": first.error.hint, "type": kind}
    return JSONResponse(body, status_code=status)


def _save_upload(state: ServiceState, source: Path, replace: bool) -> str:
    with state.ingest_lock:
        result = add_upload(
            state.assistant.index,
            uploads_folder(state.settings.data_dir),
            source,
            state.settings.ui_max_upload_mb,
            replace=replace,
        )
    return result.status


async def _ingest_events(
    state: ServiceState, run: Callable[[Any], Any], request: Request
) -> AsyncIterator[str]:
    """Progress events while indexing, then the summary. When the client goes away, the ingest stops at
    its next checkpoint (a committed batch): the progress callback raises there."""
    lines: list[tuple[int, int, str]] = []
    result: dict[str, Any] = {}
    cancelled = threading.Event()

    def progress(done: int, total: int, what: str) -> None:
        lines.append((done, total, what))
        if cancelled.is_set():
            raise IngestCancelled(f"the client went away: ingest stopped after {done} of {total} chunks")

    def work() -> None:
        try:
            with (
                state.ingest_lock,
                writer_lock(state.settings.data_dir, wait=True, timeout=INGEST_LOCK_WAIT_S),
            ):
                result["summary"] = run(progress)
        except QAError as exc:
            result["error"] = exc

    worker = threading.Thread(target=work, name="qa-ingest", daemon=True)
    worker.start()
    sent = 0
    try:
        while worker.is_alive() or sent < len(lines):
            await asyncio.sleep(0.2)
            if await request.is_disconnected():
                cancelled.set()
            for done, total, what in lines[sent:]:
                yield sse("progress", {"done": done, "total": total, "file": what})
            sent = len(lines)
    finally:
        cancelled.set()  # the response was closed early (the client went away): stop at the checkpoint
    yield _ingest_end(result)


def _ingest_end(result: dict[str, Any]) -> str:
    if "error" in result:
        public = public_error(result["error"])
        return sse("error", {"message": public.message, "hint": public.hint})
    summary = result["summary"]
    keys = ("files", "chunks", "added", "updated", "removed", "skipped", "seconds", "warnings")
    return sse("done", {k: getattr(summary, k) for k in keys})

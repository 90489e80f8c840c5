"""The routes of `qa serve` (see `qa.service`). The assistant is synchronous and CPU-bound, so each answer
runs in a worker thread behind the generation gate; streamed answers pump its events to the client and
stop generating when the client goes away."""

from __future__ import annotations

import asyncio
import json
import tempfile
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from qa.errors import InputError, QAError
from qa.events import Done, Event, PassagesFound, Token
from qa.followup import standalone_question
from qa.records import Answer
from qa.service_protocol import chunk, completion, models, new_id, parse_chat_request, sources_block
from qa.service_queue import QueueFull
from qa.uploads import UploadExists, add_upload
from store.identity import label_of, relative_path, uploads_folder
from store.lock import writer_lock

if TYPE_CHECKING:
    from qa.service import ServiceState

RETRY_AFTER_S = 10
INGEST_LOCK_WAIT_S = 600.0  # a CLI ingest of the same data folder may hold the writer lock
REPLACE_HELP = "Replace an uploaded document of the same name that has other content (else 409)."
_END = object()


class AskBody(BaseModel):
    question: str = Field(description="The question, in Arabic or English.")
    lang: str | None = Field(None, description="Answer language: ar | en (default: the question's).")
    backend: str | None = Field(None, description="local | openai | extractive (default: the setting).")
    k: int | None = Field(None, ge=1, le=50, description="Passages to use.")
    mode: str | None = Field(None, description="grounded | generative (default: by backend).")


class IngestBody(BaseModel):
    path: str = Field(description="A folder or file on the server to index.")


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def busy() -> JSONResponse:
    body = {"error": {"message": "too many questions are waiting", "hint": "retry later", "type": "busy"}}
    return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)})


async def pump(make: Callable[[], Iterator[Any]], request: Request | None) -> AsyncIterator[Any]:
    """Items of the synchronous iterator `make()` produced in a worker thread, as they come. When the
    consumer stops (client gone), the worker closes the iterator at the next item: generation stops."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    stop = threading.Event()

    def work() -> None:
        iterator = make()
        try:
            for item in iterator:
                loop.call_soon_threadsafe(queue.put_nowait, item)
                if stop.is_set():
                    break
        except BaseException as exc:  # delivered to the consumer, which turns it into an error event
            loop.call_soon_threadsafe(queue.put_nowait, exc)
        finally:
            close = getattr(iterator, "close", None)
            if close:
                close()
            loop.call_soon_threadsafe(queue.put_nowait, _END)

    threading.Thread(target=work, name="qa-answer", daemon=True).start()
    try:
        while (item := await queue.get()) is not _END:
            if request is not None and await request.is_disconnected():
                break
            yield item
    finally:
        stop.set()


def gated(state: ServiceState, make: Callable[[], Iterator[Event]]) -> Callable[[], Iterator[Event]]:
    """`make` run while holding a generation slot (QueueFull is raised before anything starts)."""

    def run() -> Iterator[Event]:
        with state.gate.slot():
            yield from make()

    return run


def add_api_routes(app: FastAPI, state: ServiceState) -> None:
    assistant = state.assistant

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"])
    def readyz() -> JSONResponse:
        if state.ready.is_set():
            return JSONResponse({"status": "ready"})
        return JSONResponse({"status": "loading", "error": state.warm_error}, status_code=503)

    @app.post("/v1/ask", tags=["qa"], response_model=None)
    async def ask(body: AskBody, request: Request, stream: bool = False) -> Any:
        def make() -> Iterator[Event]:
            return assistant.stream(
                body.question, lang=body.lang, backend=body.backend, k=body.k, mode=body.mode
            )

        if state.gate.waiting >= state.settings.serve_queue_size:
            return busy()
        if not stream:
            try:
                return JSONResponse(
                    (await run_in_threadpool(_final, gated(state, make))).model_dump(mode="json")
                )
            except QueueFull:
                return busy()
        return StreamingResponse(_ask_events(state, make, request), media_type="text/event-stream")

    @app.get("/v1/models", tags=["openai"])
    def list_models() -> dict[str, Any]:
        return models()

    add_chat_routes(app, state)
    add_document_routes(app, state)


def add_chat_routes(app: FastAPI, state: ServiceState) -> None:
    """The OpenAI chat protocol: earlier turns make the last question standalone, then it is answered."""
    assistant = state.assistant

    @app.post("/v1/chat/completions", tags=["openai"], response_model=None)
    async def chat_completions(request: Request) -> Any:
        try:
            body = await request.json()
        except ValueError:
            raise InputError("the body is not JSON", "send an OpenAI chat.completions request") from None
        chat = parse_chat_request(body if isinstance(body, dict) else {})
        backend = assistant.backend()
        question = await run_in_threadpool(
            standalone_question, chat.question, chat.turns, backend, assistant.prompts
        )

        def make() -> Iterator[Event]:
            return assistant.stream(question)

        if state.gate.waiting >= state.settings.serve_queue_size:
            return busy()
        if not chat.stream:
            try:
                return JSONResponse(completion(await run_in_threadpool(_final, gated(state, make))))
            except QueueFull:
                return busy()
        return StreamingResponse(_chat_chunks(state, make, request), media_type="text/event-stream")


def _final(make: Callable[[], Iterator[Event]]) -> Answer:
    for event in make():
        if isinstance(event, Done):
            return event.answer
    raise AssertionError("a stream always ends with Done")


async def _ask_events(
    state: ServiceState, make: Callable[[], Iterator[Event]], request: Request
) -> AsyncIterator[str]:
    try:
        async for event in pump(gated(state, make), request):
            if isinstance(event, BaseException):
                raise event
            if isinstance(event, PassagesFound):
                yield sse("passages", [p.model_dump(mode="json") for p in event.passages])
            elif isinstance(event, Token):
                yield sse("token", {"text": event.text})
            elif isinstance(event, Done):
                yield sse("done", event.answer.model_dump(mode="json"))
    except QueueFull:
        yield sse("error", {"message": "too many questions are waiting", "hint": "retry later"})
    except QAError as exc:
        yield sse("error", {"message": exc.message, "hint": exc.hint})


async def _chat_chunks(
    state: ServiceState, make: Callable[[], Iterator[Event]], request: Request
) -> AsyncIterator[str]:
    cid = new_id()
    yield f"data: {json.dumps(chunk(cid, ''), ensure_ascii=False)}\n\n"
    try:
        async for event in pump(gated(state, make), request):
            if isinstance(event, BaseException):
                raise event
            if isinstance(event, Token):
                yield f"data: {json.dumps(chunk(cid, event.text), ensure_ascii=False)}\n\n"
            elif isinstance(event, Done):
                tail = sources_block(event.answer) if not event.answer.refused else ""
                text = tail if not event.answer.refused else event.answer.answer
                if text:
                    yield f"data: {json.dumps(chunk(cid, text), ensure_ascii=False)}\n\n"
    except (QueueFull, QAError) as exc:
        message = exc.one_line() if isinstance(exc, QAError) else "too many questions are waiting"
        yield f"data: {json.dumps(chunk(cid, '(error: ' + message + ')'), ensure_ascii=False)}\n\n"
    yield f"data: {json.dumps(chunk(cid, None, finish=True))}\n\n"
    yield "data: [DONE]\n\n"


def add_document_routes(app: FastAPI, state: ServiceState) -> None:
    _add_file_routes(app, state)
    _add_ingest_routes(app, state)


def _add_file_routes(app: FastAPI, state: ServiceState) -> None:
    index = state.assistant.index

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
        """Remove a document from the index: by identity (uploads/a.txt), or by a name one source holds."""
        with state.ingest_lock, writer_lock(state.settings.data_dir, wait=True, timeout=INGEST_LOCK_WAIT_S):
            matches = index.documents_named(name)
            if len(matches) > 1:
                raise InputError(
                    f"{name!r} names {len(matches)} documents: {', '.join(matches)}",
                    "give the document's identity (source/path, see GET /v1/files)",
                )
            if not matches or not index.remove_document(matches[0]):
                raise InputError(f"no indexed document named {name!r}", "see GET /v1/files")
        return {"deleted": name, "document": matches[0]}


def _add_ingest_routes(app: FastAPI, state: ServiceState) -> None:
    index = state.assistant.index

    @app.post("/v1/ingest", tags=["documents"])
    def ingest_path(body: IngestBody) -> StreamingResponse:
        root = Path(body.path).expanduser()
        if not root.exists():
            raise InputError(
                f"{root} does not exist on the server", "give a folder or file path on the server"
            )
        return StreamingResponse(
            _ingest_events(state, lambda progress: index.ingest(root, progress)),
            media_type="text/event-stream",
        )

    @app.post("/v1/ingest/upload", tags=["documents"], response_model=None)
    async def ingest_upload(
        files: list[UploadFile] = File(...),  # noqa: B008
        replace: bool = Form(False, description=REPLACE_HELP),  # noqa: B008
        replace_query: bool = Query(False, alias="replace", description=REPLACE_HELP),  # noqa: B008
    ) -> dict[str, Any] | JSONResponse:
        limit = state.settings.ui_max_upload_mb
        results, errors, conflicts = [], [], []
        for upload in files:
            data = await upload.read(int(limit * 1024 * 1024) + 1)
            try:
                results.append(
                    await run_in_threadpool(
                        _save_upload, state, upload.filename or "", data, replace or replace_query
                    )
                )
            except UploadExists as exc:
                conflicts.append(exc)
                errors.append(exc.one_line())
            except QAError as exc:
                errors.append(exc.one_line())
        if conflicts:  # nothing was replaced: say so with 409, and what else happened
            error = {"message": conflicts[0].message, "hint": conflicts[0].hint, "type": "UploadExists"}
            return JSONResponse({"error": error, "indexed": results, "errors": errors}, status_code=409)
        return {"indexed": results, "errors": errors}


def _save_upload(state: ServiceState, filename: str, data: bytes, replace: bool) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / (Path(filename).name or "document.txt")
        source.write_bytes(data)
        with state.ingest_lock:
            result = add_upload(
                state.assistant.index,
                uploads_folder(state.settings.data_dir),
                source,
                state.settings.ui_max_upload_mb,
                replace=replace,
            )
    return result.status


def _ingest_events(state: ServiceState, run: Callable[[Any], Any]) -> Iterator[str]:
    """Progress events while indexing, then the summary (sync generator: Starlette runs it in a thread)."""
    lines: list[tuple[int, int, str]] = []
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            with (
                state.ingest_lock,
                writer_lock(state.settings.data_dir, wait=True, timeout=INGEST_LOCK_WAIT_S),
            ):
                result["summary"] = run(lambda done, total, what: lines.append((done, total, what)))
        except QAError as exc:
            result["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    sent = 0
    while worker.is_alive() or sent < len(lines):
        worker.join(timeout=0.2)
        for done, total, what in lines[sent:]:
            yield sse("progress", {"done": done, "total": total, "file": what})
        sent = len(lines)
    if "error" in result:
        yield sse("error", {"message": result["error"].message, "hint": result["error"].hint})
    else:
        summary = result["summary"]
        yield sse(
            "done",
            {
                k: getattr(summary, k)
                for k in ("files", "chunks", "added", "updated", "removed", "skipped", "seconds", "warnings")
            },
        )

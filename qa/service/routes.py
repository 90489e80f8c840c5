"""The question routes of `qa serve` (see `qa.service`): health, `/v1/ask`, the OpenAI chat protocol. The
assistant is synchronous and CPU-bound, so each answer runs in a worker thread behind the generation gate
(follow-up rewriting included: every model call waits in the one line); streamed answers pump its events
to the client and stop generating when the client goes away. Document routes: `qa.service.documents`."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from qa.assistant import clean_question
from qa.errors import InputError, QAError
from qa.events import Done, Event, PassagesFound, Token
from qa.generate.followup import history_budget, standalone_question
from qa.records import Answer
from qa.service.exposure import public_error
from qa.service.protocol import chunk, completion, models, new_id, parse_chat_request, sources_block
from qa.service.queue import QueueFull

if TYPE_CHECKING:
    from qa.service.server import ServiceState

RETRY_AFTER_S = 10
LANGS = ("auto", "ar", "en")
MODES = ("auto", "grounded", "generative")
_END = object()


class AskBody(BaseModel):
    question: str = Field(description="The question, in Arabic or English.")
    lang: str | None = Field(None, description="Answer language: auto | ar | en (default: the question's).")
    backend: str | None = Field(None, description="local | openai | extractive (default: the setting).")
    k: int | None = Field(None, ge=1, le=50, description="Passages to use.")
    mode: str | None = Field(None, description="auto | grounded | generative (default: by backend).")


def sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def busy() -> JSONResponse:
    body = {"error": {"message": "too many questions are waiting", "hint": "retry later", "type": "busy"}}
    return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)})


def check_choices(body: AskBody) -> None:
    """Unknown `lang` or `mode` is a 400, never silently ignored."""
    for name, value, allowed in (("lang", body.lang, LANGS), ("mode", body.mode, MODES)):
        if value is not None and value not in allowed:
            raise InputError(f"unknown {name} {value[:40]!r}", f"use one of {', '.join(allowed)}")


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

    for path, route in (("/healthz", healthz), ("/readyz", readyz)):  # probes may ask with HEAD
        app.add_api_route(path, route, methods=["HEAD"], include_in_schema=False)

    @app.post("/v1/ask", tags=["qa"], response_model=None)
    async def ask(body: AskBody, request: Request, stream: bool = False) -> Any:
        check_choices(body)
        clean_question(body.question)  # a bad question is a 400 at once, not a queue slot

        def make() -> Iterator[Event]:
            return assistant.stream(
                body.question, lang=body.lang, backend=body.backend, k=body.k, mode=body.mode
            )

        return await _answer(state, make, request, stream, _ask_events, lambda a: a.model_dump(mode="json"))

    @app.get("/v1/models", tags=["openai"])
    def list_models() -> dict[str, Any]:
        return models()

    add_chat_routes(app, state)


async def _answer(
    state: ServiceState,
    make: Callable[[], Iterator[Event]],
    request: Request,
    stream: bool,
    events: Callable[[ServiceState, Callable[[], Iterator[Event]], Request], AsyncIterator[str]],
    record: Callable[[Answer], Any],
) -> Any:
    """The answer of `make` behind the gate: JSON when not streamed, else server-sent `events`."""
    if state.gate.waiting >= state.settings.serve_queue_size:
        return busy()
    if not stream:
        try:
            return JSONResponse(record(await run_in_threadpool(_final, gated(state, make))))
        except QueueFull:
            return busy()
    return StreamingResponse(events(state, make, request), media_type="text/event-stream")


def add_chat_routes(app: FastAPI, state: ServiceState) -> None:
    """The OpenAI chat protocol: earlier turns make the last question standalone, then it is answered;
    both behind the gate (the rewriting may call the model)."""
    assistant = state.assistant
    budget = history_budget(state.settings.llm_ctx_size // state.settings.llm_parallel)

    @app.post("/v1/chat/completions", tags=["openai"], response_model=None)
    async def chat_completions(request: Request) -> Any:
        try:
            body = await request.json()
        except UnicodeDecodeError:
            raise InputError("the body is not valid UTF-8", "send UTF-8 JSON") from None
        except ValueError:
            raise InputError("the body is not JSON", "send an OpenAI chat.completions request") from None
        chat = parse_chat_request(body if isinstance(body, dict) else {})
        question = clean_question(chat.question)

        def make() -> Iterator[Event]:
            backend = assistant.backend()
            standalone = standalone_question(
                question, chat.turns, backend, assistant.prompts, max_history_chars=budget
            )
            yield from assistant.stream(standalone)

        return await _answer(state, make, request, chat.stream, _chat_chunks, completion)


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
        public = public_error(exc)
        yield sse("error", {"message": public.message, "hint": public.hint})


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
        message = "too many questions are waiting"
        if isinstance(exc, QAError):
            public = public_error(exc)
            message = f"{public.message} — {public.hint}" if public.hint else public.message
        yield f"data: {json.dumps(chunk(cid, '(error: ' + message + ')'), ensure_ascii=False)}\n\n"
    yield f"data: {json.dumps(chunk(cid, None, finish=True))}\n\n"
    yield "data: [DONE]\n\n"

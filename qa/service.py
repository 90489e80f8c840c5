"""`qa serve`: one long-running process holding the index, the embedding model and the backends warm.

REST (`/v1/ask`, `/v1/ingest`, `/v1/files`), the OpenAI chat protocol (`/v1/chat/completions`,
`/v1/models`), health (`/healthz`, `/readyz`), the chat UI at `/` and OpenAPI docs at `/docs`.
Only this module (with `qa.cli` and `qa.ui`) knows the web framework; the protocol shapes live in
`qa.service_protocol`, admission control in `qa.service_queue`, the routes in `qa.service_routes`.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from qa.assistant import Assistant
from qa.errors import BackendError, ConfigError, InputError, ModelError, QAError, StoreError
from qa.service_queue import GenerationGate
from qa.settings import Settings

logger = logging.getLogger(__name__)

STATUS = {InputError: 400, ConfigError: 400, StoreError: 503, ModelError: 503, BackendError: 502}
OPEN_PATHS = ("/healthz", "/readyz")


class ServiceState:
    """What the routes share: the one Assistant, the generation gate, readiness."""

    def __init__(self, settings: Settings, assistant: Assistant | None = None) -> None:
        self.settings = settings
        self.assistant = assistant or Assistant(settings)
        self.gate = GenerationGate(slots=settings.llm_parallel, max_waiting=settings.serve_queue_size)
        self.ready = threading.Event()
        self.warm_error: str | None = None
        self.ingest_lock = threading.Lock()  # one writer at a time from this process

    def warm_up(self) -> None:
        """Load the embedding model and start the default backend, so the first question is fast."""
        try:
            self.assistant.index.embed_query("warm-up")
            self.assistant.backend()
            self.ready.set()
        except QAError as exc:
            self.warm_error = exc.one_line()
            logger.error("warm-up failed: %s", self.warm_error)


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(settings: Settings, host: str) -> None:
    """Off loopback the service refuses to start without an API token (anyone on the network could
    otherwise read the documents and spend the machine's CPU)."""
    if not is_loopback(host) and settings.api_token is None:
        raise ConfigError(
            f"refusing to listen on {host} without an API token",
            "set QA_API_TOKEN (clients send it as 'Authorization: Bearer …'), or serve on 127.0.0.1",
        )


def error_response(status: int, message: str, hint: str = "", kind: str = "error") -> JSONResponse:
    body = {"error": {"message": message, "hint": hint, "type": kind}}
    return JSONResponse(body, status_code=status)


def _authorised(request: Request, token: str) -> bool:
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


def add_guards(app: FastAPI, state: ServiceState) -> None:
    """Bearer token on the API (constant-time compare), a request size limit, JSON errors."""
    limit = int(state.settings.serve_max_request_mb * 1024 * 1024)
    token = state.settings.api_token.get_secret_value() if state.settings.api_token else None

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        if token and path.startswith("/v1") and not _authorised(request, token):
            return error_response(401, "missing or wrong API token", "send 'Authorization: Bearer …'", "auth")
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > limit:
            return error_response(
                413, f"request is larger than {state.settings.serve_max_request_mb:g} MB", "", "too_large"
            )
        return await call_next(request)

    @app.exception_handler(QAError)
    async def qa_error(_: Request, exc: QAError) -> JSONResponse:
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 500)
        return error_response(status, exc.message, exc.hint, type(exc).__name__)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return error_response(422, f"invalid request: {where} {first.get('msg', '')}".strip(), "", "invalid")

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        logger.error("internal error: %s: %s", type(exc).__name__, exc)  # logged once, never sent
        return error_response(500, "internal error", "see the server log", "internal")


def create_app(settings: Settings, assistant: Assistant | None = None, with_ui: bool = True) -> FastAPI:
    """The service app. `assistant` may be passed in (tests, embedding in another program)."""
    from qa.service_routes import add_api_routes

    state = ServiceState(settings, assistant)
    app = FastAPI(title="Arabic documents QA", version="1", docs_url="/docs")
    app.state.qa = state
    add_guards(app, state)
    add_api_routes(app, state)
    threading.Thread(target=state.warm_up, name="qa-warm-up", daemon=True).start()
    if with_ui:
        import gradio as gr

        from qa.ui import build_app

        blocks, _ = build_app(settings, state.assistant)
        blocks.queue(default_concurrency_limit=1)
        app = gr.mount_gradio_app(app, blocks, path="/", **ui_mount_options(settings))
    return app


def ui_mount_options(settings: Settings) -> dict[str, Any]:
    from qa.ui import launch_options

    options = launch_options(settings)
    return {key: options[key] for key in ("auth", "css") if options.get(key) is not None}


def serve(settings: Settings, host: str, port: int) -> None:
    """Run the service until interrupted (uvicorn, one process: the models are loaded once)."""
    import uvicorn

    check_exposure(settings, host)
    app = create_app(settings)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        app.state.qa.assistant.close() if hasattr(app.state, "qa") else None

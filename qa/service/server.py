"""`qa serve`: one long-running process holding the index, the embedding model and the backends warm.

REST (`/v1/ask`, `/v1/ingest`, `/v1/files`), the OpenAI chat protocol (`/v1/chat/completions`,
`/v1/models`), health (`/healthz`, `/readyz`), the chat UI at `/` and OpenAPI docs at `/docs`.
Only this module (with `qa.cli.commands` and `qa.ui.app`) knows the web framework; the protocol shapes live in
`qa.service.protocol`, admission control in `qa.service.queue`, the routes in `qa.service.routes` and
`qa.service.documents`, the one gate in front of everything (token, Host, Origin, content types, body
size) in `qa.service.guard`, its rules in `qa.service.exposure`.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa.assistant import Assistant
from qa.errors import BackendError, ConfigError, InputError, ModelError, QAError, StoreError
from qa.service.exposure import allowed_hosts, check_exposure, public_error, redact
from qa.service.exposure import is_loopback as is_loopback  # re-exported: callers of the former home
from qa.service.guard import Guard, GuardConfig, error
from qa.service.queue import GenerationGate
from qa.service.scratch import exit_cleanly_on_sigterm, sweep, use_private_temp_folder
from qa.settings import Settings
from store.identity import uploads_folder

logger = logging.getLogger(__name__)

STATUS = {InputError: 400, ConfigError: 400, StoreError: 503, ModelError: 503, BackendError: 502}
JSON_PATHS = frozenset({"/v1/ask", "/v1/chat/completions", "/v1/ingest"})
UPLOAD_PATHS = frozenset({"/v1/ingest/upload"})
GRADIO_UPLOAD_PATHS = frozenset({"/gradio_api/upload"})
ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
__all__ = ["check_exposure", "create_app", "serve"]


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
            self.warm_error = public_error(exc).message
            logger.error("warm-up failed: %s", exc.one_line())


def guard_config(settings: Settings, host: str, token: str | None) -> GuardConfig:
    limit = settings.serve_max_request_mb
    return GuardConfig(
        token=token,
        hosts=allowed_hosts(settings, host),
        max_body=int(limit * 1024 * 1024),
        max_body_label=f"{limit:g} MB",
        json_paths=JSON_PATHS,
        multipart_paths=UPLOAD_PATHS | GRADIO_UPLOAD_PATHS,
    )


def add_error_handlers(app: FastAPI) -> None:
    """Every error a client sees has one shape, `{"error": {"message", "hint", "type"}}`, and one line."""

    @app.exception_handler(QAError)
    async def qa_error(_: Request, exc: QAError) -> Response:
        status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 500)
        public = public_error(exc)
        return error(status, public.message, public.hint, type(exc).__name__)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        if first.get("type") == "json_invalid":
            return error(422, "invalid request: the body is not valid JSON", "send a JSON object", "invalid")
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return error(422, f"invalid request: {where} {first.get('msg', '')}".strip(), "", "invalid")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if isinstance(exc.__cause__, UnicodeDecodeError):
            message = "the body is not valid UTF-8"
        kind = "invalid" if exc.status_code in (400, 422) else "http"
        return error(exc.status_code, redact(message), "", kind, dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> Response:
        logger.error("internal error: %s: %s", type(exc).__name__, exc)  # logged once, never sent
        return error(500, "internal error", "see the server log", "internal")


def add_method_guards(app: FastAPI) -> None:
    """405 with `Allow` for a known path asked with another method, and 404 for unknown `/v1` paths: the
    UI is mounted at `/` and would otherwise answer both with its own 404."""
    methods: dict[str, set[str]] = {}
    for route in app.routes:
        if isinstance(route, APIRoute):
            methods.setdefault(route.path, set()).update(route.methods)
    for path, allowed in methods.items():
        allow = ", ".join(sorted(allowed))

        async def not_allowed(allow: str = allow) -> Response:
            return error(405, "method not allowed", f"use {allow}", "method", {"Allow": allow})

        others = [m for m in ALL_METHODS if m not in allowed]
        app.add_api_route(path, not_allowed, methods=others, include_in_schema=False)

    async def unknown(rest: str) -> Response:
        return error(404, f"no such endpoint: /v1/{rest[:100]}", "see /docs", "not_found")

    app.add_api_route("/v1/{rest:path}", unknown, methods=list(ALL_METHODS), include_in_schema=False)


def create_app(
    settings: Settings, assistant: Assistant | None = None, with_ui: bool = True, host: str = "127.0.0.1"
) -> FastAPI:
    """The service app for a server listening on `host`. `assistant` may be passed in (tests, embedding in
    another program). A bad API token is refused here too (ConfigError), not only by `serve`."""
    from qa.service.documents import add_document_routes
    from qa.service.routes import add_api_routes

    token = check_exposure(settings, host)
    sweep(settings.data_dir, uploads_folder(settings.data_dir))  # what a killed server left behind
    if with_ui:
        use_private_temp_folder(settings.data_dir)  # before Gradio is imported
    state = ServiceState(settings, assistant)
    app = FastAPI(title="Arabic documents QA", version="1", docs_url="/docs")
    app.state.qa = state
    add_error_handlers(app)
    add_api_routes(app, state)
    add_document_routes(app, state)
    add_method_guards(app)
    app.add_middleware(Guard, config=guard_config(settings, host, token))
    threading.Thread(target=state.warm_up, name="qa-warm-up", daemon=True).start()
    if with_ui:
        app = _mount_ui(app, state)
    return app


def _mount_ui(app: FastAPI, state: ServiceState) -> FastAPI:
    import gradio as gr

    from qa.ui.app import build_app

    blocks, _ = build_app(state.settings, state.assistant, gate=state.gate.slot)
    blocks.queue(default_concurrency_limit=1, max_size=state.settings.serve_queue_size)
    return gr.mount_gradio_app(app, blocks, path="/", **ui_mount_options(state.settings))


def ui_mount_options(settings: Settings) -> dict[str, Any]:
    from qa.ui.app import launch_options

    options = launch_options(settings)
    keys = ("auth", "css", "max_file_size", "footer_links", "ssr_mode", "theme")
    return {key: options[key] for key in keys if options.get(key) is not None}


def serve(settings: Settings, host: str, port: int) -> None:
    """Run the service until interrupted (uvicorn, one process: the models are loaded once)."""
    import uvicorn

    exit_cleanly_on_sigterm()
    app = create_app(settings, host=host)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        app.state.qa.assistant.close() if hasattr(app.state, "qa") else None

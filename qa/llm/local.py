"""The local backend: llama.cpp's own OpenAI-compatible server, run in-process by xllamacpp.

The server listens on 127.0.0.1 (random free port) and `OpenAIBackend` talks to it, so the local
model and any hosted endpoint share one code path. One server per (model, threads, ctx, slots)
is shared by every `LocalBackend` in the process; it stops when the last user closes, or at exit.

Stopping: `xllamacpp.Server` has no stop method. Its C++ destructor terminates the main loop,
stops the HTTP listener and joins both threads, so dropping the last reference stops it cleanly.
`Server(params)` itself blocks until the model is loaded (or raises RuntimeError).
"""

from __future__ import annotations

import atexit
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.errors import BackendError
from qa.llm.base import ChoiceRequest, GenerationRequest, LLMBackend, PatternRequest
from qa.llm.gguf import resolve_gguf
from qa.llm.openai import OpenAIBackend

if TYPE_CHECKING:
    from qa.settings import Settings

logger = logging.getLogger(__name__)

LOCAL_MODEL_ALIAS = "local"
# The server is on 127.0.0.1: an HTTP(S)_PROXY from the environment must not be used to reach it.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
HEALTH_TIMEOUT = 120.0

LOCAL_HINTS = {
    "connection": "the in-process model server stopped; start qa again",
    "timeout": "raise QA_LLM_TIMEOUT, or shorten the context (QA_TOP_K, QA_PASSAGE_CHARS, QA_MAX_TOKENS)",
    "client": "check the request settings (QA_MAX_TOKENS, QA_TEMPERATURE)",
    "context": "shorten the context (QA_TOP_K, QA_PASSAGE_CHARS) or raise QA_LLM_CTX_SIZE",
    "server": "check the model file (QA_LLM_MODEL_PATH) and free memory (about 2 GB)",
    "malformed": "the local model server sent an unexpected reply; please report this",
    "stream": "try again; if it persists, check the model file (QA_LLM_MODEL_PATH)",
}


class ServerHandle:
    """A running in-process llama.cpp server and its OpenAI base URL (ends in /v1)."""

    def __init__(self, server: Any, gguf: Path, root_url: str) -> None:
        self._server = server
        self.gguf = gguf
        self.root_url = root_url.rstrip("/")
        self.base_url = self.root_url + "/v1"

    @property
    def running(self) -> bool:
        return self._server is not None

    def stop(self) -> None:
        """Stop the server and free the model (safe to call twice)."""
        server, self._server = self._server, None
        if server is not None:
            del server  # the last reference: the C++ destructor shuts the server down and joins
            logger.info("stopped the local model server at %s", self.root_url)

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"ServerHandle({self.gguf.name}, {self.root_url}, {state})"


def _server_params(gguf: Path, threads: int, ctx: int, parallel: int) -> Any:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(gguf)
    params.model_alias = {LOCAL_MODEL_ALIAS}  # a set in xllamacpp, not a string
    params.hostnames = ["127.0.0.1"]  # never reachable from other machines
    params.port = 0  # the OS picks a free port
    params.n_ctx = ctx  # shared by all slots: each slot gets ctx / parallel tokens
    params.n_parallel = parallel
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.ui = False
    params.verbosity = 0  # keep llama.cpp's info log off the CLI's terminal
    return params


def _wait_healthy(root_url: str, timeout: float) -> None:
    """Poll /health until 200 (it answers 503 while the model loads)."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            with _NO_PROXY.open(root_url + "/health", timeout=5) as reply:
                if reply.status == 200:
                    return
                last = f"HTTP {reply.status}"
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}"
        except OSError as exc:
            last = str(getattr(exc, "reason", exc))
        time.sleep(0.1)
    raise BackendError(
        f"the local model server at {root_url} was not ready after {timeout:g} s ({last})",
        "check free memory (about 2 GB) and the model file (QA_LLM_MODEL_PATH)",
    )


def start_openai_compatible_server(
    gguf: Path, threads: int, ctx: int, parallel: int, health_timeout: float = HEALTH_TIMEOUT
) -> tuple[ServerHandle, str]:
    """Start a private llama.cpp server for `gguf`; returns (handle, OpenAI base URL). Call handle.stop()."""
    import xllamacpp

    started = time.perf_counter()
    try:
        server = xllamacpp.Server(_server_params(gguf, threads, ctx, parallel))
    except RuntimeError as exc:
        raise BackendError(
            f"the local model server failed to start with {gguf.name}",
            "check that the file is a chat GGUF model, free memory (about 2 GB), and QA_LLM_CTX_SIZE",
        ) from exc
    address = str(server.listening_address)
    if not address.startswith("http"):
        address = "http://" + address
    handle = ServerHandle(server, gguf, address)
    try:
        _wait_healthy(handle.root_url, health_timeout)
    except BackendError:
        handle.stop()
        raise
    logger.info("local model server ready at %s in %.1f s", handle.root_url, time.perf_counter() - started)
    return handle, handle.base_url


# --- shared servers ------------------------------------------------------------------------


@dataclass
class _Shared:
    handle: ServerHandle
    users: int = 0


_REGISTRY: dict[tuple[str, int, int, int], _Shared] = {}
_REGISTRY_LOCK = threading.Lock()


def acquire_server(gguf: Path, threads: int, ctx: int, parallel: int) -> ServerHandle:
    """The shared server for these settings, started on first use. Pair with `release_server`."""
    key = (str(gguf.resolve()), threads, ctx, parallel)
    # Held while starting (seconds) so two threads never load the same model twice.
    with _REGISTRY_LOCK:
        shared = _REGISTRY.get(key)
        if shared is None or not shared.handle.running:
            handle, _ = start_openai_compatible_server(gguf, threads, ctx, parallel)
            shared = _REGISTRY[key] = _Shared(handle)
        shared.users += 1
        return shared.handle


def release_server(handle: ServerHandle) -> None:
    """Drop one user of a shared server; the last one stops it."""
    with _REGISTRY_LOCK:
        for key, shared in list(_REGISTRY.items()):
            if shared.handle is handle:
                shared.users -= 1
                if shared.users > 0:
                    return
                del _REGISTRY[key]
                break
    handle.stop()


@atexit.register
def stop_all_servers() -> None:
    """Stop every shared server (also run at interpreter exit)."""
    with _REGISTRY_LOCK:
        handles = [shared.handle for shared in _REGISTRY.values()]
        _REGISTRY.clear()
    for handle in handles:
        handle.stop()


# --- the backend ---------------------------------------------------------------------------


class LocalBackend(LLMBackend):
    """Answers with a GGUF model on this machine (default: the packaged Qwen2.5-Coder-1.5B)."""

    name = "local"
    constrained_choice = True

    def __init__(
        self,
        model_path: Path | None,
        models_dir: Path,
        threads: int = 2,
        ctx_size: int = 4096,
        parallel: int = 1,
        timeout: float = 60.0,
    ) -> None:
        self.model_path = model_path
        self.models_dir = Path(models_dir)
        self.threads, self.ctx_size, self.parallel = threads, ctx_size, parallel
        self.timeout = timeout
        self._handle: ServerHandle | None = None
        self._delegate: OpenAIBackend | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalBackend:
        llm = settings.llm
        return cls(
            model_path=llm.llm_model_path,
            models_dir=settings.paths.models_dir,
            threads=llm.llm_threads,
            ctx_size=llm.llm_ctx_size,
            parallel=llm.llm_parallel,
            timeout=llm.llm_timeout,
        )

    @classmethod
    def model_label(cls, settings: Settings) -> str | None:
        return str(settings.llm_model_path or "packaged")

    def start(self) -> str:
        """Resolve the model and start (or join) its server now; returns the server's base URL."""
        return self._ensure_started().base_url

    def _ensure_started(self) -> OpenAIBackend:
        with self._lock:
            if self._delegate is None:
                gguf = resolve_gguf(self.model_path, self.models_dir)
                self._handle = acquire_server(gguf, self.threads, self.ctx_size, self.parallel)
                # No retries: the server is in this process, and a retry would redo the whole prompt.
                self._delegate = OpenAIBackend(
                    self._handle.base_url,
                    LOCAL_MODEL_ALIAS,
                    timeout=self.timeout,
                    max_retries=0,
                    label="the local model server",
                    hints=LOCAL_HINTS,
                    use_env_proxy=False,
                    dialect="grammar",  # llama.cpp's own server: GBNF grammars and forced decoding
                )
            return self._delegate

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        yield from self._ensure_started().stream(request)

    def choose(self, request: ChoiceRequest) -> str | None:
        return self._ensure_started().choose(request)

    def score_options(self, request: ChoiceRequest) -> list[float]:
        return self._ensure_started().score_options(request)

    def generate_matching(self, request: PatternRequest) -> str:
        return self._ensure_started().generate_matching(request)

    def close(self) -> None:
        with self._lock:
            handle, self._handle, self._delegate = self._handle, None, None
        if handle is not None:
            release_server(handle)

    def __repr__(self) -> str:
        model = self.model_path or "packaged"
        sizes = f"threads={self.threads}, ctx={self.ctx_size}, parallel={self.parallel}"
        return f"LocalBackend(model={model}, {sizes})"

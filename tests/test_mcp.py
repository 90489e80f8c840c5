"""`qa mcp` for real: the official MCP client (the `mcp` SDK) spawns the real `qa mcp` command over stdio on
the seeds index with the real e5 model, in-process and in front of a running `qa serve`; bytes the official
client cannot send (undecodable text) are written on the pipe by hand."""

from __future__ import annotations

import json
import os
import select
import subprocess
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import uvicorn
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError
from mcp.shared.uri_template import UriTemplate

from qa.assistant import MAX_QUESTION_CHARS
from qa.errors import InputError
from qa.records import Answer
from qa.service.mcp_engine import document_uri
from qa.service.mcp_server import mend_surrogate_escapes, span
from qa.settings import PROJECT_ROOT
from tests.conftest import SEEDS, make_settings
from tests.helpers import QA, free_port

QUESTION = "متى سيزور بوتين فيتنام؟"
SESSION_TIMEOUT_S = 600  # model loading and answers on 2 shared cores


def params(data_dir: Path, *args: str) -> StdioServerParameters:
    env = {**os.environ, "QA_DATA_DIR": str(data_dir)}
    return StdioServerParameters(command=str(QA), args=["mcp", *args], env=env, cwd=str(PROJECT_ROOT))


def in_session(server: StdioServerParameters, body: Callable[[ClientSession], Awaitable[Any]]) -> Any:
    """Spawn the server, initialise a session with the official client, run `body` in it."""

    async def main() -> Any:
        with anyio.fail_after(SESSION_TIMEOUT_S):
            async with stdio_client(server) as (read, write), ClientSession(read, write) as session:
                info = await session.initialize()
                assert info.server_info.name == "arabic-qa"
                assert info.capabilities.tools is not None and info.capabilities.resources is not None
                return await body(session)

    return anyio.run(main)


def error_line(result: Any) -> str:
    assert result.is_error and len(result.content) == 1
    text = result.content[0].text
    assert text.startswith("error: ") and "\n" not in text
    return text


async def read_text(session: ClientSession, uri: str) -> str:
    return (await session.read_resource(uri)).contents[0].text


async def check_search(session: ClientSession) -> None:
    result = await session.call_tool("search", {"question": QUESTION, "k": 3})
    assert not result.is_error
    passages = result.structured_content["passages"]
    assert len(passages) == 3 and "000_786f06b0012ed668.txt" in [p["file"] for p in passages]
    for p in passages:
        assert p["document"] == f"seeds/{p['file']}" and p["page"] is None and p["start"] < p["end"]
        assert await read_text(session, p["uri"]) == p["text"]  # the span the passage names
        assert p["uri"] in result.content[0].text


async def check_ask(session: ClientSession) -> Answer:
    result = await session.call_tool("ask", {"question": QUESTION, "backend": "extractive"})
    assert not result.is_error
    answer = Answer.model_validate(result.structured_content)
    assert not answer.refused and answer.citations and "19" in answer.answer
    text, *links = result.content
    assert text.text.startswith(answer.answer) and answer.citations[0].document in text.text
    assert [link.type for link in links] == ["resource_link"] * len(answer.citations)
    for link, citation in zip(links, answer.citations):
        assert await read_text(session, link.uri) == citation.text  # opens what the citation points at
    return answer


async def local_session(session: ClientSession) -> None:
    tools = {tool.name: tool for tool in (await session.list_tools()).tools}
    assert set(tools) == {"search", "ask", "list_documents"}
    assert "citations" in tools["ask"].output_schema["properties"]
    assert tools["search"].input_schema["properties"]["k"]["anyOf"][0]["maximum"] == 50
    question = tools["ask"].input_schema["properties"]["question"]["description"]
    assert f"at most {MAX_QUESTION_CHARS} characters" in question  # the limit `qa ask` applies
    await check_search(session)
    await check_ask(session)
    listed = await session.call_tool("list_documents", {})
    documents = listed.structured_content["documents"]
    assert sorted(d["file"] for d in documents) == sorted(p.name for p in SEEDS.glob("*.txt"))
    resources = {r.uri for r in (await session.list_resources()).resources}
    assert {d["uri"] for d in documents} <= resources
    first = documents[0]
    assert await read_text(session, first["uri"]) == (SEEDS / first["file"]).read_text(encoding="utf-8")
    await check_bad_calls(session)


async def check_bad_calls(session: ClientSession) -> None:
    bad = [
        ("search", {"question": "   "}, "the question is empty"),
        ("search", {"question": QUESTION, "k": 0}, "invalid k for search"),
        ("search", {"question": QUESTION, "k": 51}, "invalid k for search"),
        ("search", {"question": QUESTION, "k": "three"}, "invalid k for search"),
        ("search", {}, "invalid question for search"),
        ("ask", {"question": QUESTION, "backend": "gpt9"}, "unknown backend 'gpt9'"),
        ("ask", {"question": "س" * 2001}, "2001 characters long"),
        ("ask", {"question": QUESTION, "lang": "fr"}, "invalid lang for ask"),
        ("translate", {"question": QUESTION}, "Unknown tool: translate"),
    ]
    for tool, arguments, expected in bad:
        assert expected in error_line(await session.call_tool(tool, arguments)), (tool, arguments)
    for uri, expected in [
        ("doc://seeds/missing.txt", "no indexed document 'seeds/missing.txt'"),
        ("doc://seeds/000_786f06b0012ed668.txt?start=90&end=10", "outside the text"),
        ("doc://seeds/000_786f06b0012ed668.txt?start=x", "whole numbers"),
    ]:
        with pytest.raises(MCPError, match=expected):
            await session.read_resource(uri)
    assert len((await session.list_tools()).tools) == 3  # the server is still there


def test_tools_resources_and_bad_calls_over_stdio(seeds_data_dir: Path) -> None:
    in_session(params(seeds_data_dir), local_session)


class RawSession:
    """JSON-RPC lines written to a `qa mcp` process by hand (what the official client refuses to send)."""

    def __init__(self, data_dir: Path) -> None:
        env = {**os.environ, "QA_DATA_DIR": str(data_dir)}
        pipe = subprocess.PIPE
        self.process = subprocess.Popen(
            [str(QA), "mcp"], stdin=pipe, stdout=pipe, stderr=subprocess.DEVNULL, env=env
        )

    def send(self, line: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + b"\n")
        self.process.stdin.flush()

    def reply(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], SESSION_TIMEOUT_S)
        assert ready, "no reply"
        return json.loads(self.process.stdout.readline())

    def close(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.close()
        return self.process.wait(timeout=120)


def test_undecodable_questions_get_an_error_result(seeds_data_dir: Path) -> None:
    raw = RawSession(seeds_data_dir)
    client = {"name": "raw", "version": "1"}
    hello = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": client}
    raw.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": hello}).encode())
    assert raw.reply()["result"]["serverInfo"]["name"] == "arabic-qa"
    raw.send(b'{"jsonrpc": "2.0", "method": "notifications/initialized"}')
    call = '{"jsonrpc": "2.0", "id": %d, "method": "tools/call", "params": {"name": "search", "arguments": '
    questions = [
        b'{"question": "\\udcff \xd9\x85\xd8\xaa\xd9\x89"}',  # a lone surrogate escape, then "متى"
        b'{"question": "\xd9\x85\xd8\xaa\xff\xfe"}',  # bytes that are not UTF-8
    ]
    for n, arguments in enumerate(questions, start=2):
        raw.send((call % n).encode() + arguments + b"}}")
        reply = raw.reply()
        assert reply["id"] == n and reply["result"]["isError"]
        assert "not valid UTF-8 text" in reply["result"]["content"][0]["text"]
    assert raw.close() == 0  # end of input: the server ends cleanly


def start_service(data_dir: Path) -> tuple[str, Callable[[], None]]:
    from qa.service import create_app

    port = free_port()
    app = create_app(make_settings(data_dir, backend="extractive"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.5)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=30)

    return url, stop


@pytest.fixture(scope="module")
def service(seeds_data_dir: Path) -> Iterator[str]:
    url, stop = start_service(seeds_data_dir)
    yield url
    stop()


def test_qa_mcp_uses_a_running_service(service: str, seeds_data_dir: Path) -> None:
    async def body(session: ClientSession) -> None:
        await check_search(session)  # page lookups and texts: this machine's manifest of the same index
        await check_ask(session)

    in_session(params(seeds_data_dir, "--server", service), body)


def test_qa_mcp_before_a_service_on_another_machine(service: str, tmp_path: Path) -> None:
    async def body(session: ClientSession) -> None:
        result = await session.call_tool("ask", {"question": QUESTION})
        answer = Answer.model_validate(result.structured_content)
        assert answer.citations and answer.backend == "extractive"  # the service's backend
        with pytest.raises(MCPError, match="not in this machine's index"):
            await session.read_resource(document_uri(answer.citations[0].document))

    in_session(params(tmp_path / "elsewhere", "--server", service), body)
    assert not (tmp_path / "elsewhere").exists()  # nothing loaded or indexed in this process


def test_document_uris_round_trip_through_the_resource_template() -> None:
    template = UriTemplate.parse("doc://{label}/{+path}{?start,end}")
    for document in ("seeds/000_x.txt", "uploads/تقرير سنوي.pdf", "My Docs/a/b c#1.txt"):
        label, path = document.split("/", 1)
        assert template.match(document_uri(document)) == {"label": label, "path": path}
        assert template.match(document_uri(document, 3, 9)) == {
            "label": label,
            "path": path,
            "start": "3",
            "end": "9",
        }


def test_lone_surrogate_escapes_are_mended_and_pairs_kept() -> None:
    assert mend_surrogate_escapes(r'{"q": "\udcff a"}') == r'{"q": "\ufffd a"}'
    assert mend_surrogate_escapes(r'{"q": "\ud83d"}') == r'{"q": "\ufffd"}'
    assert mend_surrogate_escapes(r'{"q": "\ud83d\ude00"}') == r'{"q": "\ud83d\ude00"}'  # an emoji
    assert mend_surrogate_escapes(r'{"q": "\\udcff"}') == r'{"q": "\\udcff"}'  # an escaped backslash
    assert mend_surrogate_escapes(r'{"q": "\\\udcff"}') == r'{"q": "\\\ufffd"}'
    assert mend_surrogate_escapes('{"q": "متى"}') == '{"q": "متى"}'


def test_spans_of_a_text_are_checked() -> None:
    assert span(None, None, 10) == (0, 10) and span("2", "5", 10) == (2, 5) and span("", "4", 10) == (0, 4)
    for start, end in [("5", "2"), ("0", "11"), ("-1", "3"), ("a", "3")]:
        with pytest.raises(InputError, match="outside the text|whole numbers"):
            span(start, end, 10)

"""`qa mcp`: the assistant as a Model Context Protocol server over stdio, on the official `mcp` SDK (the only
module that imports it; what the tools do is qa/service/mcp_engine.py).

Tools: `search` (passages for a question: file, span, page, text), `ask` (the Answer record as structured
content, and the answer with its cited sources as text, plus a link to each cited span) and
`list_documents`. Resources: every indexed document's text at `doc://<source>/<path>` (percent-encoded),
and `?start=S&end=E` for characters S..E of it, the offsets passages and citations give.

Bad input (an empty, undecodable or too long question, an unknown backend, k out of range, a wrong type)
comes back as a tool result with `isError` and one line saying what to do, never as a crash of the server.
Undecodable text arrives two ways: bytes that are not UTF-8 (the SDK reads them as U+FFFD) and JSON escapes
of lone surrogates ("\\udcff"), which the SDK's JSON parser rejects with no reply at all (the client would
wait forever): they are read as U+FFFD too, so the question is refused in one line.
The models load in the background once the client is connected (stdout is the protocol's: the SDK points
every other write to it at stderr while serving), or are a running `qa serve`'s (`--server`).
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from io import TextIOWrapper
from typing import IO, Annotated, Any, Literal

import anyio
import anyio.to_thread
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceNotFoundError, ToolError
from mcp.server.stdio import stdio_server
from mcp.shared.exceptions import MCPError
from mcp_types import INTERNAL_ERROR, INVALID_PARAMS, CallToolResult, ResourceLink, TextContent
from mcp_types import Resource as MCPResource
from pydantic import Field, ValidationError

from qa.errors import InputError, QAError
from qa.records import Answer
from qa.render import render_sources
from qa.service.mcp_engine import (
    DocumentList,
    Engine,
    LocalEngine,
    SearchResult,
    ServiceEngine,
    UnknownDocument,
    document_uri,
)
from qa.settings import Settings
from store.identity import document_id
from store.text_hygiene import one_line

log = logging.getLogger("qa.mcp")

INSTRUCTIONS = (
    "Answers questions, in Arabic or English, from a folder of indexed Arabic documents, with citations "
    "into them. `ask` gives a cited answer (or a refusal when the documents do not say); `search` gives "
    "the passages; every passage and citation names a document and a character span, readable as the "
    "resource doc://<source>/<path>?start=S&end=E."
)
BACKEND = Annotated[str | None, Field(description="local | openai | extractive (default: QA_BACKEND)")]
MODE = Annotated[Literal["grounded", "generative"] | None, Field(description="Default: by backend.")]
LANG = Annotated[Literal["ar", "en"] | None, Field(description="Answer language; default: the question's.")]
K = Annotated[int | None, Field(ge=1, le=50, description="Passages to use (1-50; default: QA_TOP_K).")]
QUESTION = Annotated[str, Field(description="The question, in Arabic or English (at most 2000 characters).")]


def error_result(line: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=f"error: {one_line(line)}")], is_error=True)


def validation_line(tool: str, error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "arguments"
    return f"invalid {where} for {tool}: {first.get('msg', 'not valid')} — see the tool's input schema"


def guarded(call: Callable[[], CallToolResult]) -> CallToolResult:
    """Run a tool's body: what it refuses (QAError) and what breaks (a bug) become one error line."""
    try:
        return call()
    except QAError as exc:
        return error_result(exc.one_line())
    except Exception as exc:  # a bug: one line for the client, the traceback on stderr
        log.exception("qa mcp: internal error")
        return error_result(f"internal error ({type(exc).__name__}: {exc}); the traceback is on stderr")


# A JSON escape (\\, \", \uXXXX, ...): scanned left to right, so an escaped backslash is never taken for
# the start of another escape.
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)")
_HIGH, _LOW = range(0xD800, 0xDC00), range(0xDC00, 0xE000)


def mend_surrogate_escapes(line: str) -> str:
    """A JSON text with every escape of a lone surrogate (one not in a high-low pair) made `\\ufffd`."""
    if "\\u" not in line:
        return line
    escapes = [(m.start(), m.end(), int(m[1], 16) if m[1] else None) for m in _ESCAPE.finditer(line)]
    lone: list[tuple[int, int]] = []
    i = 0
    while i < len(escapes):
        start, end, code = escapes[i]
        after = escapes[i + 1] if i + 1 < len(escapes) else None
        if code in _HIGH and after is not None and after[0] == end and after[2] in _LOW:
            i += 2  # a pair: one character outside the BMP
            continue
        if code in _HIGH or code in _LOW:
            lone.append((start, end))
        i += 1
    for start, end in reversed(lone):
        line = line[:start] + "\\ufffd" + line[end:]
    return line


class MendedLines:
    """stdin's lines with lone surrogate escapes mended (see the module's docstring)."""

    def __init__(self, raw: IO[str]) -> None:
        self._raw = raw

    def readline(self, size: int = -1) -> str:
        return mend_surrogate_escapes(self._raw.readline(size))


class QAServer(MCPServer):
    """MCPServer with the indexed documents as resources (listed when asked: documents come and go) and
    invalid arguments reported in one line."""

    def __init__(self, engine: Engine, **options: Any) -> None:
        super().__init__(**options)
        self.engine = engine

    async def list_resources(self) -> list[MCPResource]:
        listed = await super().list_resources()
        try:
            found: DocumentList = await anyio.to_thread.run_sync(self.engine.documents)
        except QAError as exc:  # the index or the service cannot be read
            raise MCPError(code=INTERNAL_ERROR, message=exc.one_line()) from exc
        return listed + [
            MCPResource(
                uri=d.uri,
                name=d.document,
                title=d.file,
                description=f"{d.document}: the indexed text ({d.chunks} chunks); citation offsets index it",
                mime_type="text/plain",
            )
            for d in found.documents
        ]

    async def run_stdio_async(self) -> None:
        """MCPServer's stdio loop, reading stdin through MendedLines (the SDK still points stdout's other
        writers at stderr while serving)."""
        text = TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        async with stdio_server(stdin=anyio.wrap_file(MendedLines(text))) as (read_stream, write_stream):
            lowlevel = self._lowlevel_server
            await lowlevel.run(read_stream, write_stream, lowlevel.create_initialization_options())

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            if isinstance(exc.__cause__, ValidationError):
                return error_result(validation_line(name, exc.__cause__))
            if "Unknown tool" in str(exc):
                return error_result(f"{exc} — the tools are search, ask and list_documents")
            raise


def search_text(result: SearchResult) -> str:
    if not result.passages:
        return "no passages found"
    lines = []
    for n, p in enumerate(result.passages, 1):
        page = f", p. {p.page}" if p.page is not None else ""
        lines.append(f"[{n}] {p.document}{page}:{p.start}-{p.end} ({p.uri})")
        lines.append(f"    «{' '.join(p.text.split())}»")
    return "\n".join(lines)


def answer_result(answer: Answer) -> CallToolResult:
    links = [
        ResourceLink(
            type="resource_link",
            uri=document_uri(c.document, c.start, c.end),
            name=f"[{c.n}] {c.document}:{c.start}-{c.end}",
            mime_type="text/plain",
        )
        for c in answer.citations
    ]
    text = TextContent(type="text", text=render_sources(answer))
    return CallToolResult(content=[text, *links], structured_content=answer.model_dump(mode="json"))


def add_tools(server: QAServer, engine: Engine) -> None:
    @server.tool(description="Passages of the indexed documents that answer a question, best first.")
    def search(question: QUESTION, k: K = None) -> Annotated[CallToolResult, SearchResult]:
        def run() -> CallToolResult:
            result = engine.search(question, k)
            content = [TextContent(type="text", text=search_text(result))]
            return CallToolResult(content=content, structured_content=result.model_dump(mode="json"))

        return guarded(run)

    @server.tool(description="Answer a question from the indexed documents, with citations.")
    def ask(
        question: QUESTION,
        backend: BACKEND = None,
        mode: MODE = None,
        lang: LANG = None,
        k: K = None,
    ) -> Annotated[CallToolResult, Answer]:
        def run() -> CallToolResult:
            return answer_result(engine.ask(question, backend=backend, mode=mode, lang=lang, k=k))

        return guarded(run)

    @server.tool(description="The indexed documents: identity (source/path), chunks, sha256, resource URI.")
    def list_documents() -> Annotated[CallToolResult, DocumentList]:
        def run() -> CallToolResult:
            found = engine.documents()
            text = "\n".join(f"{d.document} ({d.chunks} chunks) {d.uri}" for d in found.documents)
            content = [TextContent(type="text", text=text or "no documents are indexed")]
            return CallToolResult(content=content, structured_content=found.model_dump(mode="json"))

        return guarded(run)


def add_resources(server: QAServer, engine: Engine) -> None:
    @server.resource(
        "doc://{label}/{+path}{?start,end}",
        name="document",
        title="An indexed document's text",
        description="The text passages and citations point into; ?start=S&end=E gives characters S..E.",
        mime_type="text/plain",
    )
    def document(label: str, path: str, start: str | None = None, end: str | None = None) -> str:
        name = document_id(label, path)
        try:
            text = engine.text(name)
            return text[slice(*span(start, end, len(text)))]
        except UnknownDocument as exc:
            raise ResourceNotFoundError(exc.one_line()) from exc
        except InputError as exc:  # a span outside the text, a text not on this machine
            raise MCPError(code=INVALID_PARAMS, message=exc.one_line()) from exc
        except QAError as exc:  # the index or the service cannot be read
            raise MCPError(code=INTERNAL_ERROR, message=exc.one_line()) from exc


def span(start: str | None, end: str | None, length: int) -> tuple[int, int]:
    """Characters start..end of a text of `length` (both optional), checked."""
    try:
        first = int(start) if start not in (None, "") else 0
        last = int(end) if end not in (None, "") else length
    except ValueError:
        raise InputError(f"start and end must be whole numbers, not {start!r}, {end!r}", "") from None
    if not 0 <= first <= last <= length:
        raise InputError(
            f"characters {first}..{last} are outside the text (0..{length})",
            "give the start and end of a passage or citation",
        ) from None
    return first, last


def build_server(settings: Settings, engine: Engine | None = None) -> QAServer:
    """The MCP server over the settings' index (in process), or a running `qa serve` (settings.server_url)."""
    engine = engine or (ServiceEngine(settings) if settings.server_url else LocalEngine(settings))

    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[None]:
        threading.Thread(target=warm, args=(engine,), name="qa-mcp-warm", daemon=True).start()
        try:
            yield None
        finally:
            engine.close()

    from importlib.metadata import version

    server = QAServer(
        engine,
        name="arabic-qa",
        title="Arabic QA",
        version=version("arabic-qa"),
        instructions=INSTRUCTIONS,
        lifespan=lifespan,
        log_level="WARNING",
    )
    add_tools(server, engine)
    add_resources(server, engine)
    return server


def warm(engine: Engine) -> None:
    """Load what the first question needs while the client is busy connecting (failures are told then)."""
    try:
        engine.warm()
    except QAError as exc:
        log.warning("qa mcp: %s", exc.one_line())
    except Exception:
        log.exception("qa mcp: warming up failed")


def serve(settings: Settings) -> None:
    """Serve MCP over this process's stdin and stdout until the client closes them."""
    build_server(settings).run("stdio")

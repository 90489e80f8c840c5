"""A client of a running `qa serve`: `qa ask`, `qa batch` and `qa eval` use it when QA_SERVER_URL (or
`--server`) is set, so a question from the shell costs only the answer, not loading the models again; `qa mcp`
uses it the same way (passages, files). It yields the same typed events as `Assistant.stream`, so its
callers do not care where the answer is made."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import httpx

from qa.errors import BackendError, InputError, QAError
from qa.events import Done, Event, PassagesFound, Token
from qa.records import Answer, Passage

CONNECT_TIMEOUT_S = 5.0


class ServiceClient:
    def __init__(self, url: str, token: str | None = None, timeout: float = 300.0) -> None:
        self.url = url.rstrip("/")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(
            base_url=self.url,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT_S),
            trust_env=False,  # a proxy from the environment must not see loopback traffic or the token
        )

    def close(self) -> None:
        self._http.close()

    def stream(self, question: str, **options: Any) -> Iterator[Event]:
        body = {"question": question, **{k: v for k, v in options.items() if v is not None}}
        try:
            with self._http.stream("POST", "/v1/ask", params={"stream": "true"}, json=body) as response:
                _raise_for(response)
                for name, data in _sse(response.iter_lines()):
                    yield _event(name, data)
        except httpx.HTTPError as exc:
            raise BackendError(
                f"cannot reach the qa service at {self.url}: {type(exc).__name__}",
                "start it with `qa serve`, or unset QA_SERVER_URL to answer in-process",
            ) from exc

    def ask(self, question: str, **options: Any) -> Answer:
        for event in self.stream(question, **options):
            if isinstance(event, Done):
                return event.answer
        raise BackendError("the qa service ended the answer early", "see the service's log")

    def passages(self, question: str, k: int | None = None) -> list[Passage]:
        """The passages the service retrieves for `question`: the first event of an answer, asked of the
        extractive backend (no LLM) and left there (closing the stream stops the answer). Grounded answers
        read at least QA_EVIDENCE_PASSAGES passages, so the first `k` of them are the search's."""
        with closing(self.stream(question, k=k, backend="extractive")) as events:
            for event in events:
                if isinstance(event, PassagesFound):
                    return event.passages[:k] if k else event.passages
        raise BackendError("the qa service ended the answer before its passages", "see the service's log")

    def files(self) -> list[dict[str, Any]]:
        """The indexed documents (GET /v1/files): name, document, source, root, chunks, sha256."""
        try:
            response = self._http.get("/v1/files")
            _raise_for(response)
            return list(response.json())
        except httpx.HTTPError as exc:
            raise BackendError(
                f"cannot reach the qa service at {self.url}: {type(exc).__name__}",
                "start it with `qa serve`, or unset QA_SERVER_URL to answer in-process",
            ) from exc
        except ValueError as exc:
            raise BackendError(f"the qa service at {self.url} sent no JSON list of files", "") from exc


def _raise_for(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    response.read()
    try:
        error = response.json().get("error", {})
    except ValueError:
        error = {}
    message = error.get("message") or f"HTTP {response.status_code}"
    cls: type[QAError] = InputError if response.status_code in (400, 413, 422) else BackendError
    raise cls(f"qa service: {message}", error.get("hint", ""))


def _sse(lines: Iterator[str]) -> Iterator[tuple[str, Any]]:
    """(event name, decoded data) of a server-sent-events stream."""
    name, data = "message", ""
    for line in lines:
        if not line:
            if data:
                yield name, json.loads(data)
            name, data = "message", ""
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data += line[5:].strip()


def _event(name: str, data: Any) -> Event:
    if name == "passages":
        return PassagesFound([Passage.model_validate(p) for p in data])
    if name == "token":
        return Token(str(data.get("text", "")))
    if name == "done":
        return Done(Answer.model_validate(data))
    raise BackendError(f"qa service: {data.get('message', 'error')}", data.get("hint", ""))

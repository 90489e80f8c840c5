"""The OpenAI chat-completions protocol as the service speaks it (pure functions, no web framework):
messages in → (question, earlier turns); Answer out → a completion, or streamed chunks. The assistant
is offered as one model, `arabic-qa`; its reply text keeps the [n] markers and ends with a Sources block,
so any chat client shows checkable citations."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from qa.errors import InputError
from qa.generate.followup import Turn
from qa.records import Answer

MODEL_ID = "arabic-qa"
SOURCES_TITLE = {"ar": "المصادر:", "en": "Sources:"}
ROLES = ("system", "developer", "user", "assistant", "tool", "function")
MAX_MESSAGES = 1000


@dataclass(frozen=True)
class ChatRequest:
    question: str
    turns: list[Turn]
    stream: bool


def message_text(content: Any) -> str:
    """A message's text: a string, or the text parts of a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type") == "text"
        )
    return ""


def check_messages(messages: Any) -> list[dict[str, Any]]:
    """The messages, each an object with a known `role` and a `content` that is text, a list of content
    parts or null; InputError naming the first that is not."""
    if not isinstance(messages, list) or not messages:
        raise InputError("messages must be a non-empty list", "send at least one user message")
    if len(messages) > MAX_MESSAGES:
        raise InputError(f"{len(messages)} messages, more than {MAX_MESSAGES}", "send the recent ones only")
    for n, message in enumerate(messages):
        if not isinstance(message, dict):
            raise InputError(
                f"messages[{n}] is not an object", 'send {"role": "user", "content": "…"} for each message'
            )
        if message.get("role") not in ROLES:
            raise InputError(f"messages[{n}] has no known role", f"use one of {', '.join(ROLES)}")
        if not isinstance(message.get("content"), str | list | None):
            raise InputError(f"messages[{n}].content is not text", "send the content as a string")
    return messages


def parse_chat_request(body: dict[str, Any]) -> ChatRequest:
    """The last user message is the question; earlier user/assistant pairs become the turns that
    follow-up rewriting reads (the assistant's text without its Sources block)."""
    messages = check_messages(body.get("messages"))
    if not isinstance(body.get("stream", False), bool | None):
        raise InputError("stream must be true or false", "send a JSON boolean")
    pending: str | None = None
    turns: list[Turn] = []
    for message in messages[:-1]:
        role, text = message.get("role"), message_text(message.get("content"))
        if role == "user":
            pending = text
        elif role == "assistant" and pending is not None:
            answer = strip_sources(text)
            turns.append(Turn(asked=pending, standalone=pending, answer=answer, refused=False))
            pending = None
    last = messages[-1]
    if last.get("role") != "user" or not message_text(last.get("content")).strip():
        raise InputError("the last message must be a non-empty user message", "end with the question")
    return ChatRequest(message_text(last.get("content")), turns, bool(body.get("stream")))


def strip_sources(text: str) -> str:
    for title in SOURCES_TITLE.values():
        cut = text.find("\n\n" + title)
        if cut >= 0:
            return text[:cut]
    return text


def sources_block(answer: Answer) -> str:
    """The citations as plain text after the answer: "[n] source/file:start-end «sentence»"."""
    if answer.refused or not answer.citations:
        return ""
    lines = [SOURCES_TITLE.get(answer.language, SOURCES_TITLE["en"])]
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.document}:{c.start}-{c.end} «{' '.join(c.text.split())}»")
    return "\n\n" + "\n".join(lines)


def completion(answer: Answer, completion_id: str | None = None) -> dict[str, Any]:
    return {
        "id": completion_id or new_id(),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": MODEL_ID,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": answer.answer + sources_block(answer)},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "answer": answer.model_dump(mode="json"),  # the full record, for clients that want it
    }


def chunk(completion_id: str, content: str | None, finish: bool = False) -> dict[str, Any]:
    delta: dict[str, Any] = {} if content is None else {"content": content}
    if content is not None and not finish and content == "":
        delta = {"role": "assistant", "content": ""}
    return {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": MODEL_ID,
        "choices": [{"index": 0, "delta": delta, "finish_reason": "stop" if finish else None}],
    }


def models() -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "local"}],
    }


def new_id() -> str:
    return "chatcmpl-" + uuid.uuid4().hex[:24]

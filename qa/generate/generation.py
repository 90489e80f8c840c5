"""Generative mode: the backend writes the answer from numbered passages (prompt files in `prompts/`);
the checks in `qa.generate.checks` verify it afterwards. The default for hosted (strong) models."""

from __future__ import annotations

import time
from collections.abc import Generator

from qa.events import Token
from qa.generate.prompts import Prompts
from qa.llm import GenerationRequest, LLMBackend, PromptPassage
from qa.llm.base import NO_ANSWER
from qa.records import Passage, Timings


def trim_passage(passage: Passage, limit: int) -> str:
    """At most `limit` characters of the passage, kept around its best sentence (prompt time is the
    bottleneck on CPU: ~55 prompt tokens/s), cut at word boundaries."""
    text = passage.text
    if len(text) <= limit:
        return text
    focus_start = passage.sentence_start - passage.start
    focus_end = passage.sentence_end - passage.start
    spare = max(0, limit - (focus_end - focus_start))
    start = max(0, focus_start - spare // 3)
    end = min(len(text), max(focus_end, start + limit))
    start = max(0, min(start, end - limit))
    piece = text[start:end]
    if start > 0:
        piece = "…" + piece[piece.find(" ") + 1 :] if " " in piece else piece
    if end < len(text):
        piece = piece[: piece.rfind(" ")] + "…" if " " in piece else piece
    return piece


def build_request(
    prompts: Prompts,
    question: str,
    language: str,
    passages: list[Passage],
    passage_chars: int,
    max_tokens: int,
    temperature: float,
) -> GenerationRequest:
    """The chat request: the language's system prompt, the numbered (trimmed) passages and the question."""
    numbered = [
        PromptPassage(
            n=i,
            file=p.file,
            text=trim_passage(p, passage_chars),
            focus=p.text[p.sentence_start - p.start : p.sentence_end - p.start],
        )
        for i, p in enumerate(passages, start=1)
    ]
    block = "\n".join(
        prompts.render("passage", n=p.n, file=p.file, text=" ".join(p.text.split())) for p in numbered
    )
    return GenerationRequest(
        system=prompts.text(f"answer_system_{language}"),
        user=prompts.render(f"answer_user_{language}", passages=block, question=question),
        question=question,
        language=language,
        passages=numbered,
        max_tokens=max_tokens,
        temperature=temperature,
    )


def stream_generation(
    backend: LLMBackend, request: GenerationRequest, timings: Timings, started: float
) -> Generator[Token, None, str]:
    """Yield the answer as it is written, holding back text that may still become the NO_ANSWER
    sentinel (a refusal must never flash a half-written "NO_ANS" on screen); return the raw text."""
    gen_started = time.perf_counter()
    raw, shown = "", 0
    for piece in backend.stream(request):
        if timings.first_token is None and piece:
            timings.first_token = round(time.perf_counter() - started, 3)
        raw += piece
        visible = raw.lstrip().upper()
        if NO_ANSWER.startswith(visible[: len(NO_ANSWER)]) or NO_ANSWER in visible:
            continue
        yield Token(raw[shown:])
        shown = len(raw)
    timings.generate = round(time.perf_counter() - gen_started, 3)
    return raw

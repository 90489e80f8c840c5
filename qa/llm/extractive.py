"""The extractive backend: no LLM. Quotes the best-matching sentences of the top passages, with markers.

Deterministic and fast; used in tests, for batch runs at scale and on machines without the model.
"""

from __future__ import annotations

from collections.abc import Iterator

from qa.llm.base import NO_ANSWER, GenerationRequest, LLMBackend


class ExtractiveBackend(LLMBackend):
    name = "extractive"
    streaming = False  # the whole quote at once
    uses_model = False

    def __init__(self, sentences: int = 2) -> None:
        self.sentences = sentences

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        picked: list[str] = []
        seen: set[str] = set()
        for passage in request.passages:
            focus = (passage.focus or passage.text).strip()
            if focus in seen:
                continue
            seen.add(focus)
            picked.append(f"{focus} [{passage.n}]")
            if len(picked) == self.sentences:
                break
        yield "\n".join(picked) if picked else NO_ANSWER

"""The thin backend interface: one class per backend, one `stream` method (and `generate` on top)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field

# What a backend replies when the passages do not answer the question (the prompts ask for it).
NO_ANSWER = "NO_ANSWER"


@dataclass(frozen=True)
class PromptPassage:
    """A numbered passage as the backend sees it (plain data, no llama-index types)."""

    n: int
    file: str
    text: str
    focus: str = ""  # the passage's sentence that best matches the question


@dataclass(frozen=True)
class GenerationRequest:
    """Everything a backend may use: chat backends read `system`/`user`, extractive reads the rest."""

    system: str
    user: str
    question: str
    language: str
    passages: list[PromptPassage] = field(default_factory=list)
    max_tokens: int = 256
    temperature: float = 0.0


class LLMBackend(ABC):
    """An answer generator. Subclasses set `name` and implement `stream`."""

    name: str = "base"

    @abstractmethod
    def stream(self, request: GenerationRequest) -> Iterator[str]:
        """Yield the answer text in pieces as it is produced."""

    def generate(self, request: GenerationRequest) -> str:
        return "".join(self.stream(request))

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (servers, connections). Safe to call twice."""

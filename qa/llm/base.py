"""The thin backend interface: one class per backend, one `stream` method (and `generate` on top).

Grounded mode also asks a backend to *choose* rather than write: `choose` returns exactly one of the
given options (or None for NONE), `score_options` the log-likelihood of each option as the reply, and
`generate_matching` a reply that matches a regular expression. They are optional: the defaults raise
`CannotChooseError`, and callers fall back to the rules-only choice.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from qa.errors import CannotChooseError

if TYPE_CHECKING:
    from qa.settings import AnswerMode, Settings

# The reply that means "none of the options answers": never a valid option itself.
NONE_OPTION = "NONE"

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


@dataclass(frozen=True)
class ChoiceRequest:
    """Choose one of `options` (distinct, non-empty strings) or NONE: the reply is constrained to them."""

    system: str
    user: str
    options: list[str]
    max_tokens: int = 48  # enough for the longest option; a label needs one or two tokens

    def __post_init__(self) -> None:
        if not self.options or len(set(self.options)) != len(self.options):
            raise ValueError("a choice needs distinct options")
        if any(not option or option == NONE_OPTION for option in self.options):
            raise ValueError(f"options must be non-empty and differ from {NONE_OPTION}")


@dataclass(frozen=True)
class PatternRequest:
    """Generate a reply that fully matches the regular expression `pattern` (JSON-Schema dialect:
    anchored with ^…$, groups, alternation, classes and ?*+{m,n} quantifiers)."""

    system: str
    user: str
    pattern: str
    grammar: str = ""  # the same language as a GBNF grammar, for llama.cpp (optional; see openai.py)
    max_tokens: int = 24
    temperature: float = 0.0
    seed: int | None = None


class LLMBackend(ABC):
    """An answer generator. Subclasses set `name`, declare what they can do and implement `stream`.

    The capabilities are class attributes, read without making a backend (`qa.llm.backend_class(name)`):
    code outside qa/llm/ asks them, never a backend's name."""

    name: ClassVar[str] = "base"
    streaming: ClassVar[bool] = True  # the reply arrives in pieces as the model writes it
    constrained_choice: ClassVar[bool] = False  # `choose`, `score_options`, `generate_matching` work
    needs_key: ClassVar[bool] = False  # reads an API key (QA_LLM_API_KEY or OPENAI_API_KEY)
    runs_locally: ClassVar[bool] = True  # nothing leaves this machine
    uses_model: ClassVar[bool] = True  # a language model writes (False: the sources are quoted, no model)
    default_mode: ClassVar[AnswerMode] = "grounded"  # what answer mode `auto` means with this backend

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMBackend:
        return cls()

    @classmethod
    def model_label(cls, settings: Settings) -> str | None:
        """The model the settings choose for this backend, as eval reports name it (None: no model)."""
        return None

    @abstractmethod
    def stream(self, request: GenerationRequest) -> Iterator[str]:
        """Yield the answer text in pieces as it is produced."""

    def generate(self, request: GenerationRequest) -> str:
        return "".join(self.stream(request))

    def choose(self, request: ChoiceRequest) -> str | None:
        """Exactly one of `request.options`, or None when the backend chose NONE."""
        raise CannotChooseError(f"the {self.name} backend cannot make a constrained choice")

    def score_options(self, request: ChoiceRequest) -> list[float]:
        """The log-likelihood of each option as the whole reply (same order as `request.options`)."""
        raise CannotChooseError(f"the {self.name} backend cannot score options")

    def generate_matching(self, request: PatternRequest) -> str:
        """A reply that fully matches `request.pattern`."""
        raise CannotChooseError(f"the {self.name} backend cannot constrain its output to a pattern")

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (servers, connections). Safe to call twice."""

"""What `Assistant.stream` yields, as types: the CLI, UI, batch and service match on the class."""

from __future__ import annotations

from dataclasses import dataclass

from qa.records import Answer, Passage


@dataclass(frozen=True)
class PassagesFound:
    """Retrieval finished: the passages the answer will be built from, in rank order."""

    passages: list[Passage]


@dataclass(frozen=True)
class Token:
    """A piece of the answer text as it is produced (streaming)."""

    text: str


@dataclass(frozen=True)
class Done:
    """The final, checked answer (the only event every stream ends with)."""

    answer: Answer


Event = PassagesFound | Token | Done

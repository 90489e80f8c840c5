"""The Answer record: `qa ask --json`, batch rows, eval rows and the UI all render this one model.

Field names are a public interface (documented in README): add fields, never rename or remove them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

_FILE = "The file's path relative to the folder it was indexed from (e.g. 000_x.txt)."
_DOCUMENT = (
    "The document's identity: its source (the indexed folder's name, or 'uploads') and its path, e.g. "
    "seeds/000_x.txt; unique where `file` may not be (two folders holding a.txt)."
)


class _Sourced(BaseModel):
    """A record naming its document: `file` (relative path, as before identities) and `document`."""

    @model_validator(mode="after")
    def _document_defaults_to_file(self) -> _Sourced:
        # records written before identities existed (journals, a service of an older version)
        if not getattr(self, "document", ""):
            self.document = self.file  # type: ignore[attr-defined]
        return self


class Passage(_Sourced):
    """A retrieved passage; offsets are character offsets into the decoded file text."""

    file: str = Field(description=_FILE)
    start: int
    end: int
    text: str
    score: float = Field(description="Fused retrieval score (higher is better).")
    sentence_start: int = Field(description="Start of the passage's best-matching sentence in the file.")
    sentence_end: int
    dense: float | None = Field(None, description="Cosine similarity to the question, if the dense leg ran.")
    document: str = Field("", description=_DOCUMENT)


class Citation(_Sourced):
    """A marker [n] of the answer, resolved to the supporting sentence of passage n."""

    n: int
    file: str = Field(description=_FILE)
    start: int
    end: int
    text: str
    verified: bool = Field(True, description="The sentences citing [n] are supported by passage n.")
    page: int | None = Field(
        None,
        description="Page (1-based) of the original file where the cited sentence starts: PDFs only; "
        "null for formats without pages (.txt, .md, .docx, .html).",
    )
    document: str = Field("", description=_DOCUMENT)


class AnswerSpan(BaseModel):
    """The part of the cited segment that the answer states (grounded mode): offsets into the same file as
    the first citation, inside its span, so a reader sees it highlighted in the sentence."""

    start: int
    end: int
    text: str


class Timings(BaseModel):
    retrieve: float = 0.0
    generate: float = 0.0
    total: float = 0.0
    first_token: float | None = Field(None, description="Seconds from start to the first streamed piece.")


class Answer(BaseModel):
    question: str
    answer: str
    language: str
    refused: bool
    citations: list[Citation] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    backend: str
    timings: Timings = Field(default_factory=Timings)
    unsupported_sentences: list[str] = Field(default_factory=list)
    invalid_markers: list[int] = Field(default_factory=list, description="Markers [n] citing no passage.")
    reattributed_sentences: list[str] = Field(
        default_factory=list,
        description="Sentences whose marker was moved to (or added for) the passage that supports them.",
    )
    refusal_reason: str | None = Field(
        None,
        description='Why the answer was refused: "no_relevant_passages", "model_declined", '
        '"unsourced_figures" (figures that no cited passage contains), "uncited" (a written answer that '
        'cites no passage); grounded: "no_matching_evidence", "no_answer_of_expected_type", '
        '"asked_thing_not_found", "counted_noun_mismatch", "no_candidate_chosen" (see README).',
    )
    span: AnswerSpan | None = Field(
        None,
        description="(added) grounded mode: the typed span the answer states (a date, a number with its "
        "noun, a name, a place) inside the first citation's segment; null when the answer is the segment.",
    )
    mode: str = Field(
        "generative",
        description='"grounded" (built from a source span the model only chose) or "generative" '
        "(written by the backend, then checked).",
    )

"""The question-answering pipeline over one index: retrieve, then answer in one of two modes.

- grounded (default for `local` and `extractive`): evidence first (`qa.answer`): the retrieved passages'
  segments are ranked as evidence, and the answer is the best one's sure typed span or the segment itself,
  rendered by code, so it cannot assert what the sources do not say.
- generative (default for `openai`): the backend writes from numbered passages (`qa.generate.generation`), and
  the checks verify it (`qa.generate.checks`).

`Assistant.stream` yields typed events (`qa.events`) so the CLI and UI can show progress as it comes;
`ask` waits for the end. This is the public Python API: the CLI, UI, batch and service are its clients.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from qa.answer.engine import AnswerEngine
from qa.errors import InputError
from qa.events import Done, Event, PassagesFound, Token
from qa.generate.checks import verify_answer
from qa.generate.citations import SentenceVectors
from qa.generate.generation import build_request, stream_generation
from qa.generate.prompts import Prompts, load_prompts
from qa.language import answer_language, detect_language
from qa.llm import GenerationRequest, LLMBackend, make_backend
from qa.open_index import ensure_indexed, open_index
from qa.records import Answer, AnswerSpan, Citation, Timings
from qa.retrieve.retriever import Retrieval, Retriever
from qa.settings import AnswerMode, Settings
from store.bilingual import load_bilingual
from store.index import Index
from store.text_hygiene import require_text

MAX_QUESTION_CHARS = 2000


def clean_question(question: str) -> str:
    text = " ".join(require_text(question or "", "the question").split())
    if not text:
        raise InputError("the question is empty", 'type a question, e.g. qa ask "متى سيزور بوتين فيتنام؟"')
    if len(text) > MAX_QUESTION_CHARS:
        raise InputError(
            f"the question is {len(text)} characters long", f"keep it under {MAX_QUESTION_CHARS}"
        )
    return text


@dataclass
class AskState:
    """One question on its way through the pipeline (what every stage after retrieval needs)."""

    question: str
    language: str
    backend: LLMBackend
    mode: AnswerMode
    started: float
    retrieval: Retrieval = field(default_factory=lambda: Retrieval([], -1.0, 0.0))
    timings: Timings = field(default_factory=Timings)
    lexical_query: str | None = None  # what fed BM25 instead of the question (a translation), if any


class Assistant:
    """The question-answering pipeline over one index. Backends are created once and reused."""

    def __init__(
        self,
        settings: Settings,
        index: Index | None = None,
        backends: dict[str, LLMBackend] | None = None,
    ) -> None:
        """`backends` are used as given (by name) instead of being created from the settings: tests and
        embedders register their own backends through this, the same path the real ones take."""
        self.settings = settings
        self.index = index or open_index(settings)
        self.retriever = Retriever(self.index, settings)
        self.prompts: Prompts = load_prompts(settings.prompts_dir)
        self._backends: dict[str, LLMBackend] = dict(backends or {})
        self._engine: AnswerEngine | None = None

    def backend(self, name: str | None = None) -> LLMBackend:
        name = name or self.settings.backend
        if name not in self._backends:
            self._backends[name] = make_backend(name, self.settings)
        return self._backends[name]

    def close(self) -> None:
        for backend in self._backends.values():
            backend.close()
        self._backends.clear()

    def ask(
        self,
        question: str,
        lang: str | None = None,
        backend: str | None = None,
        k: int | None = None,
        mode: str | None = None,
    ) -> Answer:
        for event in self.stream(question, lang=lang, backend=backend, k=k, mode=mode):
            if isinstance(event, Done):
                return event.answer
        raise AssertionError("a stream always ends with Done")

    def stream(
        self,
        question: str,
        lang: str | None = None,
        backend: str | None = None,
        k: int | None = None,
        mode: str | None = None,
    ) -> Iterator[Event]:
        question = clean_question(question)
        chosen = self.backend(backend)
        state = AskState(
            question=question,
            language=answer_language(question, lang, self.settings.lang),
            backend=chosen,
            mode=self.settings.answer_mode_for(chosen.name, mode),
            started=time.perf_counter(),
        )
        ensure_indexed(self.index, self.settings)
        state.lexical_query = self._lexical_query(question, chosen)
        grounded = state.mode == "grounded"  # the evidence engine reads more passages, more per file
        state.retrieval = self.retriever.retrieve(
            question,
            k=max(k or 0, self.settings.evidence_passages) if grounded else k,
            lexical_query=state.lexical_query,
            max_per_file=self.settings.evidence_per_file if grounded else None,
        )
        state.timings.retrieve = round(state.retrieval.seconds, 4)
        yield PassagesFound(state.retrieval.passages)
        if self._nothing_relevant(state.retrieval):
            yield Done(self._refusal(state, "no_relevant_passages"))
        elif state.mode == "grounded":
            yield from self._grounded(state)
        else:
            yield from self._generative(state)

    # --- the two modes -------------------------------------------------------------------------------
    def _grounded(self, state: AskState) -> Iterator[Event]:
        gen_started = time.perf_counter()
        result = self.engine().answer(
            state.question,
            state.language,
            state.retrieval.passages,
            state.retrieval.sentences,
            self._query_vector(state),
        )
        state.timings.generate = round(time.perf_counter() - gen_started, 3)
        if result.answer is None:
            yield Done(self._refusal(state, result.refusal_reason or "no_matching_evidence"))
            return
        state.timings.first_token = round(time.perf_counter() - state.started, 3)
        yield Token(result.answer)
        answer = self._answer(state, result.answer, result.citations)
        if result.span is not None:
            answer.span = AnswerSpan(start=result.span.start, end=result.span.end, text=result.span.text)
        yield Done(answer)

    def engine(self) -> AnswerEngine:
        """The evidence-first engine (grounded mode), made once: it holds the bilingual dictionary."""
        if self._engine is None:
            self._engine = AnswerEngine(
                load_bilingual(self.settings.models_dir), threshold=self.settings.evidence_threshold
            )
        return self._engine

    def _generative(self, state: AskState) -> Iterator[Event]:
        s = self.settings.answer
        request = build_request(
            self.prompts,
            state.question,
            state.language,
            state.retrieval.passages,
            s.passage_chars,
            s.max_tokens,
            s.temperature,
        )
        raw = yield from stream_generation(state.backend, request, state.timings, state.started)
        vectors = self._sentence_vectors(state.retrieval)
        verdict = verify_answer(raw, state.question, state.retrieval.passages, vectors, self._embed)
        if verdict.checked is None:
            yield Done(self._refusal(state, verdict.refusal_reason or "model_declined"))
            return
        checked = verdict.checked
        answer = self._answer(state, checked.text, checked.citations)
        answer.unsupported_sentences = checked.unsupported_sentences
        answer.invalid_markers = checked.invalid_markers
        answer.reattributed_sentences = checked.reattributed_sentences
        yield Done(answer)

    # --- building the record -------------------------------------------------------------------------
    def _answer(self, state: AskState, text: str, citations: list[Citation]) -> Answer:
        state.timings.total = round(time.perf_counter() - state.started, 3)
        return Answer(
            question=state.question,
            answer=text,
            language=state.language,
            refused=False,
            citations=[self._with_page(citation) for citation in citations],
            passages=state.retrieval.passages,
            backend=state.backend.name,
            timings=state.timings,
            mode=state.mode,
        )

    def _refusal(self, state: AskState, reason: str) -> Answer:
        answer = self._answer(state, self.prompts.text(f"refuse_{state.language}"), [])
        answer.refused = True
        answer.refusal_reason = reason
        return answer

    # --- helpers -------------------------------------------------------------------------------------
    def _with_page(self, citation: Citation) -> Citation:
        """The citation with the page its sentence starts on (PDF sources; None for other formats)."""
        page = self.index.page_of(citation.document, citation.start)
        return citation if page is None else citation.model_copy(update={"page": page})

    def _lexical_query(self, question: str, backend: LLMBackend) -> str | None:
        """Optionally translate a non-Arabic question for the BM25 leg (off by default: it did not help
        on dev, see README), never with a backend without a model (extractive)."""
        arabic = detect_language(question) == "ar"
        if not self.settings.translate_query or not backend.uses_model or arabic:
            return None
        request = GenerationRequest(
            system=self.prompts.text("translate_system"),
            user=self.prompts.render("translate_user", question=question),
            question=question,
            language="ar",
            max_tokens=80,
        )
        return backend.generate(request).strip() or None

    def _nothing_relevant(self, retrieval: Retrieval) -> bool:
        """No passage, or none that matches the question better than everyday questions (hubness-corrected
        `support`: a per-passage statistic, so off-topic documents in the index do not lift it)."""
        return (
            not retrieval.passages
            or retrieval.best_dense < self.settings.min_relevance
            or retrieval.support < self.settings.min_support
        )

    def _query_vector(self, state: AskState) -> np.ndarray:
        if state.retrieval.query_vector is not None:
            return state.retrieval.query_vector
        return self.index.embed_query(state.question)

    @staticmethod
    def _sentence_vectors(retrieval: Retrieval) -> SentenceVectors:
        """Per passage, its sentence spans and their vectors as a matrix (read once, during retrieval)."""
        out: SentenceVectors = []
        for rows in retrieval.sentences:
            matrix = np.stack([vec for _, vec in rows]) if rows else np.zeros((0, 1), dtype=np.float32)
            out.append(([span for span, _ in rows], matrix))
        return out

    def _embed(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.index.embedder.embed_passages(texts), dtype=np.float32)

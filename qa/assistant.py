"""Answering: retrieve, build the prompt from `prompts/`, run the backend, decide refusal, check citations.

`Assistant.stream` yields events so the CLI and UI can show tokens as they come; `ask` waits for the end.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import numpy as np

from qa.citations import SentenceVectors, check_citations, unsourced_figures
from qa.errors import InputError
from qa.events import Done, Event, PassagesFound, Token
from qa.llm import GenerationRequest, LLMBackend, PromptPassage, make_backend
from qa.open_index import ensure_indexed, open_index
from qa.prompts import Prompts, load_prompts
from qa.records import Answer, Passage, Timings
from qa.retrieve import Retrieval, Retriever
from qa.settings import Settings
from store.arabic import is_arabic
from store.index import Index

NO_ANSWER = "NO_ANSWER"
MAX_QUESTION_CHARS = 2000


def detect_language(text: str) -> str:
    return "ar" if is_arabic(text) else "en"


def clean_question(question: str) -> str:
    text = " ".join((question or "").split())
    if not text:
        raise InputError("the question is empty", 'type a question, e.g. qa ask "متى سيزور بوتين فيتنام؟"')
    if len(text) > MAX_QUESTION_CHARS:
        raise InputError(
            f"the question is {len(text)} characters long", f"keep it under {MAX_QUESTION_CHARS}"
        )
    return text


_TAGS = re.compile(r"</?answer>", re.IGNORECASE)
_ANSWER_LABEL = re.compile(r"^\s*(?:answer|الإجابة|الاجابة|الجواب)\s*[:：]\s*", re.IGNORECASE)


def strip_answer_label(text: str) -> str:
    """Small models echo the prompt's "Answer:" cue or wrap the answer in tags; neither is the answer."""
    return _ANSWER_LABEL.sub("", _TAGS.sub("", text).strip())


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

    def backend(self, name: str | None = None) -> LLMBackend:
        name = name or self.settings.backend
        if name not in self._backends:
            self._backends[name] = make_backend(name, self.settings)
        return self._backends[name]

    def close(self) -> None:
        for backend in self._backends.values():
            backend.close()
        self._backends.clear()

    def ask(self, question: str, **options: object) -> Answer:
        answer: Answer | None = None
        for event in self.stream(question, **options):
            if isinstance(event, Done):
                answer = event.answer
        assert answer is not None
        return answer

    def stream(
        self, question: str, lang: str | None = None, backend: str | None = None, k: int | None = None
    ) -> Iterator[Event]:
        started = time.perf_counter()
        question = clean_question(question)
        language = lang if lang in ("ar", "en") else self._language(question)
        generator = self.backend(backend)
        ensure_indexed(self.index, self.settings)
        retrieval = self.retriever.retrieve(
            question, k=k, lexical_query=self._lexical_query(question, generator)
        )
        yield PassagesFound(retrieval.passages)
        timings = Timings(retrieve=round(retrieval.seconds, 4))
        if self._nothing_relevant(retrieval):
            refusal = self._refusal(
                question, language, retrieval, generator.name, timings, started, "no_relevant_passages"
            )
            yield Done(refusal)
            return
        request = self._request(question, language, retrieval.passages)
        raw = yield from self._generate(generator, request, timings, started)
        yield Done(self._finish(question, language, raw, retrieval, generator.name, timings, started))

    def _language(self, question: str) -> str:
        return self.settings.lang if self.settings.lang in ("ar", "en") else detect_language(question)

    def _lexical_query(self, question: str, generator: LLMBackend) -> str | None:
        """Optionally translate a non-Arabic question for the BM25 leg (off by default: it did not help
        on dev, see README), never with the extractive backend."""
        if not self.settings.translate_query or generator.name == "extractive" or is_arabic(question):
            return None
        request = GenerationRequest(
            system=self.prompts.text("translate_system"),
            user=self.prompts.render("translate_user", question=question),
            question=question,
            language="ar",
            max_tokens=80,
        )
        return generator.generate(request).strip() or None

    def _nothing_relevant(self, retrieval: Retrieval) -> bool:
        return not retrieval.passages or retrieval.best_dense < self.settings.min_relevance

    def _request(self, question: str, language: str, passages: list[Passage]) -> GenerationRequest:
        numbered = [
            PromptPassage(
                n=i,
                file=p.file,
                text=trim_passage(p, self.settings.passage_chars),
                focus=p.text[p.sentence_start - p.start : p.sentence_end - p.start],
            )
            for i, p in enumerate(passages, start=1)
        ]
        block = "\n".join(
            self.prompts.render("passage", n=p.n, file=p.file, text=" ".join(p.text.split()))
            for p in numbered
        )
        return GenerationRequest(
            system=self.prompts.text(f"answer_system_{language}"),
            user=self.prompts.render(f"answer_user_{language}", passages=block, question=question),
            question=question,
            language=language,
            passages=numbered,
            max_tokens=self.settings.max_tokens,
            temperature=self.settings.temperature,
        )

    def _generate(
        self, generator: LLMBackend, request: GenerationRequest, timings: Timings, started: float
    ) -> Iterator[Event]:
        """Stream pieces, holding back text that may still become the NO_ANSWER sentinel."""
        gen_started = time.perf_counter()
        raw, shown = "", 0
        for piece in generator.stream(request):
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

    def _finish(
        self,
        question: str,
        language: str,
        raw: str,
        retrieval: Retrieval,
        backend: str,
        timings: Timings,
        started: float,
    ) -> Answer:
        text = strip_answer_label(raw)
        reason = self._refusal_reason(question, text, retrieval)
        if reason:
            return self._refusal(question, language, retrieval, backend, timings, started, reason)
        checked = check_citations(text, retrieval.passages, self._sentence_vectors(retrieval), self._embed)
        timings.total = round(time.perf_counter() - started, 3)
        return Answer(
            question=question,
            answer=checked.text,
            language=language,
            refused=False,
            citations=checked.citations,
            passages=retrieval.passages,
            backend=backend,
            timings=timings,
            unsupported_sentences=checked.unsupported_sentences,
            invalid_markers=checked.invalid_markers,
            reattributed_sentences=checked.reattributed_sentences,
        )

    @staticmethod
    def _refusal_reason(question: str, text: str, retrieval: Retrieval) -> str | None:
        """The model declined, or it stated figures found in no passage (its own knowledge or invented:
        either way not from the sources, so the honest reply is the refusal)."""
        if NO_ANSWER in text.upper() or not text.strip():
            return "model_declined"
        if unsourced_figures(text, question, retrieval.passages):
            return "unsourced_figures"
        return None

    def _refusal(
        self,
        question: str,
        language: str,
        retrieval: Retrieval,
        backend: str,
        timings: Timings,
        started: float,
        reason: str,
    ) -> Answer:
        timings.total = round(time.perf_counter() - started, 3)
        return Answer(
            question=question,
            answer=self.prompts.text(f"refuse_{language}"),
            language=language,
            refused=True,
            passages=retrieval.passages,
            backend=backend,
            timings=timings,
            refusal_reason=reason,
        )

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

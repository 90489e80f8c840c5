"""The model's choice among candidate spans: it picks, it never writes.

`ModelChooser` shows the backend the question, the few evidence sentences the candidates come from and
the candidates (identical texts merged), and asks for one of them through constrained decoding, so the
reply is always one of the candidates (or NONE). Two ways of asking, measured in scripts/bench_choice.py:

- `label`: numbered options; the reply is constrained to a number (one generated token). Small models
  favour the first option, so the options are asked in two orders and the label log-likelihoods added.
- `score`: the log-likelihood of each candidate's own words as the reply (llama.cpp forced decoding),
  less the same without the question (so frequent words do not win by being frequent).

Whether the model or the rules decide answerability is the `policy` (also measured):
- `rules`: the rules decide whether to answer; the model only picks among the candidates;
- `veto`: as `rules`, and the model may still refuse (NONE);
- `model`: the model decides alone.
Whenever the backend cannot choose (no constrained decoding, refused constraint), the rules' choice stands.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Literal

from qa.errors import CannotChooseError
from qa.grounded.choose import Chooser
from qa.grounded.transliterate import Transliterator
from qa.grounded.types import Candidate, Choice, EvidenceSentence, QuestionAnalysis
from qa.llm.base import ChoiceRequest, LLMBackend
from qa.prompts import Prompts

__all__ = ["ModelChooser", "Transliterator", "distinct_options", "trim_sentence"]

Method = Literal["label", "score"]
Policy = Literal["rules", "veto", "model"]
NONE_LABEL = "0"
# The question in the "score" method's baseline prompt, so the prompt keeps its shape.
NO_QUESTION = "(no question)"


def distinct_options(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """The best-scored candidate of each distinct text, best first, at most `limit`."""
    best: dict[str, Candidate] = {}
    for candidate in sorted(candidates, key=lambda c: c.score, reverse=True):
        text = " ".join(candidate.text.split())
        if text and text not in best:
            best[text] = candidate
    return list(best.values())[:limit]


def _sentence_key(sentence: EvidenceSentence) -> tuple[str, int, int]:
    return (sentence.file, sentence.start, sentence.end)


def trim_sentence(sentence: EvidenceSentence, spans: list[Candidate], limit: int) -> str:
    """The sentence, cut to about `limit` characters around the spans it holds (at word boundaries)."""
    text = " ".join(sentence.text.split())
    if len(text) <= limit:
        return text
    first = min(c.start for c in spans) - sentence.start
    last = max(c.end for c in spans) - sentence.start
    spare = max(0, limit - (last - first))
    start = max(0, first - spare // 2)
    end = min(len(text), max(last, start + limit))
    start = text.rfind(" ", 0, start) + 1 if start > 0 else 0
    cut = end if end >= len(text) or text[end] == " " else max(text.find(" ", end), end)
    return ("… " if start else "") + text[start:cut].strip() + (" …" if cut < len(text) else "")


class ModelChooser:
    """Implements the `Chooser` protocol with a backend's constrained decoding (see the module doc)."""

    name = "model"

    def __init__(
        self,
        backend: LLMBackend,
        prompts: Prompts,
        fallback: Chooser,
        *,
        method: Method = "label",
        policy: Policy = "rules",
        max_options: int = 5,
        sentence_chars: int = 260,
    ) -> None:
        self.backend = backend
        self.prompts = prompts
        self.fallback = fallback
        self.method: Method = method
        self.policy: Policy = policy
        self.max_options = max_options
        self.sentence_chars = sentence_chars

    def choose(self, analysis: QuestionAnalysis, candidates: list[Candidate]) -> Choice:
        rules = self.fallback.choose(analysis, candidates)
        if self.policy != "model" and rules.candidate is None:
            return rules  # the rules found no answer: the model is not asked to find one
        if self.policy == "rules" and len(distinct_options(candidates, self.max_options)) < 2:
            return rules  # nothing to choose between
        try:
            picked = self.model_pick(analysis, candidates)
        except CannotChooseError as exc:
            return replace(rules, reason=rules.reason or f"model could not choose: {exc.message}")
        if picked is None and self.policy == "rules":
            return rules  # the model's NONE does not override the rules' answerability decision
        return Choice(candidate=picked, chooser=self.name, reason="" if picked else "model_none")

    def model_pick(self, analysis: QuestionAnalysis, candidates: list[Candidate]) -> Candidate | None:
        """The model's own pick among the distinct candidates (None = NONE), whatever the rules chose.
        Raises CannotChooseError when the backend cannot choose."""
        options = distinct_options(candidates, self.max_options)
        if not options:
            return None
        if self.method == "score":
            return self._pick_by_score(analysis, options)
        return self._pick_by_label(analysis, options)

    # --- asking ------------------------------------------------------------------------------

    def _label_request(self, question: str, shown: list[Candidate]) -> ChoiceRequest:
        return ChoiceRequest(
            system=self.prompts.text("choose_system"),
            user=self.render_user("choose_user", question, shown),
            options=[NONE_LABEL, *(str(n) for n in range(1, len(shown) + 1))],
            max_tokens=4,
        )

    def _pick_by_label(self, analysis: QuestionAnalysis, options: list[Candidate]) -> Candidate | None:
        """Label log-likelihoods in the given order and reversed, added (position bias cancels out).
        A backend that cannot score (a hosted endpoint) answers once with a constrained label instead."""
        forward = list(range(len(options)))
        try:
            scores = self.backend.score_options(self._label_request(analysis.question, options))
        except CannotChooseError:
            label = self.backend.choose(self._label_request(analysis.question, options))
            return None if label in (None, NONE_LABEL) else options[int(label) - 1]
        totals = [0.0] * (len(options) + 1)  # index 0 = NONE, i + 1 = options[i]
        for order, raw in ((forward, scores), (forward[::-1], None)):
            if raw is None:
                shown = [options[i] for i in order]
                raw = self.backend.score_options(self._label_request(analysis.question, shown))
            normalised = _log_softmax(raw)
            totals[0] += normalised[0]
            for position, index in enumerate(order, start=1):
                totals[index + 1] += normalised[position]
        best = max(range(len(totals)), key=lambda k: totals[k])
        return None if best == 0 else options[best - 1]

    def _pick_by_score(self, analysis: QuestionAnalysis, options: list[Candidate]) -> Candidate | None:
        """Each option's words as the reply, with the question less without it (pointwise information)."""
        texts = [" ".join(option.text.split()) for option in options]
        longest = max(len(text) for text in texts)

        def score(question: str) -> list[float]:
            request = ChoiceRequest(
                system=self.prompts.text("choose_score_system"),
                user=self.render_user("choose_score_user", question, options),
                options=texts,
                max_tokens=8 + longest,
            )
            return self.backend.score_options(request)

        with_question = score(analysis.question)
        without = score(NO_QUESTION)
        gains = [a - b for a, b in zip(with_question, without, strict=True)]
        return options[max(range(len(options)), key=lambda i: gains[i])]

    # --- prompt ------------------------------------------------------------------------------

    def render_user(self, template: str, question: str, options: list[Candidate]) -> str:
        """The user message: the question, the options' sentences (numbered) and the numbered options."""
        sentences: dict[tuple[str, int, int], tuple[EvidenceSentence, list[Candidate]]] = {}
        for option in options:
            key = _sentence_key(option.sentence)
            sentences.setdefault(key, (option.sentence, []))[1].append(option)
        numbers = {key: n for n, key in enumerate(sentences, start=1)}
        evidence = "\n".join(
            self.prompts.render(
                "choose_sentence", n=numbers[key], text=trim_sentence(s, spans, self.sentence_chars)
            )
            for key, (s, spans) in sentences.items()
        )
        lines = "\n".join(
            self.prompts.render(
                "choose_option",
                n=n,
                text=" ".join(option.text.split()),
                sentence=numbers[_sentence_key(option.sentence)],
            )
            for n, option in enumerate(options, start=1)
        )
        return self.prompts.render(template, question=question, evidence=evidence, options=lines)


def _log_softmax(values: list[float]) -> list[float]:
    top = max(values)
    total = math.log(sum(math.exp(v - top) for v in values))
    return [v - top - total for v in values]

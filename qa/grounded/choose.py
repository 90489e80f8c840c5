"""Choosing the answer among the candidate spans: the `Chooser` protocol and the rules-only chooser.

The rules score a candidate by how well its type fits the question, how good its sentence is as evidence,
the span rules' own estimate (cue strength, closeness to the focus terms), and how much of it is new: a span
that repeats the question's words, or names the topic every retrieved sentence talks about, is the
question's subject, not its answer ("من هو المتحدث باسم الكرملين" is not answered by "الكرملين").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Protocol

from qa.grounded.answerable import NO_CANDIDATE_CHOSEN, echo_share, head_phrase
from qa.grounded.evidence import Token, matched_terms, sentence_tokens, term_credit
from qa.grounded.names import is_title
from qa.grounded.precision import type_fits
from qa.grounded.roles import after_preposition, asked_prepositions, asks_for_several, people_named, title_fit
from qa.grounded.tokens import Token as RuleToken
from qa.grounded.types import AnswerType, Candidate, Choice, EvidenceSentence, QuestionAnalysis
from store.arabic import is_arabic, lexical_tokens, normalise_arabic


class Chooser(Protocol):
    """Picks one candidate (or none) for the question. `candidates` are the eligible ones, best rules
    score first."""

    name: str

    def choose(self, analysis: QuestionAnalysis, candidates: list[Candidate]) -> Choice: ...


@dataclass(frozen=True)
class ChoiceWeights:
    """Calibrated on dev + unanswerable (scripts/grounded_eval.py)."""

    evidence: float = 1.0  # the sentence's evidence score
    span: float = 0.5  # the span rules' own estimate (cue strength, repetition, closeness, head noun)
    closeness: float = 0.1  # near the focus terms inside the sentence
    type_exact: float = 0.15  # the candidate's type is the question's type (not only an accepted one)
    echo: float = 0.3  # share of the candidate that repeats the question
    topical: float = 0.3  # share of the evidence sentences that mention the candidate (the topic)
    coverage: float = 0.4  # NUMBER: share of the question's counted things the span counts ("40 ships
    # and 20 aircraft" for "how many vessels and aircraft")
    renders: float = 0.1  # English question: the span can be said in English (tables, gazetteer)
    role: float = 0.4  # the asked role/thing ("وزير الدفاع", "مدير مؤسسة الفضاء") is named right at the span
    role_window: int = 6  # words either side of the span searched for the asked role
    title: float = 0.3  # a person's own title is the asked role (+1) or another one (-1)
    several: float = 0.3  # the span names several people where the question asks for one
    preposition: float = 0.3  # the span follows the preposition of the interrogative ("مع من" → "مع …")
    closeness_scale: float = 4.0  # words: closeness = 1 / (1 + gap / scale)


WEIGHTS = ChoiceWeights()
MIN_SCORE = 0.0  # rules score below which nothing is chosen (NONE)
# The span rules' own estimate below which a span is not an answer: weak cues ("تعملان بنشاط" taken for a
# name, a bare common noun for a thing) only ever answered wrongly on dev + unanswerable.
MIN_SPAN = 0.4
MIN_SPAN_STATEMENT = 0.3  # description and reason clauses have lower cues by construction


def _focus_positions(analysis: QuestionAnalysis, tokens: list[Token]) -> list[int]:
    focus = set(analysis.focus_terms)
    return [i for i, t in enumerate(tokens) if t.stem and term_credit(t.stem, focus) > 0]


def closeness(analysis: QuestionAnalysis, candidate: Candidate, scale: float) -> float:
    """1 / (1 + gap/scale), gap = words between the candidate and the nearest focus term outside it in
    its sentence; 0 when the sentence holds no focus term (across scripts: no word can be compared)."""
    sentence = candidate.sentence
    tokens = sentence_tokens(sentence.text)
    lo = candidate.start - sentence.start
    hi = candidate.end - sentence.start
    inside = [i for i, t in enumerate(tokens) if t.start >= lo and t.end <= hi]
    if not inside:
        return 0.0
    first, last = inside[0], inside[-1]
    gaps = [
        (first - i - 1) if i < first else (i - last - 1)
        for i in _focus_positions(analysis, tokens)
        if i < first or i > last
    ]
    return 1.0 / (1.0 + min(gaps) / scale) if gaps else 0.0


def topicality(candidate: Candidate, evidence: list[EvidenceSentence]) -> float:
    """Share of the evidence sentences that mention the candidate's words: the question's subject
    (بوتين, كيم جونغ أون) is in most of them, an answer in few. Works across scripts, where the
    question's own words cannot be compared with the candidate's."""
    key = normalise_arabic(candidate.text).strip()
    if len(key) < 3 or not evidence or key.isdigit():
        return 0.0
    hits = sum(1 for sentence in evidence if key in normalise_arabic(sentence.text))
    return max(0.0, (hits - 1) / len(evidence))


def coverage(analysis: QuestionAnalysis, candidate: Candidate) -> float:
    """Share of the question's focus terms named in the candidate's sentence that the span itself names
    ("how many vessels and aircraft": the span counting both beats the one counting boats alone)."""
    in_sentence = matched_terms(analysis, candidate.sentence.text)
    wanted = [t for t in analysis.focus_terms if term_credit(t, in_sentence) > 0]
    if not wanted:
        return 0.0
    terms = matched_terms(analysis, candidate.text)
    return sum(1 for t in wanted if term_credit(t, terms) > 0) / len(wanted)


def role_nearness(
    analysis: QuestionAnalysis, candidate: Candidate, phrase: tuple[str, ...], window: int
) -> float:
    """How closely the words of the question's head noun phrase surround the span: in a list of officials
    ("وزير الخارجية سيرغي لافروف، … ووزير الدفاع أندريه بيلاوسوف") the name under the asked title. Mean over
    the phrase's terms of 1 / (1 + words between), 0 for a term not within `window` words or beyond a
    comma (the title of the next or previous item of a list is another person's)."""
    if not phrase:
        return 0.0
    sentence = candidate.sentence
    tokens = [t for t in sentence_tokens(sentence.text)]
    lo, hi = candidate.start - sentence.start, candidate.end - sentence.start
    inside = [i for i, t in enumerate(tokens) if lo <= t.start < hi]
    if not inside:
        return 0.0
    first, last = inside[0], inside[-1]
    start, end = _list_item(sentence.text, tokens, first, last, window)
    total = 0.0
    for term in phrase:
        best = 0.0
        for i in range(start, end):
            gap = 0 if first <= i <= last else (first - i - 1 if i < first else i - last - 1)
            text = sentence.text[tokens[i].start : tokens[i].end]
            if term_credit(term, _word_terms(analysis, text)) > 0:
                best = max(best, 1.0 / (1.0 + gap))
        total += best
    return total / len(phrase)


def _word_terms(analysis: QuestionAnalysis, word: str) -> set[str]:
    """The terms of one word; an Arabic word without the article is also stemmed as if it had one, so a
    first letter the stemmer would take for a proclitic stays ("كنيسة" ~ "الكنيسة", not "نيسة")."""
    terms = matched_terms(analysis, word)
    if is_arabic(word) and not normalise_arabic(word).startswith("ال"):
        terms |= set(lexical_tokens("ال" + word, ngrams=False))
    return terms


def _list_item(text: str, tokens: list[Token], first: int, last: int, window: int) -> tuple[int, int]:
    """Token bounds [start, end) around tokens first..last: at most `window` words either side, not into
    the next or previous item of a list ("، ووزير الدفاع …": a comma before و) nor across a full stop; an
    apposition's comma ("مدير الوكالة، يوري بوريسوف") is no boundary."""

    def separated(i: int) -> bool:  # tokens i and i + 1 belong to different items
        between = text[tokens[i].end : tokens[i + 1].start]
        if any(mark in between for mark in ".؛;"):
            return True
        nxt = normalise_arabic(text[tokens[i + 1].start : tokens[i + 1].end])
        return any(mark in between for mark in "،,") and nxt[:1] == "و" and len(nxt) > 3

    start = first
    while start > max(0, first - window) and not separated(start - 1):
        start -= 1
    if start > 0 and _refers_back(text[tokens[start].start : tokens[start].end]):
        start = max(0, start - window)  # "ووزير الدفاع X، ونائبه Y": his deputy is the defence minister's
    end = last
    while end < min(len(tokens) - 1, last + window) and not separated(end):
        end += 1
    return start, end + 1


def _refers_back(word: str) -> bool:
    """A title with an attached pronoun ("ونائبه", "مستشاره"): its role is the previous person's."""
    norm = normalise_arabic(word)
    bare = norm[1:] if norm[:1] in "وف" else norm
    if not bare.endswith("ه") or len(bare) < 4:
        return False
    return is_title(RuleToken(0, len(bare) - 1, bare[:-1], "word"))


def renders_in_english(candidate: Candidate) -> bool:
    from qa.grounded.render_en import render_english

    return bool(render_english(candidate))


def annotate(
    analysis: QuestionAnalysis,
    evidence: list[EvidenceSentence],
    candidates: list[Candidate],
    weights: ChoiceWeights = WEIGHTS,
) -> list[Candidate]:
    """The candidates with their rules features and score, best first."""
    scored: list[Candidate] = []
    phrase = head_phrase(analysis)
    prepositions = asked_prepositions(analysis)
    one_person = not asks_for_several(analysis)
    for c in candidates:
        person = c.answer_type is AnswerType.PERSON
        features = {
            "evidence": c.sentence.score,
            "span": c.score,
            "closeness": closeness(analysis, c, weights.closeness_scale),
            "type_exact": float(c.answer_type == analysis.answer_type),
            "type_fits": float(type_fits(analysis, c)),
            "echo": echo_share(analysis, c),
            "topical": topicality(c, evidence),
            "coverage": coverage(analysis, c) if analysis.answer_type is AnswerType.NUMBER else 0.0,
            "renders": float(analysis.language == "en" and renders_in_english(c)),
            "role": role_nearness(analysis, c, phrase, weights.role_window),
            "title": title_fit(analysis, c) if person else 0.0,
            "several": float(person and one_person and people_named(c) > 1),
            "preposition": float(person and after_preposition(c, prepositions)),
        }
        score = (
            weights.evidence * features["evidence"]
            + weights.span * features["span"]
            + weights.closeness * features["closeness"]
            + weights.type_exact * features["type_exact"]
            - weights.echo * features["echo"]
            - weights.topical * features["topical"]
            + weights.coverage * features["coverage"]
            + weights.renders * features["renders"]
            + weights.role * features["role"]
            + weights.title * features["title"]
            - weights.several * features["several"]
            + weights.preposition * features["preposition"]
            - (0.0 if features["type_fits"] else 1.0)
        )
        scored.append(dataclasses.replace(c, score=score, features={**c.features, **features}))
    scored.sort(key=lambda c: -c.score)
    return scored


class RulesChooser:
    """The best rules score, or NONE below `min_score`. Used alone by the `extractive` backend and as the
    model chooser's fallback."""

    name = "rules"

    def __init__(self, min_score: float = MIN_SCORE, min_span: float = MIN_SPAN) -> None:
        self.min_score = min_score
        self.min_span = min_span

    def _strong(self, candidate: Candidate) -> bool:
        statement = candidate.answer_type in (AnswerType.DESCRIPTION, AnswerType.REASON)
        floor = min(self.min_span, MIN_SPAN_STATEMENT) if statement else self.min_span
        return float(candidate.features.get("span", candidate.score)) >= floor

    def choose(self, analysis: QuestionAnalysis, candidates: list[Candidate]) -> Choice:
        fitting = [c for c in candidates if type_fits(analysis, c) and self._strong(c)]
        if not fitting:
            return Choice(None, self.name, NO_CANDIDATE_CHOSEN)
        best = max(fitting, key=lambda c: c.score)
        if best.score < self.min_score:
            return Choice(None, self.name, NO_CANDIDATE_CHOSEN)
        return Choice(best, self.name, f"rules score {best.score:.3f}")

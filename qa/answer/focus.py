"""The words of an answering segment that answer: what the segment says that the question does not, next to
what it does. An English reply with no sure typed span shows these words glossed from the dictionary beside
their Arabic, where the whole Arabic sentence would tell an English reader little.

Rule (general, no table): the segment's words that hold a question term are its anchors; the answer is the
run of other words in the same clause (punctuation parts clauses) that touches the most anchors, the run
right after an anchor first (Arabic puts what is said about a thing after it: "… هو حبل الله",
"كتاب الله … حبل الله"), cut to a few words and without function words at its ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.answer.features import holds_term, skeletons, stems
from qa.answer.tokens import Token, is_stop, tokens_of
from qa.answer.types import Question, Segment

MAX_WORDS = 6  # words of a focus: the core of an answer, not a clause
_CLAUSE_MARKS = set('.,،;؛:!?؟"«»“”()[]')


@dataclass(frozen=True)
class Focus:
    start: int  # offsets into the file text, inside the segment
    end: int
    text: str


def answer_focus(question: Question, segment: Segment) -> Focus | None:
    """The answering words of `segment` for `question`, or None when the segment holds no question term
    (then nothing tells its answer from its topic) or nothing but question terms."""
    tokens = tokens_of(segment.text, segment.start)
    anchors = [_is_anchor(question, segment, t) for t in tokens]
    if not any(anchors):
        return None
    runs = [run for run in _runs(tokens, anchors) if any(not is_stop(t) for t in run[2])]
    if not runs:
        return None
    before_after, first, words = max(runs, key=lambda run: (run[0], -run[1]))[:3]
    words = _trim(words)[:MAX_WORDS]
    words = _trim(words)
    start, end = words[0].start, words[-1].end
    return Focus(start, end, segment.text[start - segment.start : end - segment.start])


def _is_anchor(question: Question, segment: Segment, token: Token) -> bool:
    text = segment.text[token.start - segment.start : token.end - segment.start]
    return any(holds_term(t, stems(text), skeletons(text)) for t in question.terms)


def _runs(tokens: list[Token], anchors: list[bool]) -> list[tuple[int, int, list[Token]]]:
    """(anchor score, position, words) of each run of non-anchor words inside a clause: 2 for an anchor just
    before it, 1 for one just after it, and a half for each other anchor of its clause."""
    runs: list[tuple[int, int, list[Token]]] = []
    clause_start = 0
    i = 0
    while i < len(tokens):
        if _breaks(tokens[i]):
            clause_start = i
        if anchors[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and not anchors[j + 1] and not _breaks(tokens[j + 1]):
            j += 1
        clause_end = j + 1
        while clause_end < len(tokens) and not _breaks(tokens[clause_end]):
            clause_end += 1
        before = i > clause_start and anchors[i - 1] and not _breaks(tokens[i])
        after = j + 1 < len(tokens) and anchors[j + 1] and not _breaks(tokens[j + 1])
        others = sum(anchors[clause_start:clause_end]) - before - after
        runs.append((2 * before + after + others / 2, i, tokens[i : j + 1]))
        i = j + 1
    return runs


def _breaks(token: Token) -> bool:
    """Punctuation stands between this word and the one before: a new clause."""
    return any(ch in _CLAUSE_MARKS for ch in token.gap)


def _trim(words: list[Token]) -> list[Token]:
    start, end = 0, len(words)
    while start < end - 1 and is_stop(words[start]):
        start += 1
    while end > start + 1 and is_stop(words[end - 1]):
        end -= 1
    return words[start:end]

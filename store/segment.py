"""Sentence and clause segmentation with character offsets, for any Arabic prose.

The unit of retrieval's best sentence, of the answer and of its citation is a *segment*: a sentence, or a
clause of a sentence too long to show as an answer. Rules, all general:

- a sentence ends after . ! ? ؟ … ؛ ; (with closing quotes or brackets) before white space or the end, or at
  a line break, unless the next line starts with a space (a hard-wrapped line of an edition goes on); a dot
  between digits (2.5) or after one Latin capital (U.S.) is no end. Format characters
  (the right-to-left marks of classical editions: "‏.‏") are transparent: "قَالَ ‏.‏ ثُمَّ" ends after
  the dot as "قال. ثم" does;
- a sentence longer than `MAX_SEGMENT` visible letters (text with few full stops: classical narrations,
  long administrative sentences) is cut into clauses, each cut at the best boundary that leaves a piece of
  at most `MAX_SEGMENT` letters: after a comma, colon or semicolon first, then before an opening quote or
  a speech verb (قال، فقال…), then before a word joined by و/ف or ثم, else at a space.

Lengths are counted in visible letters: diacritics and format characters do not count, so a fully vowelled
text is cut where its unvowelled spelling would be.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from store.arabic import DIACRITICS_CLASS, FORMAT_CLASS

SEGMENTER_VERSION = "2"  # part of the index name (store.index): segments are stored with their vectors
MAX_SEGMENT = 240  # visible letters of the longest segment: an answer a reader takes in at a glance
MIN_SEGMENT = 40  # a clause cut shorter than this is no clause of its own

_CLOSERS = "\"'”’»)\\]"
_STOP_MARKS = rf"(?<![A-Z]\.)[.؟?!؛;…]+[{_CLOSERS}{FORMAT_CLASS}]*(?=[\s{FORMAT_CLASS}]|$)"
_LINE_BREAK = r"\n+(?![ \t]+[^\s])"  # not before an indented line: a hard wrap
_SENTENCE_END = re.compile(rf"(?<!\d\.\d)(?:{_STOP_MARKS}|{_LINE_BREAK})")
_SILENT = re.compile(f"[{DIACRITICS_CLASS}{FORMAT_CLASS}]")
_EDGE_START = re.compile(rf"[\s{DIACRITICS_CLASS}{FORMAT_CLASS}]")
_EDGE_END = re.compile(rf"[\s{FORMAT_CLASS}]")
# Clause boundaries by strength (higher is better), found in the text without diacritics or format marks.
_PUNCTUATION_CUT = re.compile(r"[،,:؛;]+\s")  # cut after
_QUOTE_CUT = re.compile(r"\s[«\"“]")  # cut before the quote (at the space)
# Speech verbs open reported speech, which in classical narration often has no quote mark. A general list
# of the verb's common forms (said, he/she says, asked), each also with و/ف joined.
_SPEECH = "قال قالت قالوا يقول تقول سأل سألت أخبر أخبرني أخبرنا حدثنا حدثني"
_SPEECH_CUT = re.compile(r"\s(?=[وف]?(?:" + "|".join(_SPEECH.split()) + r")\s)")
_JOINED_CUT = re.compile(r"\s(?=(?:[وف]\S{2,}|ثم)\s)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def visible_length(text: str) -> int:
    """Letters a reader sees: `text` without diacritics and format characters."""
    return len(_SILENT.sub("", text))


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """The span without white space and format marks at its edges (a diacritic ending the span belongs
    to its last letter and stays)."""
    while start < end and _EDGE_START.match(text[start]):
        start += 1
    while end > start and _EDGE_END.match(text[end - 1]):
        end -= 1
    return Span(start, end) if end > start else None


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Segments of `text[start:end]` as spans into `text`, white space trimmed."""
    return list(iter_sentence_spans(text, start, end))


def iter_sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """`sentence_spans` one at a time (a huge file's segments are never all held at once)."""
    end = len(text) if end is None else end
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        span = _trimmed(text, cursor, match.end())
        if span:
            yield from clause_cuts(text, span)
        cursor = match.end()
    tail = _trimmed(text, cursor, end)
    if tail:
        yield from clause_cuts(text, tail)


def clause_cuts(text: str, span: Span, limit: int = MAX_SEGMENT) -> list[Span]:
    """`span` as it is when it is short enough, else cut into clauses of at most `limit` visible letters
    (see the module docstring for the boundaries, strongest first)."""
    piece = text[span.start : span.end]
    if visible_length(piece) <= limit:
        return [span]
    bare, origin = _bare_with_offsets(piece)
    cuts = _cut_points(bare)
    pieces: list[Span] = []
    at = 0  # position in `bare`
    while len(bare) - at > limit:
        window = [(strength, c) for c, strength in cuts.items() if at + MIN_SEGMENT <= c <= at + limit]
        cut = max(window)[1] if window else at + limit
        pieces.append(Span(span.start + origin[at], span.start + origin[cut]))
        at = cut
    pieces.append(Span(span.start + origin[at], span.end))
    return [trimmed for p in pieces if (trimmed := _trimmed(text, p.start, p.end))]


def _bare_with_offsets(piece: str) -> tuple[str, list[int]]:
    """`piece` without diacritics and format characters, and for each of its positions (and its end) the
    offset in `piece`."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(piece):
        if not _SILENT.match(ch):
            chars.append(ch)
            origin.append(i)
    origin.append(len(piece))
    return "".join(chars), origin


def _cut_points(bare: str) -> dict[int, int]:
    """Candidate cut positions in `bare` with their strength (a cut at c starts the next clause at c)."""
    cuts: dict[int, int] = {}
    for strength, pattern, after in (
        (1, _JOINED_CUT, False),
        (2, _SPEECH_CUT, False),
        (2, _QUOTE_CUT, False),
        (3, _PUNCTUATION_CUT, True),
    ):
        for match in pattern.finditer(bare):
            at = match.end() if after else match.start() + 1
            cuts[at] = max(cuts.get(at, 0), strength)
    for match in re.finditer(r"\s", bare):
        cuts.setdefault(match.start() + 1, 0)
    return cuts

"""PDF glyphs → lines of text in logical (reading) order.

A PDF page is a set of positioned glyphs; the order in which they are drawn is the producer's choice.
Chromium (Skia) draws right-to-left text in visual order (left to right on the page), other producers in
logical order, and numbers or Latin words inside Arabic lines come as separate runs either way. So the
order is rebuilt from geometry alone, which works for both:

1. glyphs are grouped into lines by their vertical position;
2. each combining mark (tashkeel) is attached to the letter it sits on: drawn just before it in a visual
   stream, just after it in a logical one (marks are positioned by offsets, their own x says little);
3. the line is sorted left to right by glyph centre (a ligature's zero-width second letter sorts before
   the first: reading right to left restores لا), and spaces are added where the gap is wide;
4. the visual line is turned back into logical order by inverting the Unicode bidi algorithm for the
   line's direction: an Arabic line is reversed, then its left-to-right stretches (Latin words with what
   lies between them, numbers with their decimal separators) are put back in their own order, and the
   mirrored brackets of the right-to-left parts are swapped back ((, «, [ are drawn as their mirror).

Presentation-form letters become base letters (store.arabic.base_letters), Latin ligatures (ﬁ) their
letters, and the line is NFC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from store.arabic import base_letters

SPACE_GAP = 0.22  # a gap wider than this many font sizes between two glyphs is a word space
LINE_TOLERANCE = 0.45  # glyphs whose vertical positions differ by less than this many sizes share a line
_MIRRORED = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")
_SPACES = re.compile(r"\s+")
_LATIN_LIGATURES = re.compile("[\ufb00-\ufb06]")  # ﬁ, ﬂ, ﬀ…: one glyph drawn for two or three letters


@dataclass(frozen=True)
class Glyph:
    """One drawn glyph: its text (one or more characters), horizontal extent, the vertical position of
    its line (distance from the top of the page, growing downwards) and font size."""

    text: str
    x0: float
    x1: float
    y: float
    size: float


@dataclass(frozen=True)
class Line:
    """One line of a page in logical order, with its extent (for margins, paragraphs, headers)."""

    text: str
    x0: float
    x1: float
    y: float
    size: float
    rtl: bool


@dataclass
class _Unit:
    text: str
    x0: float
    x1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def _kind(text: str) -> str:
    """R (right-to-left letter), L (left-to-right letter), D (digit), C (separator inside a number),
    S (space) or N (other neutral), from the first character that is not a combining mark."""
    for char in text:
        if unicodedata.combining(char):
            continue
        bidi = unicodedata.bidirectional(char)
        if bidi in ("R", "AL"):
            return "R"
        if bidi == "L":
            return "L"
        if bidi in ("EN", "AN"):
            return "D"
        if bidi == "CS":
            return "C"
        return "S" if bidi == "WS" else "N"
    return "N"


def _letters(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def _is_mark(text: str) -> bool:
    return bool(text) and all(unicodedata.combining(char) for char in text)


def group_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs clustered into lines by vertical position (top to bottom), each in drawing order. Letters
    make the lines; marks (drawn above or below their letter) then join the nearest line."""
    letters = sorted((i for i, g in enumerate(glyphs) if not _is_mark(g.text)), key=lambda i: glyphs[i].y)
    lines: list[list[int]] = []
    anchors: list[float] = []
    for i in letters:
        glyph = glyphs[i]
        if lines and abs(glyph.y - anchors[-1]) <= LINE_TOLERANCE * max(glyph.size, 1.0):
            lines[-1].append(i)
        else:
            lines.append([i])
            anchors.append(glyph.y)
    for i, glyph in enumerate(glyphs):
        if _is_mark(glyph.text) and anchors:
            nearest = min(range(len(anchors)), key=lambda k: abs(anchors[k] - glyph.y))
            lines[nearest].append(i)
    return [[glyphs[i] for i in sorted(members)] for members in lines]


def _visual_stream(glyphs: list[Glyph]) -> bool:
    """True when right-to-left letters were drawn left to right (visual order), as Chromium does."""
    letters = [g for g in glyphs if _kind(g.text) == "R" and not _is_mark(g.text)]
    steps = sum((b.x0 > a.x0) - (b.x0 < a.x0) for a, b in zip(letters, letters[1:]))
    return steps > 0


def _units(glyphs: list[Glyph]) -> list[_Unit]:
    """One unit per glyph, combining marks attached to their letter (after it: logical order)."""
    visual = _visual_stream(glyphs)
    units: list[_Unit] = []
    pending = ""  # marks drawn before their letter (visual stream)
    for glyph in glyphs:
        text = _LATIN_LIGATURES.sub(_letters, base_letters(glyph.text))
        if _is_mark(text):
            if visual or not units:
                pending += text
            else:
                units[-1].text += text
            continue
        units.append(_Unit(text + pending, glyph.x0, glyph.x1))
        pending = ""
    if pending and units:
        units[-1].text += pending
    return units


def _with_spaces(units: list[_Unit], size: float) -> list[_Unit]:
    """Units sorted left to right, with a space unit wherever a wide gap stands for one."""
    ordered = sorted(units, key=lambda u: u.centre)
    out: list[_Unit] = []
    for unit in ordered:
        wide = bool(out) and unit.x0 - out[-1].x1 > SPACE_GAP * size
        if wide and not out[-1].text.isspace() and not unit.text.isspace():
            out.append(_Unit(" ", out[-1].x1, unit.x0))
        out.append(unit)
    return out


def _number_runs(texts: list[str], kinds: list[str]) -> list[str]:
    """Digit runs (with single separators between digits: 3.5, 1,000) put back left to right."""
    out: list[str] = []
    i = 0
    while i < len(texts):
        if kinds[i] != "D":
            out.append(texts[i])
            i += 1
            continue
        j = i
        while j + 1 < len(texts) and (
            kinds[j + 1] == "D" or (kinds[j + 1] == "C" and j + 2 < len(texts) and kinds[j + 2] == "D")
        ):
            j += 1 if kinds[j + 1] == "D" else 2
        out.extend(reversed(texts[i : j + 1]))
        i = j + 1
    return out


def _rtl_logical(texts: list[str]) -> list[str]:
    """A right-to-left line in visual order (left to right) → logical order."""
    texts = texts[::-1]
    kinds = [_kind(t) for t in texts]
    out: list[str] = []
    i = 0
    while i < len(texts):
        if kinds[i] == "R":
            out.append(texts[i].translate(_MIRRORED) if len(texts[i]) == 1 else texts[i])
            i += 1
            continue
        j = i
        while j < len(texts) and kinds[j] != "R":
            j += 1
        out.extend(_ltr_stretch(texts[i:j], kinds[i:j]))
        i = j
    return out


def _ltr_stretch(texts: list[str], kinds: list[str]) -> list[str]:
    """A stretch without right-to-left letters inside an Arabic line (read right to left so far)."""
    first = next((k for k, kind in enumerate(kinds) if kind in "LD"), None)
    if first is None:  # neutrals only: they take the line's direction
        return [t.translate(_MIRRORED) for t in texts]
    last = max(k for k, kind in enumerate(kinds) if kind in "LD")
    head = [t.translate(_MIRRORED) for t in texts[:first]]
    tail = [t.translate(_MIRRORED) for t in texts[last + 1 :]]
    middle, middle_kinds = texts[first : last + 1], kinds[first : last + 1]
    if "L" in middle_kinds:  # a Latin phrase (with its numbers and spaces): read left to right
        return head + middle[::-1] + tail
    neutral = [t.translate(_MIRRORED) if k not in "DC" else t for t, k in zip(middle, middle_kinds)]
    return head + _number_runs(neutral, middle_kinds) + tail


def _ltr_logical(texts: list[str]) -> list[str]:
    """A left-to-right line: Arabic stretches inside it (letters with what lies between) reversed."""
    kinds = [_kind(t) for t in texts]
    out: list[str] = []
    i = 0
    while i < len(texts):
        if kinds[i] != "R":
            out.append(texts[i])
            i += 1
            continue
        j = i
        while j + 1 < len(texts) and "L" not in kinds[j + 1 : j + 2]:
            j += 1
        while kinds[j] != "R" and kinds[j] != "D":
            j -= 1
        out.extend(_rtl_logical(texts[i : j + 1]))
        i = j + 1
    return out


def logical_line(glyphs: list[Glyph]) -> Line | None:
    """The glyphs of one line as logical-order text (None when they hold no text)."""
    units = [u for u in _units(glyphs) if u.text]
    inked = [u for u in units if u.text.strip()]
    if not inked:
        return None
    size = sorted(g.size for g in glyphs)[len(glyphs) // 2]
    texts = [u.text for u in _with_spaces(units, size)]
    kinds = [_kind(t) for t in texts]
    rtl = kinds.count("R") >= kinds.count("L") and "R" in kinds
    ordered = _rtl_logical(texts) if rtl else _ltr_logical(texts)
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", "".join(ordered)).strip())
    return Line(text, min(u.x0 for u in inked), max(u.x1 for u in inked), glyphs[0].y, size, rtl)

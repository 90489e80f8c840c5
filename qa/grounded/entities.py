"""Places and organisations in Arabic sentences: gazetteer entries ("فيتنام", "الكرملين"), spans after a
place or organisation word ("قاعدة فوستوشني", "منطقة ساخا في أقصى شرق روسيا", "صحيفة "رودونج شينمون"
الرسمية", "وكالة سبوتنيك الروسية للأنباء") and names after a preposition of place ("إلى هانوي").
"""

from __future__ import annotations

from qa.grounded.data.places import entity_at
from qa.grounded.dates import date_word
from qa.grounded.english import split_words
from qa.grounded.names import ORG_CUES, PLACE_CUES, is_title, name_like
from qa.grounded.tokens import SpanMatch, Token, strip_marks
from store.arabic import WEEKDAYS, normalise_arabic, noun_key

_PLACE_PREPOSITIONS = frozenset(normalise_arabic(w) for w in ("في", "إلى", "الى", "من", "نحو", "داخل", "قرب"))
_DIRECTIONS = frozenset(noun_key(w) for w in ("شرق", "غرب", "شمال", "جنوب", "وسط", "أقصى"))
_QUOTES = {'"': '"', "“": "”", "«": "»", "„": "“", "'": "'"}
_MAX_NAME = 4
# Definite words of quantity that follow a noun without describing it ("نشرته الوزارة الكثير من السفن").
_QUANTITY_WORDS = frozenset(
    normalise_arabic(w) for w in split_words("الكثير العديد المزيد القليل البعض الجميع الكل الأكثر الأقل")
)
# Definite participles that open a description of the place rather than continue its name:
# "مطار فوستوتشني الفضائي **الواقع** في أقصى شرق البلاد".
_DESCRIPTION_OPENERS = frozenset(
    normalise_arabic(w)
    for w in split_words("الواقع الواقعة الكائن الكائنة المعروف المعروفة المسمى المسماة الموجود الموجودة")
)


def entity_spans(tokens: list[Token]) -> list[SpanMatch]:
    """Places ("place") and organisations ("org") of the sentence, with cue strengths."""
    words = [t.norm for t in tokens]
    found: list[SpanMatch] = []
    for i, token in enumerate(tokens):
        hit = entity_at(words, i) if token.is_word else None
        if hit:
            entity, used, skip = hit
            cue = 0.9 if entity.kind == "org" or _after_place_word(tokens, i) else 0.7
            found.append(SpanMatch(i, i + used, entity.kind, cue, skip, entity.english))
        if token.is_word and any(k in PLACE_CUES for k in token.keys):
            found.extend(_cued(tokens, i, "place"))
        elif token.is_word and any(k in ORG_CUES for k in token.keys):
            found.extend(_cued(tokens, i, "org"))
        elif token.is_word and _place_preposition(token) and not hit:
            found.extend(_after_preposition(tokens, i))
    return found


def _is_direction(token: Token) -> bool:
    return token.is_word and any(k in _DIRECTIONS for k in token.keys)


def _after_place_word(tokens: list[Token], i: int) -> bool:
    before = tokens[i - 1] if i else None
    if (
        before is not None
        and before.is_word
        and not _is_direction(before)
        and any(k in PLACE_CUES for k in before.keys[:1])
    ):
        return True  # "مدينة الأقصر", "قرب مدينة فاس" (not "جنوب مراكش": a direction is relative)
    return (before is not None and (before.norm in _PLACE_PREPOSITIONS or before.is_verb)) or (
        tokens[i].norm[:1] in "بل" and not tokens[i].definite
    )


def _place_preposition(token: Token) -> bool:
    return token.norm in _PLACE_PREPOSITIONS


def _cued(tokens: list[Token], i: int, kind: str) -> list[SpanMatch]:
    """The cue word with its name: a quoted name, a bracketed name, a run of names, a gazetteer entry,
    and definite modifiers ("الرسمية", "الروسية للأنباء"); plus the bare name as its own span."""
    trim = (
        1
        if tokens[i].norm[:1] in "وفبلك"
        and not tokens[i].definite
        and tokens[i].keys[0] not in (PLACE_CUES | ORG_CUES)
        else 0
    )
    j, name_start, name_end = i + 1, None, None
    if _is_direction(tokens[i]) and j < len(tokens) and _is_direction(tokens[j]):
        j += 1  # "شمال غرب إيران"
    quoted = _quoted(tokens, j)
    if quoted:
        name_start, name_end, j = j + 1, quoted - 1, quoted
    else:
        # "جامعة الملك سعود", "مطار الملك خالد": a person's title and name can name the place
        titled = (
            j + 1 < len(tokens) and tokens[j].definite and is_title(tokens[j]) and name_like(tokens[j + 1])
        )
        k = j + 1 if titled else j
        while (
            k < len(tokens)
            and k - j < _MAX_NAME
            and (name_like(tokens[k], place=kind == "place") or tokens[k].is_number)
        ):
            k += 1
        # "الوكالة موعدا": a definite cue word refers back ("the agency"); a name follows an indefinite one
        if k > j and (titled or not is_title(tokens[j])) and not tokens[i].definite:
            name_start, name_end, j = j, k, k
    named = name_start is not None
    if not named and tokens[i].definite and not _article_word(tokens, j):
        return []  # "السلطة للقاء والد": a definite cue word names nothing unless an adjective follows
    j = _modifiers(tokens, j, limit=3 if named else 4, titles=kind == "place")
    if j == i + 1:
        return []
    cue = 0.9 if named else (0.75 if _proper_definite(tokens[i + 1]) else 0.5)
    if any(k in _DIRECTIONS for k in tokens[i].keys):
        cue *= 0.7  # "جنوب مراكش": a direction names a place only relative to another
    english = _known_name(tokens, name_start, name_end)
    spans = [SpanMatch(i, j, kind, cue, trim, english)]
    if name_start is not None and not is_title(tokens[name_start]):  # "الملك سعود" alone names no university
        spans.append(SpanMatch(name_start, name_end, kind, cue * 0.9, 0, english))
    if kind == "place":
        extended = _place_extension(tokens, j)
        if extended > j:
            spans.append(SpanMatch(i, extended, kind, cue * 0.8, trim))
    return spans


def _known_name(tokens: list[Token], start: int | None, end: int | None) -> str:
    """The gazetteer's English name when the cued name is a known one ("صحيفة "رودونج شينمون" الرسمية" →
    Rodong Sinmun), so that English replies can render the span; "" otherwise."""
    if start is None or end is None or end <= start:
        return ""
    hit = entity_at([t.norm for t in tokens], start)
    return hit[0].english if hit and hit[1] == end - start and not hit[2] else ""


def _article_word(tokens: list[Token], j: int) -> bool:
    """The word at j carries the article itself ("الفلسطينية"), not a preposition + article ("للقاء"), and is
    no quantity ("الوزارة الكثير من السفن": "much of", not a name)."""
    return (
        j < len(tokens)
        and tokens[j].definite
        and strip_marks(tokens[j].text).startswith(("ال", "وال"))
        and tokens[j].bare not in _QUANTITY_WORDS
    )


def _quoted(tokens: list[Token], j: int) -> int | None:
    """End (exclusive, after the closing mark) of a quoted name of at most five words starting at j."""
    if j >= len(tokens) or tokens[j].text not in _QUOTES:
        return None
    close = _QUOTES[tokens[j].text]
    for k in range(j + 1, min(len(tokens), j + 7)):
        if tokens[k].text == close:
            return k + 1 if k > j + 1 else None
    return None


def _proper_definite(token: Token) -> bool:
    """A definite word after a place or organisation word that is no adjective (adjectives end in ي/ية):
    "منطقة الحوز", "قصر الإليزيه" name the place; "المنطقة الحدودية" describes it."""
    plain = strip_marks(token.text)
    return token.is_word and plain.startswith("ال") and not plain.endswith(("ي", "ية", "يه", "ة"))


def _modifiers(tokens: list[Token], j: int, limit: int, titles: bool = False) -> int:
    """Definite words after a name ("الروسية", "للأنباء", "الأمن القومي الأمريكي"), a bracketed aside
    ("(روس كوسموس)") and gazetteer places ("في سول" stays out: prepositions end the span)."""
    taken = 0  # words taken; a bracketed alias counts as none: "مطار "فوستوتشني" ("الشرقي") الفضائي"
    while j < len(tokens) and taken < limit:
        token = tokens[j]
        if token.text == "(":
            close = next((k for k in range(j + 1, min(len(tokens), j + 6)) if tokens[k].text == ")"), None)
            if close is None:
                break
            j = close + 1
            continue
        if token.bare in _QUANTITY_WORDS:
            break
        if token.is_word and (token.definite or token.norm.startswith("لل")) and not token.is_function_word:
            if (is_title(token) and not titles) or date_word(token.norm) or token.norm in WEEKDAYS:
                break
            if token.bare in _DESCRIPTION_OPENERS:
                break
            j, taken = j + 1, taken + 1
            continue
        hit = entity_at([t.norm for t in tokens], j) if token.is_word else None
        if hit and hit[2] == 0:
            j, taken = j + hit[1], taken + hit[1]
            continue
        break
    return _without_trailing_alias(tokens, j)


def _without_trailing_alias(tokens: list[Token], j: int) -> int:
    """A bracketed alias is kept inside a span, not at its end: "مطار "فوستوتشني" ("الشرقي")" stops before
    the bracket when nothing of the name follows it."""
    if j > 0 and tokens[j - 1].text == ")":
        opening = next((k for k in range(j - 2, max(-1, j - 7), -1) if tokens[k].text == "("), None)
        if opening is not None:
            return opening
    return j


def _place_extension(tokens: list[Token], j: int) -> int:
    """ "منطقة ساخا" + "في أقصى شرق روسيا": a following في-phrase of place words (at most five tokens)."""
    if j >= len(tokens) or tokens[j].norm != "في":
        return j
    words = [t.norm for t in tokens]
    k = j + 1
    while k < len(tokens) and k - j <= 5 and tokens[k].is_word and not tokens[k].is_function_word:
        hit = entity_at(words, k)
        if hit:
            return k + hit[1]  # a known place ends the phrase: "في أقصى شرق روسيا"
        if tokens[k].is_verb or not (tokens[k].definite or any(key in PLACE_CUES for key in tokens[k].keys)):
            break
        k += 1
    return k if k > j + 1 else j


def _after_preposition(tokens: list[Token], i: int) -> list[SpanMatch]:
    """ "إلى هانوي", "في سول": a run of names right after a preposition of place (a weak cue)."""
    j = i + 1
    k = j
    while k < len(tokens) and k - j < 3 and name_like(tokens[k]):
        k += 1
    if k == j or (k < len(tokens) and tokens[k].is_word and tokens[k].norm.startswith("ال")):
        return []
    return [SpanMatch(j, k, "place", 0.4)]

"""Quoted statements, noun phrases of a head noun ("كنيسة ثالوث واهب الحياة"), and the minimal clause
that answers a why / what-did question, inside an Arabic sentence."""

from __future__ import annotations

from qa.grounded.data.nouns import Noun, arabic_noun, nouns_for_english
from qa.grounded.english import split_words
from qa.grounded.tokens import SpanMatch, Token
from store.arabic import normalise_arabic, noun_key

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“", '"': '"'}
_MAX_CLAUSE_CHARS = 150
_QUOTE_MARKS = frozenset('“”«»„"')
_BOUNDARY_PUNCT = frozenset("،,;؛:.!?؟")
_BOUNDARY_WORDS = frozenset(
    normalise_arabic(w)
    for w in split_words(
        "و لكن ولكن لكنه إلا غير حيث مما بينما فيما كما إذ بعدما عندما وهو وهي وهم ثم وذلك ما أن إن "
        "الذي التي الذين وفق حسب بحسب مضيفا مضيفة مشيرا مشيرة"
    )
)
_NEGATIONS = frozenset(
    normalise_arabic(w) for w in split_words("لا لم لن ما ليس ليست ولا ولم ولن قد وقد سوف")
)
_REASON_CUES: dict[tuple[str, ...], float] = {
    tuple(normalise_arabic(w) for w in cue.split()): strength
    for cue, strength in (
        ("لأن", 1.0), ("لان", 1.0), ("بسبب", 1.0), ("نظرا", 0.9), ("بهدف", 0.9), ("من أجل", 0.8),
        ("لأجل", 0.8), ("كي", 0.7), ("لكي", 0.8), ("بغية", 0.9), ("سعيا", 0.8), ("بداعي", 0.9),
        ("إثر", 0.7), ("على خلفية", 0.9), ("ردا على", 0.9), ("احتجاجا على", 0.9), ("جراء", 0.9),
        ("نتيجة", 0.7), ("بعد أن", 0.5), ("خشية", 0.8), ("تحسبا", 0.8),
    )
}  # fmt: skip


def quote_spans(tokens: list[Token]) -> list[SpanMatch]:
    """The inside of each quotation (“…”, «…», "…"), without the marks."""
    found: list[SpanMatch] = []
    i = 0
    while i < len(tokens):
        close = _OPEN_CLOSE.get(tokens[i].text)
        end = next((k for k in range(i + 1, len(tokens)) if tokens[k].text == close), None) if close else None
        if end is not None and end > i + 1 and any(t.is_word for t in tokens[i + 1 : end]):
            words = sum(1 for t in tokens[i + 1 : end] if t.is_word)
            said = any(t.is_verb for t in tokens[max(0, i - 3) : i])
            found.append(SpanMatch(i + 1, end, "quote", 0.9 if said else (0.75 if words >= 3 else 0.5)))
            i = end + 1
        else:
            i += 1
    return found


def head_matcher(head: str, language: str):
    """A predicate telling whether a token is the question's head noun (any inflection, or its table
    synonyms: "صواريخ" matches "صاروخا"; English "satellites" matches "أقمار")."""
    if not head:
        return None
    if language == "ar":
        keys = {noun_key(head)}
        entry = arabic_noun(head)
        entries: list[Noun] = [entry] if entry else []
    else:
        keys, entries = set(), nouns_for_english(head)
    if not keys and not entries:
        return None
    english = {e.english for e in entries}

    def matches(token: Token) -> bool:
        if not token.is_word:
            return False
        if keys & set(token.keys):
            return True
        noun = arabic_noun(token)
        return noun is not None and noun.english in english

    return matches


def head_spans(tokens: list[Token], matches) -> list[SpanMatch]:
    """Noun phrases that start with the head noun: "كنيسة ثالوث واهب الحياة" (stops at a verb, a
    preposition, a clause word or punctuation), and a longer one through numbers and ب-phrases
    ("الاتفاقيات السابقة المؤرخة بأعوام 1961 و2000 و2001")."""
    found: list[SpanMatch] = []
    for i, token in enumerate(tokens):
        if not matches(token):
            continue
        trim = _proclitic(token, matches)
        strict = _phrase_end(tokens, i + 1, loose=False)
        loose = _phrase_end(tokens, i + 1, loose=True)
        specific = any(not t.definite for t in tokens[i + 1 : strict] if t.is_word)
        found.append(
            SpanMatch(i, strict, "head", 0.9 if specific else (0.6 if strict > i + 1 else 0.4), trim)
        )
        if loose > strict:
            found.append(SpanMatch(i, loose, "head", 0.7, trim))
    return found


def _proclitic(token: Token, matches) -> int:
    """1 when the head noun is matched only behind a one-letter proclitic ("لصحيفة", "وكنيسة")."""
    if token.norm[:1] not in "وفبلك" or token.definite or len(token.norm) < 4:
        return 0
    return 1 if matches(Token(token.start + 1, token.end, token.text[1:], "word")) else 0


def _phrase_end(tokens: list[Token], j: int, loose: bool, limit: int = 6) -> int:
    start = j
    while j < len(tokens) and j - start < (limit + 4 if loose else limit):
        token = tokens[j]
        if token.is_word and not token.is_function_word and not token.is_verb:
            if not loose and token.norm[:1] in "بل" and not token.norm.startswith(("ال", "لل")) and j > start:
                break
            j += 1
        elif token.text in _OPEN_CLOSE and j > start:
            close = next(
                (
                    k
                    for k in range(j + 1, min(len(tokens), j + 7))
                    if tokens[k].text == _OPEN_CLOSE[token.text]
                ),
                None,
            )
            if close is None:
                break
            j = close + 1  # a quoted name: "سفينة الشحن "غالاكسي ليدر""
        elif loose and (token.is_number or token.kind == "clitic"):
            j += 1
        else:
            break
    return j


def noun_phrases(tokens: list[Token]) -> list[SpanMatch]:
    """Every maximal run of content words (at most five): the fallback candidates of a thing question
    whose noun is not named ("what did Putin promise to help build" → "أقمار صناعية")."""
    found, i = [], 0
    while i < len(tokens):
        j = _phrase_end(tokens, i, loose=False, limit=5) if _content(tokens[i]) else i
        if j > i:
            found.append(SpanMatch(i, j, "phrase", 0.3))
            found.extend(_table_nouns(tokens, i, j))
            i = j
        else:
            i += 1
    return found


def _table_nouns(tokens: list[Token], i: int, j: int) -> list[SpanMatch]:
    """Inside a phrase, a known noun with the words after it ("بناء أقمار صناعية" → "أقمار صناعية")."""
    for k in range(i + 1, j):
        following = tokens[k + 1] if k + 1 < j else None
        if tokens[k].is_word and not tokens[k].definite and arabic_noun(tokens[k], following) is not None:
            return [SpanMatch(k, j, "phrase", 0.45)]
    return []


def _content(token: Token) -> bool:
    return token.is_word and not token.is_function_word and not token.is_verb


def clause_spans(tokens: list[Token]) -> list[SpanMatch]:
    """For each verb, the clause from it to the next boundary (punctuation, و, لكن, حيث, مما…),
    at most 150 characters: the minimal statement a what-did question is answered by."""
    found = []
    for i, token in enumerate(tokens):
        if token.is_verb or _opening_verb(tokens, i):
            end = _fit(tokens, i, _clause_end(tokens, i + 1))
            if end > i + 1:
                cue = 0.6 if _main_clause(tokens, i) else 0.4
                start = i - 1 if i and tokens[i - 1].norm in _NEGATIONS else i  # "لا تزال صامدة"
                trim = 1 if _conjunction(tokens[start]) else 0
                found.append(SpanMatch(start, end, "clause", cue, trim))
    return found


def reason_spans(tokens: list[Token]) -> list[SpanMatch]:
    """Clauses opened by a cause or purpose word: "بسبب …", "لأن …", "بهدف …", "على خلفية …"."""
    found = []
    for i in range(len(tokens)):
        for cue, strength in _REASON_CUES.items():
            if tuple(t.norm for t in tokens[i : i + len(cue)]) == cue or (
                len(cue) == 1 and tokens[i].bare == cue[0]
            ):
                end = _fit(tokens, i, _clause_end(tokens, i + len(cue)))
                if end > i + len(cue):
                    found.append(
                        SpanMatch(i, end, "reason", strength, 1 if tokens[i].norm != tokens[i].bare else 0)
                    )
                break
    return found


def _clause_end(tokens: list[Token], j: int) -> int:
    depth = 0
    while j < len(tokens):
        token = tokens[j]
        if token.text in "(":
            depth += 1
        elif token.text in ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (token.text in _BOUNDARY_PUNCT or token.norm in _BOUNDARY_WORDS):
            break
        elif depth == 0 and token.is_verb and _conjunction(token):
            break  # "وأضاف": a new clause
        elif depth == 0 and token.text in _QUOTE_MARKS:
            close = _quote_close(tokens, j)
            if close is None:
                break  # a quote that does not close in the sentence: the statement is the quote's own span
            j = close
        j += 1
    return j


def _quote_close(tokens: list[Token], j: int) -> int | None:
    """Index of the mark closing the quotation opened at j, when the quotation is short enough to sit
    inside a clause ("كتب عليها "ترحيب حار بالرئيس بوتين""); None for a closing mark or a long quote."""
    close = _OPEN_CLOSE.get(tokens[j].text)
    if close is None:
        return None
    for k in range(j + 1, len(tokens)):
        if tokens[k].text == close:
            return k if tokens[k].end - tokens[j].start <= _MAX_CLAUSE_CHARS // 2 else None
    return None


def _opening_verb(tokens: list[Token], i: int) -> bool:
    """News sentences open with و/ف + a verb ("وضرب", "ولقي", "ويبلغ"): a word behind the conjunction that
    opens the sentence is taken as a verb unless it is a known noun or a function word."""
    token = tokens[i]
    if i != 0 or token.norm[:1] not in "وف" or len(token.norm) < 4 or token.definite:
        return False
    return not token.is_function_word and arabic_noun(token.text[1:]) is None


def _main_clause(tokens: list[Token], i: int) -> bool:
    """A verb that opens the sentence or follows punctuation, a conjunction or a clause word heads a
    clause of its own; a verb right after a noun is usually an unmarked relative ("لجنة خبراء تراقب…")."""
    if i == 0 or _conjunction(tokens[i]):
        return True
    before = tokens[i - 1]
    return before.kind == "punct" or before.is_function_word or before.is_verb


def _conjunction(token: Token) -> bool:
    return token.norm != token.bare


def _fit(tokens: list[Token], start: int, end: int) -> int:
    """Shorten [start, end) to at most 150 characters, at a token boundary."""
    while end > start + 1 and tokens[end - 1].end - tokens[start].start > _MAX_CLAUSE_CHARS:
        end -= 1
    while end > start + 1 and tokens[end - 1].text in "(":
        end -= 1
    return end

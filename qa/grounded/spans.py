"""Candidate answer spans inside an evidence sentence, with exact file offsets.

`extract_candidates(sentence, analysis)` runs the span rules that fit the question's answer type (dates,
numbers, names with titles, places, organisations, head-noun phrases, quotes, clauses) and returns
Candidates whose `text == file_text[start:end]`. Each Candidate carries:
  - `score`: the rules' own estimate in 0..1: cue strength × (1 − 0.7 × share of the span that repeats the
    question) × closeness to the question's focus terms in the sentence (0.6..1.0);
  - `features`: "cue", "in_question" (0..1), "focus_distance" (tokens to the nearest focus term outside the
    span; -1 when none is in the sentence), "head_match" (1 when the span holds the question's head noun),
    "chars", "gazetteer" (1 for a known place/organisation) and "secondary" (1 for a type asked for in
    `types` beyond the question's own);
  - `normalised`: dates "2000-07", "19-20/06", "18..28/06", "last-day:1999"; numbers "about 50",
    "1.2 billion", "50%"; gazetteer places and organisations their English name ("Vietnam").
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from qa.grounded import clauses
from qa.grounded.data.nouns import ACTIONS, arabic_noun, nouns_for_english
from qa.grounded.data.places import NATIONALITIES, entity_at
from qa.grounded.dates import DateValue, date_word, find_dates
from qa.grounded.english import arabic_skeleton, english_words_cased, latin_skeleton, stem_english
from qa.grounded.entities import entity_spans
from qa.grounded.measures import measure_matcher
from qa.grounded.names import person_spans, title_english
from qa.grounded.numbers import NumberMatch, find_numbers, number_word, proclitic_width
from qa.grounded.render_date import MONTHS_EN
from qa.grounded.tokens import SpanMatch, Token, tokenise_sentence, verbal_noun_shaped
from qa.grounded.types import AnswerType, Candidate, EvidenceSentence, QuestionAnalysis
from store.arabic import MONTHS, normalise_arabic, noun_key

T = AnswerType
_THING_QUOTE_TOKENS = 6  # a quoted name ("غالاكسي ليدر"), not a quoted statement
HEAD_BONUS = 1.3  # a span that holds the noun the question asks about ("كم صاروخا" ~ "50 صاروخا")
_ACTION_KEYS = frozenset(key for keys in ACTIONS.values() for key in keys)
_OBJECT_CUE = 0.7  # a noun phrase right after the question's action word is that action's object
_TIME_UNITS = frozenset(["year", "month", "week", "day", "hour", "minute", "second", "century", "decade"])
_NUMBER_LINKS = tuple(
    tuple(normalise_arabic(w) for w in link.split())
    for link in ("بالإضافة إلى", "بالاضافة الى", "إضافة إلى", "فضلا عن", "إلى جانب", "و")
)


def extract_candidates(
    sentence: EvidenceSentence, analysis: QuestionAnalysis, types: Iterable[AnswerType] | None = None
) -> list[Candidate]:
    """Candidate spans of the question's answer type (and of `types`, when given) in the sentence."""
    tokens = tokenise_sentence(sentence.text)
    text = sentence.text
    wanted = [analysis.answer_type, *(t for t in (types or ()) if t != analysis.answer_type)]
    focus = focus_positions(tokens, analysis)
    head = measure_matcher(analysis) or clauses.head_matcher(analysis.head_noun, analysis.language)
    actions = action_positions(tokens, analysis) if T.THING in wanted and not head else set()
    best: dict[tuple[int, int, AnswerType], Candidate] = {}
    for answer_type in wanted:
        for match, normalised in _matches(tokens, text, answer_type, head):
            if match.kind == "phrase" and match.start - 1 in actions:
                # the object right after the asked action ("build" ~ "بناء" + "أقمار صناعية")
                match = SpanMatch(match.start, match.end, match.kind, max(match.cue, _OBJECT_CUE), match.trim)
            candidate = _candidate(sentence, tokens, match, answer_type, normalised, focus, head)
            candidate.features["secondary"] = float(answer_type != analysis.answer_type)
            key = (candidate.start, candidate.end, answer_type)
            if key not in best or candidate.score > best[key].score:
                best[key] = candidate
    return sorted(best.values(), key=lambda c: (-c.score, c.start))


def _matches(tokens: list[Token], text: str, answer_type: AnswerType, head) -> list[tuple[SpanMatch, str]]:
    """The rule matches for one answer type; all but the head-noun phrases depend on the sentence only,
    so they are cached by sentence text (evidence ranking and choosing look at the same sentences)."""
    if answer_type == T.DATE:
        return [*_rule(text, "date"), *_rule(text, "duration")]
    if answer_type == T.NUMBER:
        return list(_rule(text, "number"))
    if answer_type == T.PERSON:
        return list(_rule(text, "person"))
    if answer_type == T.PLACE:
        return list(_rule(text, "place"))
    if answer_type == T.ORGANISATION:
        return list(_rule(text, "org"))
    if answer_type == T.THING:
        heads = clauses.head_spans(tokens, head) if head else []
        quotes = [(m, n) for m, n in _rule(text, "quote") if m.end - m.start <= _THING_QUOTE_TOKENS]
        return [*((m, "") for m in heads), *_rule(text, "phrase"), *quotes]
    if answer_type == T.REASON:
        return [*_rule(text, "reason"), *_rule(text, "clause")]
    return [*_rule(text, "quote"), *_rule(text, "clause")]  # description, yes/no


@lru_cache(maxsize=8192)
def _rule(text: str, rule: str) -> tuple[tuple[SpanMatch, str], ...]:
    tokens = tokenise_sentence(text)
    if rule in ("date", "duration", "number"):
        dates = _dates(text)
        if rule == "date":
            return tuple(
                (
                    SpanMatch(d.start, d.end, "date", _date_cue(d.value), _date_trim(tokens[d.start])),
                    d.value.normalised(),
                )
                for d in dates
            )
        numbers = find_numbers(tokens, {k for d in dates for k in range(d.start, d.end)})
        if rule == "number":
            return tuple(_number_matches(tokens, numbers))
        return tuple(_duration_matches(tokens, [n for n in numbers if _is_duration(n)]))
    if rule == "person":
        return tuple((m, "") for m in person_spans(tokens))
    if rule in ("place", "org"):
        return tuple((m, m.english) for m in _entities(text) if m.kind == rule)
    spans = {
        "phrase": clauses.noun_phrases,
        "quote": clauses.quote_spans,
        "reason": clauses.reason_spans,
        "clause": clauses.clause_spans,
    }[rule](tokens)
    return tuple((m, "") for m in spans)


@lru_cache(maxsize=2048)
def _dates(text: str):
    return find_dates(tokenise_sentence(text))


@lru_cache(maxsize=2048)
def _entities(text: str):
    return entity_spans(tokenise_sentence(text))


def _date_cue(value: DateValue) -> float:
    """More specific dates are more likely answers: a full date over a bare weekday or "tomorrow"."""
    if value.years and (value.month or value.days):
        return 1.0
    if value.years or (value.days and value.month):
        return 0.9
    if value.month:
        return 0.8
    return 0.65 if value.weekdays else 0.6


def _date_trim(token: Token) -> int:
    """ "بأعوام 1961" / "وفي": leave a proclitic of the first word out of the span."""
    n = token.norm
    return (
        1 if token.is_word and len(n) > 3 and n[0] in "وفبل" and not date_word(n) and date_word(n[1:]) else 0
    )


def _is_duration(match: NumberMatch) -> bool:
    nouns = match.value.nouns
    return bool(nouns) and nouns[0] is not None and nouns[0].english in _TIME_UNITS


def _duration_matches(tokens: list[Token], durations: list[NumberMatch]) -> list[tuple[SpanMatch, str]]:
    """Each quantity of a time unit, and runs of them joined by و as one duration ("ساعتين ودقيقة واحدة و9
    ثوان", "عامين وثلاثة أشهر"), whose cue is a little stronger than its parts'."""
    found = [
        (SpanMatch(n.start, n.end, "duration", 0.6, _lead_trim(tokens[n.start])), n.value.normalised())
        for n in durations
    ]
    run = durations[:1]
    for n in [*durations[1:], None]:
        if n is not None and _joined(tokens, run[-1].end, n.start):
            run.append(n)
            continue
        if len(run) > 1:
            normalised = " + ".join(m.value.normalised() for m in run)
            trim = _lead_trim(tokens[run[0].start])
            found.append((SpanMatch(run[0].start, run[-1].end, "duration", 0.7, trim), normalised))
        run = [n] if n is not None else []
    return found


def _joined(tokens: list[Token], end: int, start: int) -> bool:
    """Two quantities joined by و: a separate و, or one glued to the second ("ودقيقة", "و9")."""
    if start == end:
        return tokens[start].norm[:1] == "و" and tokens[start].is_word
    return start == end + 1 and (tokens[end].norm == "و")


def _lead_trim(token: Token) -> int:
    """Letters of a proclitic to leave out of a quantity's span: ل/ب before a hedge ("لأكثر"), the و of
    "ودقيقة"."""
    rest = token.norm[1:]
    if token.is_word and token.norm[:1] == "و" and len(rest) > 2 and (arabic_noun(rest) or number_word(rest)):
        return 1
    return proclitic_width(token)


def _number_matches(tokens: list[Token], numbers: list[NumberMatch]) -> list[tuple[SpanMatch, str]]:
    """Each quantity, plus pairs joined by "و" / "بالإضافة إلى" ("40 زورقا … بالإضافة إلى نحو 20 طائرة")."""
    found = []
    for n in numbers:
        cue = 0.9 if n.value.nouns or n.value.percent else (0.6 if n.value.hedge or n.value.scale else 0.4)
        trim = proclitic_width(tokens[n.start])
        found.append((SpanMatch(n.start, n.end, "number", cue, trim), n.value.normalised()))
    for first, second in zip(numbers, numbers[1:]):
        gap = tuple(t.norm for t in tokens[first.end : second.start])
        if gap in _NUMBER_LINKS and first.value.nouns and second.value.nouns:
            normalised = f"{first.value.normalised()} + {second.value.normalised()}"
            found.append((SpanMatch(first.start, second.end, "numbers", 0.9), normalised))
    return found


def _candidate(
    sentence: EvidenceSentence,
    tokens: list[Token],
    match: SpanMatch,
    answer_type: AnswerType,
    normalised: str,
    focus: set[int],
    head,
) -> Candidate:
    start = tokens[match.start].start + match.trim
    end = tokens[match.end - 1].end
    text = sentence.text[start:end]
    inside = range(match.start, match.end)
    heads = {k for k in inside if head and head(tokens[k])}
    words = [k for k in inside if tokens[k].is_word and k not in heads]
    if match.kind in ("number", "numbers", "duration"):  # the figure answers; its counted noun may repeat
        words = [k for k in words if not _counted_word(tokens, k)]
    in_question = sum(1 for k in words if k in focus) / len(words) if words else 0.0
    outside = sorted(
        abs(k - (match.start if k < match.start else match.end - 1)) for k in focus if k not in inside
    )
    distance = outside[0] if outside else -1
    # Near several focus terms is better than near one: the mean over the two nearest.
    nearest = outside[:2] + outside[:1] if len(outside) == 1 else outside[:2]
    closeness = 0.8 if not outside else 0.6 + 0.4 * sum(1 / (1 + d / 5) for d in nearest) / 2
    # A name or a figure that the question already states is not its answer; a statement may repeat it.
    repeat_weight = 0.2 if match.kind in ("clause", "reason", "quote", "head") else 0.7
    score = match.cue * (1 - repeat_weight * in_question) * closeness * (HEAD_BONUS if heads else 1.0)
    features = {
        "cue": match.cue,
        "in_question": round(in_question, 3),
        "focus_distance": float(distance),
        "head_match": float(bool(heads)),
        "chars": float(len(text)),
        "gazetteer": float(bool(match.english)),
        "duration": float(match.kind == "duration"),  # a quantity of a time unit, not a point in time
    }
    candidate = Candidate(
        text=text,
        answer_type=answer_type,
        start=sentence.start + start,
        end=sentence.start + end,
        sentence=sentence,
        score=round(min(score, 1.0), 4),
        normalised=normalised,
        features=features,
    )
    assert candidate.text == sentence.text[start:end]
    return candidate


def _counted_word(tokens: list[Token], k: int) -> bool:
    """A word of a table noun ("نقطة أساس", "صاروخا"): what a figure counts."""
    following = tokens[k + 1] if k + 1 < len(tokens) and tokens[k + 1].is_word else None
    if arabic_noun(tokens[k], following) is not None:
        return True
    return k > 0 and tokens[k - 1].is_word and arabic_noun(tokens[k - 1], tokens[k]) is not None


def focus_positions(tokens: list[Token], analysis: QuestionAnalysis) -> set[int]:
    """Tokens of the sentence that are focus terms of the question: stems for Arabic questions; for English
    questions the Arabic words of table nouns and gazetteer names the question mentions."""
    if analysis.language == "ar":
        focus = set(analysis.focus_terms)
        return {k for k, t in enumerate(tokens) if t.is_word and t.stem in focus}
    english, nouns, skeletons = _english_focus(analysis.focus_terms, analysis.question)
    months = {number for number, name in enumerate(MONTHS_EN, start=1) if name.lower() in english}
    arabic_keys = {
        key
        for term in english
        for key in NATIONALITIES.get(term, frozenset()) | ACTIONS.get(term, frozenset())
    }
    positions: set[int] = set()
    named = _gazetteer_hits(tuple(t.norm for t in tokens))
    for k, token in enumerate(tokens):
        if token.is_number and token.norm in english:
            positions.add(k)  # "2000" in "July 2000"
        if not token.is_word:
            continue
        if months and (MONTHS.get(token.norm) in months or MONTHS.get(token.bare) in months):
            positions.add(k)  # "July" ~ "يوليو", "تموز", "جويلية"
            continue
        hit = named.get(k)
        if hit and english & hit[1]:
            positions.update(range(k, k + hit[0]))
            continue
        noun = arabic_noun(token) if nouns else None
        if (noun is not None and noun.english in nouns) or _same_name(token, skeletons):
            positions.add(k)
        elif english & title_english(token) or (arabic_keys and arabic_keys & _word_forms(token)):
            positions.add(k)  # "adviser" ~ "مستشار", "Russian" ~ "الروسية", "build" ~ "بناء"
    return positions


def action_positions(tokens: list[Token], analysis: QuestionAnalysis) -> set[int]:
    """Tokens of the sentence that are the question's action: for English questions the Arabic words of its
    verbs through the ACTIONS table ("build" ~ "بناء"), for Arabic questions its verbs and verbal nouns
    among the focus terms. A thing question without a head noun asks for that action's object."""
    if analysis.language == "ar":
        return {
            k
            for k in focus_positions(tokens, analysis)
            if tokens[k].is_verb or verbal_noun_shaped(tokens[k].norm) or _ACTION_KEYS & {*tokens[k].keys}
        }
    english = _english_focus(analysis.focus_terms, analysis.question)[0]
    keys = {key for term in english for key in ACTIONS.get(term, ())}
    return {k for k, t in enumerate(tokens) if t.is_word and keys & _word_forms(t)}


def _word_forms(token: Token) -> set[str]:
    """Keys of a word to look it up in the ACTIONS table: its noun keys and stem, and a future verb without
    its س ("وسيزور" ~ "يزور")."""
    forms = {*token.keys, token.stem}
    bare = token.bare
    if len(bare) > 4 and bare[0] == "س" and bare[1] in "يتنا":
        forms.add(noun_key(bare[1:]))
    return forms


@lru_cache(maxsize=4096)
def _gazetteer_hits(words: tuple[str, ...]) -> dict[int, tuple[int, frozenset[str]]]:
    """Known places and organisations of a sentence: position → (words used, stems of the English name)."""
    hits, listed = {}, list(words)
    for k in range(len(words)):
        hit = entity_at(listed, k) if words[k] else None
        if hit:
            hits[k] = (hit[1], frozenset(stem_english(w) for w in hit[0].english.lower().split()))
    return hits


@lru_cache(maxsize=1024)
def _english_focus(focus_terms: tuple[str, ...], question: str) -> tuple[set[str], set[str], set[str]]:
    """Focus terms, the English words of table nouns they name, and the skeletons of the names."""
    english = {term.lower() for term in focus_terms}
    nouns = {n.english for term in english for n in nouns_for_english(term)}
    return english, nouns, _name_skeletons(question)


def _name_skeletons(question: str) -> set[str]:
    """Consonant skeletons of the capitalised words of an English question (names: "Putin" → "BTN")."""
    words = [w for w in english_words_cased(question) if w[:1].isupper()]
    return {sk for sk in (latin_skeleton(w) for w in words) if len(sk) >= 2}


def _same_name(token: Token, skeletons: set[str]) -> bool:
    """The Arabic word is a transliteration of a name of the question ("بوتين" ~ "Putin"); a definite word
    only with three consonants or more, without its article ("الهيثم" ~ "al-Haytham")."""
    if not skeletons or token.is_function_word:
        return False
    if token.definite:
        bare = token.norm[token.norm.index("ال") + 2 :] if "ال" in token.norm[:4] else token.norm
        skeleton = _skeleton(bare)
        return len(skeleton) >= 3 and skeleton in skeletons
    skeleton = _skeleton(token.bare)
    return len(skeleton) >= 2 and (skeleton in skeletons or _skeleton(token.norm) in skeletons)


@lru_cache(maxsize=65536)
def _skeleton(word: str) -> str:
    return arabic_skeleton(word)

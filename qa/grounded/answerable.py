"""Answerability: which candidates may answer at all, and why the engine refuses when none may.

A candidate may answer when it is of the expected type, sits in a sentence that matches the question's
focus, is not a mere repetition of the question's words, names what the question asks about (the words of
its head noun phrase: "وزير الدفاع الفيتنامي" is not answered by a sentence about the Russian defence
minister) and — for a NUMBER question — counts the thing the question counts. Every threshold is absolute
(an e5 cosine, a share of the question's terms), never relative to how many documents the index holds, so
adding documents does not change what is refused.

Refusal reasons (they become `Answer.refusal_reason`):
- "no_relevant_passages": nothing retrieved, or no sentence comes close to the question at all;
- "no_matching_evidence": sentences were found, but none matches the question's focus, or what the
  question is about (a good share of its focus terms) is in none of them;
- "no_answer_of_expected_type": focus-matching sentences hold no span of the expected type (or only
  spans that repeat the question);
- "asked_thing_not_found": the sentences holding candidates do not name what the question asks about
  (its head noun phrase: a role, a nationality, an object), or state another order than the one asked
  ("the most recent test" vs "أول تجربة");
- "counted_noun_mismatch": a NUMBER question whose only figures count something else;
- "no_candidate_chosen": eligible candidates existed but the chooser judged none good enough.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from qa.grounded.clauses import head_matcher
from qa.grounded.data.nouns import ACTIONS, nouns_for_english
from qa.grounded.english import STOPWORDS, english_words_cased, stem_english
from qa.grounded.evidence import (
    cross_script_hits,
    demonym_forms,
    focus_match,
    gazetteer_words,
    matched_terms,
    term_credit,
    term_weights,
    unseen_share,
)
from qa.grounded.measures import measure_matcher
from qa.grounded.names import TITLE_ENGLISH
from qa.grounded.numbers import HEDGE_WORDS, number_word
from qa.grounded.precision import ACCEPTS, ENTITY_MAX_CHARS, type_fits  # noqa: F401 (re-exported)
from qa.grounded.qualifiers import HEAD_IS_ANSWER as _HEAD_IS_ANSWER
from qa.grounded.qualifiers import qualifier_conflicts
from qa.grounded.tokens import CLAUSE_WORDS, PREPOSITIONS, Token, tokenise_sentence
from qa.grounded.types import AnswerType, Candidate, EvidenceSentence, QuestionAnalysis
from store.arabic import has_arabic, is_arabic, lexical_tokens, noun_keys

NO_RELEVANT_PASSAGES = "no_relevant_passages"
NO_MATCHING_EVIDENCE = "no_matching_evidence"
NO_ANSWER_OF_EXPECTED_TYPE = "no_answer_of_expected_type"
ASKED_THING_NOT_FOUND = "asked_thing_not_found"
COUNTED_NOUN_MISMATCH = "counted_noun_mismatch"
NO_CANDIDATE_CHOSEN = "no_candidate_chosen"


@dataclass(frozen=True)
class Thresholds:
    """Calibrated on dev + tests/data/unanswerable.jsonl with scripts/grounded_eval.py. Cross-script e5
    cosines (English question, Arabic sentence) run lower than same-script ones, hence two floors."""

    cosine_floor: float = 0.81  # same script: best sentence cosine; below, nothing is relevant
    cross_cosine_floor: float = 0.775  # across scripts
    cross_cosine_focused: float = 0.75  # across scripts, for a sentence naming much of the focus …
    cross_focus_strong: float = 0.35  # … this share of it (table nouns, names, countries)
    focus_min: float = 0.5  # same script: weighted share of focus terms a sentence must hold
    cross_focus_min: float = 0.15  # across scripts (only table nouns and names can be compared)
    cross_cosine_close: float = 0.81  # across scripts: this close a sentence is on focus without terms
    unseen_max: float = 0.4  # same script: weighted share of focus terms no retrieved sentence holds
    counted_window: int = 4  # words after a figure that may name what it counts
    head_phrase_words: int = 4  # words of the question's head noun phrase that must be found


THRESHOLDS = Thresholds()

# English head nouns too general to look for: "Which South Korean official" is answered by a sentence
# naming a vice minister.
_GENERIC_HEADS = frozenset(
    {"official", "officials", "person", "people", "individual", "figure", "figures", "head", "chief"}
)


def same_script(analysis: QuestionAnalysis, sentence: EvidenceSentence) -> bool:
    return (analysis.language == "ar") == is_arabic(sentence.text)


def relevant(analysis: QuestionAnalysis, sentence: EvidenceSentence, limits: Thresholds = THRESHOLDS) -> bool:
    """Close enough to the question at all: an absolute e5 floor (lower across scripts, lower still for
    a sentence that names much of the question's focus in its own script)."""
    if same_script(analysis, sentence):
        return sentence.cosine >= limits.cosine_floor
    if sentence.cosine >= limits.cross_cosine_floor:
        return True
    return (
        sentence.cosine >= limits.cross_cosine_focused and sentence.focus_match >= limits.cross_focus_strong
    )


def on_focus(analysis: QuestionAnalysis, sentence: EvidenceSentence, limits: Thresholds = THRESHOLDS) -> bool:
    """Does the sentence match what the question is about? By its terms in the question's script; across
    scripts by the few terms that can be compared (table nouns, names) and e5 closeness."""
    if same_script(analysis, sentence):
        return sentence.focus_match >= limits.focus_min
    if sentence.cosine >= limits.cross_cosine_close:
        return True  # very close by e5: the tables know too few words of open-domain questions to compare
    return sentence.focus_match >= limits.cross_focus_min and relevant(analysis, sentence, limits)


def question_terms(analysis: QuestionAnalysis) -> set[str]:
    return set(analysis.focus_terms) | set(lexical_tokens(analysis.question, ngrams=False))


def echo_share(analysis: QuestionAnalysis, candidate: Candidate) -> float:
    """Share of the candidate's words that the question already says (1.0: it only repeats the question,
    as "الكرملين" would for "من هو المتحدث باسم الكرملين"). Across scripts the span rules' own measure
    (names matched by transliteration: "Putin" ~ "بوتين") is used."""
    if analysis.language == "en" and is_arabic(candidate.text):
        across = float(candidate.features.get("in_question", 0.0))
        # an English question may carry Arabic words (a follow-up rewritten by the model: "Who did بوتين
        # meet in Pyongyang?"): those are compared as Arabic
        return (
            max(across, _same_script_echo(analysis, candidate)) if has_arabic(analysis.question) else across
        )
    return _same_script_echo(analysis, candidate)


def _same_script_echo(analysis: QuestionAnalysis, candidate: Candidate) -> float:
    stems = lexical_tokens(candidate.text, ngrams=False)
    asked = question_terms(analysis)
    words = [s for s in stems if not s.isdigit()]
    # a figure the question does not state is new ("أعوام 1950 - 1953" for "في أي أعوام…" is no echo)
    figures = [s for s in stems if s.isdigit() and s not in asked]
    if not words and not figures:
        return 0.0
    return sum(1 for s in words if term_credit(s, asked) > 0) / (len(words) + len(figures))


def repeats_question(analysis: QuestionAnalysis, candidate: Candidate) -> bool:
    """The candidate is the question's own subject: all of it repeated (same script), or a name at least
    half of which the question names (across scripts, "فلاديمير بوتين" for a question about Putin)."""
    share = echo_share(analysis, candidate)
    if analysis.language == "en" and is_arabic(candidate.text):
        return share >= 0.5 and candidate.answer_type is AnswerType.PERSON
    return share >= 1.0


# --- the head noun phrase: what the question asks about --------------------------------------------------


def head_phrase(analysis: QuestionAnalysis, limit: int = THRESHOLDS.head_phrase_words) -> tuple[str, ...]:
    """Terms naming what the question asks about, that a sentence answering it must also name: the head
    noun with its modifiers ("وزير الدفاع الفيتنامي", "رئيس وزراء كوريا الشمالية", "Vietnamese prime
    minister", "Russian ambassador"). Arabic: stems; English: only words that can be looked for in Arabic
    (table nouns, countries and their adjectives), as English stems. Empty when the head noun is itself the
    answer's kind (DATE "العام", PLACE "الدولة", NUMBER: see head_noun_agrees)."""
    if analysis.answer_type in _HEAD_IS_ANSWER:
        return ()
    if analysis.language == "ar":
        return _arabic_head_phrase(analysis, limit)
    return _english_head_phrase(analysis, limit)


def _arabic_head_phrase(analysis: QuestionAnalysis, limit: int) -> tuple[str, ...]:
    if not analysis.head_noun:
        return ()
    tokens = tokenise_sentence(analysis.question)
    keys = set(noun_keys(analysis.head_noun))
    start = next((i for i, t in enumerate(tokens) if t.is_word and keys & set(t.keys)), None)
    if start is None:
        return ()
    words: list[str] = []
    for token in tokens[start:]:
        if (
            not token.is_word
            or token.norm in PREPOSITIONS
            or token.norm in CLAUSE_WORDS
            or (token.is_verb and words)  # "أي زعيم أرسل …": the verb starts what is said about it
            or len(words) == limit
        ):
            break
        words.append(token.text)
    focus = set(analysis.focus_terms)  # not the question's own words ("المذكور في الخبر")
    return tuple(dict.fromkeys(t for w in words for t in lexical_tokens(w, ngrams=False) if t in focus))


def _english_head_phrase(analysis: QuestionAnalysis, limit: int) -> tuple[str, ...]:
    words = english_words_cased(analysis.question)
    phrase: list[str] = []
    head = stem_english(analysis.head_noun) if analysis.head_noun else ""
    at = next((i for i, w in enumerate(words) if head and stem_english(w.lower()) == head), None)
    if at is not None:
        for word in reversed(words[: at + 1]):
            if (word.lower() in STOPWORDS and word != words[at]) or len(phrase) == limit:
                break
            phrase.insert(0, word)
        rest = _compound_rest(words[at + 1 :], limit)
        phrase += rest + _of_complement(words[at + 1 + len(rest) :], limit)
    checkable = [w for w in phrase if w.lower() not in _GENERIC_HEADS and _checkable(w)]
    return tuple(dict.fromkeys(stem_english(w.lower()) for w in checkable))


def _compound_rest(words: list[str], limit: int) -> list[str]:
    """The rest of a compound role after its first known word: "First Deputy **Prime Minister**", "deputy
    **defence minister** for arms procurement" (titles, capitalised words, or a word right before a
    title)."""
    found: list[str] = []
    for k, word in enumerate(words):
        if word.lower() in STOPWORDS or len(found) == limit:
            break
        before_title = k + 1 < len(words) and _title_word(words[k + 1])
        if not (_title_word(word) or word[:1].isupper() or before_title):
            break
        found.append(word)
    return found


def _title_word(word: str) -> bool:
    stem = stem_english(word.lower())
    return any(stem in english for english in TITLE_ENGLISH.values())


def _of_complement(words: list[str], limit: int) -> list[str]:
    """The "of" complement of a head noun ("the head of the Russian space agency Roscosmos")."""
    if not words or words[0].lower() != "of":
        return []
    found: list[str] = []
    for word in words[1:]:
        if word.lower() in ("the", "a", "an"):
            continue
        if word.lower() in STOPWORDS or len(found) == limit:
            break
        found.append(word)
    return found


def _checkable(word: str) -> bool:
    """An English word that can be looked for in Arabic: a table noun, a country or its adjective, or a
    capitalised gazetteer name ("Roscosmos")."""
    if nouns_for_english(word.lower()) or demonym_forms(word) or _title_word(word):
        return True
    if stem_english(word.lower()) in ACTIONS and not word.lower().endswith("s"):
        return True  # "earlier", "defence", "first" ("news" is no "new")
    return word[:1].isupper() and stem_english(word.lower()) in gazetteer_words()


def names_asked_thing(
    analysis: QuestionAnalysis, sentence: EvidenceSentence, phrase: tuple[str, ...], before: str = ""
) -> bool:
    """Does the sentence (with `before`, the sentence before it in its passage, which a pronoun or "the
    two leaders" may refer to) name every term of the question's head noun phrase?"""
    if not phrase:
        return True
    text = f"{before} {sentence.text}" if before else sentence.text
    if analysis.language == "ar":
        terms = matched_terms(analysis, text)
        return all(term_credit(t, terms) > 0 for t in phrase)
    hits = cross_script_hits(dataclasses.replace(analysis, focus_terms=phrase), text)
    # across scripts the tables know one word per role, not its synonyms (agency: وكالة, not مؤسسة), so
    # a phrase of three or more words may miss one — but not a word of the role itself ("prime minister"
    # is not answered by a sentence naming only a president)
    missed = set(phrase) - hits
    allowed = 1 if len(phrase) >= 3 else 0
    return len(missed) <= allowed and not any(_title_word(term) for term in missed)


def previous_sentences(evidence: list[EvidenceSentence]) -> dict[tuple[str, int], str]:
    """(file, start) of each evidence sentence → the text of the sentence right before it in its file,
    when that one was retrieved too (in the same passage or the one before)."""
    by_file: dict[str, list[EvidenceSentence]] = {}
    for s in evidence:
        by_file.setdefault(s.file, []).append(s)
    before: dict[tuple[str, int], str] = {}
    for sentences in by_file.values():
        ordered = sorted(sentences, key=lambda s: s.start)
        for prev, cur in zip(ordered, ordered[1:]):
            if 0 <= cur.start - prev.end <= 3:  # adjacent: only whitespace between them
                before[(cur.file, cur.start)] = prev.text
    return before


def head_noun_agrees(
    analysis: QuestionAnalysis, candidate: Candidate, limits: Thresholds = THRESHOLDS
) -> bool:
    """A NUMBER question counting one thing must not be answered by a figure counting another: the span or
    the few words after it must hold the question's head noun (any inflection or table synonym, in either
    script). Unknown (no head noun, or one the tables cannot look for) counts as agreeing."""
    if analysis.answer_type is not AnswerType.NUMBER:
        return True
    matches = measure_matcher(analysis)  # "ما نسبة", "كم يبلغ طول": the measure's unit, not a counted noun
    if matches is None and analysis.head_noun:
        matches = head_matcher(analysis.head_noun, analysis.language)
    if matches is None:
        return True
    sentence = candidate.sentence
    lo, hi = candidate.start - sentence.start, candidate.end - sentence.start
    tokens = tokenise_sentence(sentence.text)
    inside = [t for t in tokens if lo <= t.start < hi]
    if any(_counted_noun(t) for t in inside):
        return any(matches(t) for t in inside)  # "19 عاما" counts years, whatever follows it
    after = [t for t in tokens if t.start >= hi and t.is_word][: limits.counted_window]
    return any(matches(t) for t in inside + after)


def _counted_noun(token: Token) -> bool:
    """A word of a quantity span that names what it counts: no number word, hedge or percent word."""
    return (
        token.is_word
        and not number_word(token.norm)
        and token.norm not in HEDGE_WORDS
        and token.norm not in ("المئه", "المائه", "بالمئه", "بالمائه", "في")
        and not number_word(token.norm.removeprefix("و"))
    )


def _without_answer_kind(analysis: QuestionAnalysis) -> QuestionAnalysis:
    """The question without its head noun when that noun names the kind of answer rather than what it is
    about ("ما نسبة الأصوات": a percentage answers, the word نسبة need not be in the sources; "في أي
    مدينة", "في أي عام"). Its absence from the sources is then no reason to refuse (its presence still
    counts: the smaller unseen share of the two is used)."""
    if analysis.answer_type not in _HEAD_IS_ANSWER or not analysis.head_noun:
        return analysis
    head = set(lexical_tokens(analysis.head_noun, ngrams=False))
    return dataclasses.replace(analysis, focus_terms=tuple(t for t in analysis.focus_terms if t not in head))


def _focused_without_answer_kind(
    analysis: QuestionAnalysis, evidence: list[EvidenceSentence], limits: Thresholds
) -> set[tuple[str, int]]:
    """Same-script sentences that match the question's focus once its answer-kind head noun is left out
    ("ما نسبة الأصوات…" is matched by "… 54 في المئة من الأصوات")."""
    reduced = _without_answer_kind(analysis)
    if reduced is analysis or not reduced.focus_terms:
        return set()
    same = [s for s in evidence if same_script(analysis, s)]
    pool = [matched_terms(reduced, s.text) for s in same]
    weights = term_weights(reduced.focus_terms, pool)
    return {
        (s.file, s.start) for s, terms in zip(same, pool) if focus_match(weights, terms) >= limits.focus_min
    }


def eligible(
    analysis: QuestionAnalysis,
    evidence: list[EvidenceSentence],
    candidates: list[Candidate],
    limits: Thresholds = THRESHOLDS,
) -> tuple[list[Candidate], str | None]:
    """The candidates that may answer, or none and the refusal reason. The checks run in the order of
    the reasons, so the reason names the first thing that was missing."""
    if not any(relevant(analysis, s, limits) for s in evidence):
        return [], NO_RELEVANT_PASSAGES
    same = [s for s in evidence if same_script(analysis, s)]
    unseen = (
        min(unseen_share(analysis, same), unseen_share(_without_answer_kind(analysis), same)) if same else 0
    )
    if unseen >= limits.unseen_max:
        return [], NO_MATCHING_EVIDENCE  # what the question is about is never mentioned
    focused = {(s.file, s.start) for s in evidence if on_focus(analysis, s, limits)}
    focused |= _focused_without_answer_kind(analysis, evidence, limits)
    if not focused:
        return [], NO_MATCHING_EVIDENCE
    typed = [
        c
        for c in candidates
        if (c.sentence.file, c.sentence.start) in focused
        and type_fits(analysis, c)
        and not repeats_question(analysis, c)
    ]
    if not typed:
        return [], NO_ANSWER_OF_EXPECTED_TYPE
    phrase = head_phrase(analysis, limits.head_phrase_words)
    before = previous_sentences(evidence)
    named = [
        c
        for c in typed
        if names_asked_thing(
            analysis, c.sentence, phrase, before.get((c.sentence.file, c.sentence.start), "")
        )
        and not qualifier_conflicts(analysis, c.sentence)
    ]
    if not named:
        return [], ASKED_THING_NOT_FOUND
    counted = [c for c in named if head_noun_agrees(analysis, c, limits)]
    if not counted:
        return [], COUNTED_NOUN_MISMATCH
    return counted, None

"""Follow-up questions: decide whether a question refers back to the conversation and, if so, rewrite it
into a standalone question before retrieval ("ومتى عاد؟" → "متى عاد بوتين من بيونغيانغ؟").

`standalone_question` is the entry point (the UI calls it; the CLI or an HTTP service can too). It asks the
LLM backend with the `condense_*` prompts; the extractive backend (no model) appends the previous question's
topic words instead. The decision itself (`needs_rewrite`) is a cheap heuristic, no model call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.generate.citations import MARKER
from qa.generate.prompts import Prompts
from qa.language import detect_language
from qa.llm import GenerationRequest, LLMBackend
from qa.records import Answer
from store.arabic import PROCLITICS, normalise_arabic, strip_diacritics, tokenise

HISTORY_TURNS = 3  # turns given to the condense prompt (prompt time is the bottleneck on CPU)
HISTORY_ANSWER_CHARS = 300
HISTORY_QUESTION_CHARS = 300  # an earlier turn can be a pasted page: only its start is shown
HISTORY_MAX_CHARS = 2000
MAX_FOLLOWUP_WORDS = 10  # longer questions are taken as standalone
MAX_FOLLOWUP_CHARS = 200
CONDENSE_RESERVE_TOKENS = 600  # the condense prompt's own text, the question and the 80-token reply


@dataclass(frozen=True)
class Turn:
    """One finished exchange, as follow-up rewriting reads it."""

    asked: str  # what the user typed
    standalone: str  # the question actually answered (rewritten when it was a follow-up)
    answer: str
    refused: bool

    @classmethod
    def from_answer(cls, asked: str, answer: Answer) -> Turn:
        return cls(asked=asked, standalone=answer.question, answer=answer.answer, refused=answer.refused)


def _words(text: str) -> frozenset[str]:
    """A word list compared after `normalise_arabic` (alef/ya/ta-marbuta folded, Latin case-folded)."""
    return frozenset(normalise_arabic(word) for word in text.split())


# Words that point back into the conversation.
_REFERRING = _words(
    "he him his himself she her hers herself they them their theirs themselves it its itself this that these"
    " those there then such same also too else former latter"
    " هو هي هم هما هن ذلك تلك هذا هذه هؤلاء هناك هنالك حينها حينئذ عندها عندئذ آنذاك بعدها قبلها أيضا"
    " نفسه نفسها له لها لهم معه معها معهم عنه عنها عنهم منه منها منهم فيه فيها فيهم إليه إليها إليهم"
    " عليه عليها عليهم به بها بهم لديه لديها لديهم"
)
# "and when…?", "so who…?": a question word with a conjunction clitic continues the previous question.
_CONTINUATION_AR = re.compile(r"^[وف](متي|اين|كيف|ماذا|لماذا|من|كم|هل|ما|اي)$")
_CONTINUATION_EN = ("and ", "but ", "so ", "what about ", "how about ")
# Words that carry no topic of their own: a question made only of these ("Why?", "How many?") follows up.
_EMPTY = _words(
    "why when where how what who which whom whose many much exactly about really then"
    " لماذا متى كيف أين كم ماذا من ما هل بالضبط إذن حقا"
)
# Attached object/possessive pronouns (ـه ـها ـهم ـهما ـهن) on an Arabic word of 4+ letters ("رافقه",
# "زيارتها"); not after the article (التفاهم, الاتجاه: a definite noun takes no pronoun suffix).
_PRONOUN_SUFFIX_AR = re.compile(rf"^(?!(?:[{PROCLITICS}]?ال|لل))[\u0600-\u06ff]{{3,}}(?:ه|ها|هم|هما|هن)$")
# "ما هي / من هو": the pronoun is a copula here ("what is …"), not a reference back.
_COPULA_AR = re.compile(r"\b(?:ما|من|ماذا)\s+(?:هو|هي|هم|هن)\b")
# A citation marker with the space before it: answers enter the history without their markers.
_SPACED_MARKER = re.compile(r"\s*" + MARKER.pattern)
_LABEL = re.compile(r"^(standalone question|question|السؤال المستقل|السؤال)\s*[:：]\s*", re.I)


def _refers_back(question: str) -> bool:
    lowered = question.casefold().strip()
    plain = _COPULA_AR.sub(" ", strip_diacritics(question))  # ta marbuta kept: "مدة" is no pronoun
    words = re.findall(r"\w+", normalise_arabic(plain))
    if any(w in _REFERRING for w in words):
        return True
    if lowered.startswith(_CONTINUATION_EN) or (words and _CONTINUATION_AR.match(words[0])):
        return True
    if any(_PRONOUN_SUFFIX_AR.match(w) for w in re.findall(r"\w+", plain)):
        return True
    return not [t for t in tokenise(question) if t not in _EMPTY]


def needs_rewrite(question: str, turns: list[Turn]) -> bool:
    """Cheap heuristic deciding whether `question` must be made standalone before retrieval:
    no history → never; more than MAX_FOLLOWUP_WORDS words → standalone; otherwise rewrite when it
    contains a referring word (he/it/there…, هو/ذلك/هناك/معه…), an attached Arabic pronoun (رافقه),
    starts like a continuation ("and …", "what about …", ومتى/وأين/فمن…) or has no topic word ("Why?")."""
    if not turns:
        return False
    if len(question.split()) > MAX_FOLLOWUP_WORDS or len(question) > MAX_FOLLOWUP_CHARS:
        return False
    return _refers_back(question)


def history_budget(context_tokens: int) -> int:
    """Characters of history that fit a model context of `context_tokens` tokens beside the condense
    prompt, counting a token per character (Arabic text takes about one token per two or three), at most
    HISTORY_MAX_CHARS."""
    return max(0, min(HISTORY_MAX_CHARS, context_tokens - CONDENSE_RESERVE_TOKENS))


def _shortened(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def history_text(turns: list[Turn], max_chars: int = HISTORY_MAX_CHARS) -> str:
    """The last turns for the condense prompt: resolved questions and short answers without markers,
    newest kept first, in at most `max_chars` characters."""
    lines: list[str] = []
    for turn in reversed(turns[-HISTORY_TURNS:]):
        answer = _shortened(_SPACED_MARKER.sub("", " ".join(turn.answer.split())), HISTORY_ANSWER_CHARS)
        pair = [f"User: {_shortened(turn.standalone, HISTORY_QUESTION_CHARS)}", f"Assistant: {answer}"]
        if sum(len(line) + 1 for line in lines + pair) > max_chars:
            break
        lines = pair + lines
    return "\n".join(lines)


def clean_rewrite(text: str, question: str) -> str:
    """First line of the model's reply, without a label or quotes; the original when it looks wrong."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = _LABEL.sub("", line).strip(" \"'«»“”`")
    if not line or len(line) > 3 * len(question) + 200:
        return question
    return line


def extractive_rewrite(question: str, turns: list[Turn]) -> str:
    """Without an LLM: the follow-up plus the topic words of the previous (resolved) question that it
    lacks, e.g. "ومتى عاد؟" after "متى زار بوتين بيونغيانغ؟" → "ومتى عاد؟ زار بوتين بيونغيانغ".
    Deterministic; BM25 and the embeddings then see the topic again."""
    previous = turns[-1].standalone
    have = set(tokenise(question))
    extra: list[str] = []
    for word in re.findall(r"\w+", previous):
        terms = tokenise(word)
        if terms and not have.intersection(terms) and word not in extra:
            extra.append(word)
    return f"{question} {' '.join(extra[:8])}".strip()


def standalone_question(
    question: str,
    turns: list[Turn],
    backend: LLMBackend,
    prompts: Prompts,
    max_history_chars: int = HISTORY_MAX_CHARS,
) -> str:
    """`question` made standalone when it refers back to `turns` (see `needs_rewrite`), else unchanged:
    rewritten by the backend's model with the condense prompts (history trimmed to `max_history_chars`,
    see `history_budget`), or by `extractive_rewrite` without one."""
    if not needs_rewrite(question, turns):
        return question
    if not backend.uses_model:
        return extractive_rewrite(question, turns)
    history = history_text(turns, max_history_chars)
    if not history:
        return question
    request = GenerationRequest(
        system=prompts.text("condense_system"),
        user=prompts.render("condense_user", history=history, question=question),
        question=question,
        language=detect_language(question),
        max_tokens=80,
        temperature=0.0,
    )
    return clean_rewrite(backend.generate(request), question)

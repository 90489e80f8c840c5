"""The chat UI: a Gradio Blocks app over one `Assistant` (`qa ui`). Only this module and `qa.cli` know Gradio.

- Answers stream into the chat as the backend produces them; each bubble is HTML in a `<div dir=…>` chosen
  by its script (Arabic → rtl with Noto Naskh Arabic, otherwise ltr), and every paragraph gets its own
  direction so mixed Arabic/English text stays readable.
- Under each answer, a sources panel: one `<details>` per citation [n] with the file name, the passage
  with the supporting sentence in `<mark>`, and a nested `<details>` with the surrounding text of the file.
  Citations that failed verification are marked; refusals get their own style. Document text is escaped.
- Follow-up questions are rewritten into standalone questions before retrieval (see `needs_rewrite`).
- History lives in `gr.State` (one per browser session), never in module globals: sessions are private.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from qa.assistant import Assistant, detect_language
from qa.errors import InputError, QAError
from qa.events import Done, PassagesFound, Token
from qa.llm import BACKENDS, GenerationRequest
from qa.records import Answer, Citation, Passage
from qa.settings import Settings
from store.arabic import is_arabic, normalise_arabic, tokenise
from store.documents import DOCUMENT_SUFFIXES, decode_document

logger = logging.getLogger(__name__)

Message = dict[str, str]  # {"role": "user" | "assistant", "content": html}
Turn = dict[str, Any]  # {"asked", "standalone", "answer", "refused"}: what follow-up rewriting reads

CONTEXT_CHARS = 700  # characters of the file shown on each side of a passage under "surrounding text"
HISTORY_TURNS = 3  # turns given to the condense prompt (prompt time is the bottleneck on CPU)
HISTORY_ANSWER_CHARS = 300
MAX_FOLLOWUP_WORDS = 10  # longer questions are taken as standalone

EXAMPLES = [
    "متى كانت زيارة بوتين السابقة إلى بيونغيانغ؟",
    "كم عدد الصواريخ التي قال مسؤولون أوكرانيون إنهم رصدوا إيصالها من كوريا الشمالية إلى روسيا؟",
    "Who is the Putin adviser quoted about a possible security partnership agreement with North Korea?",
    "In what year did North Korea carry out its first nuclear test?",
]

LABELS = {
    "ar": {
        "sources": "المصادر",
        "unverified": "غير مؤكَّد: قد لا يدعم المقطعُ هذه الجملة",
        "context": "النص المحيط في الملف",
        "searching": "جارٍ البحث في المستندات…",
        "reading": "جارٍ قراءة {n} مقاطع…",
        "rewritten": "بُحث عنه بصيغة:",
        "refusal": "لا إجابة في المستندات",
        "no_citation": "لا تستشهد الإجابة بأي مقطع.",
        "unsupported": "{n} جملة لا يدعمها أي مقطع.",
        "unsourced_figures": "حُجبت إجابة النموذج لأنها ذكرت أرقاما لا ترد في أي مقطع.",
        "error": "خطأ",
    },
    "en": {
        "sources": "Sources",
        "unverified": "not verified: the passage may not support this",
        "context": "Surrounding text in the file",
        "searching": "Searching the documents…",
        "reading": "Reading {n} passages…",
        "rewritten": "Searched as:",
        "refusal": "No answer in the documents",
        "no_citation": "The answer cites no passage.",
        "unsupported": "{n} sentence(s) not supported by any passage.",
        "unsourced_figures": "The model's answer was withheld: it stated figures that no passage contains.",
        "error": "Error",
        "extractive": "Quoted from the Arabic sources (extractive mode: no model, no translation):",
    },
}

CSS = """
.qa-msg { line-height: 1.7; }
.qa-msg p { margin: 0 0 .4em 0; }
[lang=ar], .qa-msg[dir=rtl], .qa-msg [dir=rtl], .qa-ar, #qa-input textarea, .qa-examples button {
  font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic', 'Noto Sans', sans-serif; }
.qa-msg [dir=rtl], .qa-msg[dir=rtl] { font-size: 1.08em; line-height: 1.9; }
#qa-input textarea { unicode-bidi: plaintext; text-align: start; }
.qa-ref { font-size: .8em; font-weight: 600; color: #1d4ed8; unicode-bidi: isolate; }
.qa-ref-bad { color: #b91c1c; text-decoration: underline wavy #b91c1c; }
.qa-pending { opacity: .7; font-style: italic; }
.qa-rewrite { font-size: .85em; color: #6b7280; margin-bottom: .4em; }
.qa-refusal { border-inline-start: 4px solid #d97706; background: #fffbeb; color: #78350f;
  padding: .4em .8em; border-radius: 6px; }
.qa-refusal-title { font-weight: 600; font-size: .85em; }
.qa-error { border-inline-start: 4px solid #b91c1c; background: #fef2f2; color: #7f1d1d;
  padding: .4em .8em; border-radius: 6px; }
.qa-sources { margin-top: .6em; border-top: 1px solid #e5e7eb; padding-top: .4em; }
.qa-sources-title { font-weight: 600; font-size: .9em; color: #374151; }
.qa-cite { border: 1px solid #e5e7eb; border-radius: 6px; padding: .2em .6em; margin: .3em 0;
  background: #f9fafb; }
.qa-cite > summary { cursor: pointer; }
.qa-cite.qa-unverified { border: 1px dashed #b91c1c; background: #fef2f2; }
.qa-badge { font-size: .8em; color: #b91c1c; font-weight: 600; }
.qa-file { font-family: 'Noto Sans Mono', monospace; font-size: .85em; color: #4b5563; }
.qa-passage { margin: .4em 0; padding: .3em .6em; border-inline-start: 3px solid #93c5fd;
  background: #fff; white-space: pre-wrap; }
.qa-context > summary { cursor: pointer; font-size: .85em; color: #2563eb; }
.qa-context-text { white-space: pre-wrap; font-size: .95em; color: #374151; max-height: 22em;
  overflow-y: auto; padding: .3em .6em; background: #fff; }
.qa-msg mark { background: #fde68a; color: inherit; padding: 0 .1em; border-radius: 3px; }
.qa-corpus { font-size: .85em; max-height: 16em; overflow-y: auto; }
.qa-corpus li { unicode-bidi: isolate; }
.qa-status-error { color: #b91c1c; }
"""


# --- HTML rendering (pure functions) -------------------------------------------------------------


def direction(text: str) -> str:
    return "rtl" if is_arabic(text) else "ltr"


def _dir_attrs(text: str) -> str:
    return 'dir="rtl" lang="ar"' if is_arabic(text) else 'dir="ltr" lang="en"'


def _markers(escaped: str, unverified: set[int]) -> str:
    """[n] markers as styled spans; markers of citations that failed verification stand out."""

    def span(match: re.Match[str]) -> str:
        bad = " qa-ref-bad" if int(match.group(1)) in unverified else ""
        return f'<span class="qa-ref{bad}">[{match.group(1)}]</span>'

    return re.sub(r"\[(\d+)\]", span, escaped)


def paragraphs(text: str, unverified: set[int] | None = None) -> str:
    """Each line its own <p> with its own direction (an English lead-in above Arabic quotes, etc.)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return "".join(
        f"<p {_dir_attrs(line)}>{_markers(html.escape(line), unverified or set())}</p>" for line in lines
    )


def bubble(inner: str, text: str, extra_class: str = "") -> str:
    """The message element: one <div> whose dir follows the script of the message text. The HTML stays
    on one line: a blank line would end the chatbot's HTML block and let Markdown touch document text."""
    classes = f"qa-msg {extra_class}".strip()
    return f'<div class="{classes}" {_dir_attrs(text)}>{inner}</div>'.replace("\n", " ")


def user_html(question: str) -> str:
    return bubble(paragraphs(question), question)


def marked(text: str, base: int, start: int, end: int) -> str:
    """`text` (file offsets base..) escaped, with the span [start, end) of the file in <mark>."""
    lo = min(max(start - base, 0), len(text))
    hi = min(max(end - base, lo), len(text))
    if hi == lo:
        return html.escape(text)
    head, focus, tail = text[:lo], text[lo:hi], text[hi:]
    return f"{html.escape(head)}<mark>{html.escape(focus)}</mark>{html.escape(tail)}"


def _passage_for(citation: Citation, passages: list[Passage]) -> Passage | None:
    if 1 <= citation.n <= len(passages) and passages[citation.n - 1].file == citation.file:
        return passages[citation.n - 1]
    return next((p for p in passages if p.file == citation.file and p.start <= citation.start < p.end), None)


def surrounding(file_text: str | None, start: int, end: int, focus: tuple[int, int]) -> str:
    """CONTEXT_CHARS around [start, end), widened to line starts/ends, with the focus span marked."""
    if not file_text:
        return ""
    lo = max(0, start - CONTEXT_CHARS)
    hi = min(len(file_text), end + CONTEXT_CHARS)
    if lo > 0:
        cut = file_text.find("\n", lo, start)
        lo = cut + 1 if cut != -1 else lo
    if hi < len(file_text):
        cut = file_text.rfind("\n", end, hi)
        hi = cut if cut != -1 else hi
    body = marked(file_text[lo:hi], lo, *focus)
    return ("… " if lo > 0 else "") + body + (" …" if hi < len(file_text) else "")


def citation_html(citation: Citation, passage: Passage | None, file_text: str | None, lang: str) -> str:
    labels = LABELS[lang]
    bad = "" if citation.verified else " qa-unverified"
    badge = "" if citation.verified else f' <span class="qa-badge">⚠ {labels["unverified"]}</span>'
    summary = (
        f'<summary><span class="qa-ref">[{citation.n}]</span> '
        f'<bdi class="qa-file" dir="ltr">{html.escape(citation.file)}</bdi>{badge}</summary>'
    )
    if passage is not None:
        body = marked(passage.text, passage.start, citation.start, citation.end)
        span = (passage.start, passage.end)
        sample = passage.text
    else:
        body, span, sample = (
            f"<mark>{html.escape(citation.text)}</mark>",
            (citation.start, citation.end),
            citation.text,
        )
    context = surrounding(file_text, *span, focus=(citation.start, citation.end))
    more = (
        f'<details class="qa-context"><summary>{labels["context"]}</summary>'
        f'<div class="qa-context-text" {_dir_attrs(sample)}>{context}</div></details>'
        if context
        else ""
    )
    return (
        f'<details class="qa-cite{bad}" data-n="{citation.n}">{summary}'
        f'<div class="qa-passage" {_dir_attrs(sample)}>{body}</div>{more}</details>'
    )


def sources_html(answer: Answer, file_text: Any) -> str:
    """The sources panel of one answer. `file_text(name)` gives a file's text (the index's)."""
    labels = LABELS["ar" if answer.language == "ar" else "en"]
    lang = "ar" if answer.language == "ar" else "en"
    items = [
        citation_html(c, _passage_for(c, answer.passages), file_text(c.file), lang) for c in answer.citations
    ]
    if not items:
        items.append(f"<p>{labels['no_citation']}</p>")
    if answer.unsupported_sentences:
        note = labels["unsupported"].format(n=len(answer.unsupported_sentences))
        items.append(f'<p class="qa-badge">⚠ {note}</p>')
    title = f'<div class="qa-sources-title">{labels["sources"]}</div>'
    return f'<div class="qa-sources">{title}{"".join(items)}</div>'


def rewrite_note(asked: str, standalone: str, lang: str) -> str:
    if " ".join(asked.split()) == standalone:
        return ""
    return (
        f'<div class="qa-rewrite">↻ {LABELS[lang]["rewritten"]} '
        f"<bdi {_dir_attrs(standalone)}>{html.escape(standalone)}</bdi></div>"
    )


def answer_html(answer: Answer, file_text: Any, asked: str) -> str:
    lang = "ar" if answer.language == "ar" else "en"
    note = rewrite_note(asked, answer.question, lang)
    if answer.refused:
        inner = f'<div class="qa-refusal-title">∅ {LABELS[lang]["refusal"]}</div>{paragraphs(answer.answer)}'
        if answer.refusal_reason == "unsourced_figures":
            inner += f'<p class="qa-badge">⚠ {LABELS[lang]["unsourced_figures"]}</p>'
        return bubble(note + inner, answer.answer, "qa-answer qa-refusal")
    text = answer.answer
    if answer.backend == "extractive" and lang == "en":
        # The extractive backend quotes Arabic sentences: say so in the user's language.
        text = LABELS["en"]["extractive"] + "\n" + text
    unverified = {c.n for c in answer.citations if not c.verified}
    inner = note + paragraphs(text, unverified) + sources_html(answer, file_text)
    return bubble(inner, answer.answer, "qa-answer")


def pending_html(text: str, lang: str, status: str = "searching", n: int = 0) -> str:
    if text.strip():
        return bubble(paragraphs(text) + '<span class="qa-pending">▍</span>', text, "qa-answer qa-streaming")
    label = LABELS[lang][status].format(n=n)
    return bubble(f'<p class="qa-pending">{label}</p>', label, "qa-answer qa-streaming")


def error_html(exc: Exception, lang: str) -> str:
    text = exc.one_line() if isinstance(exc, QAError) else f"unexpected error: {exc}"
    inner = f"<p><b>⚠ {LABELS[lang]['error']}:</b> <bdi>{html.escape(text)}</bdi></p>"
    return bubble(inner, LABELS[lang]["error"], "qa-answer qa-error")


# --- follow-up questions ----------------------------------------------------------------------------


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
_PRONOUN_SUFFIX_AR = re.compile(r"^(?!(?:[وفبكل]?ال|لل))[\u0600-\u06ff]{3,}(?:ه|ها|هم|هما|هن)$")
# "ما هي / من هو": the pronoun is a copula here ("what is …"), not a reference back.
_COPULA_AR = re.compile(r"\b(?:ما|من|ماذا)\s+(?:هو|هي|هم|هن)\b")
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")


def _refers_back(question: str) -> bool:
    lowered = question.casefold().strip()
    plain = _COPULA_AR.sub(" ", _DIACRITICS.sub("", question))  # ta marbuta kept: "مدة" is no pronoun
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
    if len(question.split()) > MAX_FOLLOWUP_WORDS:
        return False
    return _refers_back(question)


def history_text(turns: list[Turn]) -> str:
    """The last turns for the condense prompt: resolved questions and short answers without markers."""
    lines: list[str] = []
    for turn in turns[-HISTORY_TURNS:]:
        answer = re.sub(r"\s*\[\d+\]", "", " ".join(str(turn["answer"]).split()))
        if len(answer) > HISTORY_ANSWER_CHARS:
            answer = answer[:HISTORY_ANSWER_CHARS].rsplit(" ", 1)[0] + " …"
        lines += [f"User: {turn['standalone']}", f"Assistant: {answer}"]
    return "\n".join(lines)


def clean_rewrite(text: str, question: str) -> str:
    """First line of the model's reply, without a label or quotes; the original when it looks wrong."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = re.sub(r"^(standalone question|question|السؤال المستقل|السؤال)\s*[:：]\s*", "", line, flags=re.I)
    line = line.strip(" \"'«»“”`")
    if not line or len(line) > 3 * len(question) + 200:
        return question
    return line


def extractive_rewrite(question: str, turns: list[Turn]) -> str:
    """Without an LLM: the follow-up plus the topic words of the previous (resolved) question that it
    lacks, e.g. "ومتى عاد؟" after "متى زار بوتين بيونغيانغ؟" → "ومتى عاد؟ زار بوتين بيونغيانغ".
    Deterministic; BM25 and the embeddings then see the topic again."""
    previous = str(turns[-1]["standalone"])
    have = set(tokenise(question))
    extra: list[str] = []
    for word in re.findall(r"\w+", previous):
        terms = tokenise(word)
        if terms and not have.intersection(terms) and word not in extra:
            extra.append(word)
    return f"{question} {' '.join(extra[:8])}".strip()


# --- documents ---------------------------------------------------------------------------------------


def safe_name(name: str) -> str:
    """A plain file name (Arabic letters kept) that cannot leave the uploads folder or hide itself."""
    cleaned = re.sub(r"[^\w.\- ]", "_", Path(name).name).strip(" .")
    return cleaned or "document.txt"


def check_upload(path: Path, limit_mb: float) -> tuple[str, bytes]:
    """(safe name, content) of an uploaded document; InputError saying what is wrong otherwise."""
    name = safe_name(path.name)
    if path.suffix.lower() not in DOCUMENT_SUFFIXES:
        raise InputError(f"{name}: only .txt and .md files can be added", "save the document as UTF-8 .txt")
    size = path.stat().st_size
    if size > limit_mb * 1024 * 1024:
        raise InputError(
            f"{name} is {size / 1024 / 1024:.1f} MB, the limit is {limit_mb:g} MB",
            "split the document or raise QA_UI_MAX_UPLOAD_MB",
        )
    data = path.read_bytes()
    if not decode_document(data, Path(name)).strip():  # raises InputError for binary / non-UTF-8 files
        raise InputError(f"{name} is empty")
    return name, data


def corpus_html(assistant: Assistant, uploads: Path) -> str:
    records = assistant.index.files()
    if not records:
        return '<p class="qa-corpus">The index is empty.</p>'
    upload_root = str(uploads.resolve())
    items = "".join(
        f'<li><bdi dir="auto">{html.escape(r.name)}</bdi> — {r.n_chunks} chunks'
        f"{' (uploaded)' if r.root == upload_root else ''}</li>"
        for r in records
    )
    return f'<div class="qa-corpus"><b>{len(records)} documents indexed</b><ul>{items}</ul></div>'


def status_html(lines: list[str], errors: list[str]) -> str:
    good = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    bad = "".join(f'<li class="qa-status-error">⚠ {html.escape(line)}</li>' for line in errors)
    return f'<ul class="qa-status">{good}{bad}</ul>'


# --- callbacks -----------------------------------------------------------------------------------------


@dataclass
class Reply:
    """What one chat step shows: the textbox, the messages (chatbot + state), the turns, the Answer JSON."""

    chat: list[Message]
    turns: list[Turn]
    answer: dict[str, Any] | None = None

    def outputs(self) -> tuple[Any, ...]:
        return "", self.chat, self.chat, self.turns, self.answer if self.answer is not None else gr.skip()


class ChatUI:
    """The callbacks. Holds the shared Assistant (index + backends); per-session data comes in as State."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.settings = assistant.settings
        self.uploads = self.settings.data_dir / "uploads"
        self._backend_lock = threading.Lock()  # two sessions must not start two local model servers

    def respond(
        self, message: str, backend: str, k: float, lang: str, chat: list[Message], turns: list[Turn]
    ) -> Iterator[tuple[Any, ...]]:
        """Stream one answer into the chat. Errors become a chat message; the session goes on."""
        message = (message or "").strip()
        if not message:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        language = lang if lang in ("ar", "en") else detect_language(message)
        chat = [*chat, {"role": "user", "content": user_html(message)}]
        reply = Reply([*chat, {"role": "assistant", "content": pending_html("", language)}], list(turns))
        yield reply.outputs()
        try:
            for chat_now, answer in self._answer(message, backend, int(k), language, turns):
                reply.chat = [*chat, {"role": "assistant", "content": chat_now}]
                if answer is not None:
                    reply.answer = answer.model_dump(mode="json")
                    reply.turns = [*turns, self._turn(message, answer)]
                yield reply.outputs()
        except Exception as exc:  # noqa: BLE001 - the UI boundary: show it, keep the session
            if not isinstance(exc, QAError):
                logger.exception("answering failed")
            reply.chat = [*chat, {"role": "assistant", "content": error_html(exc, language)}]
            yield reply.outputs()

    def _answer(
        self, message: str, backend: str, k: int, language: str, turns: list[Turn]
    ) -> Iterator[tuple[str, Answer | None]]:
        """(assistant bubble HTML, the Answer once done) as the answer streams."""
        with self._backend_lock:
            self.assistant.backend(backend)  # start it once, before two sessions race to
        standalone = self.standalone(message, turns, backend)
        text = ""
        for event in self.assistant.stream(standalone, lang=language, backend=backend, k=k):
            if isinstance(event, PassagesFound):
                yield pending_html(text, language, "reading", len(event.passages)), None
            elif isinstance(event, Token):
                text += event.text
                yield pending_html(text, language), None
            elif isinstance(event, Done):
                yield answer_html(event.answer, self.assistant.index.file_text, message), event.answer

    def standalone(self, question: str, turns: list[Turn], backend: str) -> str:
        """The question made standalone when it refers back to the conversation (see `needs_rewrite`)."""
        if not needs_rewrite(question, turns):
            return question
        generator = self.assistant.backend(backend)
        if generator.name == "extractive":
            return extractive_rewrite(question, turns)
        prompts = self.assistant.prompts
        request = GenerationRequest(
            system=prompts.text("condense_system"),
            user=prompts.render("condense_user", history=history_text(turns), question=question),
            question=question,
            language=detect_language(question),
            max_tokens=80,
            temperature=0.0,
        )
        return clean_rewrite(generator.generate(request), question)

    @staticmethod
    def _turn(message: str, answer: Answer) -> Turn:
        return {
            "asked": message,
            "standalone": answer.question,
            "answer": answer.answer,
            "refused": answer.refused,
        }

    def upload(self, files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[str, str]:  # noqa: B008
        """Check, save under data_dir/uploads and index (prune=False) each uploaded document."""
        done: list[str] = []
        errors: list[str] = []
        for file in files or []:
            try:
                done.append(self._add_document(Path(file), progress))
            except QAError as exc:
                errors.append(exc.one_line())
        return status_html(done, errors), self.corpus()

    def _add_document(self, source: Path, progress: gr.Progress) -> str:
        name, data = check_upload(source, self.settings.ui_max_upload_mb)
        self.uploads.mkdir(parents=True, exist_ok=True)
        target = self.uploads / name
        partial = target.with_name(f".{name}.part")  # hidden: never indexed half-written
        partial.write_bytes(data)
        partial.replace(target)

        def report(done: int, total: int, what: str) -> None:
            if total:  # gr.Progress wants a known total
                progress((done, total), desc=f"indexing {name}", unit="chunks")

        summary = self.assistant.index.ingest(target, report, prune=False)
        if summary.warnings:
            raise InputError(f"{name}: " + "; ".join(summary.warnings))
        state = "unchanged, already indexed" if summary.skipped else "indexed"
        return f"{name}: {state}"

    def corpus(self) -> str:
        return corpus_html(self.assistant, self.uploads)

    @staticmethod
    def new_chat() -> tuple[Any, ...]:
        return "", [], [], [], None


# --- the app ---------------------------------------------------------------------------------------------


def _settings_panel(settings: Settings) -> tuple[gr.Dropdown, gr.Slider, gr.Radio]:
    with gr.Accordion("Settings", open=True):
        backend = gr.Dropdown(list(BACKENDS), value=settings.backend, label="Backend", elem_id="qa-backend")
        k = gr.Slider(1, 10, value=min(settings.top_k, 10), step=1, label="Passages", elem_id="qa-k")
        lang = gr.Radio(["auto", "ar", "en"], value=settings.lang, label="Answer language", elem_id="qa-lang")
    return backend, k, lang


def _documents_panel(ui: ChatUI) -> tuple[gr.File, gr.HTML, gr.HTML]:
    limit = ui.settings.ui_max_upload_mb
    with gr.Accordion("Documents", open=True):
        files = gr.File(
            label=f"Add .txt / .md documents (UTF-8, up to {limit:g} MB each)",
            file_count="multiple",
            file_types=list(DOCUMENT_SUFFIXES),
            height=160,
            elem_id="qa-upload",
        )
        status = gr.HTML(elem_id="qa-upload-status")
        corpus = gr.HTML(elem_id="qa-corpus")
    return files, status, corpus


def build_app(settings: Settings, assistant: Assistant | None = None) -> tuple[gr.Blocks, ChatUI]:
    """The Blocks app (not launched). Pass `assistant` to share one index/backends between apps."""
    ui = ChatUI(assistant or Assistant(settings))
    with gr.Blocks(title="Arabic documents QA", analytics_enabled=False) as app:
        chat_state = gr.State([])  # per session: the rendered messages
        turns = gr.State([])  # per session: what follow-up rewriting reads
        gr.Markdown("### Ask the documents · اسأل المستندات")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    elem_id="qa-chat",
                    height=700,
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=["copy"],
                    sanitize_html=True,
                    label="Chat",
                )
                with gr.Row():
                    message = gr.Textbox(
                        placeholder="اكتب سؤالك هنا… / Type your question…",
                        label="Question",
                        show_label=False,
                        elem_id="qa-input",
                        scale=5,
                        lines=1,
                        max_lines=5,
                        autofocus=True,
                    )
                    send = gr.Button("Send · أرسل", variant="primary", elem_id="qa-send", scale=1)
                new = gr.Button("New chat · محادثة جديدة", elem_id="qa-new", size="sm")
                gr.Examples(EXAMPLES, inputs=message, label="Examples · أمثلة", elem_id="qa-examples")
            with gr.Column(scale=2):
                backend, k, lang = _settings_panel(settings)
                files, status, corpus = _documents_panel(ui)
                with gr.Accordion("Last answer (JSON record)", open=False):
                    record = gr.JSON(label="Answer record", elem_id="qa-record")
        chat_io = dict(
            fn=ui.respond,
            inputs=[message, backend, k, lang, chat_state, turns],
            outputs=[message, chatbot, chat_state, turns, record],
            show_progress="hidden",
        )
        message.submit(**chat_io, api_name="chat")
        send.click(**chat_io, api_name=False)
        cleared = [message, chatbot, chat_state, turns, record]
        new.click(ui.new_chat, None, cleared, api_name=False)
        chatbot.clear(ui.new_chat, None, cleared, api_name=False)  # its bin icon must forget history too
        files.upload(ui.upload, files, [status, corpus], api_name=False)
        app.load(ui.corpus, None, corpus, api_name=False)
    return app, ui


def launch_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for `Blocks.launch`: local only, no share link, login when configured."""
    auth = None
    if settings.ui_username and settings.ui_password:
        auth = (settings.ui_username, settings.ui_password.get_secret_value())
    return {
        "server_name": settings.ui_host,
        "server_port": settings.ui_port or None,
        "share": False,
        "auth": auth,
        "ssr_mode": False,  # no Node server
        "max_file_size": f"{4 * settings.ui_max_upload_mb:g}mb",  # hard cap; the callback explains limits
        "css": CSS,
        "theme": gr.themes.Default(
            font=["Noto Sans", "Noto Naskh Arabic", "sans-serif"],  # local fonts: no Google Fonts request
            font_mono=["Noto Sans Mono", "monospace"],
        ),
        "footer_links": ["api"],
    }


def start(settings: Settings, assistant: Assistant | None = None) -> tuple[gr.Blocks, ChatUI, str]:
    """Build and launch the app without blocking; returns (app, callbacks, local URL)."""
    app, ui = build_app(settings, assistant)
    app.queue(default_concurrency_limit=1)  # one answer at a time: 2 CPU cores, one local model
    try:
        _, url, _ = app.launch(prevent_thread_lock=True, **launch_options(settings))
    except BaseException:
        if assistant is None:
            ui.assistant.close()
        raise
    return app, ui, url


def serve(settings: Settings) -> None:
    """`qa ui`: run the app until interrupted, then stop the backends (a local model server)."""
    app, ui, _ = start(settings)
    try:
        app.block_thread()
    finally:
        app.close()
        ui.assistant.close()

"""The HTML of the chat: message bubbles, answers with their sources panel, status lines, and the CSS.

Pure functions over records (no Gradio): every bubble is a `<div dir=…>` chosen by its script (Arabic →
rtl with Noto Naskh Arabic, otherwise ltr), and every paragraph gets its own direction so mixed
Arabic/English text stays readable. Under each answer, one `<details>` per citation [n] with the file name,
the passage with the supporting sentence in `<mark>`, and a nested `<details>` with the surrounding text of
the file. Citations that failed verification are marked; refusals get their own style. Document text is
always escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from qa.errors import QAError
from qa.generate.citations import MARKER
from qa.language import detect_language
from qa.llm import BACKENDS
from qa.records import Answer, Citation, Passage
from store.manifest import FileRecord

FileText = Callable[[str], str | None]  # a file's text by name (the index's), None when unknown

CONTEXT_CHARS = 700  # characters of the file shown on each side of a passage under "surrounding text"

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
.qa-msg mark strong.qa-span { background: #f59e0b; border-radius: 3px; padding: 0 .15em; }
.qa-corpus { font-size: .85em; max-height: 16em; overflow-y: auto; }
.qa-corpus li { unicode-bidi: isolate; }
.qa-status-error { color: #b91c1c; }
"""


_LATIN = re.compile(r"[A-Za-z]")


def direction(text: str) -> str:
    return "rtl" if detect_language(text) == "ar" else "ltr"


def _dir_attrs(text: str, answer_lang: str | None = None) -> str:
    """Direction by the text's script; in an English answer a line with any Latin letters stays left to
    right, because grounded English answers show the Arabic original beside a name ("Kim Jong Un (كيم جونغ
    أون الزعيم الكوري) [3]"), where the Arabic may outnumber the English."""
    if answer_lang == "en" and _LATIN.search(text):
        return 'dir="ltr" lang="en"'
    return 'dir="rtl" lang="ar"' if detect_language(text) == "ar" else 'dir="ltr" lang="en"'


def _labels_language(answer: Answer) -> str:
    """The LABELS key for an answer: its own language (every answer language has labels)."""
    return "ar" if answer.language == "ar" else "en"


def _markers(escaped: str, unverified: set[int]) -> str:
    """[n] markers as styled spans; markers of citations that failed verification stand out."""

    def span(match: re.Match[str]) -> str:
        numbers = {int(n) for n in re.findall(r"\d+", match.group(1))}
        bad = " qa-ref-bad" if numbers & unverified else ""
        return f'<span class="qa-ref{bad}">{match.group(0)}</span>'

    return MARKER.sub(span, escaped)


def paragraphs(text: str, unverified: set[int] | None = None, answer_lang: str | None = None) -> str:
    """Each line its own <p> with its own direction (an English lead-in above Arabic quotes, etc.)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return "".join(
        f"<p {_dir_attrs(line, answer_lang)}>{_markers(html.escape(line), unverified or set())}</p>"
        for line in lines
    )


def bubble(inner: str, text: str, extra_class: str = "", answer_lang: str | None = None) -> str:
    """The message element: one <div> whose dir follows the script of the message text (see _dir_attrs).
    The HTML stays on one line: a blank line would end the chatbot's HTML block and let Markdown touch
    document text."""
    classes = f"qa-msg {extra_class}".strip()
    return f'<div class="{classes}" {_dir_attrs(text, answer_lang)}>{inner}</div>'.replace("\n", " ")


def user_html(question: str) -> str:
    return bubble(paragraphs(question), question)


def marked(text: str, base: int, start: int, end: int, inner: tuple[int, int] | None = None) -> str:
    """`text` (file offsets base..) escaped, with the span [start, end) of the file in <mark>, and inside it
    the answer's own span `inner` (file offsets) in <strong>: the sentence that answers, the answer in it."""
    lo = min(max(start - base, 0), len(text))
    hi = min(max(end - base, lo), len(text))
    if hi == lo:
        return html.escape(text)
    head, focus, tail = text[:lo], text[lo:hi], text[hi:]
    if inner is not None and start <= inner[0] < inner[1] <= end:
        a, b = inner[0] - start, inner[1] - start
        shown = f"{html.escape(focus[:a])}<strong class='qa-span'>{html.escape(focus[a:b])}</strong>"
        return f"{html.escape(head)}<mark>{shown}{html.escape(focus[b:])}</mark>{html.escape(tail)}"
    return f"{html.escape(head)}<mark>{html.escape(focus)}</mark>{html.escape(tail)}"


def _passage_for(citation: Citation, passages: list[Passage]) -> Passage | None:
    if 1 <= citation.n <= len(passages) and passages[citation.n - 1].document == citation.document:
        return passages[citation.n - 1]
    return next(
        (p for p in passages if p.document == citation.document and p.start <= citation.start < p.end), None
    )


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


def file_label(citation: Citation) -> str:
    """ "document, p. N" when the page is known (PDF), else the document (source/path: unambiguous)."""
    return citation.document if citation.page is None else f"{citation.document}, p. {citation.page}"


def citation_html(
    citation: Citation,
    passage: Passage | None,
    file_text: str | None,
    lang: str,
    span: tuple[int, int] | None = None,
) -> str:
    labels = LABELS[lang]
    bad = "" if citation.verified else " qa-unverified"
    badge = "" if citation.verified else f' <span class="qa-badge">⚠ {labels["unverified"]}</span>'
    summary = (
        f'<summary><span class="qa-ref">[{citation.n}]</span> '
        f'<bdi class="qa-file" dir="ltr">{html.escape(file_label(citation))}</bdi>{badge}</summary>'
    )
    if passage is not None:
        body = marked(passage.text, passage.start, citation.start, citation.end, span)
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


def sources_html(answer: Answer, file_text: FileText) -> str:
    """The sources panel of one answer. `file_text(name)` gives a file's text (the index's)."""
    lang = _labels_language(answer)
    labels = LABELS[lang]
    span = (answer.span.start, answer.span.end) if answer.span is not None else None
    items = [
        citation_html(
            c, _passage_for(c, answer.passages), file_text(c.document), lang, span if i == 0 else None
        )
        for i, c in enumerate(answer.citations)
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


def answer_html(answer: Answer, file_text: FileText, asked: str) -> str:
    lang = _labels_language(answer)
    note = rewrite_note(asked, answer.question, lang)
    if answer.refused:
        inner = f'<div class="qa-refusal-title">∅ {LABELS[lang]["refusal"]}</div>{paragraphs(answer.answer)}'
        if answer.refusal_reason == "unsourced_figures":
            inner += f'<p class="qa-badge">⚠ {LABELS[lang]["unsourced_figures"]}</p>'
        return bubble(note + inner, answer.answer, "qa-answer qa-refusal")
    text = answer.answer
    quoted = answer.backend in BACKENDS and not BACKENDS[answer.backend].uses_model
    if quoted and answer.mode == "generative" and lang == "en":
        # The extractive backend's generative reply quotes Arabic sentences: say so in the user's language
        # (a grounded reply is English already).
        text = LABELS["en"]["extractive"] + "\n" + text
    unverified = {c.n for c in answer.citations if not c.verified}
    inner = note + paragraphs(text, unverified, lang) + sources_html(answer, file_text)
    return bubble(inner, answer.answer, "qa-answer", lang)


def pending_html(text: str, lang: str, status: str = "searching", n: int = 0) -> str:
    if text.strip():
        body = paragraphs(text, answer_lang=lang) + '<span class="qa-pending">▍</span>'
        return bubble(body, text, "qa-answer qa-streaming", lang)
    label = LABELS[lang][status].format(n=n)
    return bubble(f'<p class="qa-pending">{label}</p>', label, "qa-answer qa-streaming")


def error_html(exc: Exception, lang: str) -> str:
    text = exc.one_line() if isinstance(exc, QAError) else f"unexpected error: {exc}"
    inner = f"<p><b>⚠ {LABELS[lang]['error']}:</b> <bdi>{html.escape(text)}</bdi></p>"
    return bubble(inner, LABELS[lang]["error"], "qa-answer qa-error")


def corpus_html(records: Sequence[FileRecord], uploads: Path) -> str:
    """The list of indexed documents by identity (source/path); those under `uploads` are marked."""
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

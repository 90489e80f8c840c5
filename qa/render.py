"""Plain-text rendering of an Answer for terminals (used by the CLI; no CLI framework here)."""

from __future__ import annotations

from collections.abc import Callable

from qa.records import Answer
from store.arabic import visible_text

WITHDRAWN = {
    "en": "(withdrawn: the streamed answer was not taken from the sources)",
    "ar": "(سُحبت الإجابة السابقة: لم تؤخذ من المصادر)",
}
CORRECTED = {"en": "Checked answer (citations corrected):", "ar": "الإجابة بعد التحقق (صُححت الإحالات):"}


def plain_mark(text: str) -> str:
    """How the answer's span stands out in the quoted sentence on a plain terminal or in a file."""
    return f"⟦{text}⟧"


def render_sources(
    answer: Answer, streamed: str | None = None, mark: Callable[[str], str] = plain_mark
) -> str:
    """The answer, and a numbered Sources list with spans and quotes; in the first quote the answer's own
    span (grounded mode) is marked by `mark`, so a reader checks the answer at a glance. `streamed` is the
    text already shown token by token: the answer is then only repeated when checking changed it (a
    refusal that withdraws the streamed text, or moved or removed citation markers)."""
    lines: list[str] = []
    if streamed is None:
        lines.append(answer.answer)
    elif answer.refused and streamed.strip():
        lines += [WITHDRAWN.get(answer.language, WITHDRAWN["en"]), answer.answer]
    elif not answer.refused and (answer.reattributed_sentences or answer.invalid_markers):
        lines += [CORRECTED.get(answer.language, CORRECTED["en"]), answer.answer]
    if answer.refused:
        return "\n".join(lines)
    lines += ["", "Sources:" if answer.language == "en" else "المصادر:"]
    for i, citation in enumerate(answer.citations):
        warn = "" if citation.verified else "  (not verified: the passage may not support this)"
        page = f", p. {citation.page}" if citation.page is not None else ""
        lines.append(f"[{citation.n}] {citation.document}{page}:{citation.start}-{citation.end}{warn}")
        quote = " ".join(citation.text.split())
        if i == 0 and answer.span is not None:
            quote = _with_span(quote, answer.span.text, mark)
        lines.append(f"    «{quote}»")
    if not answer.citations:
        lines.append("(the answer cites no passage)")
    if answer.invalid_markers:
        lines.append(f"removed markers pointing to no passage: {answer.invalid_markers}")
    if answer.unsupported_sentences:
        lines.append(f"{len(answer.unsupported_sentences)} sentence(s) not supported by any passage")
    return "\n".join(lines)


def _with_span(quote: str, span: str, mark: Callable[[str], str]) -> str:
    """The quote with the span's visible text marked (the quote is visible text: the same search works)."""
    shown = visible_text(span)
    at = quote.find(shown)
    return quote if at < 0 or not shown else quote[:at] + mark(shown) + quote[at + len(shown) :]

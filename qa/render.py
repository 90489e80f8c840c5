"""Plain-text rendering of an Answer for terminals (used by the CLI; no CLI framework here)."""

from __future__ import annotations

from qa.records import Answer


def render_sources(answer: Answer, redraw: bool = True) -> str:
    """The answer (unless it was already streamed) and a numbered Sources list with spans and quotes."""
    lines: list[str] = []
    if redraw:
        lines.append(answer.answer)
    if answer.refused:
        return "\n".join(lines)
    lines += ["", "Sources:" if answer.language == "en" else "المصادر:"]
    for citation in answer.citations:
        mark = "" if citation.verified else "  (not verified: the passage may not support this)"
        lines.append(f"[{citation.n}] {citation.file}:{citation.start}-{citation.end}{mark}")
        lines.append(f"    «{' '.join(citation.text.split())}»")
    if not answer.citations:
        lines.append("(the answer cites no passage)")
    if answer.invalid_markers:
        lines.append(f"removed markers pointing to no passage: {answer.invalid_markers}")
    if answer.unsupported_sentences:
        lines.append(f"{len(answer.unsupported_sentences)} sentence(s) not supported by the cited passages")
    return "\n".join(lines)

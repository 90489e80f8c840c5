"""The generative path: `prompts` (prompt files), `generation` (the backend writes from numbered passages),
`citations` (markers, support, re-attribution), `checks` (checks on a written answer), `followup` (follow-up
questions rewritten into standalone ones)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.lazy import lazy_attributes

if TYPE_CHECKING:
    from qa.generate.checks import verify_answer
    from qa.generate.citations import check_citations
    from qa.generate.followup import Turn, standalone_question
    from qa.generate.generation import build_request, stream_generation
    from qa.generate.prompts import Prompts, load_prompts

# name -> the module that defines it. Loaded on first use (PEP 562), so importing one module of this package
# never imports its siblings or their frameworks.
_HOMES = {
    "Prompts": "qa.generate.prompts",
    "Turn": "qa.generate.followup",
    "build_request": "qa.generate.generation",
    "check_citations": "qa.generate.citations",
    "load_prompts": "qa.generate.prompts",
    "standalone_question": "qa.generate.followup",
    "stream_generation": "qa.generate.generation",
    "verify_answer": "qa.generate.checks",
}
__all__ = [
    "Prompts",
    "Turn",
    "build_request",
    "check_citations",
    "load_prompts",
    "standalone_question",
    "stream_generation",
    "verify_answer",
]

__getattr__ = lazy_attributes(__name__, _HOMES)

"""The evaluation harness: gold questions in, metrics out (results.jsonl, summary.json, report.html).

Questions are answered by the batch runner (`qa.batch.run_batch`: same journal, resume and error rows),
then each result is scored against its gold row. Metric definitions (all in [0, 1] unless noted):

- retrieval (answerable questions; relevance = the gold `sources` files): the retrieved passages are
  reduced to their distinct files in rank order; hit@1, hit@5, MRR, recall@5 (share of gold files in the
  first 5), nDCG@5 (binary relevance).
- answer (answerable questions; a refusal or an error scores 0): exact match and token F1 after
  normalisation (`answer_tokens`), best over the gold answers; `accuracy` = a gold answer's normalised
  content is contained in the answer; `semantic_similarity` = e5 cosine of answer and best gold answer.
- citations (answered questions): precision = share of citations whose file is a gold source; recall =
  share of gold sources cited; evidence overlap = share of cited spans overlapping a gold evidence quote
  located in the file text; verified share = share of citations with `verified` (over all citations);
  faithfulness = 1 - unsupported sentences / answer sentences.
- refusals: correct refusals on unanswerable questions, wrong refusals on answerable ones.
- latency: p50/p95 of the total and of the first streamed piece (rows without an error).
A question is `correct` when it is answerable and its answer contains a gold answer, or unanswerable and
refused. Errors are counted and score as wrong; they never stop the run.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from qa.batch import (
    BatchRow,
    RawRecord,
    ResultFn,
    read_records,
    run_batch,
    split_lines,
    write_atomically,
    write_jsonl,
)
from qa.citations import claim_sentences
from qa.errors import InputError
from store.arabic import normalise_arabic

if TYPE_CHECKING:
    from qa.assistant import Assistant
    from qa.batch import BatchSummary

SCHEMA_VERSION = 1
K = 5
RESULTS_FILE = "results.jsonl"
SUMMARY_FILE = "summary.json"
REPORT_FILE = "report.html"
JOURNAL_FILE = "results.partial.jsonl"
_MARKER = re.compile(r"\[\s*\d+(?:\s*[,،]\s*\d+)*\s*\]")
_ENGLISH_ARTICLES = frozenset({"a", "an", "the"})
_ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "ال")
_ARABIC_LETTERS = re.compile("[\u0600-\u06ff]")

# --- gold ---------------------------------------------------------------------------------------


@dataclass
class GoldItem:
    id: str
    line: int
    question: str
    answers: list[str]
    sources: list[str]
    evidence: list[str]
    answerable: bool
    lang: str | None = None


@dataclass
class GoldSet:
    items: list[GoldItem]
    errors: list[str] = field(default_factory=list)  # "line N: why", one per invalid row


def load_gold(path: Path) -> GoldSet:
    """Gold rows from .jsonl (the dev.jsonl format) or .csv (answers/sources/evidence `|`-separated)."""
    gold = GoldSet([])
    seen: set[str] = set()
    from_csv = Path(path).suffix.lower() == ".csv"
    for record in read_records(Path(path)):
        item, error = gold_item(record, from_csv)
        if item is not None and item.id in seen:
            item, error = None, f"line {record.line}: duplicate id {item.id!r}"
        if item is None:
            gold.errors.append(error or f"line {record.line}: invalid row")
            continue
        seen.add(item.id)
        gold.items.append(item)
    return gold


def gold_item(record: RawRecord, from_csv: bool = False) -> tuple[GoldItem | None, str | None]:
    """Validate one gold record; returns the item or the error naming its line. CSV cells hold lists
    as `|`-separated text; JSON needs real lists."""
    if record.error:
        return None, record.error
    n, f = record.line, record.fields
    try:
        question = f.get("question")
        if not isinstance(question, str) or not question.strip():
            raise ValueError("no question")
        answers, sources, evidence = (
            _text_list(f.get(key), key, from_csv) for key in ("answers", "sources", "evidence")
        )
        answerable = _flag(f.get("answerable"), default=bool(answers))
        lang = str(f.get("lang") or "").strip().lower() or None
        if lang not in (None, "ar", "en"):
            raise ValueError(f"lang must be ar or en (got {lang!r})")
        if answerable and not answers:
            raise ValueError("an answerable question needs at least one answer")
    except ValueError as exc:
        return None, f"line {n}: {exc}"
    row_id = str(f.get("id") or "").strip() or f"line-{n}"
    return GoldItem(row_id, n, question.strip(), answers, sources, evidence, answerable, lang), None


def _text_list(value: object, key: str, from_csv: bool) -> list[str]:
    """A list of non-empty strings: a JSON list, or a CSV cell split on `|`."""
    if value is None or value == "":
        return []
    if isinstance(value, str) and from_csv:
        return [part.strip() for part in value.split("|") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    raise ValueError(f"'{key}' must be a list of strings")


def _flag(value: object, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "y"):
        return True
    if text in ("false", "0", "no", "n"):
        return False
    raise ValueError(f"'answerable' must be true or false (got {value!r})")


def require_valid(gold: GoldSet, path: Path, skip_invalid: bool) -> list[str]:
    """Stop on an invalid gold file (unless skipping); returns the warnings to show."""
    if gold.errors and not skip_invalid:
        listed = "; ".join(gold.errors[:3]) + (
            f"; and {len(gold.errors) - 3} more" if len(gold.errors) > 3 else ""
        )
        raise InputError(
            f"{path.name} has {len(gold.errors)} invalid rows: {listed}", "fix them or pass --skip-invalid"
        )
    if not gold.items:
        raise InputError(f"{path.name} has no valid gold question", "see tests/data/dev.jsonl for the format")
    return [f"skipped {error}" for error in gold.errors]


# --- answer normalisation and scores -------------------------------------------------------------


def answer_tokens(text: str) -> list[str]:
    """Tokens for answer scoring: citation markers dropped, Arabic normalised (alef/ya/ta marbuta forms,
    diacritics, tatweel, digits), Latin case-folded, punctuation removed, and articles dropped
    (English a/an/the; the Arabic definite article with its proclitics, e.g. وال, بال)."""
    text = normalise_arabic(_MARKER.sub(" ", text))
    text = "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text)
    tokens: list[str] = []
    for token in text.split():
        if token in _ENGLISH_ARTICLES:
            continue
        tokens.append(_strip_arabic_article(token))
    return tokens


def _strip_arabic_article(token: str) -> str:
    for article in _ARABIC_ARTICLES:
        if token.startswith(article) and len(token) - len(article) >= 2 and _ARABIC_LETTERS.match(token):
            return token[len(article) :]
    return token


def exact_match(prediction: str, golds: Iterable[str]) -> float:
    tokens = answer_tokens(prediction)
    return float(any(tokens == answer_tokens(gold) for gold in golds))


def token_f1(prediction: str, golds: Iterable[str]) -> float:
    """SQuAD-style token F1 (bag of tokens), best over the gold answers."""
    pred = answer_tokens(prediction)
    best = 0.0
    for gold in golds:
        ref = answer_tokens(gold)
        common = sum(min(pred.count(t), ref.count(t)) for t in set(pred) & set(ref))
        if common:
            precision, recall = common / len(pred), common / len(ref)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def contains_gold(prediction: str, golds: Iterable[str]) -> float:
    """1 when a gold answer's normalised tokens appear contiguously in the answer. A one-letter Arabic
    proclitic (و ف ب ل ك) may be glued to the first word: "لفيتنام" contains "فيتنام"."""
    text = " " + " ".join(answer_tokens(prediction)) + " "
    for gold in golds:
        wanted = " ".join(answer_tokens(gold))
        if wanted and re.search(r"(?:^|\s)[وفبلك]?" + re.escape(wanted) + r"(?=\s)", text):
            return 1.0
    return 0.0


# --- retrieval scores ---------------------------------------------------------------------------


def ranked_files(passages: list[dict]) -> list[str]:
    """Distinct files of the retrieved passages, in rank order."""
    return list(dict.fromkeys(p["file"] for p in passages))


def hit_at(files: list[str], relevant: set[str], k: int) -> float:
    return float(any(f in relevant for f in files[:k]))


def reciprocal_rank(files: list[str], relevant: set[str]) -> float:
    return next((1.0 / rank for rank, f in enumerate(files, 1) if f in relevant), 0.0)


def recall_at(files: list[str], relevant: set[str], k: int) -> float:
    return len(relevant & set(files[:k])) / len(relevant) if relevant else 0.0


def ndcg_at(files: list[str], relevant: set[str], k: int) -> float:
    """Binary-relevance nDCG: sum of 1/log2(rank + 1) over relevant files, over the ideal ranking's sum."""
    dcg = sum(1.0 / math.log2(rank + 1) for rank, f in enumerate(files[:k], 1) if f in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), k) + 1))
    return dcg / ideal if ideal else 0.0


def retrieval_scores(files: list[str], sources: list[str]) -> dict[str, float]:
    relevant = set(sources)
    return {
        "hit_at_1": hit_at(files, relevant, 1),
        "hit_at_5": hit_at(files, relevant, K),
        "mrr": reciprocal_rank(files, relevant),
        "recall_at_5": recall_at(files, relevant, K),
        "ndcg_at_5": ndcg_at(files, relevant, K),
    }


# --- evidence and citation scores ---------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceSpan:
    file: str
    start: int
    end: int
    quote: str


def _normalised_with_offsets(text: str, drop_punctuation: bool) -> tuple[str, list[int]]:
    """The normalised text (runs of spaces folded) and, for each of its characters, the source offset."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in normalise_arabic(ch):
            if drop_punctuation and unicodedata.category(c)[0] == "P":
                continue
            if c.isspace():
                if not chars or chars[-1] == " ":
                    continue
                c = " "
            chars.append(c)
            origin.append(i)
    return "".join(chars), origin


def locate_quote(text: str, quote: str) -> tuple[int, int] | None:
    """(start, end) of `quote` in `text` under Arabic normalisation (then also ignoring punctuation)."""
    for drop in (False, True):
        haystack, origin = _normalised_with_offsets(text, drop)
        needle = _normalised_with_offsets(quote, drop)[0].strip()
        at = haystack.find(needle) if needle else -1
        if at >= 0:
            return origin[at], origin[at + len(needle) - 1] + 1
    return None


def locate_evidence(
    quotes: list[str], files: list[str], file_text: Callable[[str], str | None]
) -> tuple[list[EvidenceSpan], list[str]]:
    """Each quote's span in the first of `files` that contains it; returns (spans, quotes not found)."""
    spans: list[EvidenceSpan] = []
    missing: list[str] = []
    for quote in quotes:
        for name in files:
            found = locate_quote(file_text(name) or "", quote)
            if found:
                spans.append(EvidenceSpan(name, found[0], found[1], quote))
                break
        else:
            missing.append(quote)
    return spans, missing


def spans_overlap(a_file: str, a_start: int, a_end: int, b: EvidenceSpan) -> bool:
    return a_file == b.file and a_start < b.end and b.start < a_end


def evidence_overlap(citations: list[dict], evidence: list[EvidenceSpan]) -> float | None:
    """Share of cited spans that overlap a gold evidence span (None without citations or evidence)."""
    if not citations or not evidence:
        return None
    hits = sum(any(spans_overlap(c["file"], c["start"], c["end"], e) for e in evidence) for c in citations)
    return hits / len(citations)


def citation_precision(citations: list[dict], sources: list[str]) -> float | None:
    if not citations:
        return None
    return sum(c["file"] in sources for c in citations) / len(citations)


def citation_recall(citations: list[dict], sources: list[str]) -> float | None:
    if not sources:
        return None
    return len({c["file"] for c in citations} & set(sources)) / len(set(sources))


def faithfulness(answer: str, unsupported: list[str]) -> float | None:
    """1 - unsupported sentences / answer sentences: a proxy (only cited sentences are checked)."""
    sentences = len(claim_sentences(answer)) if answer.strip() else 0
    if not sentences:
        return None
    return max(0.0, 1.0 - len(unsupported) / sentences)


def refusal_counts(rows: list[dict]) -> dict[str, Any]:
    """Correct refusals (refused, unanswerable) and wrong refusals (refused, answerable), with rates."""
    unanswerable = [r for r in rows if not r["answerable"]]
    answerable = [r for r in rows if r["answerable"]]
    correct = sum(1 for r in unanswerable if r["refused"] and not r["error"])
    wrong = sum(1 for r in answerable if r["refused"] and not r["error"])
    return {
        "correct_refusals": correct,
        "correct_refusal_rate": _ratio(correct, len(unanswerable)),
        "wrong_refusals": wrong,
        "wrong_refusal_rate": _ratio(wrong, len(answerable)),
        "reasons": dict(Counter(r.get("refusal_reason") or "unknown" for r in rows if r["refused"])),
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# --- scoring one result -------------------------------------------------------------------------

RETRIEVAL_KEYS = ("hit_at_1", "hit_at_5", "mrr", "recall_at_5", "ndcg_at_5")
ANSWER_KEYS = ("exact_match", "f1", "contains_gold", "semantic_similarity")
CITATION_KEYS = (
    "citation_precision",
    "citation_recall",
    "evidence_overlap",
    "verified_share",
    "faithfulness",
)
METRIC_KEYS = (*RETRIEVAL_KEYS, *ANSWER_KEYS, *CITATION_KEYS, "correct", "judge")


def score_result(item: GoldItem, result: dict, evidence: list[EvidenceSpan]) -> dict[str, float | None]:
    """Per-question metrics; None where a metric does not apply (see the module docstring)."""
    metrics: dict[str, float | None] = dict.fromkeys(METRIC_KEYS)
    error, refused = result.get("error"), bool(result.get("refused"))
    answered = not error and not refused
    if item.answerable and item.sources:
        metrics.update(retrieval_scores(ranked_files(result.get("passages") or []), item.sources))
    if item.answerable:
        text = result.get("answer", "") if answered else ""
        metrics.update(exact_match=exact_match(text, item.answers), f1=token_f1(text, item.answers))
        metrics.update(contains_gold=contains_gold(text, item.answers), semantic_similarity=0.0)
    if answered:
        metrics.update(_citation_scores(item, result, evidence))
    correct = metrics["contains_gold"] == 1.0 if item.answerable else (refused and not error)
    metrics["correct"] = float(correct)
    return metrics


def _citation_scores(item: GoldItem, result: dict, evidence: list[EvidenceSpan]) -> dict[str, float | None]:
    citations = result.get("citations") or []
    scores: dict[str, float | None] = {
        "verified_share": sum(bool(c.get("verified")) for c in citations) / len(citations)
        if citations
        else None,
        "faithfulness": faithfulness(result.get("answer", ""), result.get("unsupported_sentences") or []),
    }
    if item.answerable:
        scores["citation_precision"] = citation_precision(citations, item.sources)
        scores["citation_recall"] = citation_recall(citations, item.sources)
        scores["evidence_overlap"] = evidence_overlap(citations, evidence)
    return scores


class FileTexts:
    """Texts of the indexed files, read once each (evidence quotes are located in them)."""

    def __init__(self, read: Callable[[str], str | None], names: Callable[[], list[str]]) -> None:
        self._read, self._names = read, names
        self._cache: dict[str, str | None] = {}

    @classmethod
    def of_index(cls, index: Any) -> FileTexts:
        return cls(index.file_text, lambda: [record.name for record in index.files()])

    def __call__(self, name: str) -> str | None:
        if name not in self._cache:
            self._cache[name] = self._read(name)
        return self._cache[name]

    def names(self) -> list[str]:
        return self._names()


def result_record(item: GoldItem, result: dict, texts: FileTexts) -> dict:
    """One line of results.jsonl: the question, its gold, the answer, what was cited and retrieved, scores."""
    spans, missing = locate_evidence(item.evidence, item.sources, texts)
    if missing:  # a quote may come from a file the gold does not list as a source
        more, missing = locate_evidence(missing, [n for n in texts.names() if n not in item.sources], texts)
        spans += more
    return {
        "id": item.id,
        "line": item.line,
        "lang": item.lang or result.get("language") or "",
        "question": item.question,
        "answerable": item.answerable,
        "gold": {
            "answers": item.answers,
            "sources": item.sources,
            "evidence": item.evidence,
            "evidence_spans": [vars(span) for span in spans],
            "evidence_missing": missing,
        },
        "answer": result.get("answer", ""),
        "refused": bool(result.get("refused")) and not result.get("error"),
        "refusal_reason": result.get("refusal_reason"),
        "language": result.get("language", ""),
        "backend": result.get("backend", ""),
        "citations": result.get("citations") or [],
        "retrieved_files": ranked_files(result.get("passages") or []),
        "unsupported_sentences": result.get("unsupported_sentences") or [],
        "metrics": score_result(item, result, spans),
        "timings": result.get("timings") or {},
        "error": result.get("error"),
    }


def add_semantic_similarity(rows: list[dict], embed: Callable[[list[str]], Any]) -> None:
    """e5 cosine between each answered answerable row's answer and its closest gold answer (one batch)."""
    todo = [
        r for r in rows if r["answerable"] and not r["refused"] and not r["error"] and r["gold"]["answers"]
    ]
    texts: list[str] = []
    for row in todo:
        texts += [_MARKER.sub("", row["answer"]).strip() or "-", *row["gold"]["answers"]]
    if not texts:
        return
    vectors = np.asarray(embed(texts), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    at = 0
    for row in todo:
        n = len(row["gold"]["answers"])
        cosine = float(np.max(vectors[at + 1 : at + 1 + n] @ vectors[at]))
        row["metrics"]["semantic_similarity"] = round(cosine, 4)
        at += 1 + n


# --- aggregation --------------------------------------------------------------------------------


def _mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 4) if kept else None


def percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 3) if values else None


def aggregate(rows: list[dict]) -> dict[str, Any]:
    """The summary metrics of `rows` (the same structure for the whole run and for each language)."""
    answerable = [r for r in rows if r["answerable"]]
    answered = [r for r in rows if not r["error"] and not r["refused"]]

    def mean(group: list[dict], key: str) -> float | None:
        return _mean(r["metrics"][key] for r in group)

    citations = [c for r in answered for c in r["citations"]]
    return {
        "counts": _counts(rows),
        "overall": {"correct_rate": mean(rows, "correct")},
        "retrieval": {key: mean(answerable, key) for key in RETRIEVAL_KEYS},
        "answer": {
            "exact_match": mean(answerable, "exact_match"),
            "f1": mean(answerable, "f1"),
            "accuracy": mean(answerable, "contains_gold"),
            "semantic_similarity": mean(answerable, "semantic_similarity"),
            "judge": mean(answerable, "judge"),
        },
        "citations": {
            "precision": mean(answered, "citation_precision"),
            "recall": mean(answered, "citation_recall"),
            "evidence_overlap": mean(answered, "evidence_overlap"),
            "verified_share": _ratio(sum(bool(c.get("verified")) for c in citations), len(citations)),
            "faithfulness": mean(answered, "faithfulness"),
        },
        "refusals": refusal_counts(rows),
        "latency": _latency(rows),
    }


def _counts(rows: list[dict]) -> dict[str, int]:
    return {
        "questions": len(rows),
        "answerable": sum(1 for r in rows if r["answerable"]),
        "unanswerable": sum(1 for r in rows if not r["answerable"]),
        "answered": sum(1 for r in rows if not r["error"] and not r["refused"]),
        "refused": sum(1 for r in rows if r["refused"]),
        "errors": sum(1 for r in rows if r["error"]),
        "evidence_unlocated": sum(len(r["gold"]["evidence_missing"]) for r in rows),
    }


def _latency(rows: list[dict]) -> dict[str, float | None]:
    ok = [r["timings"] for r in rows if not r["error"]]
    totals = [t["total"] for t in ok if t.get("total") is not None]
    firsts = [t["first_token"] for t in ok if t.get("first_token") is not None]
    return {
        "total_p50": percentile(totals, 50),
        "total_p95": percentile(totals, 95),
        "first_token_p50": percentile(firsts, 50),
        "first_token_p95": percentile(firsts, 95),
    }


def build_summary(rows: list[dict], meta: dict[str, Any]) -> dict[str, Any]:
    languages = sorted({r["lang"] for r in rows if r["lang"]})
    by_language = {lang: aggregate([r for r in rows if r["lang"] == lang]) for lang in languages}
    return {"schema_version": SCHEMA_VERSION, **meta, **aggregate(rows), "by_language": by_language}


# --- running ------------------------------------------------------------------------------------


@dataclass
class EvalRun:
    out_dir: Path
    summary: dict[str, Any]
    rows: list[dict]
    batch: BatchSummary


def default_out_dir() -> Path:
    return Path("eval-out") / datetime.now().strftime("%Y%m%d-%H%M%S")


def run_eval(
    gold_path: Path,
    gold: GoldSet,
    assistant: Assistant,
    out_dir: Path,
    *,
    backend: str | None = None,
    workers: int = 1,
    on_result: ResultFn | None = None,
    on_start: Callable[[BatchSummary], None] | None = None,
    judge: str | None = None,
) -> EvalRun:
    """Answer the gold questions with the batch runner (journal in `out_dir`, so a rerun resumes), score
    them, and write results.jsonl, summary.json and report.html."""
    from qa.report import write_report

    started = time.perf_counter()
    rows = [BatchRow(item.id, item.line, item.question, item.lang) for item in gold.items]
    journal = out_dir / JOURNAL_FILE
    batch = run_batch(rows, assistant, journal, workers, on_result, backend=backend, on_start=on_start)
    texts = FileTexts.of_index(assistant.index)
    records = [result_record(item, result, texts) for item, result in zip(gold.items, batch.rows)]
    add_semantic_similarity(records, assistant.index.embedder.embed_passages)
    if judge:
        judge_rows(records, assistant, judge)
    meta = run_meta(gold_path, assistant, batch, backend, workers, len(gold.errors))
    meta["seconds"] = round(time.perf_counter() - started, 2)
    summary = build_summary(records, meta)
    write_jsonl(out_dir / RESULTS_FILE, records)
    write_atomically(
        out_dir / SUMMARY_FILE, lambda fh: fh.write(json.dumps(summary, ensure_ascii=False, indent=2))
    )
    write_report(out_dir / REPORT_FILE, summary, records)
    if batch.errors == 0:
        journal.unlink(missing_ok=True)
    return EvalRun(out_dir, summary, records, batch)


def run_meta(
    gold_path: Path,
    assistant: Assistant,
    batch: BatchSummary,
    backend: str | None,
    workers: int,
    skipped: int,
) -> dict[str, Any]:
    s = assistant.settings
    name = assistant.backend(backend).name
    return {
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "gold": str(gold_path),
        "gold_sha256": hashlib.sha256(Path(gold_path).read_bytes()).hexdigest(),
        "backend": name,
        "model": {"local": str(s.llm_model_path or "packaged"), "openai": s.llm_model}.get(name),
        "workers": workers,
        "skipped_invalid": skipped,
        "resumed": batch.resumed,
        "settings": {
            "embedding_model": s.embedding_model,
            "top_k": s.top_k,
            "candidates": s.candidates,
            "min_relevance": s.min_relevance,
            "chunk_size": s.chunk_size,
            "max_tokens": s.max_tokens,
            "temperature": s.temperature,
        },
    }


# --- LLM as judge (optional) --------------------------------------------------------------------

JUDGE_SYSTEM = "You grade answers to questions about news documents. Reply with one word: YES or NO."
JUDGE_USER = (
    "Question: {question}\nReference answer(s): {gold}\nCandidate answer: {answer}\n\n"
    "Does the candidate answer give the information of a reference answer (in any language or wording)? "
    "Reply YES or NO."
)


def parse_verdict(reply: str) -> float | None:
    words = re.findall(r"\w+", reply.strip().upper())
    if not words:
        return None
    return {"YES": 1.0, "نعم": 1.0, "NO": 0.0, "لا": 0.0}.get(words[0])


def judge_rows(rows: list[dict], assistant: Assistant, judge: str) -> None:
    """Ask the `judge` backend whether each answered, answerable row matches its gold (metrics.judge:
    1, 0, or None when the judge failed or said neither)."""
    from qa.llm import GenerationRequest

    if judge == "extractive":
        raise InputError("the extractive backend cannot judge answers", "use --judge local or --judge openai")
    backend = assistant.backend(judge)
    for row in rows:
        if not row["answerable"] or row["refused"] or row["error"]:
            continue
        user = JUDGE_USER.format(
            question=row["question"],
            gold=" | ".join(row["gold"]["answers"]),
            answer=_MARKER.sub("", row["answer"]),
        )
        request = GenerationRequest(JUDGE_SYSTEM, user, row["question"], "en", max_tokens=4)
        try:
            row["metrics"]["judge"] = parse_verdict(backend.generate(request))
        except Exception:  # noqa: BLE001 - the judge is optional: a failure leaves the score empty
            row["metrics"]["judge"] = None


# --- retrieval only -----------------------------------------------------------------------------


def retrieval_only(
    gold: GoldSet, assistant: Assistant, on_progress: Callable[[int, int], None] | None = None
) -> dict[str, dict[str, Any]]:
    """hit@1, hit@5, MRR, recall@5, nDCG@5 and latency p50/p95 of each retrieval mode (no generation),
    over the answerable questions that list sources."""
    from qa.open_index import ensure_indexed
    from qa.retrieve import MODES

    ensure_indexed(assistant.index, assistant.settings)
    items = [item for item in gold.items if item.answerable and item.sources]
    k = max(K, assistant.settings.top_k)
    scores: dict[str, list[dict[str, float]]] = {mode: [] for mode in MODES}
    seconds: dict[str, list[float]] = {mode: [] for mode in MODES}
    errors = dict.fromkeys(MODES, 0)
    for done, item in enumerate(items, 1):
        for mode in MODES:
            try:
                found = assistant.retriever.retrieve(item.question, k=k, mode=mode)
            except Exception:  # noqa: BLE001 - a failing question scores 0 and is counted
                errors[mode] += 1
                scores[mode].append(retrieval_scores([], item.sources))
                continue
            files = ranked_files([p.model_dump() for p in found.passages])
            scores[mode].append(retrieval_scores(files, item.sources))
            seconds[mode].append(found.seconds)
        if on_progress is not None:
            on_progress(done, len(items))
    return {mode: _mode_summary(scores[mode], seconds[mode], errors[mode]) for mode in MODES}


def _mode_summary(scores: list[dict[str, float]], seconds: list[float], errors: int) -> dict[str, Any]:
    summary: dict[str, Any] = {key: _mean(s[key] for s in scores) for key in RETRIEVAL_KEYS}
    summary.update(latency_p50=percentile(seconds, 50), latency_p95=percentile(seconds, 95))
    summary.update(questions=len(scores), errors=errors)
    return summary


# --- comparing two runs -------------------------------------------------------------------------

COMPARED_GROUPS = ("overall", "retrieval", "answer", "citations", "refusals", "latency")


def load_run(folder: Path) -> tuple[dict[str, Any], dict[str, dict]]:
    """summary.json and results.jsonl (by id) of an eval output folder."""
    try:
        summary = json.loads((folder / SUMMARY_FILE).read_text(encoding="utf-8"))
        lines = split_lines((folder / RESULTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            f"{folder} is not a readable eval output: {exc}", "give folders written by qa eval"
        ) from exc
    rows = [json.loads(line) for line in lines if line.strip()]
    return summary, {row["id"]: row for row in rows}


def outcome(row: dict) -> str:
    """What happened to a question, in the terms a flip is reported in."""
    if row.get("error"):
        return "error"
    if not row["answerable"]:
        return "refused (right)" if row["refused"] else "answered (wrong)"
    if row["refused"]:
        return "refused (wrong)"
    return "contains gold" if row["metrics"].get("contains_gold") else "misses gold"


def compare_runs(folder_a: Path, folder_b: Path) -> dict[str, Any]:
    """Per-metric deltas (B - A) and the questions whose outcome differs between the two runs."""
    summary_a, rows_a = load_run(folder_a)
    summary_b, rows_b = load_run(folder_b)
    flat_a, flat_b = _flatten(summary_a), _flatten(summary_b)
    metrics = [
        {
            "metric": name,
            "a": flat_a.get(name),
            "b": flat_b.get(name),
            "delta": _delta(flat_a.get(name), flat_b.get(name)),
        }
        for name in dict.fromkeys([*flat_a, *flat_b])
    ]
    flips = [
        {"id": key, "question": rows_b[key]["question"], "a": outcome(rows_a[key]), "b": outcome(rows_b[key])}
        for key in rows_a
        if key in rows_b and outcome(rows_a[key]) != outcome(rows_b[key])
    ]
    return {"a": str(folder_a), "b": str(folder_b), "metrics": metrics, "flips": flips}


def _flatten(summary: dict[str, Any]) -> dict[str, float | None]:
    flat: dict[str, float | None] = {}
    for group in COMPARED_GROUPS:
        for key, value in (summary.get(group) or {}).items():
            if value is None or isinstance(value, int | float):
                flat[f"{group}.{key}"] = value
    return flat


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 4)


# --- Markdown -----------------------------------------------------------------------------------

SUMMARY_ROWS = (
    ("overall", "correct_rate", "correct (all questions)"),
    ("answer", "accuracy", "accuracy (gold contained)"),
    ("answer", "exact_match", "exact match"),
    ("answer", "f1", "token F1"),
    ("answer", "semantic_similarity", "semantic similarity"),
    ("answer", "judge", "LLM judge"),
    ("retrieval", "hit_at_1", "hit@1"),
    ("retrieval", "hit_at_5", "hit@5"),
    ("retrieval", "mrr", "MRR"),
    ("retrieval", "recall_at_5", "recall@5"),
    ("retrieval", "ndcg_at_5", "nDCG@5"),
    ("citations", "precision", "citation precision"),
    ("citations", "recall", "citation recall"),
    ("citations", "evidence_overlap", "evidence overlap"),
    ("citations", "verified_share", "verified citations"),
    ("citations", "faithfulness", "faithfulness"),
    ("refusals", "correct_refusals", "correct refusals"),
    ("refusals", "wrong_refusals", "wrong refusals"),
    ("latency", "total_p50", "latency p50 (s)"),
    ("latency", "total_p95", "latency p95 (s)"),
    ("latency", "first_token_p50", "first token p50 (s)"),
    ("latency", "first_token_p95", "first token p95 (s)"),
    ("counts", "errors", "errors"),
)


def fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def summary_markdown(summary: dict[str, Any]) -> str:
    """The summary as a Markdown table: one column for all questions, one per language."""
    languages = list(summary.get("by_language", {}))
    columns = [summary] + [summary["by_language"][lang] for lang in languages]
    counts = [str(c["counts"]["questions"]) for c in columns]
    header = ["metric", f"all (n={counts[0]})"] + [
        f"{lang} (n={n})" for lang, n in zip(languages, counts[1:])
    ]
    rows = [[label] + [fmt(c.get(group, {}).get(key)) for c in columns] for group, key, label in SUMMARY_ROWS]
    return markdown_table(header, rows)


def retrieval_markdown(modes: dict[str, dict[str, Any]]) -> str:
    labels = [(key, label) for group, key, label in SUMMARY_ROWS if group == "retrieval"]
    labels += [
        ("latency_p50", "latency p50 (s)"),
        ("latency_p95", "latency p95 (s)"),
        ("questions", "questions"),
    ]
    rows = [[label] + [fmt(modes[mode].get(key)) for mode in modes] for key, label in labels]
    return markdown_table(["metric", *modes], rows)


def compare_markdown(comparison: dict[str, Any]) -> str:
    rows = [[m["metric"], fmt(m["a"]), fmt(m["b"]), _signed(m["delta"])] for m in comparison["metrics"]]
    text = markdown_table(["metric", "A", "B", "Δ (B − A)"], rows)
    flips = [[f["id"], f["a"], f["b"], f["question"]] for f in comparison["flips"]]
    if not flips:
        return text + "\n\nno question changed outcome"
    return (
        text
        + f"\n\n{len(flips)} questions changed outcome:\n\n"
        + markdown_table(["id", "A", "B", "question"], flips)
    )


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.3f}"

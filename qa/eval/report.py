"""The evaluation report: one self-contained HTML file (inline CSS, plots as base64 PNG, no scripts).

Sections: headline numbers (strict accuracy first), metric bars with the metrics table (all / per
language), per-language bars, latency histogram, the worst questions with their answers, citations and gold
evidence, all questions.
Arabic text is set right-to-left in an Arabic font stack; the plots only carry Latin labels.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

import numpy as np

from qa.eval.scoring import outcome
from qa.eval.tables import SUMMARY_ROWS, fmt
from store.arabic import is_arabic
from store.atomic import write_atomically

WORST = 10
# The bars show the summary table's rate metrics (refusals as rates, not counts); no judge, no latency.
_RATES = {"correct_refusals": "correct_refusal_rate", "wrong_refusals": "wrong_refusal_rate"}
BAR_METRICS = tuple(
    (group, _RATES.get(key, key), label.removesuffix(" (gold contained)").removesuffix(" (all questions)"))
    for group, key, label in SUMMARY_ROWS
    if group in ("overall", "answer", "retrieval", "citations", "refusals") and key != "judge"
)
LANGUAGE_METRICS = (
    ("overall", "strict_accuracy", "strict acc."),
    ("answer", "accuracy", "accuracy"),
    ("answer", "f1", "token F1"),
    ("retrieval", "hit_at_5", "hit@5"),
    ("retrieval", "mrr", "MRR"),
    ("citations", "precision", "cit. precision"),
)
GROUP_COLOURS = {
    "overall": "#1d2330",
    "answer": "#2f6db5",
    "retrieval": "#3a9a6a",
    "citations": "#c07a22",
    "refusals": "#8a5bb0",
}

CSS = """
body { margin: 0 auto; max-width: 1100px; padding: 24px; color: #1d2330; background: #f7f8fa;
  font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', Arial, sans-serif; line-height: 1.45; }
h1 { margin: 0 0 4px; font-size: 26px; } h2 { margin: 32px 0 12px; font-size: 20px; }
.meta { color: #5b6473; font-size: 14px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 18px; }
.card { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 10px 16px;
  min-width: 120px; }
.card b { display: block; font-size: 24px; } .card span { color: #5b6473; font-size: 13px; }
.plots { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.plots img { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; max-width: 100%; }
table { border-collapse: collapse; background: #fff; font-size: 14px; }
th, td { border: 1px solid #dde1e8; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #eef1f5; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.q { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
.q h3 { margin: 0 0 6px; font-size: 15px; color: #5b6473; font-weight: 600; }
.label { color: #5b6473; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; margin-top: 8px; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff; }
.good { background: #3a9a6a; } .bad { background: #c0392b; }
.ar { font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic', 'Amiri', 'Arabic Typesetting', 'Geeza Pro',
  'Segoe UI', Tahoma, sans-serif; font-size: 17px; line-height: 1.8; text-align: right; }
.cite { display: grid; grid-template-columns: 300px 1fr; gap: 12px; align-items: baseline; font-size: 13px;
  border-top: 1px dashed #e3e6ec; padding: 2px 0; }
.cite code { color: #5b6473; overflow-wrap: anywhere; }
.golds { display: flex; flex-wrap: wrap; gap: 6px; }
.golds > * { background: #eef4ee; border-radius: 6px; padding: 0 8px; }
.answer { white-space: pre-line; }
.missing { color: #c0392b; font-size: 13px; }
details summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
"""


def write_report(path: Path, summary: dict[str, Any], rows: list[dict]) -> None:
    page = render_report(summary, rows)
    write_atomically(path, lambda fh: fh.write(page))


def render_report(summary: dict[str, Any], rows: list[dict]) -> str:
    parts = [
        _header(summary),
        _cards(summary),
        "<h2>Metrics</h2>",
        f'<div class="plots">{_img(metric_bars_png(summary), "metric bars")}{_metrics_table(summary)}</div>',
        "<h2>By language and latency</h2>",
        f'<div class="plots">{_img(language_bars_png(summary), "per-language bars")}'
        f"{_img(latency_png(rows), 'latency histogram')}</div>",
        f"<h2>Worst questions ({min(WORST, len(rows))} of {len(rows)})</h2>",
        *(_question(row) for row in worst(rows)[:WORST]),
        "<details><summary>All questions</summary>",
        _all_table(rows),
        "</details>",
    ]
    body = "\n".join(parts)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Evaluation report – {_e(summary.get('backend', ''))}</title>\n"
        f"<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def worst(rows: list[dict]) -> list[dict]:
    """Errors first, then wrong outcomes, then answers that fail the strict checks, then the lowest F1
    and semantic similarity."""

    def badness(row: dict) -> tuple:
        m = row["metrics"]
        strict = m.get("strict_accuracy", m["correct"]) or 0.0
        return (
            not row["error"],
            m["correct"] or 0.0,
            strict,
            m["f1"] or 0.0,
            m["semantic_similarity"] or 0.0,
        )

    return sorted(rows, key=badness)


# --- pieces of HTML -----------------------------------------------------------------------------


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def text_html(text: str, tag: str = "div", cls: str = "") -> str:
    """Text in its direction: Arabic right-to-left in the Arabic font stack, the rest left-to-right."""
    if is_arabic(text):
        return f'<{tag} dir="rtl" lang="ar" class="ar {cls}">{_e(text)}</{tag}>'
    return f'<{tag} dir="ltr" class="{cls}">{_e(text)}</{tag}>'


def _header(summary: dict[str, Any]) -> str:
    counts = summary["counts"]
    model = f" ({_e(summary['model'])})" if summary.get("model") else ""
    mode = f" · mode <b>{_e(summary['mode'])}</b>" if summary.get("mode") else ""
    return (
        f'<h1>Evaluation report</h1>\n<div class="meta">backend <b>{_e(summary.get("backend"))}</b>{model}'
        f"{mode} · "
        f"gold {_e(summary.get('gold'))} · {counts['questions']} questions "
        f"({counts['answerable']} answerable, {counts['unanswerable']} unanswerable) · "
        f"{counts['errors']} errors · "
        f"{_e(summary.get('created', ''))} · {summary.get('seconds', 0):.1f} s</div>"
    )


def _cards(summary: dict[str, Any]) -> str:
    picks = (
        ("overall", "strict_accuracy", "strict accuracy"),
        ("overall", "answered_precision", "answered precision"),
        ("answer", "accuracy", "accuracy"),
        ("answer", "f1", "token F1"),
        ("retrieval", "hit_at_5", "hit@5"),
        ("citations", "precision", "citation precision"),
        ("refusals", "correct_refusal_rate", "correct refusals"),
        ("latency", "total_p50", "latency p50 (s)"),
    )
    cards = [
        f'<div class="card"><b>{fmt(summary.get(g, {}).get(k))}</b><span>{_e(label)}</span></div>'
        for g, k, label in picks
    ]
    return f'<div class="cards">{"".join(cards)}</div>'


def _metrics_table(summary: dict[str, Any]) -> str:
    languages = list(summary.get("by_language", {}))
    columns = [summary] + [summary["by_language"][lang] for lang in languages]
    head = "".join(f"<th>{_e(name)}</th>" for name in ["metric", "all", *languages])
    body = "".join(
        f"<tr><td>{_e(label)}</td>"
        + "".join(f'<td class="num">{fmt(c.get(group, {}).get(key))}</td>' for c in columns)
        + "</tr>"
        for group, key, label in SUMMARY_ROWS
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _question(row: dict) -> str:
    m = row["metrics"]
    verdict = outcome(row)
    badge = "good" if m.get("strict_accuracy", m["correct"]) else "bad"
    named = (("F1", "f1"), ("similarity", "semantic_similarity"), ("hit@5", "hit_at_5"))
    scores = "".join(f" · {label} {fmt(m[key])}" for label, key in named if m[key] is not None)
    scores += strict_failures(row)
    parts = [
        f'<div class="q"><h3>{_e(row["id"])} · {_e(row["lang"])} · '
        f'<span class="badge {badge}">{_e(verdict)}</span>{_e(scores)}</h3>',
        text_html(row["question"]),
        '<div class="label">gold answers</div>',
        '<div class="golds">'
        + "".join(text_html(a, "span") for a in row["gold"]["answers"] or ["(unanswerable)"]),
        "</div>",
        '<div class="label">answer</div>',
        text_html(f"error: {row['error']}" if row["error"] else row["answer"], cls="answer"),
        _citations(row),
        _evidence(row),
        "</div>",
    ]
    return "\n".join(parts)


def strict_failures(row: dict) -> str:
    """ " · not strict: …" naming the checks an answered row fails (empty when it passes them all)."""
    checks = row.get("strict")
    if not checks or row["error"] or row["refused"]:
        return ""
    failed = [] if checks["cited"] else ["no citation"]
    if checks["overlong"]:
        failed.append(f"{checks['answer_chars']} characters")
    if checks["invented_figures"]:
        failed.append("figures no cited passage has: " + ", ".join(checks["invented_figures"]))
    return " · not strict: " + "; ".join(failed) if failed else ""


def _citations(row: dict) -> str:
    if not row["citations"]:
        return ""
    items = []
    for c in row["citations"]:
        mark = "" if c.get("verified") else " (not verified)"
        place = f"[{c['n']}] {c['file']}:{c['start']}-{c['end']}{mark}"
        items.append(f'<div class="cite"><code>{_e(place)}</code>{text_html(c["text"])}</div>')
    return '<div class="label">citations</div>' + "".join(items)


def _evidence(row: dict) -> str:
    spans = row["gold"]["evidence_spans"]
    missing = row["gold"]["evidence_missing"]
    if not spans and not missing:
        return ""
    items = [
        f'<div class="cite"><code>{_e(s["file"])}:{s["start"]}-{s["end"]}</code>{text_html(s["quote"])}</div>'
        for s in spans
    ]
    items += [f'<div class="missing">not found in the files: {text_html(q, "span")}</div>' for q in missing]
    return '<div class="label">gold evidence</div>' + "".join(items)


def _all_table(rows: list[dict]) -> str:
    columns = ("id", "lang", "outcome", "strict", "F1", "hit@5", "seconds", "question")
    head = "".join(f"<th>{h}</th>" for h in columns)
    body = "".join(_row_cells(r) for r in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _row_cells(row: dict) -> str:
    m, seconds = row["metrics"], (row["timings"] or {}).get("total")
    cells = [_e(row["id"]), _e(row["lang"]), _e(outcome(row))]
    numbers = [fmt(m.get("strict_accuracy")), fmt(m["f1"]), fmt(m["hit_at_5"]), fmt(seconds)]
    return (
        "<tr>"
        + "".join(f"<td>{c}</td>" for c in cells)
        + "".join(f'<td class="num">{n}</td>' for n in numbers)
        + f"<td>{text_html(row['question'], 'span')}</td></tr>"
    )


# --- plots --------------------------------------------------------------------------------------


def _img(png: bytes | None, alt: str) -> str:
    if png is None:
        return ""
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buffer.getvalue()


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # files only: never open a window
    import matplotlib.pyplot as plt

    return plt


def metric_bars_png(summary: dict[str, Any]) -> bytes | None:
    shown = [
        (g, label, summary[g][k]) for g, k, label in BAR_METRICS if summary.get(g, {}).get(k) is not None
    ]
    if not shown:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.6, 0.32 * len(shown) + 0.8))
    labels = [label for _, label, _ in shown][::-1]
    values = [value for _, _, value in shown][::-1]
    colours = [GROUP_COLOURS[g] for g, _, _ in shown][::-1]
    ax.barh(labels, values, color=colours)
    for y, value in enumerate(values):  # inside long bars, after short ones
        inside = value > 0.85
        x, align = (value - 0.01, "right") if inside else (value + 0.01, "left")
        ax.text(x, y, f"{value:.2f}", va="center", ha=align, fontsize=8, color="white" if inside else "black")
    ax.set_xlim(0, 1)
    ax.set_title("Metrics (all questions)", fontsize=10)
    ax.tick_params(labelsize=8)
    return _png(fig)


def language_bars_png(summary: dict[str, Any]) -> bytes | None:
    languages = list(summary.get("by_language", {}))
    if not languages:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.2, 3.0))
    width = 0.8 / len(languages)
    for i, lang in enumerate(languages):
        part = summary["by_language"][lang]
        values = [part.get(g, {}).get(k) or 0.0 for g, k, _ in LANGUAGE_METRICS]
        n = part["counts"]["questions"]
        ax.bar([x + i * width for x in range(len(values))], values, width, label=f"{lang} (n={n})")
    ax.set_xticks([x + width * (len(languages) - 1) / 2 for x in range(len(LANGUAGE_METRICS))])
    ax.set_xticklabels([label for _, _, label in LANGUAGE_METRICS], fontsize=8)
    ax.set_ylim(0, 1)
    ax.set_title("By question language", fontsize=10)
    ax.legend(fontsize=8)
    return _png(fig)


def latency_png(rows: list[dict]) -> bytes | None:
    totals = [r["timings"]["total"] for r in rows if not r["error"] and r["timings"].get("total") is not None]
    firsts = [r["timings"]["first_token"] for r in rows if not r["error"] and r["timings"].get("first_token")]
    if not totals:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.2, 3.0))
    bins = np.histogram_bin_edges(totals + firsts, bins=min(20, max(5, len(totals) // 2)))  # shared edges
    ax.hist(totals, bins=bins, color="#2f6db5", alpha=0.75, label="total")
    if firsts:
        ax.hist(firsts, bins=bins, color="#c07a22", alpha=0.6, label="first token")
    ax.set_xlabel("seconds", fontsize=8)
    ax.set_ylabel("questions", fontsize=8)
    ax.set_title("Latency", fontsize=10)
    ax.legend(fontsize=8)
    return _png(fig)

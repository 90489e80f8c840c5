"""The answer engine's laboratory: candidate segments and their features for gold questions, labelled by the
gold evidence, for measuring sentence ranking ("gold segment first") and fitting the ranker.

    .venv/bin/python scripts/answer_lab.py collect --corpus seeds --gold tests/data/dev.jsonl ... \
        --out /tmp/lab/news.pkl [--k 5] [--data-dir DIR]
    .venv/bin/python scripts/answer_lab.py rank /tmp/lab/news.pkl ...

`--corpus`: seeds, a folder, a .jsonl of documents ({"name", "text"}: tests/data/mixed_written.jsonl) or
`hadith` (scripts/make_hadith_corpus.py's folder, built on the spot). A segment is gold when it overlaps a
gold evidence quote of a gold source; without quotes, when it is in a gold source and contains a gold
answer (Arabic answers only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import store.offline  # noqa: E402, F401  (offline defaults before numpy and the models)
from qa.answer.evidence import candidate_segments  # noqa: E402
from qa.answer.features import FEATURES, add_features  # noqa: E402
from qa.answer.question import analyse_question  # noqa: E402
from qa.answer.ranker import MODEL_FILE  # noqa: E402
from qa.eval.metrics import contains_gold, locate_evidence  # noqa: E402
from qa.open_index import open_index  # noqa: E402
from qa.retrieve import Retriever  # noqa: E402
from qa.settings import Settings  # noqa: E402
from store.bilingual import load_bilingual  # noqa: E402


def corpus_folder(spec: str, data_dir: Path) -> Path:
    if spec == "seeds":
        return PROJECT / "seeds"
    path = Path(spec)
    if path.suffix != ".jsonl":
        return path
    folder = data_dir / "docs" / path.stem
    folder.mkdir(parents=True, exist_ok=True)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc = json.loads(line)
            (folder / f"{doc['name']}.txt").write_text(doc["text"], encoding="utf-8")
    return folder


def load_rows(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["set"] = path.stem
                rows.append(row)
    return rows


def label(row: dict, segments: list, index) -> list[int]:
    """1 for the segments that hold the gold evidence (see the module docstring)."""
    if not row.get("answerable", True):
        return [0] * len(segments)
    sources = set(row.get("sources") or [])
    spans, _ = locate_evidence(row.get("evidence") or [], list(sources), index.file_text)
    labels = []
    for seg in segments:
        if spans:
            hit = any(e.file == seg.file and seg.start < e.end and e.start < seg.end for e in spans)
        else:
            arabic = row.get("lang") == "ar"
            hit = seg.file in sources and arabic and bool(contains_gold(seg.text, row["answers"]))
        labels.append(int(hit))
    return labels


def collect(args: argparse.Namespace) -> None:
    key = hashlib.sha1(args.corpus.encode()).hexdigest()[:10]
    data_dir = args.data_dir or Path("/tmp/answer-lab") / key
    settings = Settings(data_dir=data_dir, **dict(o.split("=") for o in args.set))
    index = open_index(settings)
    index.ingest(corpus_folder(args.corpus, data_dir))
    retriever = Retriever(index, settings)
    bilingual = load_bilingual(settings.models_dir)
    out = []
    for row in load_rows(args.gold):
        retrieval = retriever.retrieve(row["question"], k=args.k)
        question = analyse_question(row["question"], bilingual)
        segments = candidate_segments(retrieval.passages, retrieval.sentences)
        add_features(question, segments, retrieval.query_vector)
        labels = label(row, segments, index)
        files = list(dict.fromkeys(p.file for p in retrieval.passages))
        out.append(
            {
                "row": row,
                "type": question.answer_type.value,
                "files": files,
                "segments": [
                    {
                        "text": s.text,
                        "file": s.file,
                        "start": s.start,
                        "end": s.end,
                        "passage": s.passage,
                        "features": s.features,
                        "label": y,
                    }
                    for s, y in zip(segments, labels)
                ],  # fmt: skip
            }
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pickle.dumps(out))
    print(f"{len(out)} questions → {args.out}")


def rank(args: argparse.Namespace) -> None:
    """Gold-first accuracy of single-feature rankers, per set and language (answerable questions whose gold
    segment is among the candidates, and all answerable ones)."""
    for path in args.files:
        items = pickle.loads(path.read_bytes())
        groups: dict[str, list[dict]] = {}
        for item in items:
            if item["row"].get("answerable", True):
                groups.setdefault(f"{item['row']['set']}/{item['row'].get('lang')}", []).append(item)
        for name, group in sorted(groups.items()):
            present = [i for i in group if any(s["label"] for s in i["segments"])]
            line = [f"{name:28s} n={len(group):3d} gold among candidates={len(present):3d}"]
            for feature in ("cos", "cover", "cover_ctx"):

                def key(s: dict, f: str = feature) -> tuple[float, float]:
                    return s["features"][f], s["features"]["cos"]

                first = sum(max(i["segments"], key=key)["label"] for i in present)
                line.append(f"{feature}={first / max(1, len(group)):.2f}")
            print("  ".join(line))


USED = list(FEATURES)  # the features a fit uses (the lab may try fewer: --features)


def _matrix(items: list[dict]) -> tuple[list[list[float]], list[int]]:
    x = [[seg["features"][f] if f in USED else 0.0 for f in FEATURES] for i in items for seg in i["segments"]]
    y = [seg["label"] for i in items for seg in i["segments"]]
    return x, y


def _fit(items: list[dict]) -> dict[str, float]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x, y = _matrix(items)
    matrix = np.asarray(x)
    mean, sd = matrix.mean(axis=0), matrix.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=2000).fit((matrix - mean) / sd, y)
    weights = model.coef_[0] / sd  # back to the raw features' scale
    bias = float(model.intercept_[0] - (model.coef_[0] * mean / sd).sum())
    return {"bias": bias, **{f: float(w) for f, w in zip(FEATURES, weights)}}


def _top(item: dict, weights: dict[str, float]) -> tuple[float, int]:
    """(probability, label) of the question's best segment under `weights`."""
    import math

    best = (-1.0, 0)
    for seg in item["segments"]:
        z = weights["bias"] + sum(weights[f] * seg["features"][f] for f in FEATURES)
        p = 1 / (1 + math.exp(-z))
        if p > best[0]:
            best = (p, seg["label"])
    return best


def _outcomes(items: list[dict], weights: dict[str, float], threshold: float) -> dict[str, float]:
    right = answered = answered_right = refused_unanswerable = unanswerable = 0
    for item in items:
        p, y = _top(item, weights) if item["segments"] else (0.0, 0)
        answerable = item["row"].get("answerable", True)
        unanswerable += not answerable
        if p >= threshold:
            answered += 1
            answered_right += answerable and y
            right += answerable and y
        else:
            refused_unanswerable += not answerable
            right += not answerable
    n = max(1, len(items))
    answerable = [i for i in items if i["row"].get("answerable", True)]
    first = sum(_top(i, weights)[1] for i in answerable if i["segments"]) / max(1, len(answerable))
    return {
        "n": len(items),
        "first": round(first, 3),
        "right": right / n,
        "precision": answered_right / max(1, answered),
        "refused_unanswerable": refused_unanswerable / max(1, unanswerable) if unanswerable else float("nan"),
        "answered": answered,
    }


WRONG_ANSWER_COST = 0.0  # strict accuracy counts a wrong answer and a refusal alike
MIN_PRECISION = 0.6  # but the threshold keeps the answered precision (top segment right) at least here


def _best_threshold(items: list[dict], weights: dict[str, float]) -> float:
    """The threshold with the most right outcomes, each wrong answer counting against it by
    WRONG_ANSWER_COST, averaged over the domains so that no domain's larger sets decide alone (ties: the
    lower one, fewer refusals)."""
    sets = sorted({i.get("domain", i["row"]["set"]) for i in items})

    def value(t: float) -> tuple[bool, float]:
        total = precision = 0.0
        for name in sets:
            o = _outcomes([i for i in items if i.get("domain", i["row"]["set"]) == name], weights, t)
            wrong = o["answered"] * (1 - o["precision"]) / max(1, o["n"])
            total += o["right"] - WRONG_ANSWER_COST * wrong
            precision += o["precision"]
        return precision / len(sets) >= MIN_PRECISION, total / len(sets)

    grid = [t / 100 for t in range(2, 90)]
    return max(grid, key=lambda t: (*value(t), -t))


def fit(args: argparse.Namespace) -> None:
    """Fit per language on all files; report leave-one-set-out outcomes (fit on the other sets)."""
    items = []
    for path in args.files:  # one file a domain (news-k8f4.pkl → news)
        for item in pickle.loads(path.read_bytes()):
            item["domain"] = path.stem.split("-")[0]
            items.append(item)
    if args.features:
        USED[:] = args.features.split(",")
    model: dict[str, dict] = {"weights": {}, "threshold": {}}
    saved = json.loads(MODEL_FILE.read_text(encoding="utf-8")) if args.thresholds_only else None
    for language in ("ar", "en"):
        mine = [i for i in items if i["row"].get("lang") == language]
        weights = saved["weights"][language] if saved else _fit(mine)
        model["weights"][language] = weights
        model["threshold"][language] = _best_threshold(mine, weights)
        print(language, "in-sample", _outcomes(mine, weights, model["threshold"][language]))
        for held in sorted({i["row"]["set"] for i in mine}):
            train = [i for i in mine if i["row"]["set"] != held]
            test = [i for i in mine if i["row"]["set"] == held]
            w = _fit(train)
            o = _outcomes(test, w, _best_threshold(train, w))
            print(
                f"  held out {held:16s} first={o['first']:.2f} right={o['right']:.2f} "
                f"precision={o['precision']:.2f} refused-unanswerable={o['refused_unanswerable']:.2f}"
            )
    print(json.dumps(model, indent=1))
    if args.save:
        sets = sorted({i["row"]["set"] for i in items})
        model["fitted_on"] = saved["fitted_on"] if saved else sets  # the weights'
        model["thresholds_fitted_on"] = sets
        args.save.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("--corpus", required=True)
    c.add_argument("--gold", type=Path, nargs="+", required=True)
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--k", type=int, default=5)
    c.add_argument("--data-dir", type=Path)
    c.add_argument("--set", action="append", default=[], help="a setting for this run: name=value")
    r = sub.add_parser("rank")
    r.add_argument("files", type=Path, nargs="+")
    f = sub.add_parser("fit")
    f.add_argument("files", type=Path, nargs="+")
    f.add_argument("--save", type=Path)
    f.add_argument("--features", help="comma-separated subset of the features to fit on")
    f.add_argument(
        "--thresholds-only",
        action="store_true",
        help="keep the saved ranker's weights (qa/answer/ranker.json) and choose only the thresholds",
    )
    args = parser.parse_args()
    {"collect": collect, "rank": rank, "fit": fit}[args.command](args)


if __name__ == "__main__":
    main()

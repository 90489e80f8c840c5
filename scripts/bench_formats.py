"""Extraction quality and cost for PDF, Word and HTML documents (README "Documents: PDF, Word, HTML").

The seed articles are turned into real documents (tests/format_samples.py: Chromium prints a right-to-left
Noto Naskh page to PDF with its default running header and footer; python-docx writes DOCX with a header
and footer; HTML pages get a menu, sidebar, cookie notice and footer), then extracted back. Reported:

1. character similarity of each extraction to the original text (difflib ratio): raw (NFC, whitespace
   folded) and normalised (store.arabic.normalise_arabic: presentation forms, diacritics and letter
   variants folded), for the chosen extractor and the alternatives it was chosen against;
2. extraction seconds per page (PDF) or per file;
3. dev retrieval metrics (`qa eval --retrieval-only`) on the PDF/DOCX/HTML corpora against the .txt one
   (gold sources mapped by file stem), and the ingest time per PDF page.

    .venv/bin/python scripts/bench_formats.py [--out /tmp/formats-bench] [--no-eval]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from store.arabic import base_letters, normalise_arabic  # noqa: E402
from store.formats import extract  # noqa: E402
from store.formats.pdf_layout import PageLines, assemble, drop_furniture  # noqa: E402
from store.formats.pdf_lines import Glyph, group_lines, logical_line  # noqa: E402
from tests.format_samples import write_docx, write_html, write_pdf  # noqa: E402

QA = Path(sys.executable).parent / "qa"
DEV = ROOT / "tests" / "data" / "dev.jsonl"


def raw_form(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def normal_form(text: str) -> str:
    return " ".join(normalise_arabic(text).split())


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# --- the alternatives the chosen extractors were measured against -----------------------------------------


def pymupdf_geometry(data: bytes) -> str:
    """PyMuPDF's glyphs through the same geometry and layout passes as the chosen pdfminer reader."""
    import pymupdf

    pages = []
    with pymupdf.open(stream=data, filetype="pdf") as document:
        for number, page in enumerate(document, start=1):
            glyphs = [
                Glyph(char["c"], char["bbox"][0], char["bbox"][2], char["origin"][1], span["size"])
                for block in page.get_text("rawdict")["blocks"]
                for line in block.get("lines", [])
                if abs(line["dir"][1]) < 0.01
                for span in line["spans"]
                for char in span["chars"]
            ]
            lines = [line for group in group_lines(glyphs) if (line := logical_line(group))]
            pages.append(PageLines(number, lines, page.rect.height))
    drop_furniture(pages)
    return assemble(pages)[0]


def pymupdf_plain(data: bytes) -> str:
    import pymupdf

    with pymupdf.open(stream=data, filetype="pdf") as document:
        return base_letters("\n".join(page.get_text() for page in document))


def pypdf_plain(data: bytes) -> str:
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return base_letters("\n".join(page.extract_text() for page in reader.pages))


def pdfminer_plain(data: bytes) -> str:
    import io

    from pdfminer.high_level import extract_text

    return base_letters(extract_text(io.BytesIO(data)))


def selectolax_rules(data: bytes) -> str:
    """Visible text of block elements, with the usual furniture removed by tag, role and class rules."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(data.decode("utf-8"))
    furniture = "script, style, noscript, nav, header, footer, aside, form, button, [role=navigation]"
    for node in tree.css(furniture + ", [id*=cookie], [class*=cookie], [class*=sidebar], [class*=menu]"):
        node.decompose()
    blocks = tree.css("p, h1, h2, h3, h4, li, td, blockquote")
    return "\n".join(block.text(separator=" ").strip() for block in blocks if block.text().strip())


def selectolax_all(data: bytes) -> str:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(data.decode("utf-8"))
    for node in tree.css("script, style"):
        node.decompose()
    return tree.body.text(separator="\n") if tree.body else ""


def chosen(suffix: str) -> Callable[[bytes], str]:
    return lambda data: extract(suffix, data).text


METHODS: dict[str, dict[str, Callable[[bytes], str]]] = {
    ".pdf": {
        "pdfminer.six + geometry (chosen)": chosen(".pdf"),
        "PyMuPDF + geometry": pymupdf_geometry,
        "PyMuPDF get_text": pymupdf_plain,
        "pypdf extract_text": pypdf_plain,
        "pdfminer.six extract_text": pdfminer_plain,
    },
    ".docx": {"python-docx (chosen)": chosen(".docx")},
    ".html": {
        "trafilatura (chosen)": chosen(".html"),
        "selectolax + tag rules": selectolax_rules,
        "selectolax, all text": selectolax_all,
    },
}


# --- making the corpora ---------------------------------------------------------------------------------


def make_corpora(seeds: Path, out: Path) -> dict[str, Path]:
    folders = {fmt: out / fmt.strip(".") for fmt in (".txt", ".pdf", ".docx", ".html")}
    for folder in folders.values():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for source in sorted(seeds.glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        title = " ".join(text.split()[:6])
        shutil.copy(source, folders[".txt"] / source.name)
        write_pdf(text, title, folders[".pdf"] / f"{source.stem}.pdf")
        write_docx(text, folders[".docx"] / f"{source.stem}.docx")
        write_html(text, title, folders[".html"] / f"{source.stem}.html")
    return folders


def pdf_pages(path: Path) -> int:
    from pdfminer.pdfpage import PDFPage

    with path.open("rb") as handle:
        return sum(1 for _ in PDFPage.get_pages(handle))


def _installed(method: str) -> bool:
    """The comparison libraries are not project dependencies: rows whose library is missing are skipped."""
    import importlib.util

    names = {"PyMuPDF": "pymupdf", "pypdf": "pypdf", "selectolax": "selectolax"}
    return all(importlib.util.find_spec(module) for key, module in names.items() if method.startswith(key))


def quality(seeds: Path, folders: dict[str, Path]) -> list[dict]:
    rows = []
    for fmt, methods in METHODS.items():
        files = sorted(folders[fmt].iterdir())
        pages = sum(pdf_pages(f) for f in files) if fmt == ".pdf" else len(files)
        for method, run in methods.items():
            if not _installed(method):
                print(f"{method}: library not installed (pip install pymupdf pypdf selectolax), skipped")
                continue
            raw, normal, seconds = [], [], 0.0
            for path in files:
                original = (seeds / f"{path.stem}.txt").read_text(encoding="utf-8")
                data = path.read_bytes()
                started = time.perf_counter()
                text = run(data)
                seconds += time.perf_counter() - started
                raw.append(similarity(raw_form(original), raw_form(text)))
                normal.append(similarity(normal_form(original), normal_form(text)))
            rows.append(
                {
                    "format": fmt,
                    "method": method,
                    "files": len(files),
                    "pages": pages,
                    "raw_mean": statistics.mean(raw),
                    "raw_min": min(raw),
                    "normalised_mean": statistics.mean(normal),
                    "normalised_min": min(normal),
                    "seconds_per_page": seconds / pages,
                }
            )
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


# --- retrieval and ingest -------------------------------------------------------------------------------


def gold_for(suffix: str, out: Path) -> Path:
    """dev.jsonl with its gold sources renamed to the converted files (same stem, new suffix)."""
    target = out / f"dev{suffix}.jsonl"
    lines = []
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        row["sources"] = [str(Path(name).with_suffix(suffix)) for name in row.get("sources", [])]
        lines.append(json.dumps(row, ensure_ascii=False))
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def retrieval(fmt: str, folder: Path, out: Path) -> dict:
    data_dir = Path(f"/tmp/formats-data-bench{fmt.replace('.', '-')}")
    shutil.rmtree(data_dir, ignore_errors=True)
    env = {**os.environ, "QA_DATA_DIR": str(data_dir), "QA_CORPUS_DIR": str(folder)}
    started = time.perf_counter()
    subprocess.run([str(QA), "ingest", str(folder)], env=env, check=True, capture_output=True, text=True)
    ingest_seconds = time.perf_counter() - started
    gold = gold_for(fmt, out)
    command = [str(QA), "eval", str(gold), "--retrieval-only", "--json", "--out", str(out / f"eval{fmt}")]
    result = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    modes = json.loads(result.stdout)
    row = {"format": fmt, "ingest_seconds": ingest_seconds, "modes": modes}
    if fmt == ".pdf":
        row["pages"] = sum(pdf_pages(f) for f in folder.iterdir())
        row["ingest_seconds_per_page"] = ingest_seconds / row["pages"]
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/formats-bench"))
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--no-eval", action="store_true", help="extraction only, no ingest or retrieval")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    folders = make_corpora(args.seeds, args.out)
    print(f"corpora made in {time.perf_counter() - started:.1f} s", flush=True)
    report: dict = {"load_average": os.getloadavg(), "quality": quality(args.seeds, folders), "retrieval": []}
    if not args.no_eval:
        report["retrieval"] = [retrieval(fmt, folder, args.out) for fmt, folder in folders.items()]
    report["load_average_after"] = os.getloadavg()  # 2 shared cores: say how busy the machine was
    (args.out / "bench_formats.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(f"written {args.out / 'bench_formats.json'}")


if __name__ == "__main__":
    main()

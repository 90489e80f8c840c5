"""Real documents made from plain text, for the format tests and scripts/bench_formats.py (never downloaded):

- PDF: the text as a right-to-left HTML page in Noto Naskh Arabic, printed by Debian's Chromium headless
  (real Arabic shaping; Chromium's default running header and footer — date, title, URL, "n/m" — are
  kept on purpose: extraction must drop them);
- DOCX: python-docx, one right-to-left paragraph per line;
- HTML: a news page with navigation, a sidebar of links, a cookie notice and a footer around the article;
- a scanned-like PDF: a PNG of Arabic-looking strokes (Pillow) printed alone, so the PDF has no text layer.
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
PAGE_CSS = (
    "body { font-family: 'Noto Naskh Arabic'; font-size: 15pt; line-height: 1.7; text-align: justify; }"
    " p { margin: 0 0 0.8em 0; }"
)


def article_html(text: str, title: str) -> str:
    """A plain right-to-left page: one <p> per non-empty line."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{PAGE_CSS}</style></head><body>{paragraphs}</body></html>"
    )


def print_pdf(page_html: str, target: Path, furniture: bool = True, timeout: float = 120) -> Path:
    """Print an HTML page to `target` with Chromium headless; `furniture` keeps its default running header
    (date, title) and footer (file URL, "n/m")."""
    with tempfile.TemporaryDirectory(prefix="qa-print-") as folder:
        source = Path(folder) / "page.html"
        source.write_text(page_html, encoding="utf-8")
        profile = Path(folder) / "profile"
        command = [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", f"--print-to-pdf={target}",
        ]  # fmt: skip
        if not furniture:
            command.append("--no-pdf-header-footer")
        command.append(source.as_uri())
        subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    if not target.exists() or target.stat().st_size == 0:
        raise RuntimeError(f"Chromium did not print {target}")
    return target


def write_pdf(text: str, title: str, target: Path) -> Path:
    return print_pdf(article_html(text, title), target)


def write_docx(text: str, target: Path) -> Path:
    """One right-to-left paragraph per non-empty line, with a running header and a page-number footer
    (extraction must leave both out)."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "أرشيف الأخبار"
    document.sections[0].footer.paragraphs[0].text = "صفحة 1"
    for line in text.splitlines():
        if not line.strip():
            continue
        paragraph = document.add_paragraph()
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        run = paragraph.add_run(line)
        run.font.rtl = True
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), "Noto Naskh Arabic")
    document.save(str(target))
    return target


def news_page(text: str, title: str) -> str:
    """The article inside the furniture of a news site: menu, sidebar links, cookie notice, footer."""
    menu = "".join(
        f'<li><a href="/{i}">{name}</a></li>'
        for i, name in enumerate(["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة", "اتصل بنا"])
    )
    related = "".join(
        f'<li><a href="/news/{i}">{name}</a></li>'
        for i, name in enumerate(
            ["ارتفاع أسعار النفط في الأسواق العالمية", "منتخب كرة القدم يستعد للبطولة", "افتتاح معرض الكتاب"]
        )
    )
    links = "".join(
        f'<div class="i"><a href="/most/{i}">{name}</a></div>'
        for i, name in enumerate(["أسعار الذهب اليوم", "نتائج مباريات الدوري", "حالة الطقس غدا"])
    )
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (
        f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title><script>var tracking = 'اشترك الآن';</script><style>nav{{display:flex}}</style>"
        "</head><body>"
        f'<header><div class="logo">موقع الأخبار</div><nav><ul>{menu}</ul></nav></header>'
        f'<div id="cookie-banner">نستخدم ملفات تعريف الارتباط لتحسين تجربتك. <button>موافق</button></div>'
        f'<main><article><div class="byline">بقلم المحرر — 18 يونيو 2024</div>{body}</article></main>'
        f'<aside class="sidebar"><h3>اقرأ أيضا</h3><ul>{related}</ul></aside>'
        # furniture in plain <div>s, as many sites have it: no tag or class name gives it away
        f'<div class="box-7"><div class="t">الأكثر قراءة</div>{links}</div>'
        f'<div class="row-bottom"><p>جميع الحقوق محفوظة © 2024 موقع الأخبار</p>{links}</div>'
        f"<footer><ul>{menu}</ul></footer></body></html>"
    )


def write_html(text: str, title: str, target: Path) -> Path:
    target.write_text(news_page(text, title), encoding="utf-8")
    return target


def write_scanned_pdf(target: Path) -> Path:
    """A PDF whose only page is a picture of text-like strokes: no text layer, as a scan."""
    import base64
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 1000), "white")
    draw = ImageDraw.Draw(image)
    for row in range(12):
        y = 60 + row * 70
        for word in range(7):
            x = 700 - word * 95
            draw.line([(x, y), (x - 70, y)], fill="black", width=6)
            draw.ellipse([(x - 40, y - 18), (x - 28, y - 6)], fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    data = base64.b64encode(buffer.getvalue()).decode()
    page = f'<!doctype html><html><body style="margin:0"><img src="data:image/png;base64,{data}" width="700">'
    return print_pdf(page + "</body></html>", target, furniture=False)  # a scan has no printed header

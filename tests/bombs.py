"""Hostile documents built on the spot (never downloaded): zip bombs in Word's clothing and PDFs whose
streams inflate far past their size. Used by the format limits' tests and the service's adversarial suite."""

from __future__ import annotations

import io
import struct
import zlib

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def repeated_deflate(
    block: bytes, times: int, head: bytes = b"", tail: bytes = b""
) -> tuple[bytes, int, int]:
    """(raw deflate data, CRC-32, Adler-32) of head + `block` × `times` + tail, made in well under a second:
    after a full flush a deflater's output for the same block is the same bytes, so it is compressed once."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = deflater.compress(head) + deflater.flush(zlib.Z_FULL_FLUSH)
    once = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    crc, adler = zlib.crc32(head), zlib.adler32(head)
    for _ in range(times):
        crc, adler = zlib.crc32(block, crc), zlib.adler32(block, adler)
    crc, adler = zlib.crc32(tail, crc), zlib.adler32(tail, adler)
    return start + once * times + deflater.compress(tail) + deflater.flush(), crc, adler


def _zip_member(name: bytes, data: bytes, crc: int, size: int, offset: int) -> tuple[bytes, bytes]:
    """(local header + data, central directory entry) of one deflated member."""
    fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0, crc, len(data), size)
    local = b"PK\x03\x04" + fields + struct.pack("<HH", len(name), 0) + name + data
    central = b"PK\x01\x02" + struct.pack("<H", 20) + fields
    central += struct.pack("<HHHHHII", len(name), 0, 0, 0, 0, 0, offset) + name
    return local, central


def docx_bomb(inflated_mb: int = 1200, declared_mb: float | None = None) -> bytes:
    """A .docx whose word/document.xml inflates to `inflated_mb` MB (one paragraph of one letter); the
    archive is about a thousandth of that. Its directory declares the true size, or `declared_mb` (a
    bomb that lies about its size)."""
    block = "ا".encode() * (512 * 1024)
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'
    head = head.encode()
    members = [(b"[Content_Types].xml", CONTENT_TYPES.encode()), (b"_rels/.rels", RELS.encode())]
    out, directory = b"", b""
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    for name, content in members:
        deflated, crc, _ = repeated_deflate(b"", 0, content)
        local, central = _zip_member(name, deflated, crc, len(content), len(out))
        out, directory = out + local, directory + central
    body, crc, _ = repeated_deflate(block, inflated_mb, head, tail)
    size = len(head) + len(block) * inflated_mb + len(tail)
    size = size if declared_mb is None else int(declared_mb * 1024 * 1024)
    local, central = _zip_member(b"word/document.xml", body, crc, size, len(out))
    out, directory = out + local, directory + central
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 3, 3, len(directory), len(out), 0)
    return out + directory + end


def pdf_with_content(stream: bytes, *, compressed: bool = True, pages: int = 1) -> bytes:
    """A minimal valid PDF of `pages` pages sharing one content stream (FlateDecode when `compressed`:
    `stream` is then already deflated)."""
    filters = "/Filter /FlateDecode " if compressed else ""
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        f"<< {filters}/Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Contents 3 0 R /Resources << >> >>"
        for _ in range(pages)
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_bomb(inflated_mb: int = 1024) -> bytes:
    """A PDF whose one content stream inflates to `inflated_mb` MB of blanks (about 1 MB on disk)."""
    deflated, _, adler = repeated_deflate(b" " * (1024 * 1024), inflated_mb)
    return pdf_with_content(b"\x78\xda" + deflated + struct.pack(">I", adler))  # a zlib stream

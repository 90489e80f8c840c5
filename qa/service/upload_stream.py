"""Receiving uploaded files as they stream in (the service's `POST /v1/ingest/upload`): a multipart body is
parsed chunk by chunk (python-multipart) and each file is written straight to disk in a folder of the
request, its size checked while it is written. A file with a bad name or over the per-file limit is refused
on its own (the others go on); nothing is ever held whole in memory. The caller removes the folder.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from qa.errors import InputError
from store.documents import check_upload_name

FILES_FIELD = "files"
MAX_FILES = 100
MAX_FIELDS = 20
MAX_FIELD_BYTES = 1024


@dataclass
class ReceivedFile:
    """One file of the form: where its bytes are, or why it was refused (`status` 400 or 413)."""

    sent_name: str
    path: Path | None = None
    error: InputError | None = None
    status: int = 200
    size: int = 0
    _handle: IO[bytes] | None = None


@dataclass
class ReceivedForm:
    files: list[ReceivedFile] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


class _Receiver:
    """python-multipart's callbacks: headers → a new file or field, data → written or kept."""

    def __init__(self, folder: Path, file_limit: int, limit_label: str) -> None:
        self.folder = folder
        self.file_limit = file_limit
        self.limit_label = limit_label
        self.form = ReceivedForm()
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._file: ReceivedFile | None = None
        self._field: tuple[str, bytearray] | None = None

    # headers of a part
    def on_part_begin(self) -> None:
        self._disposition, self._file, self._field = b"", None, None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.strip().lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" not in options:
            if len(self.form.fields) >= MAX_FIELDS:
                raise InputError(f"the form has more than {MAX_FIELDS} fields", "send 'files' and 'replace'")
            self._field = (name, bytearray())
            return
        if len(self.form.files) >= MAX_FILES:
            raise InputError(f"more than {MAX_FILES} files in one request", "send them in several requests")
        self._file = self._open(options[b"filename"].decode("utf-8", "surrogateescape"), name)

    def _open(self, sent: str, field_name: str) -> ReceivedFile:
        received = ReceivedFile(sent_name=sent.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
        self.form.files.append(received)
        if field_name != FILES_FIELD:
            sent_as = f"{received.sent_name}: sent as '{field_name}'"
            received.error = InputError(sent_as, "send documents in the field 'files'")
            received.status = 400
            return received
        try:
            safe = check_upload_name(sent)
        except InputError as exc:
            received.error, received.status = exc, 400
            return received
        folder = self.folder / uuid.uuid4().hex
        folder.mkdir()
        received.path = folder / safe
        received._handle = received.path.open("wb")
        return received

    # data of a part
    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._field is not None:
            if len(self._field[1]) + end - start > MAX_FIELD_BYTES:
                too_long = f"the form field '{self._field[0]}' is too long"
                raise InputError(too_long, "send 'replace' as true or false")
            self._field[1].extend(data[start:end])
            return
        received = self._file
        if received is None or received._handle is None:
            return  # a refused file: its bytes are read and dropped
        received.size += end - start
        if received.size > self.file_limit:
            self._refuse_too_large(received)
            return
        received._handle.write(data[start:end])

    def _refuse_too_large(self, received: ReceivedFile) -> None:
        assert received._handle is not None and received.path is not None  # noqa: S101
        received._handle.close()
        received._handle = None
        received.path.unlink(missing_ok=True)
        received.path = None
        received.status = 413
        received.error = InputError(
            f"{received.sent_name} is over the limit of {self.limit_label} per upload",
            "split the document or raise QA_UI_MAX_UPLOAD_MB",
        )

    def on_part_end(self) -> None:
        if self._field is not None:
            name, value = self._field
            self.form.fields[name] = value.decode("utf-8", "replace")
        elif self._file is not None and self._file._handle is not None:
            self._file._handle.close()
            self._file._handle = None

    def close_all(self) -> None:
        for received in self.form.files:
            if received._handle is not None:
                received._handle.close()
                received._handle = None

    def callbacks(self) -> dict[str, object]:
        names = ("on_part_begin", "on_part_data", "on_part_end", "on_header_field", "on_header_value")
        names += ("on_header_end", "on_headers_finished")
        return {name: getattr(self, name) for name in names}


async def receive_form(
    content_type: str, chunks: AsyncIterator[bytes], folder: Path, file_limit: int, limit_label: str
) -> ReceivedForm:
    """The files and fields of a multipart body, the files written under `folder` as they arrive."""
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise InputError("the multipart body has no boundary", "send the files as a multipart form")
    receiver = _Receiver(folder, file_limit, limit_label)
    parser = MultipartParser(boundary, receiver.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in chunks:
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError as exc:
        raise InputError("the multipart body is malformed", "send the files as a multipart form") from exc
    finally:
        receiver.close_all()
    if not receiver.form.files:
        raise InputError("no file in the request", "send one or more documents in the field 'files'")
    return receiver.form

"""Form bodies: ``application/x-www-form-urlencoded`` and ``multipart/form-data``.

Both parsers read the request stream chunk by chunk, keep at most one field (bounded by
``max_part_size``) plus one chunk in memory, and stop at the first limit crossed with a
``MultiPartException`` that ``Request.form()`` turns into a 400 (HARDENING: python-multipart
/ Starlette CVE-2024-24762, -47874, -53981, 2026-42561, and CVE-2026-54283 for urlencoded):

- more than ``max_fields`` fields or ``max_files`` files;
- a field (a part without ``filename``) over ``max_part_size`` bytes;
- part headers beyond python-multipart's per-part count and size caps, a body that does not
  start with the boundary (no unbounded preamble), an over-long boundary;
- a ``Content-Length`` (request or part) that is not a non-negative decimal.

Files are ``UploadFile``s over ``SpooledTemporaryFile(max_size=1 MiB)``; once spooled to
disk, ``UploadFile.write`` runs off the event loop. A client filename such as ``../../x`` is
only ever stored in ``UploadFile.filename``: nothing here builds a path from it.

Urlencoded bodies are split on ``&`` only (never ``;``), ``+`` is a space, and the charset of
the ``Content-Type`` decodes both kinds of fields (UTF-8 when absent or unknown).
"""

from __future__ import annotations

import codecs
from collections.abc import AsyncGenerator
from tempfile import SpooledTemporaryFile
from typing import Union
from urllib.parse import unquote_to_bytes

import anyio
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from asgi_core.datastructures import FormData, Headers, UploadFile

__all__ = ["FormParser", "MultiPartException", "MultiPartParser"]

_Item = tuple[str, Union[str, UploadFile]]


class MultiPartException(Exception):
    """A form body that breaks the format or a limit; ``message`` is safe to show clients."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _charset(params: dict[bytes, bytes], default: str) -> str:
    """The ``charset`` parameter if Python knows it, else ``default``."""
    raw = params.get(b"charset")
    if raw:
        name = raw.decode("latin-1").strip()
        try:
            return codecs.lookup(name).name
        except LookupError:
            return default
    return default


def _check_content_length(value: str | None) -> None:
    stripped = value.strip() if value is not None else "0"
    if not (stripped.isascii() and stripped.isdigit()):
        raise MultiPartException("Invalid Content-Length header.")


def _decode(raw: bytes | bytearray, charset: str) -> str:
    """A multipart name or value: ``charset`` if it decodes cleanly, else latin-1."""
    try:
        return raw.decode(charset)
    except UnicodeDecodeError:
        return raw.decode("latin-1")


async def _close_stream(stream: AsyncGenerator[bytes, None]) -> None:
    """Finalise the body stream now (a parser that stops early must not leave it to the GC)."""
    aclose = getattr(stream, "aclose", None)
    if aclose is not None:
        with anyio.CancelScope(shield=True):
            await aclose()


class _FieldSplitter:
    """Cuts a urlencoded stream into fields on ``&``, holding at most one field in memory."""

    __slots__ = ("_charset", "_count", "_max_fields", "_max_size", "_pending")

    def __init__(self, charset: str, max_fields: int | float, max_size: int) -> None:
        self._charset = charset
        self._max_fields = max_fields
        self._max_size = max_size
        self._count = 0
        self._pending = bytearray()

    def _too_big(self) -> MultiPartException:
        return MultiPartException(
            f"Field exceeded maximum size of {self._max_size // 1024}KB."
        )

    def feed(self, chunk: bytes, out: list[_Item]) -> None:
        if b"&" not in chunk:
            self._pending += chunk
            # name + "=" + value: anything past max_size + 1 bytes can only fail.
            if len(self._pending) > self._max_size + 1:
                raise self._too_big()
            return
        pieces = chunk.split(b"&")
        self._pending += pieces[0]
        self._field(bytes(self._pending), out)
        for piece in pieces[1:-1]:
            self._field(piece, out)
        self._pending = bytearray(pieces[-1])
        if len(self._pending) > self._max_size + 1:
            raise self._too_big()

    def close(self, out: list[_Item]) -> None:
        self._field(bytes(self._pending), out)
        self._pending = bytearray()

    def _field(self, segment: bytes, out: list[_Item]) -> None:
        if not segment:
            return
        self._count += 1
        if self._count > self._max_fields:
            raise MultiPartException(
                f"Too many fields. Maximum number of fields is {self._max_fields}."
            )
        name, _, value = segment.partition(b"=")
        if len(name) + len(value) > self._max_size:
            raise self._too_big()
        out.append((self._unquote(name), self._unquote(value)))

    def _unquote(self, raw: bytes) -> str:
        if b"+" in raw:
            raw = raw.replace(b"+", b" ")
        if b"%" in raw:
            raw = unquote_to_bytes(raw)
        return raw.decode(self._charset, errors="replace")


class FormParser:
    """``application/x-www-form-urlencoded``, with multipart's field-count and size limits."""

    def __init__(
        self,
        headers: Headers,
        stream: AsyncGenerator[bytes, None],
        *,
        max_fields: int | float = 1000,
        max_part_size: int = 1024 * 1024,
    ) -> None:
        self.headers = headers
        self.stream = stream
        self.max_fields = max_fields
        self.max_part_size = max_part_size

    async def parse(self) -> FormData:
        _check_content_length(self.headers.get("content-length"))
        _, params = parse_options_header(self.headers.get("content-type", ""))
        splitter = _FieldSplitter(_charset(params, "utf-8"), self.max_fields, self.max_part_size)
        items: list[_Item] = []
        try:
            async for chunk in self.stream:
                if chunk:
                    splitter.feed(chunk, items)
        finally:
            await _close_stream(self.stream)
        splitter.close(items)
        return FormData(items)


class _Part:
    """The part being parsed: raw headers, then either a field buffer or an upload."""

    __slots__ = ("data", "file", "header_name", "header_value", "headers", "name")

    def __init__(self) -> None:
        self.headers: list[tuple[bytes, bytes]] = []
        self.header_name = bytearray()
        self.header_value = bytearray()
        self.name = ""
        self.data = bytearray()
        self.file: UploadFile | None = None


class MultiPartParser:
    """``multipart/form-data`` on python-multipart's push parser."""

    spool_max_size = 1024 * 1024
    max_part_size = 1024 * 1024

    def __init__(
        self,
        headers: Headers,
        stream: AsyncGenerator[bytes, None],
        *,
        max_files: int | float = 1000,
        max_fields: int | float = 1000,
        max_part_size: int = 1024 * 1024,
    ) -> None:
        self.headers = headers
        self.stream = stream
        self.max_files = max_files
        self.max_fields = max_fields
        self.max_part_size = max_part_size
        self._charset = "utf-8"
        self._part = _Part()
        self._items: list[_Item] = []
        self._files: list[UploadFile] = []
        self._file_count = 0
        self._field_count = 0
        # File operations the synchronous callbacks queue for the async loop:
        # (file, data) writes, (file, None) "rewind, the part is complete".
        self._ops: list[tuple[UploadFile, bytes | None]] = []

    # python-multipart callbacks (synchronous, called from inside ``write``).

    def on_part_begin(self) -> None:
        self._part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._part.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._part.header_value += data[start:end]

    def on_header_end(self) -> None:
        part = self._part
        part.headers.append((bytes(part.header_name).lower(), bytes(part.header_value)))
        part.header_name = bytearray()
        part.header_value = bytearray()

    def on_headers_finished(self) -> None:
        part = self._part
        disposition = b""
        for name, value in part.headers:
            if name == b"content-disposition":
                disposition = value
            elif name == b"content-length":
                _check_content_length(value.decode("latin-1"))
        _, options = parse_options_header(disposition)
        if b"name" not in options:
            raise MultiPartException(
                'The Content-Disposition header field "name" must be provided.'
            )
        part.name = _decode(options[b"name"], self._charset)
        if b"filename" in options:
            self._file_count += 1
            if self._file_count > self.max_files:
                raise MultiPartException(
                    f"Too many files. Maximum number of files is {self.max_files}."
                )
            # Owned by the UploadFile from here on: FormData.close() / Request.close() close it.
            spool = SpooledTemporaryFile(max_size=self.spool_max_size)  # noqa: SIM115
            part.file = UploadFile(
                file=spool,
                size=0,
                filename=_decode(options[b"filename"], self._charset),
                headers=Headers(raw=part.headers),
            )
            self._files.append(part.file)
        else:
            self._field_count += 1
            if self._field_count > self.max_fields:
                raise MultiPartException(
                    f"Too many fields. Maximum number of fields is {self.max_fields}."
                )

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        if part.file is not None:
            self._ops.append((part.file, data[start:end]))
            return
        part.data += data[start:end]
        if len(part.data) > self.max_part_size:
            raise MultiPartException(
                f"Part exceeded maximum size of {self.max_part_size // 1024}KB."
            )

    def on_part_end(self) -> None:
        part = self._part
        if part.file is None:
            self._items.append((part.name, _decode(part.data, self._charset)))
        else:
            self._ops.append((part.file, None))
            self._items.append((part.name, part.file))

    # The async driver.

    def _make_parser(self) -> MultipartParser:
        _check_content_length(self.headers.get("content-length"))
        _, params = parse_options_header(self.headers.get("content-type", ""))
        boundary = params.get(b"boundary")
        if not boundary:
            raise MultiPartException("Missing boundary in multipart.")
        self._charset = _charset(params, "utf-8")
        callbacks = {
            "on_part_begin": self.on_part_begin,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
        }
        try:
            return MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
        except FormParserError as exc:
            raise MultiPartException("Invalid multipart data.") from exc

    async def _flush(self) -> None:
        ops, self._ops = self._ops, []
        for file, data in ops:
            if data is None:
                await file.seek(0)
            else:
                await file.write(data)

    async def _run(self) -> FormData:
        try:
            parser = self._make_parser()
            async for chunk in self.stream:
                if not chunk:
                    continue
                try:
                    parser.write(chunk)
                except FormParserError as exc:
                    raise MultiPartException("Invalid multipart data.") from exc
                await self._flush()
        finally:
            await _close_stream(self.stream)
        parser.finalize()
        await self._flush()
        return FormData(self._items)

    async def parse(self) -> FormData:
        """The form; on any error every upload opened so far is closed before it propagates."""
        try:
            form = await self._run()
        except BaseException:
            await self._close_files(self._files)
            raise
        # Uploads of a part the body never finished (no closing boundary) are dropped.
        kept = {id(value) for _, value in self._items if isinstance(value, UploadFile)}
        await self._close_files([f for f in self._files if id(f) not in kept])
        return form

    @staticmethod
    async def _close_files(files: list[UploadFile]) -> None:
        with anyio.CancelScope(shield=True):
            for file in files:
                await file.close()

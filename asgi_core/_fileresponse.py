"""``FileResponse``: a file from disk, with validators, 304s and byte ranges.

Headers as Starlette forms them: Content-Type guessed from the name, ``Accept-Ranges:
bytes``, Content-Disposition (``filename*=utf-8''...`` when the name needs quoting),
Content-Length, Last-Modified and an ETag of ``md5("{mtime}-{size}")``. A GET/HEAD whose
``If-None-Match``/``If-Modified-Since`` says the client's copy is current gets 304 with no
body. ``Range`` (honouring ``If-Range``) gives 206 for one range, 206
``multipart/byteranges`` for several, 416 when unsatisfiable, 400 when malformed; more than
100 ranges and the header is ignored (``asgi_core.ranges``). The file is opened, stat'ed and
read in 64 KiB chunks in worker threads (``run_in_threadpool``'s hop); with the
``http.response.pathsend`` extension the server sends it instead. The background task runs
after every answer, including 304/400/416 (Starlette skips it for 400/416; a temp-file
cleanup must not leak).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from email.utils import formatdate
from mimetypes import guess_type
from secrets import token_hex
from typing import Any
from urllib.parse import quote

from asgi_core._conditional import NOT_MODIFIED_HEADERS, if_range_allows, is_not_modified
from asgi_core._response import RawHeaders, Response, check_header, message_types
from asgi_core._threadpool import run_sync
from asgi_core.background import BackgroundTask
from asgi_core.ranges import (
    DEFAULT_MAX_RANGES,
    MalformedRangeHeader,
    RangeNotSatisfiable,
    TooManyRanges,
    parse_range_header,
)
from asgi_core.types import Receive, Scope, Send

__all__ = ["FileResponse"]

_REQUEST_HEADERS = {b"range": 0, b"if-range": 1, b"if-none-match": 2, b"if-modified-since": 3}
_CONTENT_LENGTH = b"content-length"
_CONTENT_TYPE = b"content-type"
_PATHSEND = "http.response.pathsend"


def _request_validators(scope: Scope) -> list[str | None]:
    """The first Range, If-Range, If-None-Match and If-Modified-Since values, one scan."""
    found: list[str | None] = [None, None, None, None]
    for name, value in scope.get("headers", ()):
        index = _REQUEST_HEADERS.get(name)
        if index is not None and found[index] is None:
            found[index] = value.decode("latin-1")
    return found


def _header(raw: RawHeaders, name: bytes) -> str | None:
    for key, value in raw:
        if key == name:
            return value.decode("latin-1")
    return None


def _replaced(raw: RawHeaders, name: bytes, value: bytes) -> RawHeaders:
    """A copy of ``raw`` with ``name`` set to ``value`` in place (or appended)."""
    out = [(key, value if key == name else old) for key, old in raw]
    if not any(key == name for key, _ in raw):
        out.append((name, value))
    return out


class FileResponse(Response):
    """Serve the file at ``path`` (stat'ed when called unless ``stat_result`` is given)."""

    __slots__ = ("content_disposition_type", "filename", "path", "send_header_only",
                 "stat_result")

    chunk_size = 64 * 1024
    max_ranges = DEFAULT_MAX_RANGES

    def __init__(
        self,
        path: str | os.PathLike[str],
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
        filename: str | None = None,
        stat_result: os.stat_result | None = None,
        method: str | None = None,
        content_disposition_type: str = "attachment",
    ) -> None:
        self.path = path
        self.status_code = status_code
        self.filename = filename
        self.content_disposition_type = content_disposition_type
        # ``method`` is the pre-scope way to say HEAD; the scope's method is used too.
        self.send_header_only = method is not None and method.upper() == "HEAD"
        if media_type is None:
            media_type = guess_type(filename or path)[0] or "application/octet-stream"
        self.media_type = media_type
        self.background = background
        self.init_headers(headers)
        self._setdefault(b"accept-ranges", b"bytes")
        if filename is not None:
            self._setdefault(b"content-disposition", self._disposition(filename))
        self.stat_result = stat_result
        if stat_result is not None:
            self.set_stat_headers(stat_result)
        self._mark_checked()  # every header so far was checked or is our own

    def _disposition(self, filename: str) -> bytes:
        quoted = quote(filename)
        if quoted != filename:
            value = f"{self.content_disposition_type}; filename*=utf-8''{quoted}"
        else:
            value = f'{self.content_disposition_type}; filename="{filename}"'
        encoded = value.encode("latin-1")
        check_header(b"content-disposition", encoded)
        return encoded

    def _setdefault(self, name: bytes, value: bytes) -> None:
        if not any(key == name for key, _ in self.raw_headers):
            self.raw_headers.append((name, value))

    def set_stat_headers(self, stat_result: os.stat_result) -> None:
        """Add Content-Length, Last-Modified and ETag (unless already set) from a stat."""
        mtime, size = stat_result.st_mtime, stat_result.st_size
        digest = hashlib.md5(f"{mtime}-{size}".encode(), usedforsecurity=False).hexdigest()
        self._setdefault(_CONTENT_LENGTH, str(size).encode("latin-1"))
        self._setdefault(b"last-modified", formatdate(mtime, usegmt=True).encode("latin-1"))
        self._setdefault(b"etag", f'"{digest}"'.encode("latin-1"))

    async def _stat(self) -> os.stat_result:
        try:
            result = await run_sync(os.stat, self.path)
        except FileNotFoundError:
            raise RuntimeError(f"File at path {self.path} does not exist.") from None
        if not stat.S_ISREG(result.st_mode):
            raise RuntimeError(f"File at path {self.path} is not a file.")
        return result

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        stat_result = self.stat_result
        if stat_result is None:
            stat_result = self.stat_result = await self._stat()
            self.set_stat_headers(stat_result)
        method = scope.get("method", "GET").upper()
        header_only = self.send_header_only or method == "HEAD"
        if self.status_code == 200 and method in ("GET", "HEAD"):
            response = await self._conditional(scope, send, stat_result.st_size, header_only)
        else:
            response = None
            await self._send_whole(scope, send, header_only)
        if response is not None:
            await response(scope, receive, send)
        if self.background is not None:
            await self.background()

    async def _conditional(
        self, scope: Scope, send: Send, size: int, header_only: bool
    ) -> Response | None:
        """Answer a GET/HEAD: 304, ranges or the whole file; an error response to send."""
        range_value, if_range, if_none_match, if_modified_since = _request_validators(scope)
        raw = self._verified_headers()
        etag, last_modified = _header(raw, b"etag"), _header(raw, b"last-modified")
        if is_not_modified(if_none_match, if_modified_since, etag, last_modified):
            start, body = message_types(scope)
            headers = [(k, v) for k, v in raw if k in NOT_MODIFIED_HEADERS]
            await send({"type": start, "status": 304, "headers": headers})
            await send({"type": body, "body": b""})
            return None
        if range_value is None or not if_range_allows(if_range, etag, last_modified):
            await self._send_whole(scope, send, header_only)
            return None
        try:
            ranges = parse_range_header(range_value, size, self.max_ranges)
        except TooManyRanges:
            await self._send_whole(scope, send, header_only)
            return None
        except MalformedRangeHeader as exc:
            return Response(exc.content, 400, media_type="text/plain")
        except RangeNotSatisfiable as exc:
            unsatisfiable = {"content-range": f"bytes */{exc.max_size}"}
            return Response("", 416, headers=unsatisfiable, media_type="text/plain")
        if len(ranges) == 1:
            await self._send_range(scope, send, ranges[0], size, header_only)
        else:
            await self._send_multipart(scope, send, ranges, size, header_only)
        return None

    async def _send_whole(self, scope: Scope, send: Send, header_only: bool) -> None:
        start, body = message_types(scope)
        await send({"type": start, "status": self.status_code, "headers": self._verified_headers()})
        if header_only:
            await send({"type": body, "body": b"", "more_body": False})
        elif _PATHSEND in (scope.get("extensions") or {}):
            await send({"type": _PATHSEND, "path": os.fspath(self.path)})
        else:
            chunk_size = self.chunk_size
            async with _ThreadFile(self.path) as file:
                more_body = True
                while more_body:
                    chunk = await file.read(chunk_size)
                    more_body = len(chunk) == chunk_size
                    await send({"type": body, "body": chunk, "more_body": more_body})

    async def _send_range(
        self, scope: Scope, send: Send, byte_range: tuple[int, int], size: int, header_only: bool
    ) -> None:
        first, end = byte_range
        raw = _replaced(self._verified_headers(), _CONTENT_LENGTH, str(end - first).encode())
        raw.append((b"content-range", f"bytes {first}-{end - 1}/{size}".encode()))
        start, body = message_types(scope)
        await send({"type": start, "status": 206, "headers": raw})
        if header_only:
            await send({"type": body, "body": b"", "more_body": False})
            return
        async with _ThreadFile(self.path) as file:
            await self._send_slice(file, send, body, first, end, last=True)

    async def _send_slice(
        self, file: Any, send: Send, body: str, first: int, end: int, *, last: bool
    ) -> None:
        """Send bytes ``[first, end)`` of ``file``; ``more_body`` ends False only if ``last``."""
        await file.seek(first)
        remaining = end - first
        while remaining > 0:
            chunk = await file.read(min(self.chunk_size, remaining))
            remaining = remaining - len(chunk) if chunk else 0  # a file cut short ends here
            await send({"type": body, "body": chunk, "more_body": remaining > 0 or not last})

    async def _send_multipart(
        self,
        scope: Scope,
        send: Send,
        ranges: list[tuple[int, int]],
        size: int,
        header_only: bool,
    ) -> None:
        boundary = token_hex(13)
        raw = self._verified_headers()
        content_type = _header(raw, _CONTENT_TYPE) or str(self.media_type)
        part_heads = [
            (
                f"--{boundary}\r\nContent-Type: {content_type}\r\n"
                f"Content-Range: bytes {first}-{end - 1}/{size}\r\n\r\n"
            ).encode("latin-1")
            for first, end in ranges
        ]
        closing = f"--{boundary}--".encode("latin-1")
        parts = list(zip(part_heads, ranges, strict=True))
        length = len(closing) + sum(len(head) + end - first + 2 for head, (first, end) in parts)
        multipart_type = f"multipart/byteranges; boundary={boundary}".encode("latin-1")
        raw = _replaced(_replaced(raw, _CONTENT_TYPE, multipart_type),
                        _CONTENT_LENGTH, str(length).encode("latin-1"))
        start, body = message_types(scope)
        await send({"type": start, "status": 206, "headers": raw})
        if header_only:
            await send({"type": body, "body": b"", "more_body": False})
            return
        async with _ThreadFile(self.path) as file:
            for head, (first, end) in parts:
                await send({"type": body, "body": head, "more_body": True})
                await self._send_slice(file, send, body, first, end, last=False)
                await send({"type": body, "body": b"\r\n", "more_body": True})
        await send({"type": body, "body": closing, "more_body": False})


class _ThreadFile:
    """The response's file, opened and read through the worker-thread hop.

    ``open``, ``read`` and ``seek`` may block on a slow disk, so they run in a worker
    thread (the same hop as ``run_in_threadpool``); ``close`` of a file opened for reading
    does not, and runs here, so a cancelled response still releases its descriptor.
    """

    __slots__ = ("_file", "_path")

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._path = path
        self._file: Any = None

    async def __aenter__(self) -> _ThreadFile:
        self._file = await run_sync(open, self._path, "rb")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._file.close()

    async def read(self, size: int) -> bytes:
        chunk: bytes = await run_sync(self._file.read, size)
        return chunk

    async def seek(self, offset: int) -> int:
        position: int = await run_sync(self._file.seek, offset)
        return position

"""The response a test receives, shaped like httpx's ``Response``.

One class serves the sync and the async client: the body is either already read
(``content``) or still a stream of chunks, sync (``iter_*``) or async (``aiter_*``).
Streams are accumulated while they are consumed, so ``content`` works afterwards.
"""

from __future__ import annotations

import codecs
import datetime
import json as jsonlib
import zlib
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from contextlib import aclosing
from http import HTTPStatus
from typing import Any

from ._cookies import Cookies
from ._headers import Headers, HeaderTypes
from ._request import Request
from ._urls import URL

__all__ = ["HTTPStatusError", "Response", "ResponseNotRead", "StreamConsumed"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ERROR_KINDS = {1: "Informational response", 3: "Redirect response", 4: "Client error",
                5: "Server error"}


class HTTPStatusError(Exception):
    """``raise_for_status()`` on a non-2xx response; carries ``request`` and ``response``."""

    def __init__(self, message: str, *, request: Request, response: Response) -> None:
        super().__init__(message)
        self.request = request
        self.response = response


class ResponseNotRead(RuntimeError):
    """``content``/``text``/``json()`` on a streamed response before ``read()``."""

    def __init__(self) -> None:
        super().__init__(
            "Attempted to access streaming response content, without having called `read()`."
        )


class StreamConsumed(RuntimeError):
    """A second pass over a stream that was iterated without being stored."""


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
            try:
                return codecs.lookup(charset).name
            except LookupError:
                return None
    return None


def _split_lines(buffer: str) -> tuple[list[str], str]:
    """Complete lines (``\\n``, ``\\r\\n`` or ``\\r`` ended) and the unfinished tail."""
    lines = buffer.splitlines(keepends=True)
    if not lines:
        return [], ""
    tail = ""
    last = lines[-1]
    if not last.endswith(("\n", "\r")) or (last.endswith("\r") and not last.endswith("\r\n")):
        tail = lines.pop()
    return [line.rstrip("\r\n") for line in lines], tail


class Response:
    """Status, headers and body of one exchange with the app."""

    __slots__ = (
        "_chunks",
        "_closer",
        "_content",
        "_cookies",
        "_encoding",
        "_stream",
        "context",
        "elapsed",
        "extensions",
        "headers",
        "history",
        "is_closed",
        "next_request",
        "request",
        "status_code",
        "template",
    )

    def __init__(
        self,
        status_code: int,
        *,
        headers: HeaderTypes | None = None,
        content: bytes | None = None,
        stream: Iterator[bytes] | AsyncIterator[bytes] | None = None,
        request: Request | None = None,
        closer: Callable[[], Any] | None = None,
    ) -> None:
        self.status_code = status_code
        self.headers = Headers(headers)
        self._content = content
        self._stream = stream
        self._chunks: list[bytes] = []
        self._closer = closer
        self._cookies: Cookies | None = None
        self._encoding: str | None = None
        self.request: Request = request if request is not None else Request("GET", "")
        self.history: list[Response] = []
        self.next_request: Request | None = None
        self.template: Any = None
        self.context: Any = None
        self.extensions: dict[str, Any] = {}
        self.elapsed = datetime.timedelta(0)
        self.is_closed = content is not None

    # -- status --------------------------------------------------------------------------
    @property
    def reason_phrase(self) -> str:
        try:
            return HTTPStatus(self.status_code).phrase
        except ValueError:
            return ""

    @property
    def http_version(self) -> str:
        return "HTTP/1.1"

    @property
    def url(self) -> URL:
        return self.request.url

    @property
    def is_informational(self) -> bool:
        return 100 <= self.status_code < 200

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def is_redirect(self) -> bool:
        return self.status_code in _REDIRECTS and "location" in self.headers

    has_redirect_location = is_redirect

    @property
    def is_client_error(self) -> bool:
        return 400 <= self.status_code < 500

    @property
    def is_server_error(self) -> bool:
        return 500 <= self.status_code < 600

    @property
    def is_error(self) -> bool:
        return 400 <= self.status_code < 600

    def raise_for_status(self) -> Response:
        """``self`` when 2xx, else ``HTTPStatusError`` carrying request and response."""
        if self.is_success:
            return self
        kind = _ERROR_KINDS.get(self.status_code // 100, "Invalid status code")
        message = f"{kind} '{self.status_code} {self.reason_phrase}' for url '{self.url}'"
        if self.is_redirect:
            message += f"\nRedirect location: '{self.headers['location']}'"
        message += (
            "\nFor more information check: "
            f"https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/{self.status_code}"
        )
        raise HTTPStatusError(message, request=self.request, response=self)

    # -- body ----------------------------------------------------------------------------
    @property
    def content(self) -> bytes:
        """The body, decoded from ``Content-Encoding`` gzip/deflate as httpx decodes it."""
        if self._content is None:
            raise ResponseNotRead()
        decoder = self._decoder()
        if decoder is None:
            return self._content
        decoded: bytes = decoder.decompress(self._content) + decoder.flush()
        return decoded

    def _decoder(self) -> Any:
        """A zlib decompressor for the response's Content-Encoding, or None (identity)."""
        coding = (self.headers.get("content-encoding") or "").strip().lower()
        if coding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if coding == "deflate":
            return zlib.decompressobj()
        return None

    @property
    def charset_encoding(self) -> str | None:
        return _charset(self.headers.get("content-type"))

    @property
    def encoding(self) -> str:
        """The text encoding: set explicitly, else the Content-Type charset, else UTF-8."""
        return self._encoding or self.charset_encoding or "utf-8"

    @encoding.setter
    def encoding(self, value: str) -> None:
        self._encoding = value

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding, errors="replace")

    def json(self, **kwargs: Any) -> Any:
        return jsonlib.loads(self.content, **kwargs)

    @property
    def cookies(self) -> Cookies:
        """The cookies this response sets."""
        if self._cookies is None:
            self._cookies = Cookies()
            self._cookies.extract(self.headers.get_list("set-cookie"), self.url)
        return self._cookies

    @property
    def num_bytes_downloaded(self) -> int:
        return len(self._content) if self._content is not None else sum(map(len, self._chunks))

    # -- sync streaming ------------------------------------------------------------------
    def _raw_chunks(self) -> Iterator[bytes]:
        if self._content is not None:
            if self._content:
                yield self._content
            return
        if self._stream is None or not isinstance(self._stream, Iterator):
            raise StreamConsumed("this response streams asynchronously: use aiter_bytes()")
        try:
            for chunk in self._stream:
                self._chunks.append(chunk)
                yield chunk
            self._content = b"".join(self._chunks)
        finally:
            self.close()

    def read(self) -> bytes:
        for _ in self._raw_chunks():
            pass
        return self.content

    def iter_raw(self, chunk_size: int | None = None) -> Iterator[bytes]:
        yield from _rechunk(self._raw_chunks(), chunk_size)

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body chunk by chunk, decoded from gzip/deflate as it arrives."""
        decoder = self._decoder()
        if decoder is None:
            yield from self.iter_raw(chunk_size)
            return
        decoded = (decoder.decompress(chunk) for chunk in self._raw_chunks())
        yield from _rechunk((c for c in decoded if c), chunk_size)
        tail = decoder.flush()
        if tail:
            yield tail

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="replace")
        for chunk in self.iter_bytes(chunk_size):
            text = decoder.decode(chunk)
            if text:
                yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    def iter_lines(self) -> Iterator[str]:
        pending = ""
        for text in self.iter_text():
            lines, pending = _split_lines(pending + text)
            yield from lines
        if pending:
            yield pending.rstrip("\r\n")

    def close(self) -> None:
        if not self.is_closed:
            self.is_closed = True
            if self._closer is not None:
                self._closer()

    # -- async streaming -----------------------------------------------------------------
    async def _araw_chunks(self) -> AsyncGenerator[bytes, None]:
        if self._content is not None:
            if self._content:
                yield self._content
            return
        if self._stream is None or not isinstance(self._stream, AsyncIterator):
            raise StreamConsumed("this response streams synchronously: use iter_bytes()")
        stream = self._stream
        try:
            async for chunk in stream:
                self._chunks.append(chunk)
                yield chunk
            self._content = b"".join(self._chunks)
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()
            await self.aclose()

    async def aread(self) -> bytes:
        async for _ in self._araw_chunks():
            pass
        return self.content

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncGenerator[bytes, None]:
        buffer = b""
        async with aclosing(self._araw_chunks()) as chunks:
            async for chunk in chunks:
                if chunk_size is None:
                    yield chunk
                    continue
                buffer += chunk
                while len(buffer) >= chunk_size:
                    yield buffer[:chunk_size]
                    buffer = buffer[chunk_size:]
        if buffer:
            yield buffer

    aiter_raw = aiter_bytes

    async def aiter_text(self, chunk_size: int | None = None) -> AsyncGenerator[str, None]:
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="replace")
        async with aclosing(self.aiter_bytes(chunk_size)) as chunks:
            async for chunk in chunks:
                text = decoder.decode(chunk)
                if text:
                    yield text
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail

    async def aiter_lines(self) -> AsyncGenerator[str, None]:
        pending = ""
        async with aclosing(self.aiter_text()) as texts:
            async for text in texts:
                lines, pending = _split_lines(pending + text)
                for line in lines:
                    yield line
        if pending:
            yield pending.rstrip("\r\n")

    async def aclose(self) -> None:
        if not self.is_closed:
            self.is_closed = True
            if self._closer is not None:
                result = self._closer()
                if hasattr(result, "__await__"):
                    await result

    def __repr__(self) -> str:
        return f"<Response [{self.status_code} {self.reason_phrase}]>"


def _rechunk(chunks: Iterator[bytes], chunk_size: int | None) -> Iterator[bytes]:
    if chunk_size is None:
        yield from chunks
        return
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= chunk_size:
            yield buffer[:chunk_size]
            buffer = buffer[chunk_size:]
    if buffer:
        yield buffer

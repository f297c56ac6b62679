"""``Response``: a status, raw headers and a body, sent as one ASGI response.

The base every other response class builds on; ``asgi_core.responses`` re-exports it.
Headers live in ``raw_headers`` (``[(lower-case name, value), ...]`` as bytes, the shape
ASGI sends); ``response.headers`` is a ``MutableHeaders`` view editing that same list.

Response splitting (HARDENING, CVE-2020-7695): a header name or value holding CR, LF or NUL
raises ``ValueError`` when the response is built or a cookie is set, and — because
``response.headers`` and ``raw_headers`` can be edited afterwards — the list is checked
again before ``http.response.start`` whenever it may have changed, so such a header is never
sent. The untouched common case skips that second scan.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from asgi_core.background import BackgroundTask
from asgi_core.types import Receive, Scope, Send

if TYPE_CHECKING:
    from asgi_core.datastructures import MutableHeaders

__all__ = ["Response", "check_header", "message_types"]

RawHeaders = list[tuple[bytes, bytes]]
_R = TypeVar("_R", bound="Response")

_FORBIDDEN = re.compile(rb"[\r\n\x00]").search
_FORBIDDEN_TEXT = re.compile(r"[\r\n\x00]").search
_CONTENT_LENGTH = b"content-length"
_CONTENT_TYPE = b"content-type"
_SET_COOKIE = b"set-cookie"
_NO_BODY_STATUSES = frozenset({204, 304})
# ``scope["type"]`` -> (start message type, body message type). A response sent on a
# WebSocket scope is the WebSocket Denial Response extension.
_MESSAGE_TYPES = {
    "http": ("http.response.start", "http.response.body"),
    "websocket": ("websocket.http.response.start", "websocket.http.response.body"),
}
_CONTENT_TYPES: dict[tuple[str, str], bytes] = {}
_CONTENT_TYPE_CACHE_SIZE = 256


@functools.cache
def _checked_headers_class() -> type[MutableHeaders]:
    """``MutableHeaders`` whose every write checks for CR/LF/NUL (built on first use, so a
    response that never touches ``.headers`` never imports the datastructures module)."""
    from asgi_core.datastructures import MutableHeaders

    class ResponseHeaders(MutableHeaders):
        __slots__ = ()

        def __setitem__(self, key: str, value: str) -> None:
            check_header(key.encode("latin-1"), value.encode("latin-1"))
            super().__setitem__(key, value)

        def setdefault(self, key: str, value: str) -> str:
            check_header(key.encode("latin-1"), value.encode("latin-1"))
            return super().setdefault(key, value)

        def append(self, key: str, value: str) -> None:
            check_header(key.encode("latin-1"), value.encode("latin-1"))
            super().append(key, value)

    ResponseHeaders.__qualname__ = ResponseHeaders.__name__ = "MutableHeaders"
    return ResponseHeaders


def message_types(scope: Scope) -> tuple[str, str]:
    """The ``(start, body)`` message types to send on ``scope``."""
    return _MESSAGE_TYPES.get(scope["type"], _MESSAGE_TYPES["http"])


def check_header(name: bytes, value: bytes) -> None:
    """Raise ``ValueError`` if a header name or value holds CR, LF or NUL."""
    if _FORBIDDEN(name) is not None or _FORBIDDEN(value) is not None:
        raise ValueError(
            f"Invalid header {name!r}: {value!r}; CR, LF and NUL are not allowed in headers"
        )


def _content_type(media_type: str, charset: str) -> bytes:
    """The encoded Content-Type for ``media_type``: ``text/*`` gains ``; charset=``."""
    key = (media_type, charset)
    cached = _CONTENT_TYPES.get(key)
    if cached is not None:
        return cached
    value = media_type
    if media_type.startswith("text/") and "charset=" not in media_type.lower():
        value = f"{media_type}; charset={charset}"
    encoded = value.encode("latin-1")
    if len(_CONTENT_TYPES) < _CONTENT_TYPE_CACHE_SIZE:
        _CONTENT_TYPES[key] = encoded
    return encoded


class Response:
    """An HTTP response whose whole body is known up front.

    ``content`` is rendered by ``render`` (``str`` encoded with ``charset``, bytes kept);
    ``init_headers`` adds Content-Length (not for 1xx/204/304, not when given) and
    Content-Type from ``media_type``.
    """

    # ``__dict__`` stays available: subclasses set ``media_type``/``charset`` as class
    # attributes that an instance may override, and users hang their own attributes here.
    __slots__ = ("__dict__", "_checked", "_headers", "background", "body", "raw_headers",
                 "status_code")

    media_type: str | None = None
    charset = "utf-8"

    def __init__(
        self,
        content: Any = None,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        media_type: str | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        self.status_code = status_code
        if media_type is not None:
            self.media_type = media_type
        self.background = background
        self.body = self.render(content)
        self.init_headers(headers)

    @classmethod
    def from_parts(
        cls: type[_R],
        body: bytes,
        status_code: int,
        raw_headers: RawHeaders,
        background: BackgroundTask | None = None,
        *,
        verified: bool = False,
    ) -> _R:
        """A response from already-rendered parts, skipping ``render``/``init_headers``.

        For framework hot paths that have the body bytes and a header list built from
        constants; the headers are checked here, once, unless the caller says they are
        ``verified`` (built only from checked constants and Content-Length digits).
        """
        if not verified:
            for name, value in raw_headers:
                check_header(name, value)
        response = cls.__new__(cls)
        response.status_code = status_code
        response.background = background
        response.body = body
        response.raw_headers = raw_headers
        response._checked = tuple(raw_headers)
        return response

    def render(self, content: Any) -> bytes | memoryview:
        """The body bytes for ``content``: ``b""`` for ``None``, ``str`` encoded."""
        if content is None:
            return b""
        if isinstance(content, (bytes, memoryview)):
            return content
        return content.encode(self.charset)  # type: ignore[no-any-return]

    def init_headers(self, headers: Mapping[str, str] | None = None) -> None:
        """Build ``raw_headers`` from ``headers`` plus Content-Length and Content-Type."""
        raw: RawHeaders
        if headers is None:
            raw = []
            add_length = add_type = True
        else:
            raw = []
            for key, value in headers.items():
                name = key.lower().encode("latin-1")
                encoded = value.encode("latin-1")
                check_header(name, encoded)
                raw.append((name, encoded))
            add_length = add_type = True
            for name, _ in raw:
                if name == _CONTENT_LENGTH:
                    add_length = False
                elif name == _CONTENT_TYPE:
                    add_type = False
        body = getattr(self, "body", None)
        status = self.status_code
        if body is not None and add_length and not (status < 200 or status in _NO_BODY_STATUSES):
            raw.append((_CONTENT_LENGTH, str(len(body)).encode("latin-1")))
        media_type = self.media_type
        if media_type is not None and add_type:
            content_type = _content_type(media_type, self.charset)
            check_header(_CONTENT_TYPE, content_type)
            raw.append((_CONTENT_TYPE, content_type))
        self.raw_headers = raw
        self._checked: tuple[tuple[bytes, bytes], ...] | None = tuple(raw)

    @property
    def headers(self) -> MutableHeaders:
        """A ``MutableHeaders`` editing ``raw_headers`` in place; setting CR/LF/NUL raises."""
        headers = getattr(self, "_headers", None)
        if headers is None or headers.raw is not self.raw_headers:
            headers = self._headers = _checked_headers_class()(raw=self.raw_headers)
        return headers

    def _mark_checked(self) -> None:
        """Record ``raw_headers`` as verified (only where every entry was just checked)."""
        self._checked = tuple(self.raw_headers)

    def _verified_headers(self) -> RawHeaders:
        """``raw_headers``, re-checked for CR/LF/NUL unless unchanged since verified."""
        raw = self.raw_headers
        if getattr(self, "_checked", None) != tuple(raw):
            for name, value in raw:
                check_header(name, value)
        return raw

    def set_cookie(
        self,
        key: str,
        value: str = "",
        max_age: int | None = None,
        expires: datetime | str | int | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] | None = "lax",
        partitioned: bool = False,
    ) -> None:
        """Append a ``Set-Cookie`` header; CR, LF or NUL anywhere in it raises ``ValueError``."""
        from asgi_core.cookies import format_set_cookie

        for part in (key, value, path, domain, expires, samesite):
            if isinstance(part, str) and _FORBIDDEN_TEXT(part) is not None:
                raise ValueError(f"Invalid cookie part {part!r}: CR, LF and NUL are not allowed")
        cookie = format_set_cookie(
            key, value, max_age, expires, path, domain, secure, httponly, samesite, partitioned
        )
        encoded = cookie.encode("latin-1")
        check_header(_SET_COOKIE, encoded)
        self.raw_headers.append((_SET_COOKIE, encoded))

    def delete_cookie(
        self,
        key: str,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] | None = "lax",
        partitioned: bool = False,
    ) -> None:
        """Expire cookie ``key`` now (``Max-Age=0`` and an ``expires`` of now)."""
        self.set_cookie(
            key,
            max_age=0,
            expires=0,
            path=path,
            domain=domain,
            secure=secure,
            httponly=httponly,
            samesite=samesite,
            partitioned=partitioned,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        start, body = message_types(scope)
        await send({"type": start, "status": self.status_code, "headers": self._verified_headers()})
        await send({"type": body, "body": self.body})
        if self.background is not None:
            await self.background()

"""The outgoing request a test sends, and the encoding of its body.

``encode_body`` turns httpx's body arguments (``content``, ``data``, ``files``, ``json``)
into bytes plus the ``Content-Length``/``Content-Type`` headers they imply; the whole body
is sent to the app in a single ``http.request`` message.
"""

from __future__ import annotations

import base64
import json as jsonlib
from collections.abc import AsyncIterable, Iterable, Mapping
from typing import Any, Union
from urllib.parse import urlencode

from ._headers import Headers
from ._multipart import RequestFiles, encode_multipart
from ._urls import URL

__all__ = [
    "BODY_METHODS",
    "Request",
    "RequestContent",
    "RequestData",
    "basic_auth",
    "encode_body",
]

RequestContent = Union[str, bytes, Iterable[bytes]]
RequestData = Union[Mapping[str, Any], str, bytes]
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class Request:
    """What was sent: ``method``, absolute ``url``, ``headers`` and the body ``content``."""

    __slots__ = ("content", "extensions", "headers", "method", "url")

    def __init__(
        self,
        method: str,
        url: URL | str,
        *,
        headers: Headers | None = None,
        content: bytes = b"",
    ) -> None:
        self.method = method.upper()
        self.url = url if isinstance(url, URL) else URL(url)
        self.headers = headers if headers is not None else Headers()
        self.content = content
        self.extensions: dict[str, Any] = {}

    def read(self) -> bytes:
        return self.content

    async def aread(self) -> bytes:
        return self.content

    def __repr__(self) -> str:
        return f"<Request({self.method!r}, {str(self.url)!r})>"


def _primitive(value: Any) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    return str(value)


def _encode_form(data: Mapping[str, Any]) -> bytes:
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs.extend((str(key), _primitive(v)) for v in values)
    return urlencode(pairs).encode("ascii")


def _encode_content(content: RequestContent) -> bytes:
    if isinstance(content, str):
        return content.encode()
    if isinstance(content, (bytes, bytearray, memoryview)):
        return bytes(content)
    if isinstance(content, AsyncIterable):
        raise TypeError("an async iterable body needs the async client")
    return b"".join(content)


def encode_body(
    method: str,
    *,
    content: RequestContent | None = None,
    data: RequestData | None = None,
    files: RequestFiles | None = None,
    json: Any = None,
) -> tuple[bytes, list[tuple[str, str]]]:
    """The body bytes and the headers describing them, from httpx's body arguments."""
    content_type: str | None = None
    if content is not None:
        body = _encode_content(content)
    elif isinstance(data, (str, bytes)):
        body = _encode_content(data)
    elif files:
        body, content_type = encode_multipart(data, files)
    elif data:
        body, content_type = _encode_form(data), "application/x-www-form-urlencoded"
    elif json is not None:
        text = jsonlib.dumps(json, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        body, content_type = text.encode(), "application/json"
    else:
        body = b""
    headers: list[tuple[str, str]] = []
    if body or method.upper() in BODY_METHODS:
        headers.append(("content-length", str(len(body))))
    if content_type is not None:
        headers.append(("content-type", content_type))
    return body, headers


def basic_auth(username: str | bytes, password: str | bytes) -> str:
    """The ``Authorization`` value for HTTP basic auth."""
    user = username.encode() if isinstance(username, str) else username
    secret = password.encode() if isinstance(password, str) else password
    return "Basic " + base64.b64encode(user + b":" + secret).decode("ascii")

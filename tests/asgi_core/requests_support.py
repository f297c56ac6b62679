"""Shared by the requests/formparsers tests: a tiny multipart encoder and apps that report."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, Union

from asgi_core.datastructures import FormData, UploadFile
from asgi_core.exceptions import HTTPException
from asgi_core.requests import Request
from asgi_core.responses import JSONResponse
from asgi_core.types import Receive, Scope, Send
from tests.asgi_helpers import http_scope, response_parts, run_http

# (name, value) for a field, (name, (filename, content, content_type | None)) for a file.
Part = tuple[str, Union[str, tuple[str, bytes, Union[str, None]]]]


def quote_param(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def encode_multipart(parts: Sequence[Part], boundary: str | None = None) -> tuple[bytes, str]:
    """``(body, content_type)`` for ``parts``, with a boundary absent from every part."""
    chunks: list[bytes] = []
    for name, value in parts:
        disposition = f"form-data; name={quote_param(name)}"
        headers = []
        if isinstance(value, str):
            content = value.encode()
        else:
            filename, content, content_type = value
            disposition += f"; filename={quote_param(filename)}"
            if content_type is not None:
                headers.append(f"Content-Type: {content_type}")
        head = "\r\n".join([f"Content-Disposition: {disposition}", *headers])
        chunks.append(head.encode() + b"\r\n\r\n" + content)
    while True:
        bnd = boundary or os.urandom(12).hex()
        marker = b"--" + bnd.encode()
        if boundary or not any(marker in c for c in chunks):
            break
    body = b"".join(marker + b"\r\n" + c + b"\r\n" for c in chunks) + marker + b"--\r\n"
    return body, f"multipart/form-data; boundary={bnd}"


def split_at(body: bytes, cuts: Iterable[int]) -> list[bytes]:
    """``body`` cut at the given offsets (chunk edges for the streaming parsers)."""
    points = sorted({c % (len(body) + 1) for c in cuts} | {0, len(body)})
    return [body[a:b] for a, b in zip(points, points[1:])] or [b""]


async def describe_form(form: FormData) -> list[Any]:
    out: list[Any] = []
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            content = await value.read()
            out.append(
                [key, {"filename": value.filename, "size": value.size,
                       "content_type": value.content_type, "content": content.hex(),
                       "headers": value.headers.items()}]
            )
        else:
            out.append([key, value])
    return out


def render(payload: Any) -> bytes:
    """What ``JSONResponse`` sends for ``payload`` (compact, UTF-8)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def reporting_app(
    handler: Callable[[Request], Awaitable[Any]],
) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """An app answering ``handler(request)`` as JSON, or an ``HTTPException`` as its status."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive, send)
        try:
            response = JSONResponse(await handler(request))
        except HTTPException as exc:
            response = JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        await response(scope, receive, send)

    return app


async def form_app_handler(request: Request) -> Any:
    limits = request.scope.get("form_limits", {})
    async with request.form(**limits) as form:
        return await describe_form(form)


form_app = reporting_app(form_app_handler)


async def call(
    asgi_app: Callable[[Scope, Receive, Send], Awaitable[None]],
    body: bytes | Sequence[bytes] = b"",
    content_type: str | None = None,
    /,
    method: str = "POST",
    headers: Sequence[tuple[bytes, bytes]] = (),
    **scope_extra: Any,
) -> tuple[int, list[tuple[bytes, bytes]], Any]:
    """Run ``asgi_app`` once; return status, headers and the decoded JSON body."""
    raw = list(headers)
    if content_type is not None:
        raw.append((b"content-type", content_type.encode("latin-1")))
    scope = http_scope(method, "/", headers=raw, **scope_extra)
    scope.setdefault("app", object())
    chunks = [body] if isinstance(body, bytes) else list(body)
    status, out_headers, out = response_parts(await run_http(asgi_app, scope, chunks))
    return status, out_headers, json.loads(out)


def json_headers(payload: Any) -> list[tuple[bytes, bytes]]:
    """The exact header list ``JSONResponse`` answers ``payload`` with."""
    length = b"%d" % len(render(payload))
    return [(b"content-length", length), (b"content-type", b"application/json")]

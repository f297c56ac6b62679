"""``BodyLimitMiddleware``: a body over the limit gets a 413 and is not read any further.

Declared lengths over the limit are answered before the app runs and before any receive;
bodies without a length are counted as the app reads them, and the read that passes the
limit is the last one. Everything within the limit (the limit itself included) is
untouched, on an app with and without a JSON body model.
"""

from __future__ import annotations

import http
import json
from typing import Any

import pytest
from pydantic import BaseModel

from asgi_core.responses import StreamingResponse
from framework import App, Request
from framework.middleware.body_limit import BodyLimitMiddleware
from testing import AsyncClient
from tests.asgi_helpers import http_scope

pytestmark = pytest.mark.anyio

LIMIT = 10
TOO_LARGE = json.dumps({"detail": http.HTTPStatus(413).phrase}, separators=(",", ":")).encode()
REFUSED = [
    {
        "type": "http.response.start",
        "status": 413,
        "headers": [
            (b"content-length", str(len(TOO_LARGE)).encode()),
            (b"content-type", b"application/json"),
        ],
    },
    {"type": "http.response.body", "body": TOO_LARGE},
]


class Note(BaseModel):
    text: str


def build() -> tuple[App, list[str]]:
    ran: list[str] = []
    app = App()

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, Any]:
        ran.append("echo")
        return {"got": (await request.body()).decode()}

    @app.post("/note")
    async def note(item: Note) -> dict[str, Any]:
        ran.append("note")
        return {"text": item.text}

    @app.post("/stream")
    async def stream(request: Request) -> StreamingResponse:
        async def chunks() -> Any:
            yield b"started;"
            async for chunk in request.stream():
                yield chunk

        return StreamingResponse(chunks(), media_type="text/plain")

    app.add_middleware(BodyLimitMiddleware, max_body_size=LIMIT)
    return app, ran


async def call(
    app: App, path: str, chunks: list[bytes], length: int | None = None
) -> tuple[list[Any], int]:
    """The messages sent for a POST of ``chunks`` (with ``Content-Length: length`` when
    given), and how many body messages the app received."""
    headers = [(b"content-type", b"application/json")]
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    inbox = [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks)
    ]
    received = 0
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        nonlocal received
        if not inbox:
            return {"type": "http.disconnect"}
        received += 1
        return inbox.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(http_scope("POST", path, headers=headers), receive, send)
    return sent, received


async def test_a_declared_length_over_the_limit_is_refused_unread() -> None:
    app, ran = build()
    sent, received = await call(app, "/echo", [b"x" * 11], length=11)
    assert (sent, received, ran) == (REFUSED, 0, [])


async def test_the_limit_itself_is_allowed() -> None:
    app, ran = build()
    sent, received = await call(app, "/echo", [b"0123456789"], length=10)
    assert sent[1] == {"type": "http.response.body", "body": b'{"got":"0123456789"}'}
    assert (sent[0]["status"], received, ran) == (200, 1, ["echo"])


async def test_a_chunked_body_is_refused_at_the_chunk_that_passes_the_limit() -> None:
    app, _ = build()
    sent, received = await call(app, "/echo", [b"0123", b"4567", b"89ab", b"cdef"])
    assert (sent, received) == (REFUSED, 3)


async def test_a_chunked_body_within_the_limit_is_read_whole() -> None:
    app, ran = build()
    sent, received = await call(app, "/echo", [b"01234", b"56789"])
    assert sent[1] == {"type": "http.response.body", "body": b'{"got":"0123456789"}'}
    assert (sent[0]["status"], received, ran) == (200, 2, ["echo"])


async def test_a_json_body_model_over_the_limit() -> None:
    app, ran = build()
    body = b'{"text": "far too long"}'
    assert await call(app, "/note", [body[:8], body[8:]]) == (REFUSED, 2)
    assert await call(app, "/note", [body], length=len(body)) == (REFUSED, 0)
    assert ran == []
    sent, _ = await call(app, "/note", [b'{"text":1}'])
    assert sent[0]["status"] == 422  # within the limit (10 bytes), validated as usual


async def test_a_response_already_under_way_is_cut_off() -> None:
    app, _ = build()
    sent, received = await call(app, "/stream", [b"0123", b"4567", b"89ab"])
    assert received == 3
    assert [m["type"] for m in sent] == ["http.response.start"] + ["http.response.body"] * 3
    assert [m.get("body") for m in sent[1:]] == [b"started;", b"0123", b"4567"]
    assert all(m.get("more_body") for m in sent[1:])  # never completed: the server closes


async def test_through_a_client_whole_responses() -> None:
    app, _ = build()
    async with AsyncClient(app=app, base_url="http://test") as client:
        refused = await client.post("/echo", content=b"x" * 11)
        allowed = await client.post("/echo", content=b"x" * 10)
    assert (refused.status_code, sorted(refused.headers.items()), refused.content) == (
        413,
        [("content-length", str(len(TOO_LARGE))), ("content-type", "application/json")],
        TOO_LARGE,
    )
    assert (allowed.status_code, allowed.content) == (200, b'{"got":"xxxxxxxxxx"}')


async def test_other_scopes_pass_through() -> None:
    seen: list[str] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    middleware = BodyLimitMiddleware(inner, max_body_size=0)
    for kind in ("websocket", "lifespan"):
        await middleware({"type": kind}, None, None)  # type: ignore[arg-type]
    assert seen == ["websocket", "lifespan"]


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (-1, ValueError, "max_body_size must be 0 or more, got -1"),
        ("10", TypeError, "max_body_size must be an int, got '10'"),
        (True, TypeError, "max_body_size must be an int, got True"),
    ],
)
def test_a_bad_limit_is_refused(value: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        BodyLimitMiddleware(App(), max_body_size=value)
    assert str(info.value) == message

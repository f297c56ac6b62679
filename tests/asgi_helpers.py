"""Drive an ASGI app by hand, message by message, for tests below the TestClient."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from asgi_core.types import ASGIApp, Message


def http_scope(
    method: str = "GET",
    path: str = "/",
    query_string: bytes = b"",
    headers: Iterable[tuple[bytes, bytes]] = (),
    **extra: Any,
) -> dict[str, Any]:
    """A complete ASGI 3 HTTP scope for ``method path?query_string``."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query_string,
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    scope.update(extra)
    return scope


async def run_http(
    app: ASGIApp,
    scope: dict[str, Any],
    body_chunks: Iterable[bytes] = (b"",),
    *,
    disconnect_after_body: bool = True,
) -> list[Message]:
    """Call ``app`` once; feed it ``body_chunks`` then ``http.disconnect``; return what it sent."""
    chunks = list(body_chunks) or [b""]
    incoming: list[Message] = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        if incoming:
            return incoming.pop(0)
        if not disconnect_after_body:
            raise RuntimeError("app read past the end of the body")
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def response_parts(messages: list[Message]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Status, raw header list and the joined body of a complete HTTP response."""
    start = messages[0]
    if start["type"] != "http.response.start":
        raise AssertionError(f"expected http.response.start, got {start['type']}")
    body = b"".join(m.get("body", b"") for m in messages[1:] if m["type"] == "http.response.body")
    return start["status"], list(start.get("headers", [])), body

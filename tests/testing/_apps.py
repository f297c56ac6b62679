"""Tiny hand-written ASGI apps for the TestClient tests (raw messages, no framework)."""

from __future__ import annotations

import json
from typing import Any

from asgi_core.types import Message, Receive, Scope, Send


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


async def send_json(send: Send, status: int, data: Any,
                    headers: list[tuple[bytes, bytes]] = ()) -> None:  # type: ignore[assignment]
    body = json.dumps(data).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()), *headers],
    })
    await send({"type": "http.response.body", "body": body})


async def echo(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers with the scope (bytes as latin-1 text) and every message it received."""
    if scope["type"] == "lifespan":
        await lifespan_ok(scope, receive, send)
        return
    messages: list[Message] = [await receive()]
    while messages[-1].get("more_body"):
        messages.append(await receive())
    await send_json(send, 200, {"scope": _jsonable(dict(scope)), "messages": _jsonable(messages)})


async def lifespan_ok(scope: Scope, receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        else:
            await send({"type": "lifespan.shutdown.complete"})
            return


def reply(status: int = 200, headers: list[tuple[bytes, bytes]] = (),  # type: ignore[assignment]
          body: bytes = b""):  # noqa: ANN201
    """An app sending one fixed response."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "http.response.start", "status": status, "headers": list(headers)})
        await send({"type": "http.response.body", "body": body})

    return app

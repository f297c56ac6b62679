"""Hand-written raw ASGI apps the server tests serve (importable by subprocesses)."""

from __future__ import annotations

import os

import anyio


async def read_body(receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return body
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


async def echo(scope, receive, send) -> None:
    """``METHOD raw_path body`` back as text/plain; websockets echo until closed."""
    if scope["type"] == "lifespan":
        await lifespan_ok(scope, receive, send)
        return
    if scope["type"] == "websocket":
        await ws_echo(scope, receive, send)
        return
    body = await read_body(receive)
    payload = scope["method"].encode() + b" " + scope["raw_path"] + b" " + body
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain")],
        }
    )
    await send({"type": "http.response.body", "body": payload})


async def lifespan_ok(scope, receive, send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            scope["state"]["started"] = "yes"
            await send({"type": "lifespan.startup.complete"})
        else:
            marker = os.environ.get("KEEL_TEST_SHUTDOWN_MARKER")
            if marker:
                with open(marker, "w") as f:
                    f.write("shutdown ran")
            await send({"type": "lifespan.shutdown.complete"})
            return


async def ws_echo(scope, receive, send) -> None:
    assert (await receive())["type"] == "websocket.connect"
    if scope["path"] == "/deny":
        await send(
            {
                "type": "websocket.http.response.start",
                "status": 401,
                "headers": [(b"content-type", b"text/plain")],
            }
        )
        await send({"type": "websocket.http.response.body", "body": b"no entry"})
        return
    subprotocol = scope["subprotocols"][0] if scope["subprotocols"] else None
    await send(
        {"type": "websocket.accept", "subprotocol": subprotocol, "headers": [(b"x-extra", b"1")]}
    )
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") == "close please":
            await send({"type": "websocket.close", "code": 4001, "reason": "asked"})
            return
        if message.get("text") is not None:
            await send({"type": "websocket.send", "text": message["text"]})
        else:
            await send({"type": "websocket.send", "bytes": message["bytes"]})


async def slow(scope, receive, send) -> None:
    """Sleeps ``?seconds`` before answering; lifespan supported (for graceful shutdown)."""
    if scope["type"] == "lifespan":
        await lifespan_ok(scope, receive, send)
        return
    seconds = float(scope["query_string"].decode().partition("=")[2] or 0)
    await anyio.sleep(seconds)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"slept %s" % str(seconds).encode()})


async def failing_startup(scope, receive, send) -> None:
    if scope["type"] == "lifespan":
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "database unreachable"})
        return
    raise RuntimeError("never served")


def factory():
    return echo


async def pid(scope, receive, send) -> None:
    """Answers with the worker's process id (for --workers)."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": str(os.getpid()).encode()})

"""Drive an ASGI app in-process: build the scope, feed ``receive``, collect ``send``.

The same tiny driver calls every framework, so its own cost (a dict copy and two small
closures per request) is shared alike; ``driver_overhead`` measures it on a no-op app so
the report can state it. ``lifespan`` runs an app's startup and shutdown around the
measurements, as a server would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio

from benchmarks._scenarios import Scenario

__all__ = ["Answer", "Caller", "lifespan"]

Answer = tuple[int, dict[bytes, bytes], bytes]

_DISCONNECT: dict[str, Any] = {"type": "http.disconnect"}
_BASE_HEADERS = ((b"host", b"testserver"), (b"user-agent", b"keel-bench"))


class Caller:
    """One scenario's request, ready to be sent to any app many times."""

    __slots__ = ("_body_message", "_template")

    def __init__(self, scenario: Scenario) -> None:
        self._template: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "http_version": "1.1",
            "method": scenario.method,
            "scheme": "http",
            "path": scenario.path,
            "raw_path": scenario.path.encode(),
            "query_string": scenario.query,
            "root_path": "",
            "headers": [*_BASE_HEADERS, *scenario.headers],
            "client": ("127.0.0.1", 50000),
            "server": ("testserver", 80),
        }
        self._body_message = {"type": "http.request", "body": scenario.body, "more_body": False}

    async def __call__(self, app: Any) -> list[dict[str, Any]]:
        """Send the request once; return the messages the app sent."""
        scope = dict(self._template)
        scope["state"] = {}
        pending = [self._body_message]
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            if pending:
                return pending.pop()
            return _DISCONNECT

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await app(scope, receive, send)
        return sent

    async def answer(self, app: Any) -> Answer:
        """Status, headers (lower-cased names) and the joined body of one call."""
        messages = await self(app)
        start = messages[0]
        if start["type"] != "http.response.start":
            raise RuntimeError(f"expected http.response.start, got {start['type']}")
        headers = {bytes(k).lower(): bytes(v) for k, v in start.get("headers", [])}
        body = b"".join(m.get("body", b"") for m in messages[1:])
        return start["status"], headers, body


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """Run the app's lifespan startup before the block and its shutdown after it."""
    to_app, app_inbox = anyio.create_memory_object_stream[dict[str, Any]](2)
    to_us, our_inbox = anyio.create_memory_object_stream[dict[str, Any]](2)
    scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.4"}, "state": {}}

    async def run() -> None:
        async with to_us:
            await app(scope, app_inbox.receive, to_us.send)

    failure: dict[str, Any] | None = None
    async with to_app, app_inbox, our_inbox, anyio.create_task_group() as tg:
        tg.start_soon(run)
        await to_app.send({"type": "lifespan.startup"})
        reply = await our_inbox.receive()
        if reply["type"] != "lifespan.startup.complete":
            failure = reply
            tg.cancel_scope.cancel()
        else:
            try:
                yield
            finally:
                await to_app.send({"type": "lifespan.shutdown"})
                await our_inbox.receive()
    if failure is not None:
        raise RuntimeError(f"lifespan startup failed: {failure}")

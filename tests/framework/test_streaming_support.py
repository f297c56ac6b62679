"""Helpers shared by the streaming tests (no tests here): drive an app message by message.

``drive`` records every ASGI message the app sends, one entry per message, so a test can
check that each streamed item went out in its own ``http.response.body``. ``receive`` gives
the (empty) request body, then blocks until the response is complete (or until
``disconnect`` is set), which is what a live client does; ``fail_send_at`` makes the n-th
``send`` raise ``OSError`` the way an ASGI 2.4 server reports a client that went away.
"""

from __future__ import annotations

from typing import Any

import anyio

from asgi_core.types import ASGIApp, Message
from tests.asgi_helpers import http_scope

__all__ = ["Recorder", "body_messages", "drive"]


class Recorder:
    """What the app sent, and a switch that makes ``receive`` report a disconnect."""

    def __init__(self, fail_send_at: int | None = None) -> None:
        self.sent: list[Message] = []
        self.disconnect = anyio.Event()
        self.fail_send_at = fail_send_at
        self._request_given = False

    async def receive(self) -> Message:
        if not self._request_given:
            self._request_given = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await self.disconnect.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        if self.fail_send_at is not None and len(self.sent) + 1 >= self.fail_send_at:
            self.disconnect.set()
            raise OSError("client gone")
        self.sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            self.disconnect.set()


async def drive(
    app: ASGIApp,
    path: str,
    *,
    headers: list[tuple[bytes, bytes]] | None = None,
    spec_version: str = "2.4",
    recorder: Recorder | None = None,
    timeout: float = 5.0,
) -> list[Message]:
    """Run one GET ``path`` through ``app``; return every message it sent, in order."""
    recorder = recorder or Recorder()
    scope: dict[str, Any] = http_scope("GET", path, headers=headers or [])
    scope["asgi"] = {"version": "3.0", "spec_version": spec_version}
    with anyio.fail_after(timeout):
        await app(scope, recorder.receive, recorder.send)
    return recorder.sent


def body_messages(messages: list[Message]) -> list[bytes]:
    """The ``body`` of each ``http.response.body`` message, one entry per message."""
    return [m.get("body", b"") for m in messages if m["type"] == "http.response.body"]

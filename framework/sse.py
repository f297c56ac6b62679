"""Server-Sent Events (``fastapi.sse``): the event model, its wire format, the response class.

A path operation that is a generator and declares ``response_class=EventSourceResponse``
streams each yielded item as one event (``framework.routing.streaming`` does the
iterating). A plain item becomes a ``data:`` line holding its JSON; a ``ServerSentEvent``
gives full control over ``event``, ``id``, ``retry``, comments and raw (non-JSON) data.

The wire format follows the HTML Living Standard's ``text/event-stream``: fields in the
order comment, ``event``, ``data``, ``id``, ``retry``; a value with line breaks (CR, LF or
CRLF) becomes several ``data:`` (or ``:`` comment) lines; a blank line ends the event.
``event`` and ``id`` cannot hold a line break (and ``id`` no NUL): such a value would let
one event smuggle in fields of its own, so it is refused, both when a ``ServerSentEvent``
is validated and again by ``format_sse_event`` (attribute assignment skips validation).

``EventSourceResponse`` is a ``StreamingResponse`` with the ``text/event-stream`` media type
that, while the stream is idle, sends a keep-alive comment (``KEEPALIVE_COMMENT``) every
``ping_interval`` seconds (15, FastAPI's default) so proxies do not time the connection
out. The pings come from a second task that shares ``send`` through a lock; the body
iterator itself is consumed in the request's own task, so a disconnect closes it there.
Set ``ping_interval`` to ``None`` (or 0) on a subclass to disable the pings.
"""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from pydantic import AfterValidator, BaseModel, Field, model_validator

from asgi_core._streaming import _SendFailed  # how StreamingResponse marks a gone client
from asgi_core.responses import StreamingResponse
from asgi_core.types import Message, Send

__all__ = [
    "KEEPALIVE_COMMENT",
    "SSE_EVENT_SCHEMA",
    "EventSourceResponse",
    "ServerSentEvent",
    "format_sse_event",
]

KEEPALIVE_COMMENT = b": ping\n\n"
"""The comment sent while an event stream is idle; ``EventSource`` clients ignore it."""

_DEFAULT_PING_INTERVAL = 15.0

SSE_EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "data": {"type": "string"},
        "event": {"type": "string"},
        "id": {"type": "string"},
        "retry": {"type": "integer", "minimum": 0},
    },
}
"""JSON Schema of one event on the wire, for the OpenAPI ``itemSchema`` of an SSE stream.

Copy it before adding to it (e.g. a ``contentSchema`` for the ``data`` of typed items).
"""

def _has_line_break(value: str) -> bool:
    return "\r" in value or "\n" in value


def _check_event(value: str | None) -> str | None:
    if value is not None and _has_line_break(value):
        raise ValueError("SSE 'event' must be a single line")
    return value


def _check_id(value: str | None) -> str | None:
    if value is None:
        return value
    if _has_line_break(value):
        raise ValueError("SSE 'id' must be a single line")
    if "\0" in value:
        raise ValueError("SSE 'id' must not contain null characters")
    return value


class ServerSentEvent(BaseModel):
    """One event of a ``text/event-stream`` response, for ``yield`` in an SSE endpoint.

    ``data`` is any JSON-able value and always goes out as JSON (a string is quoted);
    ``raw_data`` is a string sent as it is (HTML, CSV, pre-encoded text). At most one of
    the two may be set. ``event`` names the event type (``addEventListener(name)`` in the
    browser); ``id`` is echoed back by a reconnecting browser as ``Last-Event-ID``;
    ``retry`` is the reconnection delay in milliseconds; ``comment`` is a ``:`` line that
    clients ignore. ``event`` and ``id`` must be single lines.
    """

    data: Any = None
    raw_data: str | None = None
    event: Annotated[str | None, AfterValidator(_check_event)] = None
    id: Annotated[str | None, AfterValidator(_check_id)] = None
    retry: Annotated[int | None, Field(ge=0)] = None
    comment: str | None = None

    @model_validator(mode="after")
    def _one_kind_of_data(self) -> ServerSentEvent:
        if self.data is not None and self.raw_data is not None:
            raise ValueError(
                "Cannot set both 'data' and 'raw_data' on the same ServerSentEvent. "
                "Use 'data' for JSON-serialized payloads or 'raw_data' for "
                "pre-formatted strings."
            )
        return self


def _split_lines(value: str) -> list[str]:
    """``value`` cut at every CRLF, CR or LF (the three SSE line endings)."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.split("\n")


def format_sse_event(
    *,
    data_str: str | None = None,
    event: str | None = None,
    id: str | None = None,
    retry: int | None = None,
    comment: str | None = None,
) -> bytes:
    """One event in the ``text/event-stream`` format, blank line included, as UTF-8.

    ``data_str`` is already serialized. Raises ``ValueError`` when ``event`` or ``id``
    holds a line break (or ``id`` a NUL): those would inject fields into the stream.
    """
    lines: list[str] = []
    if comment is not None:
        lines.extend(": " + line for line in _split_lines(comment))
    if event is not None:
        _check_event(event)
        lines.append("event: " + event)
    if data_str is not None:
        lines.extend("data: " + line for line in _split_lines(data_str))
    if id is not None:
        _check_id(id)
        lines.append("id: " + id)
    if retry is not None:
        lines.append("retry: " + str(int(retry)))
    lines.append("\n")
    return "\n".join(lines).encode("utf-8")


class _Pinger:
    """Shares ``send`` between the body and the keep-alive task; pings when idle.

    The two never send at once: the body waits while a ping is going out, and the pinger
    skips its turn while an event is going out. No lock: both checks happen between
    awaits, and an uncontended ``anyio.Lock`` would cost a scheduler round trip per event.
    """

    __slots__ = ("_pinging", "_send", "_sending", "deadline", "failed", "interval")

    def __init__(self, send: Send, interval: float) -> None:
        self._send = send
        self._sending = False
        self._pinging: anyio.Event | None = None
        self.interval = interval
        self.deadline = anyio.current_time() + interval
        self.failed: OSError | None = None

    async def send(self, message: Message) -> None:
        while self._pinging is not None:
            await self._pinging.wait()
        self._sending = True
        try:
            await self._send(message)
        finally:
            self._sending = False
        self.deadline = anyio.current_time() + self.interval

    async def run(self, cancel_scope: anyio.CancelScope) -> None:
        """Ping whenever ``interval`` passes without a send; stop all on a dead client."""
        while True:
            await anyio.sleep_until(self.deadline)
            if self._sending:  # an event is going out: that resets the clock anyway
                self.deadline = anyio.current_time() + self.interval
                continue
            if anyio.current_time() < self.deadline:
                continue  # an event went out meanwhile
            if not await self._ping():
                cancel_scope.cancel()
                return

    async def _ping(self) -> bool:
        pinging = self._pinging = anyio.Event()
        try:
            await self._send({
                "type": "http.response.body", "body": KEEPALIVE_COMMENT, "more_body": True,
            })
        except OSError as exc:
            self.failed = exc
            return False
        finally:
            self._pinging = None
            pinging.set()
        self.deadline = anyio.current_time() + self.interval
        return True


class EventSourceResponse(StreamingResponse):
    """A ``text/event-stream`` response; use it as a generator endpoint's ``response_class``.

    Given an iterator directly it streams the chunks as they are (already in SSE format),
    adding only the keep-alive pings.
    """

    media_type = "text/event-stream"
    ping_interval: float | None = _DEFAULT_PING_INTERVAL
    """Seconds of silence before a keep-alive comment; ``None`` or 0 disables them."""

    async def stream_response(self, send: Send) -> None:
        """Stream the body, with keep-alive comments while it is idle."""
        interval = self.ping_interval
        if not interval:
            await super().stream_response(send)
            return
        pinger = _Pinger(send, interval)
        error: Exception | None = None
        async with anyio.create_task_group() as task_group:
            task_group.start_soon(pinger.run, task_group.cancel_scope)
            try:
                await super().stream_response(pinger.send)
            except Exception as exc:  # re-raised below, not wrapped in an ExceptionGroup
                error = exc
            finally:
                task_group.cancel_scope.cancel()
        if error is not None:
            raise error
        if pinger.failed is not None:
            raise _SendFailed() from pinger.failed

"""The response ``call_next`` hands back: the downstream app's status, headers and stream.

Shared by both ways ``BaseHTTPMiddleware`` runs the app (stepped inline on ASGI 2.4+,
in a child task before). Sent as is, it forwards the app's own messages — no re-chunking,
and its very start message while status and headers are untouched. A middleware that
reads or swaps ``body_iterator`` or adds a ``background`` gets StreamingResponse's sending.
The body iterator and the editable copy of the headers are only made when asked for.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Coroutine
from typing import Any, NoReturn

from asgi_core.requests import BODY_SCOPE_KEY
from asgi_core.responses import StreamingResponse
from asgi_core.types import Message, Receive, Scope, Send

__all__ = ["AppResponse", "bad_start", "replaying_receive"]

RawHeaders = list[tuple[bytes, bytes]]


class AppResponse(StreamingResponse):
    """Base of the responses ``call_next`` returns; subclasses say how the body flows.

    ``StreamingResponse.__init__`` is never run: the app's headers are taken as they are
    (as the server would take them without this layer); changes are checked on send.
    """

    # ``_iterator`` and ``_raw`` (the body iterator and the editable headers) stay None
    # until asked for: nothing to build per request for a response sent as is. Subclasses
    # set both to None in ``__init__`` (slots: quicker to read than class defaults).
    __slots__ = ("_iterator", "_raw", "_start")
    _iterator: AsyncIterable[Any] | None
    _raw: RawHeaders | None

    def _set_start(self, start: Message) -> None:
        self._start = start
        self.status_code = start["status"]
        self.background = None

    def _body_messages(self) -> AsyncIterator[bytes]:
        raise NotImplementedError  # pragma: no cover - both subclasses define it

    def _respond(self, send: Send, start: Message) -> Coroutine[Any, Any, None]:
        raise NotImplementedError  # pragma: no cover - both subclasses define it

    async def _stream(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Sent StreamingResponse's way (body read or swapped, background added)."""
        await super().__call__(scope, receive, send)
        await self._sent_otherwise()

    async def _sent_otherwise(self) -> None:
        """Hook: the response went out another way than as the app sent it."""

    @property
    def as_is(self) -> bool:
        """Sent as the app sends it (status and headers may have been edited): the body
        stream was neither read nor swapped, and no background was added."""
        return self._iterator is None and self.background is None

    @property
    def raw_headers(self) -> RawHeaders:
        raw = self._raw
        if raw is None:
            raw = self._raw = list(self._start.get("headers", ()))
            self._checked = tuple(raw)  # the app's headers go out as it sent them
        return raw

    @raw_headers.setter
    def raw_headers(self, value: RawHeaders) -> None:
        self._raw = value

    @property
    def body_iterator(self) -> AsyncIterable[Any]:
        if self._iterator is None:
            self._iterator = self._body_messages()
        return self._iterator

    @body_iterator.setter
    def body_iterator(self, value: AsyncIterable[Any]) -> None:
        self._iterator = value

    def __call__(
        self, scope: Scope, receive: Receive, send: Send
    ) -> Coroutine[Any, Any, None]:
        # Not a coroutine function itself: it hands back the coroutine that does the work,
        # one frame fewer per request.
        if self._iterator is not None or self.background is not None:  # not ``as_is``
            return self._stream(scope, receive, send)
        start = self._start
        if self._raw is not None or self.status_code != start["status"]:
            start = dict(start, status=self.status_code, headers=self._verified_headers())
        return self._respond(send, start)


def bad_start(message: Message | None) -> NoReturn:
    """Raise for an app that ended without a response, or began it with something else."""
    if message is None:
        raise RuntimeError("No response returned.")
    raise RuntimeError(f"expected http.response.start, got {message['type']}")


def replaying_receive(scope: Scope, receive: Receive) -> Receive:
    """``receive`` for the app: first the body the middleware already read, if any."""
    replayed = False

    async def app_receive() -> Message:
        nonlocal replayed
        cached = scope.get(BODY_SCOPE_KEY)
        if cached is not None and not replayed:
            replayed = True
            return {"type": "http.request", "body": cached, "more_body": False}
        return await receive()

    return app_receive

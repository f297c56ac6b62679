"""``StreamingResponse``: chunks, thread-pooled sync iterators, and client disconnects."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import pytest

from asgi_core.background import BackgroundTask
from asgi_core.requests import ClientDisconnect
from asgi_core.responses import StreamingResponse
from tests.asgi_helpers import http_scope, run_http

pytestmark = pytest.mark.anyio


def bodies(messages: list[Any]) -> list[tuple[bytes, bool]]:
    return [(bytes(m["body"]), m["more_body"]) for m in messages[1:]]


async def test_async_generator_chunks_of_every_kind() -> None:
    async def numbers() -> AsyncIterator[Any]:
        yield "é"
        yield b"b"
        yield memoryview(b"c")
        yield bytearray(b"d")

    response = StreamingResponse(numbers(), media_type="text/plain", headers={"x": "y"})
    messages = await run_http(response, http_scope())
    assert messages[0] == {
        "type": "http.response.start",
        "status": 200,
        "headers": [(b"x", b"y"), (b"content-type", b"text/plain; charset=utf-8")],
    }
    assert {m["type"] for m in messages[1:]} == {"http.response.body"}
    assert bodies(messages) == [
        ("é".encode(), True),
        (b"b", True),
        (b"c", True),
        (b"d", True),
        (b"", False),
    ]


async def test_sync_iterator_runs_in_worker_threads() -> None:
    loop_thread = threading.get_ident()
    seen: list[int] = []

    def produce() -> Iterator[str]:
        for word in ("a", "b"):
            seen.append(threading.get_ident())
            yield word

    response = StreamingResponse(produce(), status_code=201)
    messages = await run_http(response, http_scope())
    assert messages[0] == {"type": "http.response.start", "status": 201, "headers": []}
    assert bodies(messages) == [(b"a", True), (b"b", True), (b"", False)]
    assert len(seen) == 2 and loop_thread not in seen


async def test_plain_async_iterable_and_head() -> None:
    class Chunks:
        def __aiter__(self) -> AsyncIterator[bytes]:
            return self.gen()

        async def gen(self) -> AsyncIterator[bytes]:
            yield b"1"
            yield b"2"

    messages = await run_http(StreamingResponse(Chunks()), http_scope("HEAD"))
    # Like Starlette, HEAD still streams the body; the server drops it.
    assert bodies(messages) == [(b"1", True), (b"2", True), (b"", False)]


async def test_websocket_denial_stream() -> None:
    messages = await run_http(StreamingResponse(iter([b"a"]), status_code=403),
                              http_scope(type="websocket"))
    assert messages == [
        {"type": "websocket.http.response.start", "status": 403, "headers": []},
        {"type": "websocket.http.response.body", "body": b"a", "more_body": True},
        {"type": "websocket.http.response.body", "body": b"", "more_body": False},
    ]


def failing_send(after: int, log: list[Any]) -> Any:
    """A 2.4-style ``send`` that raises OSError (client gone) after ``after`` messages."""

    async def send(message: Any) -> None:
        if len(log) >= after:
            raise OSError("connection lost")
        log.append(message)

    return send


async def never_receive() -> Any:
    await anyio.sleep_forever()


async def test_disconnect_on_spec_24_closes_async_generator() -> None:
    events: list[str] = []

    async def forever() -> AsyncIterator[bytes]:
        try:
            while True:
                yield b"x"
        finally:
            events.append("generator closed")

    sent: list[Any] = []
    response = StreamingResponse(forever(), background=BackgroundTask(events.append, "bg"))
    with pytest.raises(ClientDisconnect):
        await response(http_scope(), never_receive, failing_send(3, sent))
    assert [m["type"] for m in sent] == ["http.response.start"] + ["http.response.body"] * 2
    assert events == ["generator closed", "bg"]


async def test_disconnect_on_spec_24_closes_sync_generator() -> None:
    events: list[str] = []

    def forever() -> Iterator[bytes]:
        try:
            while True:
                yield b"x"
        finally:
            events.append("generator closed")

    with pytest.raises(ClientDisconnect):
        await StreamingResponse(forever())(http_scope(), never_receive, failing_send(2, []))
    assert events == ["generator closed"]


async def test_disconnect_on_old_spec_is_heard_on_receive() -> None:
    events: list[str] = []
    sent: list[Any] = []
    enough = anyio.Event()

    async def slow_forever() -> AsyncIterator[bytes]:
        try:
            while True:
                yield b"x"
                await anyio.sleep(0.001)
        finally:
            events.append("generator closed")

    incoming = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive() -> Any:
        if incoming:
            return incoming.pop(0)
        await enough.wait()
        return {"type": "http.disconnect"}

    async def send(message: Any) -> None:
        sent.append(message)
        if len(sent) == 4:
            enough.set()

    scope = http_scope(asgi={"version": "3.0", "spec_version": "2.3"})
    response = StreamingResponse(slow_forever(), background=BackgroundTask(events.append, "bg"))
    with anyio.fail_after(5):
        await response(scope, receive, send)  # a disconnect ends it quietly, as in Starlette
    assert events == ["generator closed", "bg"]
    assert 4 <= len(sent) and all(m.get("more_body") for m in sent[1:])


async def test_old_spec_stream_completes_while_listener_waits() -> None:
    scope = http_scope(asgi={"version": "3.0"})  # no spec_version: 2.0
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    with anyio.fail_after(5):
        await StreamingResponse(iter([b"a", b"b"]))(scope, never_receive, send)
    assert bodies(sent) == [(b"a", True), (b"b", True), (b"", False)]


@pytest.mark.parametrize("spec", ["2.4", "2.3"])
async def test_errors_in_the_iterator_propagate_unwrapped(spec: str) -> None:
    async def broken() -> AsyncIterator[bytes]:
        yield b"a"
        raise KeyError("boom")

    async def broken_io() -> AsyncIterator[bytes]:
        yield b"a"
        raise FileNotFoundError("not a disconnect")

    scope = http_scope(asgi={"version": "3.0", "spec_version": spec})
    with pytest.raises(KeyError):
        await StreamingResponse(broken())(scope, never_receive, failing_send(10, []))
    # OSError from the iterator is the app's error, not a client disconnect.
    with pytest.raises(FileNotFoundError):
        await StreamingResponse(broken_io())(scope, never_receive, failing_send(10, []))


async def test_send_error_on_old_spec_also_counts_as_disconnect() -> None:
    events: list[str] = []

    async def forever() -> AsyncIterator[bytes]:
        try:
            while True:
                yield b"x"
        finally:
            events.append("generator closed")

    scope = http_scope(asgi={"version": "3.0", "spec_version": "2.1"})
    with pytest.raises(ClientDisconnect):
        await StreamingResponse(forever())(scope, never_receive, failing_send(2, []))
    assert events == ["generator closed"]

"""Server-Sent Events: ``ServerSentEvent``, the wire format, and SSE path operations.

Expected heads and bodies are what FastAPI 0.165 answered for the same programs. No
``from __future__ import annotations``: endpoints defined in tests need real annotations.
"""

import threading
import time
from collections.abc import AsyncGenerator, AsyncIterable, Iterable
from typing import Annotated, Any, Union

import anyio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field, ValidationError

from asgi_core.requests import ClientDisconnect
from framework import App, BackgroundTasks, Depends, Header, Response
from framework.exceptions import ResponseValidationError
from framework.middleware.gzip import GZipMiddleware
from framework.sse import (
    KEEPALIVE_COMMENT,
    EventSourceResponse,
    ServerSentEvent,
    format_sse_event,
)
from testing import TestClient
from tests.framework.test_streaming_support import Recorder, body_messages, drive

SSE_HEAD = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]


class Item(BaseModel):
    name: str
    price: float | None = None


class Aliased(BaseModel):
    name: str
    price: float | None = None
    secret: str | None = Field(default=None, exclude=True)
    al: int = Field(default=0, alias="AL")


class FastPings(EventSourceResponse):
    ping_interval = 0.05


def head(messages: list[Any]) -> tuple[int, list[tuple[bytes, bytes]]]:
    return messages[0]["status"], list(messages[0]["headers"])


# -- ServerSentEvent validation --------------------------------------------------------------


def errors_of(**fields: Any) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as caught:
        ServerSentEvent(**fields)
    return [
        {k: err[k] for k in ("type", "loc", "msg", "input")}
        for err in caught.value.errors(include_url=False)
    ]


@pytest.mark.parametrize(("fields", "expected"), [
    ({"event": "a\nb"}, ("value_error", ("event",), "Value error, SSE 'event' must be a single line")),
    ({"event": "a\rb"}, ("value_error", ("event",), "Value error, SSE 'event' must be a single line")),
    ({"id": "a\nb"}, ("value_error", ("id",), "Value error, SSE 'id' must be a single line")),
    ({"id": "a\r\nb"}, ("value_error", ("id",), "Value error, SSE 'id' must be a single line")),
    ({"id": "a\x00b"}, (
        "value_error", ("id",), "Value error, SSE 'id' must not contain null characters",
    )),
    ({"retry": -1}, ("greater_than_equal", ("retry",), "Input should be greater than or equal to 0")),
    ({"data": 1, "raw_data": "x"}, ("value_error", (), (
        "Value error, Cannot set both 'data' and 'raw_data' on the same ServerSentEvent. "
        "Use 'data' for JSON-serialized payloads or 'raw_data' for pre-formatted strings."
    ))),
])
def test_injection_and_bad_values_are_refused_by_the_model(
    fields: dict[str, Any], expected: tuple[str, tuple[str, ...], str]
) -> None:
    value = fields if expected[1] == () else next(iter(fields.values()))
    assert errors_of(**fields) == [
        {"type": expected[0], "loc": expected[1], "msg": expected[2], "input": value}
    ]


def test_model_accepts_what_fastapi_accepts() -> None:
    assert ServerSentEvent(comment="a\nb").comment == "a\nb"  # comments may span lines
    assert ServerSentEvent(event="a\x00b").event == "a\x00b"
    assert ServerSentEvent(retry="5").retry == 5  # type: ignore[arg-type]
    assert ServerSentEvent(bogus=1).model_dump() == {  # type: ignore[call-arg]
        "data": None, "raw_data": None, "event": None, "id": None, "retry": None,
        "comment": None,
    }
    with pytest.raises(TypeError):
        ServerSentEvent("positional")  # type: ignore[misc]


# -- the wire format ---------------------------------------------------------------------------


@pytest.mark.parametrize(("fields", "wire"), [
    ({}, b"\n"),
    ({"data_str": "x"}, b"data: x\n\n"),
    ({"data_str": ""}, b"data: \n\n"),
    ({"data_str": "a\nb"}, b"data: a\ndata: b\n\n"),
    ({"data_str": "a\r\nb\rc\n"}, b"data: a\ndata: b\ndata: c\ndata: \n\n"),
    ({"data_str": "a\n\nb"}, b"data: a\ndata: \ndata: b\n\n"),
    ({"data_str": " lead"}, b"data:  lead\n\n"),
    (
        {"event": "e", "id": "1", "retry": 5, "comment": "hi", "data_str": "d"},
        b": hi\nevent: e\ndata: d\nid: 1\nretry: 5\n\n",
    ),
    ({"comment": "a\nb"}, b": a\n: b\n\n"),
    ({"comment": "x\r\ny"}, b": x\n: y\n\n"),
    ({"comment": ""}, b": \n\n"),
    ({"id": ""}, b"id: \n\n"),
    ({"event": ""}, b"event: \n\n"),
    ({"retry": 0}, b"retry: 0\n\n"),
    ({"data_str": "é"}, "data: é\n\n".encode()),
])
def test_format_matches_fastapi(fields: dict[str, Any], wire: bytes) -> None:
    assert format_sse_event(**fields) == wire


@pytest.mark.parametrize("fields", [
    {"event": "a\nid: 9"},
    {"event": "a\rb"},
    {"id": "1\n\ndata: forged"},
    {"id": "1\r"},
    {"id": "1\x00"},
])
def test_format_refuses_injection_even_without_the_model(fields: dict[str, Any]) -> None:
    # FastAPI writes these out verbatim when validation was skipped; Keel refuses.
    with pytest.raises(ValueError, match="SSE '(event|id)' must"):
        format_sse_event(data_str="d", **fields)


def parse_event_stream(stream: str) -> list[dict[str, Any]]:
    """The WHATWG ``text/event-stream`` interpretation algorithm (dispatch on blank line)."""
    events: list[dict[str, Any]] = []
    data: list[str] = []
    fields: dict[str, Any] = {}
    lines = stream.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in lines[:-1]:
        if line == "":
            events.append({**fields, "data": "\n".join(data) if data else None})
            data, fields = [], {}
            continue
        if line.startswith(":"):
            fields.setdefault("comments", []).append(line[1:].removeprefix(" "))
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            data.append(value)
        elif name in ("event", "id"):
            fields[name] = value
        elif name == "retry":
            fields[name] = int(value)
        else:
            fields.setdefault("unknown", []).append(name)
    return events


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
ONE_LINE = TEXT.filter(lambda s: "\r" not in s and "\n" not in s)


def normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=100, deadline=None)
@given(
    data=st.none() | TEXT,
    event=st.none() | ONE_LINE,
    id_=st.none() | ONE_LINE.filter(lambda s: "\0" not in s),
    retry=st.none() | st.integers(min_value=0, max_value=10**9),
    comment=st.none() | TEXT,
)
def test_any_event_reads_back_as_exactly_one_event(
    data: str | None, event: str | None, id_: str | None, retry: int | None,
    comment: str | None,
) -> None:
    wire = format_sse_event(data_str=data, event=event, id=id_, retry=retry, comment=comment)
    expected: dict[str, Any] = {"data": None if data is None else normalised(data)}
    if event is not None:
        expected["event"] = event
    if id_ is not None:
        expected["id"] = id_
    if retry is not None:
        expected["retry"] = retry
    if comment is not None:
        expected["comments"] = normalised(comment).split("\n")
    assert parse_event_stream(wire.decode("utf-8")) == [expected]


@settings(max_examples=100, deadline=None)
@given(value=TEXT, field=st.sampled_from(["event", "id"]))
def test_event_and_id_either_round_trip_or_are_refused(value: str, field: str) -> None:
    refused = "\r" in value or "\n" in value or (field == "id" and "\0" in value)
    if refused:
        with pytest.raises(ValidationError):
            ServerSentEvent(**{field: value})
        with pytest.raises(ValueError):
            format_sse_event(**{field: value})
        return
    wire = format_sse_event(data_str="x", **{field: value})
    assert parse_event_stream(wire.decode("utf-8")) == [{"data": "x", field: value}]


# -- SSE path operations --------------------------------------------------------------------


def build_app() -> App:
    app = App()

    @app.get("/typed", response_class=EventSourceResponse)
    async def typed() -> AsyncIterable[Item]:
        yield Item(name="a", price=1)
        yield {"name": "b"}  # type: ignore[misc]

    @app.get("/untyped", response_class=EventSourceResponse)
    async def untyped():  # type: ignore[no-untyped-def]
        yield "hello"
        yield "multi\nline"
        yield {"a": 1}
        yield None
        yield 5
        yield ServerSentEvent(data="x", event="upd", id="7", retry=1000, comment="c")
        yield ServerSentEvent(raw_data="raw\ntext")
        yield ServerSentEvent(comment="only comment")
        yield ServerSentEvent()
        yield ServerSentEvent(data=Item(name="m"))
        yield ServerSentEvent(data=None, event="e")

    @app.get("/data", response_class=EventSourceResponse)
    async def data():  # type: ignore[no-untyped-def]
        yield ServerSentEvent(data=Aliased(name="x", AL=2))
        yield ServerSentEvent(data=[Aliased(name="y")])
        yield ServerSentEvent(data="é")
        yield "é"
        yield Aliased(name="z", secret="s")
        yield ServerSentEvent(raw_data="")
        yield ServerSentEvent(data="")
        yield ServerSentEvent(data=b"by\ntes")
        yield b"raw"
        yield ServerSentEvent(data=Item(name="q\nr"), id="")
        yield ServerSentEvent(data=0)
        yield ServerSentEvent(data=False)
        yield ServerSentEvent(raw_data="x", event="", comment="")

    @app.get("/sync", response_class=EventSourceResponse)
    def sync() -> Iterable[Item]:
        yield {"name": "s"}  # type: ignore[misc]

    @app.get("/events", response_class=EventSourceResponse)
    async def events() -> AsyncIterable[ServerSentEvent]:
        yield ServerSentEvent(data={"k": 1}, event="x")

    @app.get("/union", response_class=EventSourceResponse)
    async def union() -> AsyncIterable[Union[Item, ServerSentEvent]]:
        yield {"name": "u"}  # type: ignore[misc]
        yield ServerSentEvent(data={"k": 1})

    @app.get("/flags", response_class=EventSourceResponse, response_model_exclude_none=True)
    async def flags() -> AsyncIterable[Aliased]:
        yield Aliased(name="x", secret="s", AL=9)

    class Subclass(EventSourceResponse):
        pass

    @app.get("/subclass", response_class=Subclass, status_code=201)
    async def subclass():  # type: ignore[no-untyped-def]
        yield 1

    return app


SSE_CASES = [
    ("/typed", [b'data: {"name":"a","price":1.0}\n\n', b'data: {"name":"b","price":null}\n\n']),
    ("/untyped", [
        b'data: "hello"\n\n',
        b'data: "multi\\nline"\n\n',
        b'data: {"a": 1}\n\n',
        b"data: null\n\n",
        b"data: 5\n\n",
        b': c\nevent: upd\ndata: "x"\nid: 7\nretry: 1000\n\n',
        b"data: raw\ndata: text\n\n",
        b": only comment\n\n",
        b"\n",
        b'data: {"name":"m","price":null}\n\n',
        b"event: e\n\n",
    ]),
    ("/data", [
        b'data: {"name":"x","price":null,"al":2}\n\n',
        b'data: [{"name": "y", "price": null, "AL": 0}]\n\n',
        b'data: "\\u00e9"\n\n',
        b'data: "\\u00e9"\n\n',
        b'data: {"name": "z", "price": null, "AL": 0}\n\n',
        b"data: \n\n",
        b'data: ""\n\n',
        b'data: "by\\ntes"\n\n',
        b'data: "raw"\n\n',
        b'data: {"name":"q\\nr","price":null}\nid: \n\n',
        b"data: 0\n\n",
        b"data: false\n\n",
        b": \nevent: \ndata: x\n\n",
    ]),
    ("/sync", [b'data: {"name":"s","price":null}\n\n']),
    ("/events", [b'event: x\ndata: {"k": 1}\n\n']),
    ("/union", [b'data: {"name":"u","price":null}\n\n', b'data: {"k": 1}\n\n']),
    ("/flags", [b'data: {"name":"x","AL":9}\n\n']),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("path", "events"), SSE_CASES)
async def test_each_item_is_one_event_in_its_own_message(path: str, events: list[bytes]) -> None:
    messages = await drive(build_app(), path)
    assert head(messages) == (200, SSE_HEAD)
    assert body_messages(messages) == [*events, b""]


@pytest.mark.anyio
async def test_a_response_class_subclass_streams_events_too() -> None:
    messages = await drive(build_app(), "/subclass")
    assert head(messages) == (201, SSE_HEAD)
    assert body_messages(messages) == [b"data: 1\n\n", b""]


@pytest.mark.anyio
async def test_dependency_headers_status_and_background_apply() -> None:
    log: list[str] = []
    app = App()

    def set_headers(response: Response, tasks: BackgroundTasks) -> None:
        response.headers["x-dep"] = "1"
        response.status_code = 203
        tasks.add_task(log.append, "background")

    @app.get("/", response_class=EventSourceResponse, dependencies=[Depends(set_headers)])
    async def endpoint():  # type: ignore[no-untyped-def]
        yield 1

    messages = await drive(app, "/")
    assert head(messages) == (203, [*SSE_HEAD, (b"x-dep", b"1")])
    assert body_messages(messages) == [b"data: 1\n\n", b""]
    assert log == ["background"]


def last_event_id_app() -> App:
    app = App()

    @app.get("/", response_class=EventSourceResponse)
    async def resume(  # type: ignore[no-untyped-def]
        last_event_id: Annotated[int | None, Header()] = None,
    ):
        start = 0 if last_event_id is None else last_event_id + 1
        for i in range(start, start + 2):
            yield ServerSentEvent(data=i, id=str(i))

    return app


@pytest.mark.anyio
@pytest.mark.parametrize(("sent", "events"), [
    (None, [b"data: 0\nid: 0\n\n", b"data: 1\nid: 1\n\n"]),
    (b"4", [b"data: 5\nid: 5\n\n", b"data: 6\nid: 6\n\n"]),
])
async def test_last_event_id_lets_a_client_resume(sent: bytes | None, events: list[bytes]) -> None:
    headers = [] if sent is None else [(b"last-event-id", sent)]
    messages = await drive(last_event_id_app(), "/", headers=headers)
    assert head(messages) == (200, SSE_HEAD)
    assert body_messages(messages) == [*events, b""]


@pytest.mark.anyio
async def test_a_bad_last_event_id_is_a_422_before_the_stream() -> None:
    messages = await drive(last_event_id_app(), "/", headers=[(b"last-event-id", b"x")])
    body = (
        b'{"detail":[{"type":"int_parsing","loc":["header","last-event-id"],'
        b'"msg":"Input should be a valid integer, unable to parse string as an integer",'
        b'"input":"x"}]}'
    )
    assert head(messages) == (422, [
        (b"content-length", str(len(body)).encode()), (b"content-type", b"application/json"),
    ])
    assert b"".join(body_messages(messages)) == body


@pytest.mark.anyio
async def test_an_invalid_item_raises_after_the_valid_events_went_out() -> None:
    app = App()

    @app.get("/", response_class=EventSourceResponse)
    async def endpoint() -> AsyncIterable[Item]:
        yield {"name": "ok"}  # type: ignore[misc]
        yield {"bad": 1}  # type: ignore[misc]

    recorder = Recorder()
    with pytest.raises(ResponseValidationError) as caught:
        await drive(app, "/", recorder=recorder)
    assert caught.value.errors() == [{
        "type": "missing", "loc": ("response", "name"), "msg": "Field required",
        "input": {"bad": 1},
    }]
    assert body_messages(recorder.sent) == [b'data: {"name":"ok","price":null}\n\n']


@pytest.mark.anyio
async def test_an_event_tampered_after_validation_is_refused_not_sent() -> None:
    app = App()

    @app.get("/", response_class=EventSourceResponse)
    async def endpoint():  # type: ignore[no-untyped-def]
        yield ServerSentEvent(data=1)
        tampered = ServerSentEvent(data=2)
        tampered.event = "x\ndata: forged"  # assignment is not validated
        yield tampered

    recorder = Recorder()
    with pytest.raises(ValueError, match="SSE 'event' must be a single line"):
        await drive(app, "/", recorder=recorder)
    assert body_messages(recorder.sent) == [b"data: 1\n\n"]


@pytest.mark.anyio
async def test_returning_an_event_source_response_streams_its_chunks_as_they_are() -> None:
    app = App()

    @app.get("/")
    async def endpoint() -> Response:
        return EventSourceResponse(iter(["data: x\n\n", b"y"]))

    messages = await drive(app, "/")
    assert head(messages) == (200, [(b"content-type", b"text/event-stream; charset=utf-8")])
    assert body_messages(messages) == [b"data: x\n\n", b"y", b""]


# -- keep-alive comments ------------------------------------------------------------------------


def ping_app() -> App:
    app = App()

    @app.get("/async", response_class=FastPings)
    async def slow():  # type: ignore[no-untyped-def]
        yield 1
        await anyio.sleep(0.18)
        yield 2

    @app.get("/sync", response_class=FastPings)
    def slow_sync():  # type: ignore[no-untyped-def]
        yield 1
        time.sleep(0.18)
        yield 2

    @app.get("/late", response_class=FastPings)
    async def late():  # type: ignore[no-untyped-def]
        await anyio.sleep(0.13)
        yield 1

    @app.get("/brisk", response_class=FastPings)
    async def brisk():  # type: ignore[no-untyped-def]
        for i in range(4):
            await anyio.sleep(0.01)
            yield i

    class NoPings(EventSourceResponse):
        ping_interval = None

    @app.get("/off", response_class=NoPings)
    async def off():  # type: ignore[no-untyped-def]
        await anyio.sleep(0.15)
        yield 1

    return app


def pings_between(bodies: list[bytes], first: bytes, last: bytes) -> int:
    """How many keep-alives sit between ``first`` and ``last``; nothing else may be there."""
    i, j = bodies.index(first), bodies.index(last)
    middle = bodies[i + 1:j]
    assert set(middle) <= {KEEPALIVE_COMMENT}
    return len(middle)


@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/async", "/sync"])
async def test_keep_alive_comments_fill_idle_gaps(path: str) -> None:
    messages = await drive(ping_app(), path)
    bodies = body_messages(messages)
    assert head(messages) == (200, SSE_HEAD)
    assert bodies[0] == b"data: 1\n\n"
    assert bodies[-2:] == [b"data: 2\n\n", b""]
    assert 2 <= pings_between(bodies, b"data: 1\n\n", b"data: 2\n\n") <= 4


@pytest.mark.anyio
async def test_keep_alive_comments_before_the_first_event() -> None:
    bodies = body_messages(await drive(ping_app(), "/late"))
    assert bodies[-2:] == [b"data: 1\n\n", b""]
    assert 1 <= len(bodies[:-2]) <= 3
    assert set(bodies[:-2]) == {KEEPALIVE_COMMENT}


@pytest.mark.anyio
async def test_no_keep_alive_while_events_flow_or_when_disabled() -> None:
    bodies = body_messages(await drive(ping_app(), "/brisk"))
    assert bodies == [b"data: 0\n\n", b"data: 1\n\n", b"data: 2\n\n", b"data: 3\n\n", b""]
    assert body_messages(await drive(ping_app(), "/off")) == [b"data: 1\n\n", b""]


def test_default_keep_alive_interval_is_fastapis() -> None:
    assert EventSourceResponse.ping_interval == 15.0
    assert KEEPALIVE_COMMENT == b": ping\n\n"


@pytest.mark.anyio
async def test_a_ping_never_overlaps_an_event_stuck_in_a_slow_send() -> None:
    app = App()

    @app.get("/", response_class=FastPings)
    async def endpoint():  # type: ignore[no-untyped-def]
        yield 1
        yield 2
        await anyio.sleep(0.12)
        yield 3

    recorder = Recorder()
    real_send = recorder.send
    in_flight: list[int] = []
    active = 0

    async def slow_send(message: Any) -> None:
        nonlocal active
        active += 1
        in_flight.append(active)
        if message.get("body") == b"data: 1\n\n":
            await anyio.sleep(0.3)  # a slow reader: six ping intervals in one send
        await real_send(message)
        active -= 1

    recorder.send = slow_send  # type: ignore[method-assign]
    started = time.process_time()
    bodies = body_messages(await drive(app, "/", recorder=recorder))
    assert time.process_time() - started < 0.04  # the pinger did not spin meanwhile
    assert set(in_flight) == {1}
    assert bodies[:2] == [b"data: 1\n\n", b"data: 2\n\n"]  # no ping squeezed in between
    assert bodies[-2:] == [b"data: 3\n\n", b""]
    assert 1 <= pings_between(bodies, b"data: 2\n\n", b"data: 3\n\n") <= 3


# -- disconnects (HARDENING "Faults") ------------------------------------------------------------


def endless_app(log: list[str]) -> App:
    app = App()

    async def resource() -> AsyncGenerator[int, None]:
        log.append("dep-enter")
        try:
            yield 1
        finally:
            log.append("dep-exit")

    @app.get("/", response_class=FastPings)
    async def endless(  # type: ignore[no-untyped-def]
        dep: Annotated[int, Depends(resource)], tasks: BackgroundTasks
    ):
        tasks.add_task(log.append, "background")
        try:
            yield 0
            await anyio.sleep(10)  # idle: only keep-alives go out
            yield 1
        finally:
            log.append("gen-finally")

    @app.get("/busy", response_class=EventSourceResponse)
    async def busy(dep: Annotated[int, Depends(resource)]):  # type: ignore[no-untyped-def]
        try:
            i = 0
            while True:
                yield i
                i += 1
                await anyio.sleep(0.005)
        finally:
            log.append("gen-finally")

    return app


@pytest.mark.anyio
async def test_a_keep_alive_to_a_gone_client_closes_the_generator() -> None:
    log: list[str] = []
    recorder = Recorder(fail_send_at=4)  # start, data: 0, one ping, then the client is gone
    with pytest.raises(ClientDisconnect):
        await drive(endless_app(log), "/", recorder=recorder, timeout=3)
    assert body_messages(recorder.sent) == [b"data: 0\n\n", KEEPALIVE_COMMENT]
    assert log == ["dep-enter", "gen-finally", "background", "dep-exit"]


@pytest.mark.anyio
async def test_a_failed_event_send_closes_the_generator() -> None:
    log: list[str] = []
    recorder = Recorder(fail_send_at=3)
    with pytest.raises(ClientDisconnect):
        await drive(endless_app(log), "/busy", recorder=recorder)
    assert body_messages(recorder.sent) == [b"data: 0\n\n"]
    assert log == ["dep-enter", "gen-finally", "dep-exit"]


@pytest.mark.anyio
async def test_a_disconnect_message_closes_an_idle_stream_on_older_servers() -> None:
    log: list[str] = []
    recorder = Recorder()

    async def leave_after_a_ping() -> None:
        while KEEPALIVE_COMMENT not in body_messages(recorder.sent):
            await anyio.sleep(0.005)
        recorder.disconnect.set()

    async with anyio.create_task_group() as tg:
        tg.start_soon(leave_after_a_ping)
        await drive(endless_app(log), "/", recorder=recorder, spec_version="2.3", timeout=3)
    assert body_messages(recorder.sent)[:2] == [b"data: 0\n\n", KEEPALIVE_COMMENT]
    assert log == ["dep-enter", "gen-finally", "background", "dep-exit"]


# -- through the TestClient and the GZip middleware ----------------------------------------------


def test_events_reach_a_testclient_while_the_generator_still_runs(anyio_backend: str) -> None:
    app = App()
    proceed = threading.Event()

    @app.get("/", response_class=EventSourceResponse)
    def endpoint() -> Iterable[Item]:
        yield Item(name="first")
        if not proceed.wait(5):
            raise RuntimeError("event 1 never reached the client")
        yield Item(name="second")

    with TestClient(app, backend=anyio_backend) as client, client.stream("GET", "/") as resp:
        assert resp.headers["content-type"] == "text/event-stream; charset=utf-8"
        lines = resp.iter_lines()
        assert [next(lines), next(lines)] == ['data: {"name":"first","price":null}', ""]
        proceed.set()
        assert list(lines) == ['data: {"name":"second","price":null}', ""]


@pytest.mark.anyio
async def test_gzip_leaves_event_streams_alone_and_unbuffered() -> None:
    app = App()
    app.add_middleware(GZipMiddleware, minimum_size=1)

    @app.get("/", response_class=EventSourceResponse)
    async def endpoint():  # type: ignore[no-untyped-def]
        for i in range(3):
            yield {"n": i, "padding": "x" * 600}

    messages = await drive(app, "/", headers=[(b"accept-encoding", b"gzip")])
    status, headers = head(messages)
    assert status == 200
    assert headers == SSE_HEAD  # no Content-Encoding, no Vary: untouched
    padding = b"x" * 600
    assert body_messages(messages) == [
        b'data: {"n": %d, "padding": "%s"}\n\n' % (i, padding) for i in range(3)
    ] + [b""]

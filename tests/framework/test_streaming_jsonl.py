"""Generator path operations streamed as JSON Lines (``application/jsonl``).

Expected status lines, header lists and bodies are what FastAPI 0.165 answered for the same
programs (observed message by message with a hand-driven ASGI client). No ``from __future__
import annotations`` here: endpoints defined inside tests must have real annotations.
"""

import datetime
import threading
import time
from collections.abc import AsyncGenerator, AsyncIterable, Iterable, Iterator
from typing import Annotated, Any

import anyio
import pytest
from pydantic import BaseModel, Field

from asgi_core.requests import ClientDisconnect
from framework import APIRouter, App, BackgroundTasks, Depends, Response
from framework.exceptions import ResponseValidationError
from framework.responses import JSONResponse, PlainTextResponse, StreamingResponse
from testing import TestClient
from tests.framework.test_streaming_support import Recorder, body_messages, drive

pytestmark = pytest.mark.anyio

JSONL_HEAD = [(b"content-type", b"application/jsonl")]


class Item(BaseModel):
    name: str
    price: float | None = None


class Product(BaseModel):
    name: str
    when: datetime.date | None = None
    secret: str | None = Field(default=None, exclude=True)
    al: int = Field(default=0, alias="AL")


class Record:
    """Not a model: read by attribute, as FastAPI reads ORM objects."""

    def __init__(self) -> None:
        self.name = "o"
        self.price = None
        self.AL = 5


def start_of(messages: list[Any]) -> tuple[int, list[tuple[bytes, bytes]]]:
    start = messages[0]
    assert start["type"] == "http.response.start"
    return start["status"], list(start["headers"])


def finished(messages: list[Any]) -> bool:
    last = messages[-1]
    return last["type"] == "http.response.body" and last.get("more_body", False) is False


def build_app() -> App:
    app = App()

    @app.get("/async")
    async def jsonl_async() -> AsyncIterable[Item]:
        yield Item(name="a", price=1)
        yield {"name": "b"}  # type: ignore[misc]
        yield Item(name="c\nd")

    @app.get("/sync")
    def jsonl_sync() -> Iterable[Item]:
        yield Item(name="a", price=1)
        yield {"name": "b", "price": "2.5"}  # type: ignore[misc]

    @app.get("/untyped")
    async def untyped():  # type: ignore[no-untyped-def]
        yield {"a": 1}
        yield [1, 2]
        yield "str"
        yield None
        yield 3.5
        yield Item(name="x")
        yield "é"
        yield b"raw"
        yield {"d": datetime.date(2020, 1, 2), "s": {1}}

    @app.get("/generator-annotation")
    async def generator_annotation() -> AsyncGenerator[Item, None]:
        yield {"name": "g"}  # type: ignore[misc]

    @app.get("/iterator-annotation")
    def iterator_annotation() -> Iterator[int]:
        yield "5"  # type: ignore[misc]
        yield 6

    @app.get("/aliases")
    async def aliases() -> AsyncIterable[Product]:
        yield Product(name="x", when=datetime.date(2020, 1, 2), secret="s", AL=4)

    @app.get("/untyped-model")
    async def untyped_model():  # type: ignore[no-untyped-def]
        yield Product(name="x", when=datetime.date(2020, 1, 2), secret="s", AL=4)

    @app.get("/flags", response_model_exclude_none=True, response_model_by_alias=False)
    async def flags() -> AsyncIterable[Product]:
        yield Product(name="x")

    @app.get("/unset", response_model_exclude_unset=True)
    async def unset() -> AsyncIterable[Item]:
        yield {"name": "x"}  # type: ignore[misc]

    @app.get("/attributes")
    async def attributes() -> AsyncIterable[Product]:
        yield Record()  # type: ignore[misc]

    @app.get("/any")
    async def any_items() -> AsyncIterable[Any]:
        yield {"a": Product(name="q")}

    @app.get("/lists")
    async def lists() -> AsyncIterable[list[Product]]:
        yield [Product(name="q")]

    @app.get("/dicts")
    def dicts() -> Iterable[dict[str, int]]:
        yield {"a": "1"}  # type: ignore[dict-item]

    @app.get("/explicit-model", response_model=int)
    async def explicit_model() -> AsyncIterable[Product]:
        yield {"name": "x", "AL": 3}  # type: ignore[misc]

    @app.get("/empty")
    async def empty():  # type: ignore[no-untyped-def]
        if False:
            yield 1

    @app.get("/status", status_code=201)
    async def status(response: Response):  # type: ignore[no-untyped-def]
        # Too late: the head is sent before the generator body runs (as in FastAPI).
        response.headers["x-extra"] = "1"
        response.status_code = 202
        yield 1

    return app


CASES = [
    ("/async", [
        b'{"name":"a","price":1.0}\n',
        b'{"name":"b","price":null}\n',
        b'{"name":"c\\nd","price":null}\n',
    ]),
    ("/sync", [b'{"name":"a","price":1.0}\n', b'{"name":"b","price":2.5}\n']),
    ("/untyped", [
        b'{"a": 1}\n', b"[1, 2]\n", b'"str"\n', b"null\n", b"3.5\n",
        b'{"name": "x", "price": null}\n', b'"\\u00e9"\n', b'"raw"\n',
        b'{"d": "2020-01-02", "s": [1]}\n',
    ]),
    ("/generator-annotation", [b'{"name":"g","price":null}\n']),
    ("/iterator-annotation", [b"5\n", b"6\n"]),
    ("/aliases", [b'{"name":"x","when":"2020-01-02","AL":4}\n']),
    ("/untyped-model", [b'{"name": "x", "when": "2020-01-02", "AL": 4}\n']),
    ("/flags", [b'{"name":"x","al":0}\n']),
    ("/unset", [b'{"name":"x"}\n']),
    ("/attributes", [b'{"name":"o","when":null,"AL":5}\n']),
    ("/any", [b'{"a":{"name":"q","when":null,"AL":0}}\n']),
    ("/lists", [b'[{"name":"q","when":null,"AL":0}]\n']),
    ("/dicts", [b'{"a":1}\n']),
    ("/explicit-model", [b'{"name": "x", "AL": 3}\n']),
    ("/empty", []),
]


@pytest.mark.parametrize(("path", "lines"), CASES)
async def test_each_item_is_one_line_in_its_own_message(path: str, lines: list[bytes]) -> None:
    messages = await drive(build_app(), path)
    assert start_of(messages) == (200, JSONL_HEAD)
    assert body_messages(messages) == [*lines, b""]
    assert [m.get("more_body") for m in messages[1:]] == [True] * len(lines) + [False]


async def test_status_code_is_the_routes_and_the_generator_cannot_change_the_head() -> None:
    messages = await drive(build_app(), "/status")
    assert start_of(messages) == (201, JSONL_HEAD)
    assert body_messages(messages) == [b"1\n", b""]


async def test_a_dependency_sets_status_and_headers_before_the_stream_starts() -> None:
    app = App()

    def set_headers(response: Response) -> None:
        response.headers["x-dep"] = "1"
        response.status_code = 203

    @app.get("/", dependencies=[Depends(set_headers)])
    async def endpoint():  # type: ignore[no-untyped-def]
        yield 1

    messages = await drive(app, "/")
    assert start_of(messages) == (203, [*JSONL_HEAD, (b"x-dep", b"1")])
    assert body_messages(messages) == [b"1\n", b""]


async def test_background_tasks_and_yield_dependencies_run_after_the_stream() -> None:
    log: list[str] = []
    app = App()

    async def resource() -> AsyncGenerator[str, None]:
        log.append("dep-enter")
        try:
            yield "dep"
        finally:
            log.append("dep-exit")

    @app.get("/")
    async def endpoint(  # type: ignore[no-untyped-def]
        value: Annotated[str, Depends(resource)], tasks: BackgroundTasks
    ):
        tasks.add_task(log.append, "background")
        log.append("gen-start " + value)
        yield value
        log.append("gen-end")

    messages = await drive(app, "/")
    assert body_messages(messages) == [b'"dep"\n', b""]
    assert log == ["dep-enter", "gen-start dep", "gen-end", "background", "dep-exit"]


async def test_items_arrive_one_by_one_before_the_next_is_produced() -> None:
    app = App()
    first_seen = anyio.Event()

    @app.get("/")
    async def endpoint():  # type: ignore[no-untyped-def]
        yield {"n": 1}
        await first_seen.wait()  # only the client's receipt of item 1 lets item 2 come
        yield {"n": 2}

    recorder = Recorder()
    real_send = recorder.send

    async def send(message: Any) -> None:
        await real_send(message)
        if message.get("body") == b'{"n": 1}\n':
            first_seen.set()

    recorder.send = send  # type: ignore[method-assign]
    messages = await drive(app, "/", recorder=recorder, timeout=2)
    assert body_messages(messages) == [b'{"n": 1}\n', b'{"n": 2}\n', b""]


def test_testclient_reads_lines_while_a_sync_generator_is_still_running(
    anyio_backend: str,
) -> None:
    app = App()
    proceed = threading.Event()
    thread_names: list[str] = []

    async def loop_thread() -> None:
        thread_names.append(threading.current_thread().name)  # async: the event loop's

    @app.get("/", dependencies=[Depends(loop_thread)])
    def endpoint() -> Iterable[Item]:
        thread_names.append(threading.current_thread().name)
        yield Item(name="first")
        if not proceed.wait(5):  # the test reads line 1 before releasing line 2
            raise RuntimeError("line 1 never reached the client")
        yield Item(name="second")

    with TestClient(app, backend=anyio_backend) as client, client.stream("GET", "/") as resp:
        assert resp.status_code == 200
        assert resp.headers["content-type"] == "application/jsonl"
        lines = resp.iter_lines()
        assert next(lines) == '{"name":"first","price":null}'
        proceed.set()
        assert list(lines) == ['{"name":"second","price":null}']
    assert len(thread_names) == 2
    assert thread_names[0] != thread_names[1]  # the generator ran in a worker thread


def test_a_sync_generator_does_not_block_the_event_loop(anyio_backend: str) -> None:
    app = App()
    ticks: list[float] = []

    @app.get("/slow")
    def slow() -> Iterable[int]:
        time.sleep(0.3)
        yield 1

    @app.get("/tick")
    async def tick() -> dict[str, bool]:
        ticks.append(time.monotonic())
        return {"ok": True}

    async def main() -> None:
        async with anyio.create_task_group() as tg:
            slow_messages: list[Any] = []

            async def run_slow() -> None:
                slow_messages.extend(await drive(app, "/slow"))

            tg.start_soon(run_slow)
            await anyio.sleep(0.05)
            started = time.monotonic()
            await drive(app, "/tick")
            assert time.monotonic() - started < 0.2  # served while the slow item is made
        assert body_messages(slow_messages) == [b"1\n", b""]

    anyio.run(main, backend=anyio_backend)
    assert len(ticks) == 1


async def test_an_invalid_item_raises_after_the_valid_ones_went_out() -> None:
    app = App()

    @app.get("/")
    async def endpoint() -> AsyncIterable[Item]:
        yield Item(name="ok")
        yield {"nope": 1}  # type: ignore[misc]

    recorder = Recorder()
    with pytest.raises(ResponseValidationError) as caught:
        await drive(app, "/", recorder=recorder)
    assert caught.value.errors() == [{
        "type": "missing",
        "loc": ("response", "name"),
        "msg": "Field required",
        "input": {"nope": 1},
    }]
    assert start_of(recorder.sent) == (200, JSONL_HEAD)
    assert body_messages(recorder.sent) == [b'{"name":"ok","price":null}\n']


async def test_an_error_in_the_generator_propagates_mid_stream() -> None:
    app = App()

    @app.get("/")
    async def endpoint():  # type: ignore[no-untyped-def]
        yield 1
        raise ValueError("boom")

    recorder = Recorder()
    with pytest.raises(ValueError, match="boom"):
        await drive(app, "/", recorder=recorder)
    assert body_messages(recorder.sent) == [b"1\n"]


# -- disconnects (HARDENING "Faults") -------------------------------------------------------


def disconnect_app(log: list[str]) -> App:
    app = App()

    async def resource() -> AsyncGenerator[int, None]:
        log.append("dep-enter")
        try:
            yield 1
        finally:
            log.append("dep-exit")

    @app.get("/async")
    async def endless(  # type: ignore[no-untyped-def]
        dep: Annotated[int, Depends(resource)], tasks: BackgroundTasks
    ):
        tasks.add_task(log.append, "background")
        try:
            i = 0
            while True:
                yield i
                i += 1
                await anyio.sleep(0.005)
        finally:
            log.append("gen-finally")

    @app.get("/sync")
    def endless_sync(dep: Annotated[int, Depends(resource)]):  # type: ignore[no-untyped-def]
        try:
            i = 0
            while True:
                yield i
                i += 1
                time.sleep(0.005)
        finally:
            log.append("gen-finally")

    return app


@pytest.mark.parametrize("path", ["/async", "/sync"])
async def test_a_failing_send_closes_the_generator_before_dependency_cleanup(path: str) -> None:
    log: list[str] = []
    recorder = Recorder(fail_send_at=4)
    with pytest.raises(ClientDisconnect):
        await drive(disconnect_app(log), path, recorder=recorder)
    assert body_messages(recorder.sent) == [b"0\n", b"1\n"]
    expected = ["dep-enter", "gen-finally", "background", "dep-exit"]
    if path == "/sync":
        expected.remove("background")
    assert log == expected


@pytest.mark.parametrize("path", ["/async", "/sync"])
async def test_a_disconnect_message_closes_the_generator_on_older_servers(path: str) -> None:
    log: list[str] = []
    recorder = Recorder()
    app = disconnect_app(log)

    async def cut_after_two() -> None:
        while len(recorder.sent) < 3:
            await anyio.sleep(0.001)
        recorder.disconnect.set()

    async with anyio.create_task_group() as tg:
        tg.start_soon(cut_after_two)
        await drive(app, path, recorder=recorder, spec_version="2.3")
    assert not finished(recorder.sent)
    expected = ["dep-enter", "gen-finally", "background", "dep-exit"]
    if path == "/sync":
        expected.remove("background")
    assert log == expected


def test_closing_a_testclient_stream_closes_the_generator(anyio_backend: str) -> None:
    log: list[str] = []
    with TestClient(disconnect_app(log), backend=anyio_backend) as client:
        with client.stream("GET", "/async") as resp:
            lines = resp.iter_lines()
            assert [next(lines), next(lines)] == ["0", "1"]
        # The TestClient cancels the app when the stream is closed early, so the response's
        # background task does not run; the generator and the dependency are cleaned up.
        assert log == ["dep-enter", "gen-finally", "dep-exit"]


# -- which response class makes a JSON Lines stream ------------------------------------------


async def test_explicit_streaming_response_class_gets_the_raw_generator() -> None:
    log: list[str] = []
    app = App()

    def set_headers(response: Response) -> None:
        response.headers["x-dep"] = "1"
        response.status_code = 203

    @app.get("/", response_class=StreamingResponse, status_code=201,
             dependencies=[Depends(set_headers)])
    async def raw(tasks: BackgroundTasks):  # type: ignore[no-untyped-def]
        tasks.add_task(log.append, "background")
        yield "a"
        yield b"b"

    @app.get("/sync", response_class=StreamingResponse)
    def raw_sync():  # type: ignore[no-untyped-def]
        yield "a"

    messages = await drive(app, "/")
    assert start_of(messages) == (203, [(b"x-dep", b"1")])
    assert body_messages(messages) == [b"a", b"b", b""]
    assert log == ["background"]
    messages = await drive(app, "/sync")
    assert start_of(messages) == (200, [])
    assert body_messages(messages) == [b"a", b""]


async def test_non_streaming_response_classes_fail_as_in_fastapi() -> None:
    class MyJSON(JSONResponse):
        media_type = "application/x-my"

    app = App()

    @app.get("/plain", response_class=PlainTextResponse)
    async def plain():  # type: ignore[no-untyped-def]
        yield "a"

    @app.get("/json", response_class=JSONResponse)
    async def explicit_json():  # type: ignore[no-untyped-def]
        yield {"a": 1}

    router = APIRouter(default_response_class=MyJSON)

    @router.get("/router-default")
    async def router_default():  # type: ignore[no-untyped-def]
        yield 1

    app.include_router(router)
    client = TestClient(app, raise_server_exceptions=False)
    for path in ("/plain", "/json", "/router-default"):
        resp = client.get(path)
        assert (resp.status_code, resp.text) == (500, "Internal Server Error")
        assert resp.headers["content-type"] == "text/plain; charset=utf-8"

"""``@app.middleware("http")`` keeps streaming, context variables, background tasks and
the request body working (the traps HARDENING.md lists)."""

import contextvars
from typing import Annotated

import anyio
import pytest
from pydantic import BaseModel

from framework import App, BackgroundTasks, Body, HTTPException, Request
from framework.responses import PlainTextResponse, StreamingResponse
from testing import TestClient
from tests.asgi_helpers import http_scope

BACKENDS = ["asyncio", "trio"]
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class Item(BaseModel):
    name: str


def build_app(log: list[str]) -> App:
    app = App()

    @app.middleware("http")
    async def inner(request: Request, call_next):
        log.append("inner in")
        response = await call_next(request)
        log.append("inner out")
        return response

    @app.middleware("http")
    async def outer(request: Request, call_next):
        log.append("outer in")
        request_id.set("rid-1")
        if request.url.path == "/items":
            log.append(f"peek {(await request.body()).decode()}")
        response = await call_next(request)
        response.headers["X-Process-Time"] = "0.1"
        log.append("outer out")
        return response

    @app.post("/items")
    def create(item: Item, n: Annotated[int, Body()] = 1):
        return {"item": item, "n": n, "rid": request_id.get()}

    @app.get("/ctx")
    async def ctx():
        return request_id.get()

    @app.get("/teapot")
    async def teapot():
        raise HTTPException(418, "short and stout")

    @app.get("/boom")
    async def boom():
        raise RuntimeError("boom")

    return app


@pytest.fixture(params=BACKENDS)
def setup(request: pytest.FixtureRequest):
    log: list[str] = []
    return TestClient(build_app(log), backend=request.param), log


def test_order_headers_and_body_read_by_middleware(setup) -> None:
    client, log = setup
    r = client.post("/items", json={"item": {"name": "a"}, "n": 2})
    assert r.status_code == 200
    assert r.headers.multi_items() == [
        ("content-length", "41"),
        ("content-type", "application/json"),
        ("x-process-time", "0.1"),
    ]
    assert r.json() == {"item": {"name": "a"}, "n": 2, "rid": "rid-1"}
    assert log == [
        "outer in", 'peek {"item":{"name":"a"},"n":2}', "inner in", "inner out", "outer out"
    ]


def test_context_variable_flows_to_endpoint(setup) -> None:
    client, _ = setup
    assert client.get("/ctx").json() == "rid-1"


def test_handled_exception_passes_through_as_response(setup) -> None:
    client, _ = setup
    r = client.get("/teapot")
    assert (r.status_code, r.json(), r.headers["x-process-time"]) == (
        418, {"detail": "short and stout"}, "0.1"
    )


def test_unhandled_exception_reaches_the_server(setup) -> None:
    client, _ = setup
    with pytest.raises(RuntimeError, match="boom"):
        client.get("/boom")


@pytest.mark.anyio
async def test_streaming_is_not_buffered_and_background_not_awaited() -> None:
    app = App()
    first_chunk_seen = anyio.Event()
    response_finished = anyio.Event()
    log: list[str] = []

    @app.middleware("http")
    async def passthrough(request: Request, call_next):
        return await call_next(request)

    async def waiting_task() -> None:
        # Runs only after the client has the whole response: a middleware that waited for
        # background tasks before finishing the response would deadlock here.
        with anyio.fail_after(5):
            await response_finished.wait()
        log.append("background done")

    @app.get("/stream")
    async def stream(background_tasks: BackgroundTasks):
        async def chunks():
            yield b"first,"
            # Only reached if "first," got to the client before the generator finished.
            with anyio.fail_after(5):
                await first_chunk_seen.wait()
            yield b"second"

        background_tasks.add_task(waiting_task)
        return StreamingResponse(chunks(), media_type="text/plain", background=background_tasks)

    sent: list[dict] = []

    async def receive():
        await anyio.sleep_forever()

    async def send(message):
        sent.append(message)
        if message.get("body") == b"first,":
            first_chunk_seen.set()
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            response_finished.set()

    scope = http_scope("GET", "/stream")
    with anyio.fail_after(10):
        await app(scope, receive, send)
    bodies = [m.get("body", b"") for m in sent if m["type"] == "http.response.body"]
    assert sent[0]["status"] == 200
    assert bodies == [b"first,", b"second", b""]
    assert log == ["background done"]


endpoint_var: contextvars.ContextVar[str] = contextvars.ContextVar("endpoint_var", default="unset")


@pytest.mark.parametrize("backend", BACKENDS)
def test_context_variable_set_in_the_endpoint_reaches_the_middleware(backend: str) -> None:
    app = App()
    seen: list[str] = []

    @app.middleware("http")
    async def read_back(request: Request, call_next):
        response = await call_next(request)
        seen.append(endpoint_var.get())
        response.headers["X-Endpoint-Var"] = endpoint_var.get()
        return response

    @app.get("/")
    async def root():
        endpoint_var.set("from the endpoint")
        return "ok"

    r = TestClient(app, backend=backend).get("/")
    assert (r.status_code, r.headers["x-endpoint-var"], seen) == (
        200, "from the endpoint", ["from the endpoint"]
    )


@pytest.mark.anyio
async def test_client_disconnect_reaches_the_streaming_endpoint() -> None:
    app = App()
    closed = anyio.Event()

    @app.middleware("http")
    async def passthrough(request: Request, call_next):
        return await call_next(request)

    @app.get("/stream")
    async def stream():
        async def chunks():
            try:
                while True:
                    yield b"tick,"
                    await anyio.sleep(0)
            finally:
                closed.set()

        return StreamingResponse(chunks(), media_type="text/plain")

    sent: list[dict] = []

    async def receive():
        await anyio.sleep_forever()

    async def send(message):
        sent.append(message)
        if len(sent) == 4:  # start and a few chunks, then the client is gone
            raise OSError("client went away")

    scope = http_scope("GET", "/stream")
    scope["asgi"]["spec_version"] = "2.4"
    with anyio.fail_after(5):
        with pytest.raises(Exception) as info:
            await app(scope, receive, send)
        await closed.wait()
    assert type(info.value).__name__ == "ClientDisconnect"
    assert sent[0]["type"] == "http.response.start"
    assert [m["body"] for m in sent[1:]] == [b"tick,", b"tick,", b"tick,"]


@pytest.mark.anyio
@pytest.mark.parametrize("spec", ["2.0", "2.4"])
async def test_stream_flows_chunk_by_chunk_and_background_runs_after(spec: str) -> None:
    """On 2.4 (inline stepping) each chunk reaches the client before the next is produced;
    before 2.4 (child task, small buffer) the order holds per side. Background runs last."""
    app = App()
    log: list[str] = []

    @app.middleware("http")
    async def passthrough(request: Request, call_next):
        return await call_next(request)

    @app.get("/stream")
    async def stream(background_tasks: BackgroundTasks):
        async def chunks():
            for n in range(3):
                log.append(f"produce {n}")
                yield f"{n},"
                await anyio.sleep(0)

        background_tasks.add_task(lambda: log.append("background"))
        return StreamingResponse(chunks(), media_type="text/plain", background=background_tasks)

    async def receive():
        await anyio.sleep_forever()

    async def send(message):
        if message["type"] == "http.response.body":
            log.append(f"client {message['body'].decode()}|{message.get('more_body', False)}")

    scope = http_scope("GET", "/stream")
    scope["asgi"]["spec_version"] = spec
    with anyio.fail_after(5):
        await app(scope, receive, send)
    expected = [
        "produce 0", "client 0,|True", "produce 1", "client 1,|True",
        "produce 2", "client 2,|True", "client |False", "background",
    ]
    if spec == "2.0":
        assert (sorted(log), log[-1]) == (sorted(expected), "background")
    else:
        assert log == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_middleware_answering_itself_and_errors_are_unwrapped(backend: str) -> None:
    app = App()

    @app.middleware("http")
    async def replace(request: Request, call_next):
        response = await call_next(request)
        if request.url.path == "/replaced":
            return PlainTextResponse("replaced", status_code=202)
        return response

    @app.get("/replaced")
    async def replaced():
        async def chunks():
            yield b"never sent"

        return StreamingResponse(chunks())

    @app.get("/broken")
    async def broken():
        async def chunks():
            yield b"a"
            raise KeyError("mid-stream")

        return StreamingResponse(chunks())

    client = TestClient(app, backend=backend)
    r = client.get("/replaced")
    assert (r.status_code, r.text, r.headers.multi_items()) == (
        202, "replaced",
        [("content-length", "8"), ("content-type", "text/plain; charset=utf-8")],
    )
    with pytest.raises(KeyError, match="mid-stream"):
        client.get("/broken")

"""``BaseHTTPMiddleware`` below the TestClient: what ``call_next`` hands back and how the
app's messages reach the client, on ASGI 2.4 (the app stepped inline) and before (the app
in a child task)."""

from __future__ import annotations

import contextvars
from typing import Any

import anyio
import pytest

from asgi_core.requests import ClientDisconnect
from asgi_core.responses import PlainTextResponse, Response, StreamingResponse
from framework import App, BackgroundTasks, Request
from framework.middleware.base import BaseHTTPMiddleware, _steppable
from tests.asgi_helpers import http_scope

pytestmark = pytest.mark.anyio

SPECS = ["2.0", "2.4"]


def scope_for(spec: str, path: str = "/") -> dict[str, Any]:
    scope = http_scope("GET", path)
    scope["asgi"]["spec_version"] = spec
    return scope


async def no_body() -> dict[str, Any]:
    """An empty request body, then (as a client that stays) nothing more."""
    await anyio.sleep_forever()
    raise AssertionError  # pragma: no cover


async def receive_once(body: bytes = b"") -> Any:
    given = False

    async def receive() -> dict[str, Any]:
        nonlocal given
        if given:
            await anyio.sleep_forever()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def passthrough(request: Request, call_next: Any) -> Any:
    return await call_next(request)


def start(status: int = 200, **extra: Any) -> dict[str, Any]:
    return {"type": "http.response.start", "status": status,
            "headers": [(b"content-type", b"text/plain")], **extra}


def body(data: bytes, more: bool = False) -> dict[str, Any]:
    return {"type": "http.response.body", "body": data, "more_body": more}


async def call(app: Any, scope: dict[str, Any], receive: Any = no_body) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    with anyio.fail_after(5):
        await app(scope, receive, send)
    return sent


# -- the response as the app sent it -------------------------------------------------------


async def test_an_untouched_response_goes_out_as_the_app_sent_it() -> None:
    own_start = start(trailers=False)
    own_body = body(b"hello")

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(own_start)
        await send(own_body)

    sent = await call(BaseHTTPMiddleware(app, passthrough), scope_for("2.4"))
    assert sent == [own_start, own_body]
    assert sent[0] is own_start and sent[1] is own_body  # not rebuilt, not re-chunked


@pytest.mark.parametrize("spec", SPECS)
async def test_status_and_headers_changed_by_the_middleware(spec: str) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(start(201, trailers=False))
        await send(body(b"made"))

    async def edit(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.status_code = 202
        response.headers["x-layer"] = "1"
        return response

    sent = await call(BaseHTTPMiddleware(app, edit), scope_for(spec))
    assert sent == [
        {"type": "http.response.start", "status": 202, "trailers": False,
         "headers": [(b"content-type", b"text/plain"), (b"x-layer", b"1")]},
        body(b"made"),
    ]


async def test_only_the_status_changed() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(start(200))
        await send(body(b"x"))

    async def edit(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.status_code = 203
        return response

    sent = await call(BaseHTTPMiddleware(app, edit), scope_for("2.4"))
    assert sent == [start(203), body(b"x")]


@pytest.mark.parametrize("spec", SPECS)
async def test_a_header_with_a_newline_added_to_raw_headers_is_refused(spec: str) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(start())
        await send(body(b"x"))

    async def inject(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.raw_headers.append((b"x-bad", b"a\r\nSet-Cookie: evil=1"))
        return response

    with pytest.raises(ValueError, match="CR, LF and NUL"):
        await call(BaseHTTPMiddleware(app, inject), scope_for(spec))


async def test_headers_the_app_sent_as_a_generator_are_read_once() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        pairs = ((b"x-%d" % n, b"v") for n in range(2))
        await send({"type": "http.response.start", "status": 200, "headers": pairs})
        await send(body(b"ok"))

    async def read(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["x-seen"] = str(len(response.headers))
        return response

    sent = await call(BaseHTTPMiddleware(app, read), scope_for("2.4"))
    assert sent[0]["headers"] == [(b"x-0", b"v"), (b"x-1", b"v"), (b"x-seen", b"2")]


# -- the body read or replaced by the middleware -------------------------------------------


@pytest.mark.parametrize("spec", SPECS)
async def test_rewrapping_the_body_keeps_the_apps_background_task(spec: str) -> None:
    app = App()
    log: list[str] = []

    @app.middleware("http")
    async def upper(request: Request, call_next: Any) -> Any:
        response = await call_next(request)

        async def shout() -> Any:
            async for chunk in response.body_iterator:
                log.append(f"chunk {chunk.decode()}")
                yield chunk.upper()

        return StreamingResponse(shout(), status_code=response.status_code,
                                 headers={"x-wrapped": "yes"})

    @app.get("/")
    async def root(background_tasks: BackgroundTasks) -> Any:
        async def chunks() -> Any:
            yield b"a,"
            yield b"b"

        background_tasks.add_task(log.append, "background")
        return StreamingResponse(chunks(), media_type="text/plain", background=background_tasks)

    sent = await call(app, scope_for(spec))
    assert sent[0]["status"] == 200
    assert (b"x-wrapped", b"yes") in sent[0]["headers"]
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b"A,B"
    assert log == ["chunk a,", "chunk b", "background"]


@pytest.mark.parametrize("spec", SPECS)
async def test_a_background_added_by_the_middleware_runs_after_the_body(spec: str) -> None:
    from asgi_core.background import BackgroundTask

    log: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(start())
        await send(body(b"one,", more=True))
        await send(body(b"two"))
        log.append("app done")

    async def later(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.background = BackgroundTask(log.append, "middleware background")
        return response

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            log.append(f"client {message['body'].decode()}|{message.get('more_body', False)}")

    with anyio.fail_after(5):
        await BaseHTTPMiddleware(app, later)(scope_for(spec), no_body, send)
    client = ["client one,|True", "client two|True", "client |False"]
    if spec == "2.4":  # the app's rest runs once the middleware's response is done
        assert log == [*client, "middleware background", "app done"]
    else:
        assert log[:3] == client or sorted(log) == sorted([*client, "app done",
                                                           "middleware background"])


@pytest.mark.parametrize("spec", SPECS)
async def test_a_replacing_response_tells_the_app_and_skips_its_background(spec: str) -> None:
    log: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        try:
            await send(start())
            await send(body(b"never", more=True))
            await send(body(b""))
        except anyio.BrokenResourceError:
            log.append("app told")
            raise
        log.append("app background")

    async def replace(request: Request, call_next: Any) -> Any:
        await call_next(request)
        return PlainTextResponse("instead", status_code=409)

    sent = await call(BaseHTTPMiddleware(app, replace), scope_for(spec))
    assert sent == [
        {"type": "http.response.start", "status": 409, "headers": [
            (b"content-length", b"7"), (b"content-type", b"text/plain; charset=utf-8")]},
        {"type": "http.response.body", "body": b"instead"},
    ]
    if spec == "2.4":  # before 2.4 the app's task may have buffered it all and finished
        assert log == ["app told"]


async def test_the_app_is_told_when_the_middleware_fails_after_call_next() -> None:
    log: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        try:
            await send(start())
        finally:
            log.append("app unwound")

    async def broken(request: Request, call_next: Any) -> Any:
        await call_next(request)
        raise LookupError("in the middleware")

    with pytest.raises(LookupError, match="in the middleware"):
        await call(BaseHTTPMiddleware(app, broken), scope_for("2.4"))
    assert log == ["app unwound"]


# -- errors from the client's send ---------------------------------------------------------


async def test_a_client_error_is_raised_in_the_apps_own_send() -> None:
    gone = OSError("client gone")
    seen: list[BaseException] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(start())
        try:
            await send(body(b"x", more=True))
        except OSError as exc:
            seen.append(exc)  # handled: the app ends quietly, as it may without a layer

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            raise gone

    mw = BaseHTTPMiddleware(app, passthrough)
    with anyio.fail_after(5):
        await mw(scope_for("2.4"), no_body, send)
    assert seen == [gone]


async def test_a_failed_start_is_raised_in_the_apps_send_of_it() -> None:
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        try:
            await send(start())
        except OSError as exc:
            seen.append(str(exc))
            raise

    async def send(message: dict[str, Any]) -> None:
        raise OSError("gone before the start")

    with anyio.fail_after(5), pytest.raises(OSError, match="gone before the start"):
        await BaseHTTPMiddleware(app, passthrough)(scope_for("2.4"), no_body, send)
    assert seen == ["gone before the start"]


@pytest.mark.parametrize("spec", SPECS)
async def test_a_disconnect_the_app_lets_through_propagates(spec: str) -> None:
    gone = OSError("client gone")

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await Response(b"plain")(scope, receive, send)

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            raise gone

    with anyio.fail_after(5), pytest.raises(Exception) as info:
        await BaseHTTPMiddleware(app, passthrough)(scope_for(spec), no_body, send)
    if spec == "2.4":  # the server's own error, as the server would get it without the layer
        assert info.value is gone
    else:  # the child task's stream in between: reported as Starlette does
        assert type(info.value) is ClientDisconnect


async def test_an_oserror_of_the_app_itself_stays_what_it_is() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(start())
        raise FileNotFoundError("the file went away")

    with pytest.raises(FileNotFoundError, match="went away"):
        await call(BaseHTTPMiddleware(app, passthrough), scope_for("2.4"))


# -- what the app awaits, and cancellation -------------------------------------------------


@pytest.mark.parametrize("spec", SPECS)
async def test_an_app_that_awaits_the_event_loop_before_and_after_its_start(spec: str) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        await anyio.sleep(0)
        await send(start())
        await anyio.sleep(0.001)
        await send(body(message["body"] + b"!"))

    async def receive() -> dict[str, Any]:
        await anyio.sleep(0)
        return {"type": "http.request", "body": b"posted", "more_body": False}

    sent = await call(BaseHTTPMiddleware(app, passthrough), scope_for(spec), receive)
    assert sent == [start(), body(b"posted!")]


async def test_cancellation_reaches_the_app_waiting_before_its_start() -> None:
    log: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        try:
            await anyio.sleep_forever()
        finally:
            log.append("app cancelled")

    async def send(message: dict[str, Any]) -> None:
        raise AssertionError("nothing should be sent")

    with anyio.move_on_after(0.05) as scope:
        await BaseHTTPMiddleware(app, passthrough)(scope_for("2.4"), no_body, send)
    assert scope.cancelled_caught
    assert log == ["app cancelled"]


async def test_an_app_returning_another_kind_of_awaitable() -> None:
    class Awaitable:
        def __init__(self, send: Any) -> None:
            self.send = send

        def __await__(self) -> Any:
            yield from self.send(start()).__await__()
            yield from self.send(body(b"custom")).__await__()

    def app(scope: Any, receive: Any, send: Any) -> Any:
        return Awaitable(send)

    sent = await call(BaseHTTPMiddleware(app, passthrough), scope_for("2.4"))
    assert sent == [start(), body(b"custom")]


# -- sends from another task (the WSGI bridge's way) ---------------------------------------


@pytest.mark.parametrize("spec", SPECS)
async def test_messages_sent_from_another_task_arrive_in_order(spec: str) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        async with anyio.create_task_group() as group:
            async def produce() -> None:
                await send(start())
                await send(body(b"1,", more=True))
                await send(body(b"2"))

            group.start_soon(produce)

    async def tag(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["x-tag"] = "t"
        return response

    sent = await call(BaseHTTPMiddleware(app, tag), scope_for(spec))
    assert sent[0]["headers"][-1] == (b"x-tag", b"t")
    assert [m["body"] for m in sent[1:]] == [b"1,", b"2"]


async def test_a_wsgi_app_behind_the_middleware() -> None:
    from framework.middleware.wsgi import WSGIMiddleware

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"from ", b"wsgi"]

    async def tag(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        response.headers["x-tag"] = "t"
        return response

    sent = await call(BaseHTTPMiddleware(WSGIMiddleware(wsgi), tag), scope_for("2.4"))
    assert sent[0]["status"] == 200
    assert (b"x-tag", b"t") in sent[0]["headers"]
    assert b"".join(m.get("body", b"") for m in sent[1:]) == b"from wsgi"


# -- misuse ------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", SPECS)
async def test_no_response_and_a_body_before_the_start(spec: str) -> None:
    async def silent(scope: Any, receive: Any, send: Any) -> None:
        return None

    async def body_first(scope: Any, receive: Any, send: Any) -> None:
        await send(body(b"x"))

    with pytest.raises(RuntimeError, match="No response returned"):
        await call(BaseHTTPMiddleware(silent, passthrough), scope_for(spec))
    with pytest.raises(RuntimeError, match="expected http.response.start"):
        await call(BaseHTTPMiddleware(body_first, passthrough), scope_for(spec))


async def test_call_next_twice() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(start())
        await send(body(b""))

    async def twice(request: Request, call_next: Any) -> Any:
        await call_next(request)
        return await call_next(request)

    with pytest.raises(RuntimeError, match="only be called once"):
        await call(BaseHTTPMiddleware(app, twice), scope_for("2.4"))


# -- context variables and the spec version ------------------------------------------------

var: contextvars.ContextVar[str] = contextvars.ContextVar("var", default="unset")


@pytest.mark.parametrize("spec", SPECS)
async def test_context_variables_flow_both_ways(spec: str) -> None:
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(f"app sees {var.get()}")
        var.set("from the app")
        await send(start())
        await send(body(b""))

    async def both(request: Request, call_next: Any) -> Any:
        var.set("from the middleware")
        response = await call_next(request)
        seen.append(f"middleware sees {var.get()}")
        return response

    await call(BaseHTTPMiddleware(app, both), scope_for(spec))
    assert seen == ["app sees from the middleware", "middleware sees from the app"]


@pytest.mark.parametrize(
    ("asgi", "steppable"),
    [
        (None, False),
        ({}, False),
        ({"version": "3.0"}, False),
        ({"spec_version": "2.3"}, False),
        ({"spec_version": "2.10"}, True),
        ({"spec_version": "3.0"}, True),
        ({"spec_version": "2.x"}, False),
    ],
)
def test_which_spec_versions_are_stepped_inline(asgi: Any, steppable: bool) -> None:
    assert _steppable(asgi) is steppable
